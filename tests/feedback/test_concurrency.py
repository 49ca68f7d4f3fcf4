"""Many readers voting at once on the file-backed SQLite test database (WAL, IMMEDIATE).

Every accepted vote must be stored exactly once, the rollups must equal the raw rows, and no
request may fail with "database is locked" (the test client re-raises any server error).
The last test runs on PostgreSQL only (set DATABASE_URL), where transactions really run in
parallel and lock rows: changed answers and new votes on one page must never deadlock.
"""

import os
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from practice_blog.feedback.models import DailyPageFeedback, HelpfulVote, PageFeedbackTotal
from practice_blog.feedback.rollups import rebuild_rollups, record_vote, rollup_differences

from .conftest import BROWSER, ORIGIN, make_article, vote_data

THREADS = 12
VOTES_PER_THREAD = 15
# The PostgreSQL deadlock test: rounds of readers changing an earlier day's answer while as
# many new readers vote on the same page.
ROUNDS = 25
CHANGERS = 3
NEW_VOTERS = 3
REBUILD_VOTERS = 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_votes_are_each_stored_once_and_rollups_stay_exact(
    blog_index, feedback_settings
):
    feedback_settings.votes_per_hour = 10_000
    feedback_settings.save()
    articles = [make_article(blog_index, f"Article {n}", f"article-{n}") for n in range(3)]
    barrier = threading.Barrier(THREADS)
    results, errors = [], []
    lock = threading.Lock()

    def reader(thread_number):
        client = Client(headers={"User-Agent": BROWSER, "Origin": ORIGIN})
        try:
            barrier.wait()
            for index in range(VOTES_PER_THREAD):
                article = articles[index % 3]
                # Every fifth answer uses a voter key shared by every thread: the same reader
                # answering in many tabs at once. Answers alternate, so some change and some
                # repeat.
                shared = index % 5 == 4
                voter = "c" * 32 if shared else f"{thread_number:016x}{index // 3:016x}"
                answer = "yes" if (thread_number + index) % 2 else "no"
                response = client.post(
                    "/feedback/vote/",
                    vote_data(article, answer, voter=voter),
                    headers={"Accept": "application/json"},
                )
                with lock:
                    results.append((response.status_code, article.pk, voter, answer))
        except Exception as error:  # noqa: BLE001 - reported below with the thread's number
            with lock:
                errors.append(f"thread {thread_number}: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = Counter(status for status, *_ in results)
    assert set(statuses) <= {201, 409}, statuses
    assert len(results) == THREADS * VOTES_PER_THREAD
    accepted = [r for r in results if r[0] == 201]
    # Every accepted answer is one row; refused repeats wrote nothing.
    assert HelpfulVote.objects.count() == len(accepted)
    # Exactly one current answer per reader and article.
    voters = {(page_id, voter) for _, page_id, voter, _ in accepted}
    assert HelpfulVote.objects.counted().count() == len(voters)
    assert rollup_differences() == []
    totals = [(r.helpful + r.not_helpful) for r in DailyPageFeedback.objects.all()]
    assert sum(totals) == len(voters)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (DATABASE_URL=postgres://...)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_changed_answers_from_earlier_days_and_new_votes_at_once_never_deadlock(blog_index):
    """A reader changes an answer given on an earlier day while others vote on the same page
    today. The change takes the old vote out (the old day's rows, its month's and the page's
    all-time row) before counting the new one (today's rows); a new vote locks today's rows.
    Without one row every writer of a page queues behind first, PostgreSQL finds a deadlock and
    aborts one of them (the reader would get a 500 and the vote would be lost)."""
    article = make_article(blog_index, "Changed answers", "changed-answers")
    now = timezone.now()
    # Yesterday (the same month's row, most days) and 40 days ago (another month's row).
    earlier = [now - timedelta(days=1), now - timedelta(days=40)]
    errors = []
    lock = threading.Lock()

    def vote(voter, helpful, reasons, barrier):
        try:
            barrier.wait()
            record_vote(article, helpful=helpful, voter_key=voter, reasons=reasons)
        except Exception as error:  # noqa: BLE001 - reported below with the voter
            with lock:
                errors.append(f"{voter}: {error!r}")
        finally:
            connection.close()

    for round_number in range(ROUNDS):
        changers = [f"change-{round_number}-{n}" for n in range(CHANGERS)]
        for n, voter in enumerate(changers):
            record_vote(article, helpful=True, voter_key=voter, created_at=earlier[n % 2])
        barrier = threading.Barrier(CHANGERS + NEW_VOTERS)
        threads = [
            threading.Thread(target=vote, args=(voter, False, ["Hard to understand"], barrier))
            for voter in changers
        ] + [
            threading.Thread(target=vote, args=(f"new-{round_number}-{n}", True, [], barrier))
            for n in range(NEW_VOTERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [], f"round {round_number}"

    assert rollup_differences() == []
    voters = ROUNDS * (CHANGERS + NEW_VOTERS)
    assert HelpfulVote.objects.counted().count() == voters
    total = PageFeedbackTotal.objects.get(page_id=article.pk)
    assert (total.helpful, total.not_helpful) == (ROUNDS * NEW_VOTERS, ROUNDS * CHANGERS)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (DATABASE_URL=postgres://...)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rebuild_while_readers_vote_makes_them_wait_not_deadlock(blog_index):
    """rebuild_rollups deletes and rewrites every rollup row; votes arriving meanwhile queue
    behind it (it locks the all-time table first) and are counted exactly once."""
    articles = [make_article(blog_index, f"Rebuilt {n}", f"rebuilt-{n}") for n in range(2)]
    earlier = timezone.now() - timedelta(days=1)
    for n in range(REBUILD_VOTERS):
        record_vote(articles[n % 2], helpful=True, voter_key=f"old-{n}", created_at=earlier)
    errors = []
    lock = threading.Lock()
    barrier = threading.Barrier(REBUILD_VOTERS + 1)

    def reader(n):
        try:
            barrier.wait()
            article = articles[n % 2]
            for round_number in range(ROUNDS):
                # The reader changes the answer back and forth (first from yesterday's);
                # another reader answers for the first time.
                changed = round_number % 2 == 1
                record_vote(article, helpful=changed, voter_key=f"old-{n}")
                record_vote(article, helpful=True, voter_key=f"new-{n}-{round_number}")
        except Exception as error:  # noqa: BLE001 - reported below with the reader's number
            with lock:
                errors.append(f"reader {n}: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(REBUILD_VOTERS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    try:
        for _ in range(ROUNDS):
            rebuild_rollups()
    except Exception as error:  # noqa: BLE001 - reported below
        errors.append(f"rebuild: {error!r}")
    for thread in threads:
        thread.join()

    assert errors == []
    assert rollup_differences() == []
    assert HelpfulVote.objects.counted().count() == REBUILD_VOTERS * (ROUNDS + 1)
