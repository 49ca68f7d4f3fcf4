"""The totals: every page's votes per month and every page's votes of all time, always the sums
of the monthly rollups, and what the "all time" screens read instead of one row per page and
month."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practice_blog.feedback import analytics, rollups
from practice_blog.feedback.models import (
    DailyReasonFeedback,
    HelpfulVote,
    MonthlyFeedbackTotal,
    MonthlyReasonFeedback,
    MonthlyReasonTotal,
    PageFeedbackTotal,
)

from .conftest import make_article
from .test_monthly_rollups import local_noon, random_votes


@pytest.fixture
def articles(blog_index):
    return [make_article(blog_index, f"Article {n}", f"article-{n}") for n in range(3)]


def totals_are_exact():
    return rollups.stored_totals() == rollups.totals_from_monthly()


def test_totals_equal_the_sums_of_the_months_after_votes_changes_spam_and_deletions(articles):
    random_votes(articles, days=400)
    months, reasons, pages = rollups.stored_totals()
    assert len(months) > 12 and reasons and len(pages) == 3
    assert totals_are_exact()
    assert rollups.rollup_differences() == []
    counted = HelpfulVote.objects.counted()
    assert sum(yes + no for yes, no in months.values()) == counted.count()
    assert sum(yes + no for yes, no, _last in pages.values()) == counted.count()
    for page in articles:
        yes, no, _last = pages[(page.pk,)]
        assert (yes, no) == (
            counted.filter(page_id_at_vote=page.pk, helpful=True).count(),
            counted.filter(page_id_at_vote=page.pk, helpful=False).count(),
        )


def test_a_vote_with_a_known_and_a_new_reason_counts_each_once(articles):
    page, day = articles[0], timezone.localdate()
    rollups.record_vote(page, helpful=False, voter_key="a" * 32, reasons=["Seems out of date"])
    # One of its reason rows exists already, one does not: neither may count twice.
    rollups.record_vote(
        page,
        helpful=False,
        voter_key="b" * 32,
        reasons=["Seems out of date", "Hard to understand"],
    )
    month = day.replace(day=1)
    for model, where in (
        (DailyReasonFeedback, {"page_id": page.pk, "day": day}),
        (MonthlyReasonFeedback, {"page_id": page.pk, "month": month}),
        (MonthlyReasonTotal, {"month": month}),
    ):
        counts = dict(model.objects.filter(**where).values_list("reason", "count"))
        assert counts == {"Seems out of date": 2, "Hard to understand": 1}, model.__name__
    assert rollups.rollup_differences() == []


def test_taking_out_a_vote_that_was_never_counted_changes_nothing(articles):
    vote = rollups.record_vote(articles[0], helpful=True, voter_key="c" * 32)
    PageFeedbackTotal.objects.all().delete()
    with pytest.raises(RuntimeError, match="PageFeedbackTotal"):
        rollups.exclude_vote(vote)
    # The whole transaction rolled back: the vote still counts in its day and month.
    assert HelpfulVote.objects.get().review_status == HelpfulVote.Status.NEW
    assert rollups.stored_monthly() == rollups.monthly_from_daily()


def test_a_partial_rebuild_after_a_purge_keeps_the_purged_days_in_the_totals(articles):
    page = articles[0]
    march = [datetime.date(2026, 3, 5), datetime.date(2026, 3, 20)]
    for number, day in enumerate([*march, datetime.date(2026, 4, 3)]):
        rollups.record_vote(
            page,
            helpful=False,
            voter_key=f"{number:032d}",
            reasons=["Hard to understand"],
            created_at=local_noon(day),
        )
    cutoff = datetime.date(2026, 3, 10)
    HelpfulVote.objects.filter(created_at__lt=analytics.day_start(cutoff)).delete()
    rollups.rebuild_rollups(start_day=cutoff)
    march_total = MonthlyFeedbackTotal.objects.get(month=datetime.date(2026, 3, 1))
    assert (march_total.helpful, march_total.not_helpful) == (0, 2)
    reason = MonthlyReasonTotal.objects.get(month=datetime.date(2026, 3, 1))
    assert (reason.reason, reason.count) == ("Hard to understand", 2)
    all_time = PageFeedbackTotal.objects.get(page_id=page.pk)
    assert (all_time.not_helpful, all_time.last_day) == (3, datetime.date(2026, 4, 3))
    assert totals_are_exact()
    assert rollups.rollup_differences(start_day=cutoff) == []


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_rebuild_command_finds_and_rebuilds_damaged_totals(articles):
    random_votes(articles, days=90, count=40)
    # A rebuild leaves out rows at zero (withdrawn votes): compare rebuilt with rebuilt.
    run("rebuild_feedback_rollups", "--all")
    exact = rollups.stored_totals()
    MonthlyFeedbackTotal.objects.update(helpful=99)
    MonthlyReasonTotal.objects.all().delete()
    PageFeedbackTotal.objects.filter(page_id=articles[0].pk).delete()
    with pytest.raises(CommandError, match="difference"):
        run("rebuild_feedback_rollups", "--check")
    assert all(key[0] == "total" for key, _s, _e in rollups.rollup_differences())
    assert "0 differences" in run("rebuild_feedback_rollups", "--all")
    assert rollups.stored_totals() == exact
    assert "0 difference(s)" in run("rebuild_feedback_rollups", "--check")


def test_the_migration_fills_the_totals_from_the_months(articles):
    random_votes(articles, days=200, count=60)
    exact = rollups.stored_totals()
    for model in (MonthlyFeedbackTotal, MonthlyReasonTotal, PageFeedbackTotal):
        model.objects.all().delete()
    migration = importlib.import_module("practice_blog.feedback.migrations.0004_rollup_totals")
    migration.fill_totals(apps, None)
    assert rollups.stored_totals() == exact


def test_the_all_time_overview_reads_totals_not_a_row_per_page_and_month(client, owner, articles):
    random_votes(articles, days=560, count=80)
    client.force_login(owner)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("feedback_analytics:overview") + "?period=all")
    assert response.status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    assert not [q for q in sql if "monthlypagefeedback" in q]
    daily = [q for q in sql if "dailypagefeedback" in q or "dailyreasonfeedback" in q]
    assert len(daily) == 1 and "MIN(" in daily[0]  # the chart's first day, from an index
    assert any("pagefeedbacktotal" in q for q in sql)
    assert any("monthlyfeedbacktotal" in q for q in sql)
    assert any("monthlyreasontotal" in q for q in sql)
    # Per-page reason rows only for the few articles that need attention, by their ids.
    per_page_reasons = [q for q in sql if "monthlyreasonfeedback" in q]
    assert all('"page_id" IN' in q for q in per_page_reasons)


def test_the_all_time_articles_table_reads_one_row_per_page(client, owner, articles):
    random_votes(articles, days=560, count=80)
    client.force_login(owner)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("feedback_analytics:articles") + "?period=all")
    assert response.status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    assert not [q for q in sql if "monthlypagefeedback" in q or "dailypagefeedback" in q]
    # Every page's votes for the ranking, then the last vote day of the rows shown.
    totals = [q for q in sql if "pagefeedbacktotal" in q]
    assert len(totals) == 2 and '"page_id" IN' in totals[1]
