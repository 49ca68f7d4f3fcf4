"""Simultaneous signups for one address: one subscriber, the daily cap holds, no error.

Runs on PostgreSQL only (set DATABASE_URL), where requests really run in parallel; SQLite's
immediate transactions queue writers, which the rest of the suite already covers.
"""

import os
import threading

import pytest
from django.db import connection
from django.utils import timezone

from practice_blog.newsletter import subscriptions
from practice_blog.newsletter.models import ConsentText, OutgoingEmail, Subscriber

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL (DATABASE_URL=postgres://...)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_parallel_signups_for_one_address_make_one_subscriber_and_respect_the_cap():
    consent = ConsentText.version_for("I would like new articles by email.")
    errors = []
    barrier = threading.Barrier(6)

    def sign_up():
        try:
            barrier.wait()
            subscriptions.sign_up("same@example.org", "Sam", consent, True)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Subscriber.objects.filter(email="same@example.org").count() == 1
    assert OutgoingEmail.objects.count() == subscriptions.CONFIRMATIONS_PER_DAY


def test_two_workers_sending_one_list_at_once_email_every_reader_exactly_once(
    make_article, outbox, settings
):
    """Two workers in parallel (SKIP LOCKED claims on PostgreSQL) share the list."""
    from practice_blog.newsletter import sending
    from practice_blog.newsletter.models import Dispatch

    from .sending_helpers import make_readers, recipients

    settings.PRACTICE_BLOG = {"NEWSLETTER_BATCH_SIZE": 5, "NEWSLETTER_PER_SECOND": 0}
    readers = make_readers(60)
    make_article()
    dispatch = Dispatch.objects.get()
    sending.start(dispatch.pk, timezone.now())
    barrier = threading.Barrier(2)
    errors = []

    def work():
        try:
            barrier.wait()
            sending.send_dispatch(dispatch.pk)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    sent_to = recipients(outbox)
    assert sorted(sent_to) == sorted(reader.email for reader in readers)  # each exactly once
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.SENT
