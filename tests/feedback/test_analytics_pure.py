"""Pure analytics functions against hand-computed values: Wilson, comparison, periods, charts,
spreadsheet safety."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from practice_blog.core.spreadsheets import csv_bytes, neutralise, xlsx_bytes
from practice_blog.feedback.analytics import (
    Bucket,
    PeriodError,
    Totals,
    bucket_series,
    compare_periods,
    parse_period,
    wilson_lower_bound,
)
from practice_blog.feedback.charts import render_trend_chart

TODAY = datetime.date(2026, 3, 31)


def test_wilson_lower_bound_matches_hand_computed_values():
    # 2 of 2: (1 + 1.96²/4 - 1.96·√(1.96²/8/2)) / (1 + 1.96²/2) = 1 / 2.9208 = 0.3424
    assert wilson_lower_bound(2, 2) == pytest.approx(0.3424, abs=1e-4)
    # 95 of 100: (0.969208 - 0.046837) / 1.038416 = 0.8882
    assert wilson_lower_bound(95, 100) == pytest.approx(0.8882, abs=1e-4)
    # 0 of 10 can only be 0; no votes scores 0.
    assert wilson_lower_bound(0, 10) == 0.0
    assert wilson_lower_bound(0, 0) == 0.0


def test_two_vote_article_does_not_outrank_a_well_supported_one():
    assert wilson_lower_bound(2, 2) < wilson_lower_bound(80, 100)


def test_period_comparison_reports_votes_and_share_change():
    current = Totals(helpful=30, not_helpful=10)  # 40 votes, 75% helpful
    previous = Totals(helpful=10, not_helpful=10)  # 20 votes, 50% helpful
    result = compare_periods(current, previous)
    assert result.votes_change == 20
    assert result.votes_change_percent == pytest.approx(100.0)
    assert result.share_change_points == pytest.approx(25.0)


def test_period_comparison_with_empty_previous_period_says_nothing_it_cannot_know():
    result = compare_periods(Totals(3, 1), Totals(0, 0))
    assert result.votes_change == 4
    assert result.votes_change_percent is None
    assert result.share_change_points is None
    assert compare_periods(Totals(3, 1), None).votes_change is None


@pytest.mark.parametrize(
    "key, start, days",
    [
        ("7d", datetime.date(2026, 3, 25), 7),
        ("30d", datetime.date(2026, 3, 2), 30),
        ("90d", datetime.date(2026, 1, 1), 90),
        ("12m", datetime.date(2025, 4, 1), 365),
    ],
)
def test_named_periods_end_today_and_have_the_right_length(key, start, days):
    period = parse_period({"period": key}, today=TODAY)
    assert (period.start, period.end, period.days) == (start, TODAY, days)
    previous = period.previous()
    assert previous.end == start - datetime.timedelta(days=1)
    assert previous.days == days


def test_default_period_is_last_30_days_and_all_time_has_no_previous_period():
    assert parse_period({}, today=TODAY).key == "30d"
    all_time = parse_period({"period": "all"}, today=TODAY)
    assert all_time.start is None and all_time.previous() is None


def test_custom_period_is_parsed_and_keeps_its_dates_in_links():
    period = parse_period({"period": "custom", "start": "2026-01-01", "end": "2026-01-10"}, TODAY)
    assert period.days == 10
    assert period.previous().start == datetime.date(2025, 12, 22)
    assert period.query() == {"period": "custom", "start": "2026-01-01", "end": "2026-01-10"}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"period": "forever"}, "Choose a period"),
        ({"period": "custom", "start": "2026-01-01"}, "end date as YYYY-MM-DD"),
        ({"period": "custom", "start": "01/02/2026", "end": "2026-01-10"}, "start date as"),
        ({"period": "custom", "start": "2026-02-01", "end": "2026-01-10"}, "on or before"),
        ({"period": "custom", "start": "2026-01-01", "end": "2026-04-10"}, "future"),
        ({"period": "custom", "start": "1999-01-01", "end": "2026-01-10"}, "after 1 January 2000"),
    ],
)
def test_invalid_periods_are_refused_with_a_reason(params, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(params, today=TODAY)


def test_bucket_series_fills_gaps_and_groups_by_week_under_a_year_then_by_month():
    daily = {datetime.date(2026, 3, 2): (2, 1), datetime.date(2026, 3, 4): (1, 0)}
    series, size = bucket_series(daily, datetime.date(2026, 3, 1), datetime.date(2026, 3, 5))
    assert size == "day"
    assert [b.votes for b in series] == [0, 3, 0, 1, 0]
    weekly, size = bucket_series(daily, datetime.date(2025, 3, 7), datetime.date(2026, 3, 5))
    assert size == "week"
    week = next(b for b in weekly if b.start == datetime.date(2026, 3, 2))  # a Monday
    assert (week.helpful, week.not_helpful) == (3, 1)
    assert sum(b.votes for b in weekly) == 4
    # A whole year (the "last 12 months") is read from the monthly rollups, so it has month bars.
    _series, size = bucket_series(daily, datetime.date(2025, 3, 6), datetime.date(2026, 3, 5))
    assert size == "month"
    monthly, size = bucket_series(daily, datetime.date(2025, 1, 1), datetime.date(2026, 3, 5))
    assert size == "month"
    assert len(monthly) == 15
    assert (monthly[-1].start, monthly[-1].helpful, monthly[-1].not_helpful) == (
        datetime.date(2026, 3, 1),
        3,
        1,
    )


def test_chart_is_an_accessible_image_with_escaped_text():
    series = [Bucket(datetime.date(2026, 3, 1), 3, 1), Bucket(datetime.date(2026, 3, 2), 0, 2)]
    svg = render_trend_chart(
        series,
        "day",
        chart_id="c1",
        title="<script>alert(1)</script> votes",
        markers=[(datetime.date(2026, 3, 2), "Edited")],
    )
    soup = BeautifulSoup(svg, "html.parser")
    root = soup.find("svg")
    assert root["role"] == "img"
    assert root["aria-labelledby"] == "c1-title c1-desc"
    assert soup.find("title", id="c1-title").text == "<script>alert(1)</script> votes"
    assert soup.find("script") is None
    desc = soup.find("desc", id="c1-desc").text
    assert "6 votes, 50% helpful" in desc and "edited on 02 Mar 2026" in desc
    assert "style=" not in svg


def test_formula_like_text_is_neutralised_in_csv_and_xlsx():
    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("plain") == "plain"
    assert neutralise(-5) == -5
    rows = [["=cmd|' /C calc'!A0", 3]]
    parsed = list(
        csv.reader(io.StringIO(csv_bytes(["Comment", "Votes"], rows).decode("utf-8-sig")))
    )
    assert parsed == [["Comment", "Votes"], ["'=cmd|' /C calc'!A0", "3"]]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["Comment", "Votes"], rows, "Comments"))).active
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 3
