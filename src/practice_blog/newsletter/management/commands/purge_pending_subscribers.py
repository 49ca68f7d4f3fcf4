"""Remove sign-ups that were never confirmed within 30 days (they never consented).

Run it daily from cron: ``0 3 * * * cd /srv/site && .venv/bin/python manage.py
purge_pending_subscribers``.
"""

from django.core.management.base import BaseCommand

from practice_blog.newsletter.subscriptions import purge_stale_signups, stale_pending_subscribers


class Command(BaseCommand):
    help = "Delete pending newsletter sign-ups older than 30 days, with their queued emails."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be removed."
        )

    def handle(self, *args, dry_run=False, **options):
        total = stale_pending_subscribers().count()
        self.stdout.write(f"Pending sign-ups older than 30 days: {total}.")
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Dry run: {total} would be removed."))
            return

        def progress(number, total):
            if number % 100 == 0 or number == total:
                self.stdout.write(f"[{number}/{total}] removed")

        total = purge_stale_signups(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Done: {total} pending sign-up(s) removed."))
