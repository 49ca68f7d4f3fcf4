"""The rollups stay exact: votes, changed votes, spam, deletion and rebuilds."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from home.demo import home_page
from practice_blog.feedback import rollups
from practice_blog.feedback.models import DailyPageFeedback, DailyReasonFeedback, HelpfulVote

pytestmark = pytest.mark.django_db

KEY_A = "a" * 32
KEY_B = "b" * 32


@pytest.fixture
def page():
    """Any Wagtail page can carry votes; the home page is always there."""
    return home_page()


def at(day, hour=12):
    return timezone.make_aware(datetime(2026, 3, day, hour))


def page_figures(page):
    return {
        row.day.day: (row.helpful, row.not_helpful)
        for row in DailyPageFeedback.objects.filter(page_id=page.pk)
    }


def reason_figures(page):
    return {
        (row.day.day, row.reason): row.count
        for row in DailyReasonFeedback.objects.filter(page_id=page.pk)
    }


def test_a_vote_is_stored_and_counted_once(page):
    vote = rollups.record_vote(page, helpful=True, voter_key=KEY_A, created_at=at(1))
    assert vote.is_current and vote.page_id_at_vote == page.pk
    assert vote.title_at_vote == page.title and vote.url_at_vote == page.url
    assert page_figures(page) == {1: (1, 0)}
    assert rollups.rollup_differences() == []


def test_a_changed_vote_moves_from_one_side_to_the_other(page):
    first = rollups.record_vote(page, helpful=True, voter_key=KEY_A, created_at=at(1))
    rollups.record_vote(page, helpful=True, voter_key=KEY_B, created_at=at(1))
    second = rollups.record_vote(
        page, helpful=False, voter_key=KEY_A, reasons=["Hard to understand"], created_at=at(3)
    )
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert page_figures(page) == {1: (1, 0), 3: (0, 1)}
    assert reason_figures(page) == {(3, "Hard to understand"): 1}

    # Adding a comment after "Not quite" replaces the answer; reasons move with it.
    rollups.record_vote(
        page,
        helpful=False,
        voter_key=KEY_A,
        reasons=["Seems out of date"],
        comment="The prices are old.",
        created_at=at(3),
    )
    assert page_figures(page) == {1: (1, 0), 3: (0, 1)}
    assert reason_figures(page) == {(3, "Hard to understand"): 0, (3, "Seems out of date"): 1}
    assert HelpfulVote.objects.filter(page_id_at_vote=page.pk).count() == 4
    assert HelpfulVote.objects.counted().count() == 2
    assert rollups.rollup_differences() == []


def test_an_identical_answer_is_refused_and_changes_nothing(page):
    rollups.record_vote(page, helpful=True, voter_key=KEY_A)
    with pytest.raises(rollups.DuplicateVote):
        rollups.record_vote(page, helpful=True, voter_key=KEY_A)
    assert HelpfulVote.objects.count() == 1
    assert sum(h for h, _ in page_figures(page).values()) == 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"helpful": False, "reasons": ["x" * 81]},
        {"helpful": False, "reasons": ["one", "two", "three", "four", "five", "six"]},
        {"helpful": False, "reasons": [""]},
        {"helpful": False, "comment": "x" * 501},
        {"helpful": True, "reasons": ["Hard to understand"]},
    ],
)
def test_invalid_votes_write_nothing(page, kwargs):
    with pytest.raises(ValueError):
        rollups.record_vote(page, voter_key=KEY_A, **kwargs)
    assert not HelpfulVote.objects.exists()
    assert not DailyPageFeedback.objects.exists()


def test_spam_leaves_every_figure_and_can_be_restored(page):
    vote = rollups.record_vote(
        page, helpful=False, voter_key=KEY_A, reasons=["Something else"], comment="Buy pills"
    )
    day = rollups.vote_day(vote.created_at).day
    assert rollups.exclude_vote(vote)
    assert not rollups.exclude_vote(vote)  # twice is harmless
    assert page_figures(page) == {day: (0, 0)}
    assert reason_figures(page) == {(day, "Something else"): 0}
    assert HelpfulVote.objects.counted().count() == 0
    assert rollups.restore_vote(vote)
    assert page_figures(page) == {day: (0, 1)}
    assert rollups.rollup_differences() == []


def test_a_new_answer_after_spam_does_not_subtract_the_spam_twice(page):
    spam = rollups.record_vote(page, helpful=False, voter_key=KEY_A, comment="spam spam")
    rollups.exclude_vote(spam)
    rollups.record_vote(page, helpful=True, voter_key=KEY_A)
    assert rollups.rollup_differences() == []
    assert HelpfulVote.objects.counted().get().helpful


def test_deleting_a_vote_takes_it_out_of_the_rollups(page):
    vote = rollups.record_vote(page, helpful=False, voter_key=KEY_A, comment="Too long")
    rollups.record_vote(page, helpful=True, voter_key=KEY_B)
    assert rollups.delete_vote(vote)
    assert not rollups.delete_vote(vote)
    assert rollups.rollup_differences() == []
    assert sum(n for _, n in page_figures(page).values()) == 0


def test_votes_of_a_deleted_page_are_kept(page):
    child = page.add_child(instance=type(page)(title="Short-lived", slug="short-lived"))
    rollups.record_vote(child, helpful=True, voter_key=KEY_A)
    child_id, url = child.pk, child.url
    child.delete()
    vote = HelpfulVote.objects.get()
    assert vote.page is None
    assert (vote.page_id_at_vote, vote.title_at_vote, vote.url_at_vote) == (
        child_id,
        "Short-lived",
        url,
    )
    assert DailyPageFeedback.objects.get(page_id=child_id).helpful == 1


def test_rebuild_equals_incremental(page):
    reasons = ["Hard to understand", "Not relevant to me"]
    for index in range(30):
        rollups.record_vote(
            page,
            helpful=index % 3 == 0,
            voter_key=f"{index % 11:032d}",
            reasons=[] if index % 3 == 0 else reasons[: index % 2 + 1],
            created_at=at(1 + index % 5, hour=index % 24),
        )
    rollups.exclude_vote(HelpfulVote.objects.counted().filter(helpful=False).first())
    incremental = rollups.stored_rollups()
    assert incremental == rollups.expected_rollups()
    result = rollups.rebuild_rollups()
    assert rollups.stored_rollups() == incremental
    assert result["page_days"] == len(incremental[0])


def test_rebuild_from_a_day_keeps_older_figures(page):
    rollups.record_vote(page, helpful=True, voter_key=KEY_A, created_at=at(1))
    rollups.record_vote(page, helpful=True, voter_key=KEY_B, created_at=at(5))
    # Retention removed the old raw row; the day-1 figure must survive a partial rebuild.
    HelpfulVote.objects.filter(created_at__lt=at(2)).delete()
    rollups.rebuild_rollups(start_day=at(2).date())
    assert page_figures(page) == {1: (1, 0), 5: (1, 0)}
    rollups.rebuild_rollups()
    assert page_figures(page) == {5: (1, 0)}


def test_votes_are_filtered_by_reason(page):
    rollups.record_vote(page, helpful=False, voter_key=KEY_A, reasons=["Hard to understand"])
    rollups.record_vote(page, helpful=False, voter_key=KEY_B, reasons=["Seems out of date"])
    found = HelpfulVote.objects.with_reason("Hard to understand")
    assert [v.voter_key for v in found] == [KEY_A]
    assert not HelpfulVote.objects.with_reason("Hard to")


def test_vote_day_uses_the_local_time_zone(page, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    late = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # still 1 March in Los Angeles
    vote = rollups.record_vote(page, helpful=True, voter_key=KEY_A, created_at=late)
    assert DailyPageFeedback.objects.get().day == (late - timedelta(hours=8)).date()
    assert rollups.rollup_differences() == []
    assert vote.is_counted
