"""Delete individual answers and comments older than the retention period, keeping totals."""

import calendar
import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from practice_blog.feedback.analytics import day_start
from practice_blog.feedback.models import DailyPageFeedback, FeedbackSettings, HelpfulVote

BATCH_SIZE = 5000


def months_before(day, months):
    """The same day of the month ``months`` earlier (clamped to that month's last day)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return datetime.date(year, month_index + 1, min(day.day, last_day))


def retention_months():
    """The "keep answers for" setting of the default site (24 months if there is no site)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return FeedbackSettings._meta.get_field("retention_months").default
    return FeedbackSettings.for_site(site).retention_months


class Command(BaseCommand):
    help = (
        "Delete individual answers and comments older than the retention period (Settings → "
        "Article feedback). The daily totals are kept, so every figure stays the same."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months", type=int, help="Keep this many months instead of the site setting."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say what would be deleted."
        )

    def handle(self, *args, months=None, dry_run=False, **options):
        started = time.monotonic()
        months = retention_months() if months is None else months
        if months < 1:
            raise CommandError("--months must be at least 1.")
        cutoff_day = months_before(timezone.localdate(), months)
        # Whole local days only, so a rollup day is never half backed by raw rows.
        old = HelpfulVote.objects.filter(created_at__lt=day_start(cutoff_day))
        total = old.count()
        comments = old.with_comment().count()
        self.stdout.write(
            f"Answers older than {cutoff_day:%Y-%m-%d} ({months} months): {total}, "
            f"of which {comments} with a comment."
        )
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Dry run: nothing deleted ({total} would go)."))
            return
        deleted = 0
        while True:
            ids = list(old.order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE])
            if not ids:
                break
            with transaction.atomic():
                deleted += HelpfulVote.objects.filter(pk__in=ids).delete()[0]
            self.stdout.write(f"  deleted {deleted} of {total}…")
        kept_days = DailyPageFeedback.objects.filter(day__lt=cutoff_day).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {deleted} answers ({comments} comments) older than "
                f"{cutoff_day:%Y-%m-%d}; {kept_days} daily totals before that day kept; "
                f"{time.monotonic() - started:.1f}s."
            )
        )
