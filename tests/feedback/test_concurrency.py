"""Many readers voting at once on the file-backed SQLite test database (WAL, IMMEDIATE).

Every accepted vote must be stored exactly once, the rollups must equal the raw rows, and no
request may fail with "database is locked" (the test client re-raises any server error).
"""

import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import Client

from practice_blog.feedback.models import DailyPageFeedback, HelpfulVote
from practice_blog.feedback.rollups import rollup_differences

from .conftest import BROWSER, ORIGIN, make_article, vote_data

THREADS = 12
VOTES_PER_THREAD = 15


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
