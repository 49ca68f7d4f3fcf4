"""The monthly rollups: always the sum of the daily ones, and what long periods are read from."""

import datetime
import random

import pytest
from django.db import connection
from django.db.models import Max, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practice_blog.feedback import analytics, rollups
from practice_blog.feedback.models import (
    DailyPageFeedback,
    DailyReasonFeedback,
    HelpfulVote,
    MonthlyPageFeedback,
)

from .conftest import make_article

REASONS = ["Hard to understand", "Seems out of date", "Not relevant to me"]


@pytest.fixture
def articles(blog_index):
    return [make_article(blog_index, f"Article {n}", f"article-{n}") for n in range(3)]


def local_noon(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def random_votes(articles, days, count=120, seed=14):
    """Votes, changed answers, spam and deletions spread over the last ``days`` days."""
    rng = random.Random(seed)
    today = timezone.localdate()
    votes = []
    for _ in range(count):
        helpful = rng.random() < 0.5
        day = today - datetime.timedelta(days=rng.randrange(days))
        try:
            vote = rollups.record_vote(
                rng.choice(articles),
                helpful=helpful,
                voter_key=f"{seed}-{rng.randrange(40)}",  # repeats: changed answers
                reasons=[] if helpful else rng.sample(REASONS, rng.randint(0, 2)),
                created_at=local_noon(day, rng.randrange(24)),
            )
        except rollups.DuplicateVote:
            continue
        votes.append(vote)
    for vote in rng.sample(votes, 10):
        rollups.exclude_vote(vote)
    for vote in rng.sample(votes, 5):
        rollups.restore_vote(vote)
    for vote in rng.sample(votes, 8):
        rollups.delete_vote(vote)


def test_months_equal_the_sum_of_the_days_after_votes_changes_spam_and_deletions(articles):
    random_votes(articles, days=400)
    assert MonthlyPageFeedback.objects.count() > 12
    assert rollups.stored_monthly() == rollups.monthly_from_daily()
    assert rollups.rollup_differences() == []
    incremental = rollups.stored_monthly()
    rollups.rebuild_rollups()
    rebuilt = rollups.stored_monthly()
    # A rebuild drops rows at zero (withdrawn votes); every counted figure is unchanged.
    assert {k: v for k, v in rebuilt[1].items() if v} == {
        k: v for k, v in incremental[1].items() if v
    }
    assert {k: v[:2] for k, v in rebuilt[0].items()} == {
        k: v[:2] for k, v in incremental[0].items() if v[:2] != (0, 0)
    }
    assert rollups.rollup_differences() == []


def test_a_partial_rebuild_after_a_purge_keeps_the_purged_days_of_its_month(articles):
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
    # Retention purged the raw answers before 10 March; their daily figures stay.
    cutoff = datetime.date(2026, 3, 10)
    HelpfulVote.objects.filter(created_at__lt=analytics.day_start(cutoff)).delete()
    result = rollups.rebuild_rollups(start_day=cutoff)
    month = MonthlyPageFeedback.objects.get(page_id=page.pk, month=datetime.date(2026, 3, 1))
    assert (month.helpful, month.not_helpful, month.last_day) == (0, 2, march[1])
    pages, reasons = rollups.stored_monthly()
    assert reasons[(page.pk, datetime.date(2026, 3, 1), "Hard to understand")] == 2
    assert result["page_months"] == 2
    assert rollups.rollup_differences(start_day=cutoff) == []
    assert rollups.stored_monthly() == rollups.monthly_from_daily()


def test_rebuild_command_rebuilds_damaged_months(articles):
    random_votes(articles, days=90, count=30)
    MonthlyPageFeedback.objects.update(helpful=99)
    assert any(key[0] == "month" for key, _s, _e in rollups.rollup_differences())
    rollups.rebuild_rollups()
    assert rollups.rollup_differences() == []


# --- Analytics read from months give the figures the days give ------------------------------


def from_days(period, page_ids=None):
    """The figures of ``period`` summed from the daily rollups alone (the old way)."""
    pages = DailyPageFeedback.objects.filter(day__lte=period.end)
    reasons = DailyReasonFeedback.objects.filter(day__lte=period.end)
    if period.start is not None:
        pages = pages.filter(day__gte=period.start)
        reasons = reasons.filter(day__gte=period.start)
    if page_ids is not None:
        pages, reasons = pages.filter(page_id__in=page_ids), reasons.filter(page_id__in=page_ids)
    per_page = {
        row["page_id"]: (row["h"], row["n"], row["last"])
        for row in pages.values("page_id")
        .annotate(h=Sum("helpful"), n=Sum("not_helpful"), last=Max("day"))
        .order_by()
        if row["h"] or row["n"]
    }
    per_reason = {
        (page_id, reason): total
        for page_id, reason, total in reasons.values_list("page_id", "reason")
        .annotate(total=Sum("count"))
        .order_by()
        if total
    }
    by_day = {
        row["day"]: (row["h"], row["n"])
        for row in pages.values("day").annotate(h=Sum("helpful"), n=Sum("not_helpful")).order_by()
    }
    return per_page, per_reason, by_day


def from_analytics(period, page_ids=None):
    per_page = {
        a.page_id: (a.helpful, a.not_helpful, a.last_vote)
        for a in analytics.article_figures(period, page_ids)
    }
    per_reason = {
        (page_id, reason): total
        for page_id, reason, total in analytics.page_reason_counts(period, page_ids)
    }
    return per_page, per_reason


def periods():
    today = timezone.localdate()
    return [
        analytics.Period("all", None, today),
        analytics.parse_period({"period": "12m"}),
        analytics.parse_period({"period": "90d"}),
        analytics.Period("custom", datetime.date(today.year - 1, 1, 1), today),
        analytics.Period("custom", today - datetime.timedelta(days=500), today.replace(day=1)),
    ]


@pytest.mark.parametrize("index", range(5))
def test_long_periods_read_from_months_give_the_same_figures_as_days(articles, index):
    random_votes(articles, days=560)
    period = periods()[index]
    for page_ids in (None, [articles[1].pk]):
        per_page, per_reason, by_day = from_days(period, page_ids)
        assert per_page, "the data set must have votes in every period"
        assert from_analytics(period, page_ids) == (per_page, per_reason)
        reasons = {}
        for (_page_id, reason), total in per_reason.items():
            reasons[reason] = reasons.get(reason, 0) + total
        expected_reasons = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
        assert analytics.reason_counts(period, page_ids) == expected_reasons
        helpful = sum(h for h, _n, _l in per_page.values())
        not_helpful = sum(n for _h, n, _l in per_page.values())
        assert analytics.period_totals(period, page_ids) == analytics.Totals(helpful, not_helpful)
        series, size, first, last = analytics.chart_series(period, page_ids)
        if period.start is None:
            first_day = min(by_day)
            assert first == first_day
        expected, expected_size = analytics.bucket_series(by_day, first, last)
        assert (series, size) == (expected, expected_size)


def test_all_time_reads_as_many_queries_and_no_daily_rows_however_many_days(articles):
    period = analytics.Period("all", None, timezone.localdate())

    def all_time_queries():
        with CaptureQueriesContext(connection) as captured:
            analytics.article_figures(period, reason_rows=analytics.page_reason_counts(period))
            analytics.chart_series(period)
        return [query["sql"] for query in captured.captured_queries]

    random_votes(articles, days=40, count=40)
    few_days = all_time_queries()
    random_votes(articles, days=900, count=150, seed=15)
    many_days = all_time_queries()
    assert DailyPageFeedback.objects.count() > 100
    assert len(many_days) == len(few_days)
    daily = [sql for sql in many_days if "dailypagefeedback" in sql or "dailyreason" in sql]
    # Only the first vote day, read from the index: one row whatever the number of days.
    assert len(daily) == 1 and 'MIN("practice_blog_feedback_dailypagefeedback"."day")' in daily[0]
    _series, size, _first, _last = analytics.chart_series(period)
    assert size == "month"


def test_a_long_chart_groups_by_month(client, owner, articles, html):
    random_votes(articles, days=560, count=40)
    client.force_login(owner)
    from django.urls import reverse

    soup = html(client.get(reverse("feedback_analytics:overview") + "?period=all"))
    heading = soup.select_one("#feedback-trend-heading").get_text(" ", strip=True)
    assert heading == "Votes and helpful share per month"


def test_the_last_12_months_chart_has_a_bar_per_month_read_from_the_monthly_rollups(
    client, owner, articles, html
):
    """A year has month bars: whole months come from one monthly row per page, and days are
    read only for the partial months at the ends (two queries, whatever the number of days)."""
    random_votes(articles, days=400, count=80)
    period = analytics.parse_period({"period": "12m"})
    with CaptureQueriesContext(connection) as captured:
        series, size, first, last = analytics.chart_series(period)
    tables = sorted("daily" if "dailypagefeedback" in q["sql"] else "monthly" for q in captured)
    assert tables == ["daily", "monthly"]
    assert size == "month"
    months = {analytics.month_start(first + datetime.timedelta(days=n)) for n in range(365)}
    assert [bucket.start for bucket in series] == sorted(months)
    in_period = HelpfulVote.objects.counted().filter(created_at__gte=analytics.day_start(first))
    assert sum(bucket.votes for bucket in series) == in_period.count()

    client.force_login(owner)
    from django.urls import reverse

    soup = html(client.get(reverse("feedback_analytics:overview") + "?period=12m"))
    heading = soup.select_one("#feedback-trend-heading").get_text(" ", strip=True)
    assert heading == "Votes and helpful share per month"
    rows = soup.select(".feedback-chart-figure tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == [f"{m:%b %Y}" for m in sorted(months)]
