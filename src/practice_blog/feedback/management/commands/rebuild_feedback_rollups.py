"""Recompute the daily feedback rollups exactly from the raw vote rows, the monthly ones from
the daily ones and the totals (every page per month, every page all time) from the monthly
ones."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from practice_blog.feedback.models import DailyPageFeedback, HelpfulVote
from practice_blog.feedback.rollups import rebuild_rollups, rollup_differences


class Command(BaseCommand):
    help = (
        "Recompute the daily feedback totals from the individual answers (and the monthly "
        "and all-time totals from the daily ones). By default only "
        "from the day of the oldest answer still stored, so totals of answers removed by "
        "purge_old_feedback are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            help="Rebuild from this day (YYYY-MM-DD) on; older totals are left as they are.",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Rebuild every day. Totals of answers already purged are lost.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only compare the stored totals with the answers; change nothing.",
        )

    def handle(self, *args, since=None, all=False, check=False, **options):
        started = time.monotonic()
        start_day = self.start_day(since, all)
        where = "every day" if start_day is None else f"{start_day:%Y-%m-%d} on"
        if check:
            self.stdout.write(f"Comparing stored totals with the answers, {where}…")
            differences = rollup_differences(start_day)
            for key, stored, expected in differences[:20]:
                self.stdout.write(f"  {key}: stored {stored}, answers give {expected}")
            summary = f"{len(differences)} difference(s) found, {where}."
            if differences:
                raise CommandError(summary + " Run without --check to fix them.")
            self.stdout.write(self.style.SUCCESS(summary))
            return
        votes = HelpfulVote.objects.all()
        if start_day is not None:
            votes = votes.filter(created_at__gte=_day_start(start_day))
        self.stdout.write(f"Rebuilding from {votes.count()} stored answers, {where}…")
        result = rebuild_rollups(start_day)
        self.stdout.write("Checking the new totals against the answers…")
        differences = rollup_differences(start_day)
        kept = DailyPageFeedback.objects.filter(day__lt=start_day).count() if start_day else 0
        summary = (
            f"Rebuilt {result['page_days']} page-days, {result['reason_rows']} reason counts "
            f"and {result['page_months']} page-months "
            f"({where}; {kept} older page-days kept) in {time.monotonic() - started:.1f}s; "
            f"{len(differences)} differences."
        )
        if differences:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def start_day(self, since, rebuild_all):
        """The first day to rebuild (None for every day)."""
        if since and rebuild_all:
            raise CommandError("Use either --since or --all, not both.")
        if rebuild_all:
            return None
        if since:
            try:
                return datetime.date.fromisoformat(since)
            except ValueError:
                raise CommandError("--since must be a date like 2025-01-31.") from None
        oldest = HelpfulVote.objects.order_by("created_at").values_list("created_at", flat=True)
        first = oldest.first()
        # No answers stored at all: rebuild from today, which keeps every older total.
        return timezone.localdate(first) if first else timezone.localdate()


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
