"""The rebuild and retention commands: rebuild equals incremental, purging keeps totals."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from practice_blog.feedback.models import DailyPageFeedback, DailyReasonFeedback, HelpfulVote
from practice_blog.feedback.rollups import exclude_vote, record_vote, stored_rollups

from .analytics_data import at_days_ago, make_articles, make_votes, vote


@pytest.fixture
def pages(db):
    return make_articles()


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_rebuild_equals_the_incrementally_kept_rollups(pages):
    comments = make_votes(pages)
    # Changed answers and spam make the incremental path do real work.
    page = pages["two"]
    record_vote(page, helpful=True, voter_key="changer", created_at=at_days_ago(3))
    record_vote(
        page,
        helpful=False,
        voter_key="changer",
        reasons=["Hard to understand"],
        created_at=at_days_ago(2),
    )
    exclude_vote(comments["xss"])
    incremental = stored_rollups()
    assert incremental[0], "the data set has rollups"
    DailyPageFeedback.objects.update(helpful=999)  # damage them, so the rebuild must work
    DailyReasonFeedback.objects.all().delete()
    output = run("rebuild_feedback_rollups", "--all")
    assert stored_rollups() == incremental
    assert output.strip().splitlines()[-1].startswith("Rebuilt ")
    assert "0 differences" in output
    assert "0 difference(s)" in run("rebuild_feedback_rollups", "--check")


def test_check_reports_damaged_rollups(pages):
    vote(pages["two"], True, 1)
    DailyPageFeedback.objects.update(helpful=5)
    # The day disagrees with the answers, and its month no longer adds up to its days.
    with pytest.raises(CommandError, match="2 difference"):
        run("rebuild_feedback_rollups", "--check")


def overview_votes(client, html):
    soup = html(client.get(reverse("feedback_analytics:overview") + "?period=all"))
    return soup.select_one(".feedback-figures__value").get_text(strip=True)


def test_purge_removes_old_answers_but_keeps_the_totals(client, owner, pages, html):
    page = pages["endings"]
    for days in (800, 790, 760):  # over two years ago
        vote(page, False, days, ["Seems out of date"], comment="An old comment")
    vote(page, True, 750)
    vote(page, True, 10)
    vote(page, False, 5, comment="A recent comment")
    client.force_login(owner)
    before_rollups = stored_rollups()
    assert overview_votes(client, html) == "6"

    output = run("purge_old_feedback")  # the default: 24 months from the site setting
    assert "Deleted 4 answers (3 comments)" in output.splitlines()[-1]
    assert HelpfulVote.objects.count() == 2
    assert stored_rollups() == before_rollups
    assert overview_votes(client, html) == "6"

    # A later rebuild starts at the oldest answer still stored, so old totals survive it.
    run("rebuild_feedback_rollups")
    assert stored_rollups() == before_rollups
    assert overview_votes(client, html) == "6"


def test_purge_dry_run_and_months_option(pages):
    vote(pages["two"], True, 100)
    vote(pages["two"], True, 10)
    assert "nothing deleted (1 would go)" in run("purge_old_feedback", "--months", "2", "--dry-run")
    assert HelpfulVote.objects.count() == 2
    run("purge_old_feedback", "--months", "2")
    assert HelpfulVote.objects.count() == 1
    with pytest.raises(CommandError):
        run("purge_old_feedback", "--months", "0")


def test_votes_of_a_deleted_page_stay_in_the_figures(client, owner, pages, html):
    make_votes(pages)
    endings_id = pages["endings"].pk
    pages["endings"].delete()
    client.force_login(owner)
    soup = html(client.get(reverse("feedback_analytics:articles")))
    titles = [row.th.get_text(strip=True) for row in soup.select("table.feedback-table tbody tr")]
    assert "Endings & <goodbyes> (deleted page)" in titles
    detail = client.get(reverse("feedback_analytics:article", args=[endings_id]))
    assert detail.status_code == 200
    assert "This page has been deleted; its votes are kept." in detail.content.decode()


def test_rebuild_refuses_a_bad_date(pages):
    with pytest.raises(CommandError, match="--since must be a date"):
        run("rebuild_feedback_rollups", "--since", "yesterday")
    with pytest.raises(CommandError, match="either --since or --all"):
        run("rebuild_feedback_rollups", "--since", "2026-01-01", "--all")
