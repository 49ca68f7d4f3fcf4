"""Helpers for the sending tests: many active readers at once, articles, running the worker."""

import secrets

from django.utils import timezone

from practice_blog.newsletter.models import (
    ConsentText,
    Delivery,
    Dispatch,
    Subscriber,
    hash_token,
)


def make_readers(count, prefix="reader"):
    """``count`` confirmed subscribers, created in one query (as a big list would be)."""
    consent = ConsentText.version_for("I would like new articles by email.")
    readers = []
    for number in range(count):
        reader = Subscriber(
            email=f"{prefix}{number}@example.org",
            status=Subscriber.Status.ACTIVE,
            confirmed_at=timezone.now(),
            consent_text=consent,
            token_seed=secrets.token_urlsafe(16),
        )
        reader.unsubscribe_token_hash = hash_token(reader.unsubscribe_token())
        readers.append(reader)
    Subscriber.objects.bulk_create(readers)
    return list(Subscriber.objects.filter(email__startswith=prefix).order_by("pk"))


def recipients(outbox):
    """Every address the outbox holds a message for, in sending order (repeats kept)."""
    return [address for message in outbox for address in message.to]


def only_dispatch():
    return Dispatch.objects.get()


def delivery_counts(dispatch):
    return {
        status: Delivery.objects.filter(dispatch=dispatch, status=status).count()
        for status in Delivery.Status.values
    }
