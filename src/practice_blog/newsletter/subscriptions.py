"""What happens to a subscriber: sign up, confirm, unsubscribe, erase, purge.

Views and commands call these functions; each one is a single transaction, so a signup and
the email that confirms it are saved together or not at all.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail, Subscriber, hash_token
from .outbox import enqueue_after_commit

CONFIRMATIONS_PER_DAY = 2
MAX_TOKEN_LENGTH = 128  # ours are 43 (confirm) and 64 (unsubscribe) characters
PENDING_RETENTION = timedelta(days=30)


def normalise_email(address):
    """Addresses are compared and stored in lower case, without surrounding spaces."""
    return address.strip().lower()


@transaction.atomic
def sign_up(email, first_name, consent_text, consent_ticked, source_page=None):
    """Record a signup and queue a confirmation email when one is due.

    Deliberately returns nothing: the caller must answer the same way whether the address
    was new, pending or already subscribed. An active subscriber is left as is (no email);
    others get at most :data:`CONFIRMATIONS_PER_DAY` confirmation emails in 24 hours.
    """
    email = normalise_email(email)
    now = timezone.now()
    # get_or_create survives two simultaneous first signups for one address (it retries the
    # lookup after the unique constraint refuses the second insert); the row lock then
    # serialises the rest, so the daily confirmation cap holds under concurrency too.
    subscriber, _ = Subscriber.objects.get_or_create(
        email=email, defaults={"consent_text": consent_text, "signed_up_at": now}
    )
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == Subscriber.Status.ACTIVE:
        return
    subscriber.first_name = first_name
    subscriber.status = Subscriber.Status.PENDING
    subscriber.signed_up_at = now
    subscriber.confirmed_at = None
    subscriber.source_page = source_page
    subscriber.consent_text = consent_text
    subscriber.consent_ticked = consent_ticked
    subscriber.save()

    sent_today = subscriber.emails.filter(
        kind=OutgoingEmail.Kind.CONFIRMATION, created_at__gte=now - timedelta(days=1)
    ).count()
    if sent_today < CONFIRMATIONS_PER_DAY:
        email_row = OutgoingEmail.objects.create(subscriber=subscriber, created_at=now)
        enqueue_after_commit(email_row.pk)


@dataclass
class TokenCheck:
    """The outcome of looking up a confirmation link: what to tell the reader."""

    state: str  # "valid", "used", "expired" or "unknown"
    email: OutgoingEmail | None = None

    @property
    def subscriber(self):
        return self.email.subscriber if self.email else None


def check_confirmation_token(token):
    """Look a confirmation link up by its hash, without changing anything."""
    email = (
        OutgoingEmail.objects.select_related("subscriber")
        .filter(kind=OutgoingEmail.Kind.CONFIRMATION, token_hash=hash_token(token))
        .first()
        if token and len(token) <= MAX_TOKEN_LENGTH
        else None
    )
    if email is None:
        return TokenCheck("unknown")
    if email.token_used_at is not None:
        return TokenCheck("used", email)
    if email.token_expires_at is None or email.token_expires_at <= timezone.now():
        return TokenCheck("expired", email)
    return TokenCheck("valid", email)


@transaction.atomic
def confirm(token):
    """Confirm the subscription behind a valid link; returns the :class:`TokenCheck`.

    Every confirmation link of that reader is used up, so an older email cannot undo a
    later unsubscribe.
    """
    check = check_confirmation_token(token)
    if check.state != "valid":
        return check
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().get(pk=check.email.subscriber_id)
    subscriber.status = Subscriber.Status.ACTIVE
    subscriber.confirmed_at = now
    subscriber.unsubscribed_at = None
    subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    subscriber.emails.filter(token_used_at__isnull=True).exclude(token_hash="").update(
        token_used_at=now
    )
    # Any confirmation still in the queue would now be noise.
    subscriber.emails.filter(status=OutgoingEmail.Status.QUEUED).update(
        status=OutgoingEmail.Status.CANCELLED, next_attempt_at=None
    )
    check.email.subscriber = subscriber
    return check


def subscriber_for_unsubscribe_token(token):
    """The subscriber whose unsubscribe link this is, or ``None``."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return Subscriber.objects.filter(unsubscribe_token_hash=hash_token(token)).first()


@transaction.atomic
def unsubscribe(subscriber):
    """Stop all email to this reader; True if this changed anything (safe to repeat)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return False
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save(update_fields=["status", "unsubscribed_at"])
    subscriber.emails.filter(status=OutgoingEmail.Status.QUEUED).update(
        status=OutgoingEmail.Status.CANCELLED, next_attempt_at=None
    )
    subscriber.emails.filter(token_used_at__isnull=True).exclude(token_hash="").update(
        token_used_at=subscriber.unsubscribed_at
    )
    return True


@transaction.atomic
def erase(subscriber):
    """Delete a reader and every email row about them (an erasure request)."""
    OutgoingEmail.objects.filter(subscriber_id=subscriber.pk).delete()
    Subscriber.objects.filter(pk=subscriber.pk).delete()


def stale_pending_subscribers(now=None):
    """Pending sign-ups older than 30 days: never confirmed, so never consented."""
    cutoff = (now or timezone.now()) - PENDING_RETENTION
    return Subscriber.objects.filter(status=Subscriber.Status.PENDING, signed_up_at__lt=cutoff)


def purge_stale_signups(now=None, progress=lambda done, total: None):
    """Erase every stale pending signup (see :func:`stale_pending_subscribers`); returns how
    many. Used by the minute tick and by ``purge_pending_subscribers``."""
    stale = list(stale_pending_subscribers(now).only("pk"))
    for number, subscriber in enumerate(stale, start=1):
        erase(subscriber)
        progress(number, len(stale))
    return len(stale)
