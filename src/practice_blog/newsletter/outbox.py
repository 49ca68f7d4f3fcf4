"""Sending the rows of the outbox: build each email at send time, send it, record the outcome.

A row is claimed with a conditional UPDATE, so two workers (a task and the cron command) never
send the same email twice. A failure puts the row back in the queue with a growing delay; after
:data:`MAX_ATTEMPTS` it is marked failed and stays visible to staff in the admin.
"""

import logging
import secrets
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from practice_blog.core.conf import public_base_url

from .models import CONFIRMATION_TOKEN_LIFETIME, OutgoingEmail, hash_token
from .senders import sender_for

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Delay before attempt 2, 3, 4, …: quick at first (a blip), then hours (an outage).
RETRY_DELAYS = [timedelta(minutes=m) for m in (5, 30, 120, 360, 720)]
# A row left "sending" this long belongs to a worker that died; it may be tried again.
STALE_SENDING_AFTER = timedelta(minutes=15)
ONE_CLICK_BODY = "List-Unsubscribe=One-Click"


def public_url(path):
    """An absolute link to ``path`` on the public site (``WAGTAILADMIN_BASE_URL``)."""
    return public_base_url() + path


def unsubscribe_url(subscriber):
    """The reader's own unsubscribe link (also the ``List-Unsubscribe`` target)."""
    return public_url(
        reverse("practice_blog_newsletter:unsubscribe", args=[subscriber.unsubscribe_token()])
    )


def confirmation_message(subscriber, token):
    """The confirmation email, from the newsletter's sender, with the unsubscribe link and the
    RFC 8058 headers."""
    site = subscriber.source_page.get_site() if subscriber.source_page_id else None
    sender = sender_for(site)
    texts = sender.texts
    link = public_url(reverse("practice_blog_newsletter:confirm", args=[token]))
    body = texts.confirmation_body
    if "{link}" not in body:
        body += "\n\n{link}"
    name = f" {subscriber.first_name}" if subscriber.first_name else ""
    # Plain replacement, not str.format(): staff-written braces must not raise errors.
    body = body.replace("{name}", name).replace("{link}", link)
    leave = unsubscribe_url(subscriber)
    body += f"\n\n--\nTo stop all emails from us, open this link: {leave}\n"
    return EmailMessage(
        subject=" ".join(texts.confirmation_subject.split()),
        body=body,
        from_email=sender.from_email,
        to=[subscriber.email],
        reply_to=sender.reply_to,
        headers={
            "List-Unsubscribe": f"<{leave}>",
            "List-Unsubscribe-Post": ONE_CLICK_BODY,
            "List-Id": sender.list_id,
        },
    )


def due_emails(now=None):
    """Rows that should be (re)tried now: queued and due, or abandoned mid-send."""
    now = now or timezone.now()
    return OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now)
        | Q(status=OutgoingEmail.Status.SENDING, last_attempt_at__lt=now - STALE_SENDING_AFTER)
    )


def claim(email_id, now):
    """Mark one due row as being sent; False when it is not due or another worker has it."""
    return bool(
        due_emails(now)
        .filter(pk=email_id)
        .update(
            status=OutgoingEmail.Status.SENDING,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
        )
    )


def send_outgoing_email(email_id):
    """Send one outbox row if it is due. Returns its status afterwards (or ``None``)."""
    now = timezone.now()
    if not claim(email_id, now):
        return None
    email = OutgoingEmail.objects.select_related("subscriber").get(pk=email_id)
    subscriber = email.subscriber
    if subscriber.status != subscriber.Status.PENDING:
        # Confirmed or unsubscribed meanwhile: a confirmation request would only confuse.
        email.status = OutgoingEmail.Status.CANCELLED
        email.next_attempt_at = None
        email.save(update_fields=["status", "next_attempt_at"])
        return email.status

    # A fresh token for each attempt; only its hash is kept, and only once it may be delivered.
    token = secrets.token_urlsafe(32)
    email.token_hash = hash_token(token)
    email.token_expires_at = now + CONFIRMATION_TOKEN_LIFETIME
    email.save(update_fields=["token_hash", "token_expires_at"])
    try:
        confirmation_message(subscriber, token).send()
    except Exception as error:  # any backend failure: keep the row and retry later
        record_failure(email, error)
    else:
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.next_attempt_at = None
        email.last_error = ""
        email.save(update_fields=["status", "sent_at", "next_attempt_at", "last_error"])
    return email.status


def retry_delay(attempts):
    """The wait before the next attempt after ``attempts`` failed ones (at least one)."""
    return RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]


def record_failure(email, error):
    """Put a failed row back in the queue with a delay, or give up after MAX_ATTEMPTS."""
    # The log line names only the error type: server messages may quote the address, which
    # belongs in the row (erased with the subscriber), not in log files.
    logger.warning(
        "Newsletter email %s failed (attempt %s): %s",
        email.pk,
        email.attempts,
        type(error).__name__,
    )
    email.last_error = f"{type(error).__name__}: {error}"[:1000]
    email.token_hash = ""  # that link was never delivered
    email.token_expires_at = None
    if email.attempts >= MAX_ATTEMPTS:
        email.status = OutgoingEmail.Status.FAILED
        email.next_attempt_at = None
    else:
        email.status = OutgoingEmail.Status.QUEUED
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
    email.save(
        update_fields=["last_error", "token_hash", "token_expires_at", "status", "next_attempt_at"]
    )


def enqueue_after_commit(email_id):
    """Ask the task backend to send a row once the current transaction has committed.

    If the backend cannot take the task, the row simply waits for ``send_newsletter_outbox``.
    """

    def enqueue():
        from .tasks import send_outgoing_email_task

        try:
            send_outgoing_email_task.enqueue(email_id)
        except Exception:
            logger.exception("Could not enqueue newsletter email %s; cron will send it", email_id)

    transaction.on_commit(enqueue)
