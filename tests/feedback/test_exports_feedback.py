"""Feedback exports: the chosen period, formula-safe cells, escaped text, the audit log."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from .analytics_data import FORMULA, XSS, make_articles, make_votes


@pytest.fixture
def comments(db):
    return make_votes(make_articles())


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def export(client, kind, fmt, **params):
    return client.get(reverse("feedback_analytics:export", args=[kind, fmt]), params)


def test_articles_export_has_the_table_for_the_period(client, owner, comments):
    client.force_login(owner)
    response = export(client, "articles", "csv", period="30d")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="feedback-articles-30d-'
    )
    rows = read_csv(response)
    assert rows[0][:7] == [
        "Page id",
        "Article",
        "Votes",
        "Helpful",
        "Not helpful",
        "Helpful share (%)",
        "Score (Wilson lower bound, %)",
    ]
    assert [row[1:8] for row in rows[1:]] == [
        ["Setting boundaries", "10", "8", "2", "80.0", "49.0", "Hard to understand"],
        ["Two votes only", "2", "2", "0", "100.0", "34.2", ""],
        ["Endings & <goodbyes>", "12", "2", "10", "16.7", "4.7", "Seems out of date"],
    ]
    # The previous period only has "Setting boundaries": 3 helpful, 1 not.
    custom = read_csv(export(client, "articles", "csv", period="custom", **period_of(59, 30)))
    assert [row[1:5] for row in custom[1:]] == [["Setting boundaries", "4", "3", "1"]]


def period_of(first_days_ago, last_days_ago):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    return {
        "start": (today - datetime.timedelta(days=first_days_ago)).isoformat(),
        "end": (today - datetime.timedelta(days=last_days_ago)).isoformat(),
    }


def test_articles_export_follows_the_table_filters(client, owner, comments):
    client.force_login(owner)
    rows = read_xlsx(export(client, "articles", "xlsx", tag="boundaries"))
    assert [row[1] for row in rows[1:]] == ["Setting boundaries", "Two votes only"]
    assert rows[1][2] == 10  # numbers stay numbers


def test_comment_exports_neutralise_formulas_and_keep_markup_as_plain_text(client, owner, comments):
    client.force_login(owner)
    csv_rows = read_csv(export(client, "comments", "csv", period="90d"))
    xlsx_rows = read_xlsx(export(client, "comments", "xlsx", period="90d"))
    for rows in (csv_rows, xlsx_rows):
        header = rows[0]
        comment_column = header.index("Comment")
        texts = [row[comment_column] for row in rows[1:]]
        assert texts == [XSS, "'" + FORMULA]  # newest first; formula neutralised
    response = export(client, "comments", "csv", period="90d")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    # The last 30 days only hold the XSS comment.
    assert len(read_csv(export(client, "comments", "csv", period="30d"))) == 2


def test_every_export_is_written_to_the_audit_log(client, owner, comments):
    client.force_login(owner)
    export(client, "articles", "xlsx", period="7d")
    export(client, "comments", "csv", period="all")
    entries = ModelLogEntry.objects.filter(action="feedback.export").order_by("timestamp", "pk")
    assert [(e.user_id, e.data["kind"], e.data["format"], e.data["period"]) for e in entries] == [
        (owner.pk, "articles", "xlsx", "Last 7 days"),
        (owner.pk, "comments", "csv", "All time"),
    ]
    assert entries[1].data["rows"] == 2
    assert entries[1].message == "Exported the feedback comments (CSV, All time, 2 rows)"


def test_unknown_export_or_bad_period_changes_nothing(client, owner, comments):
    client.force_login(owner)
    assert export(client, "subscribers", "csv").status_code == 404
    assert export(client, "articles", "pdf").status_code == 404
    response = export(client, "articles", "csv", period="custom", start="nope", end="")
    assert response.status_code == 400
    assert "Enter the start date as YYYY-MM-DD" in response.content.decode()
    assert not ModelLogEntry.objects.filter(action="feedback.export").exists()
