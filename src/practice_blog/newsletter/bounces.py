"""Bounces and spam complaints reported by a mail provider, through django-anymail's webhooks.

Optional: when the site installs ``anymail`` and includes ``anymail.urls``, the provider's
webhook (authenticated with ``ANYMAIL["WEBHOOK_SECRET"]``; a request without it is refused with
a 400 and changes nothing) sends each event to :func:`record_mail_problem`. A reader whose mail
bounced for good, or who marked an email as spam, is not sent to again; staff see why on the
subscriber's record. Opens and clicks, which some providers also report, are ignored: we do not
track readers.
"""

from django.db import transaction
from django.utils import timezone

from .models import Delivery, Subscriber
from .subscriptions import normalise_email, unsubscribe

# Anymail's normalised event types (anymail.signals.EventType), and what each means to us.
STOPPING_EVENTS = {
    "bounced": "Mail to this address bounced",
    "rejected": "The mail provider refused to send to this address",
    "complained": "The reader reported one of our emails as spam",
}
UNSUBSCRIBE_EVENT = "unsubscribed"
PROBLEM_MAX_LENGTH = 300


def describe(event):
    """The reason staff see, from the event's type and the provider's own description."""
    reason = STOPPING_EVENTS[event.event_type]
    detail = " ".join(str(event.description or event.reject_reason or "").split())
    return f"{reason}: {detail}"[:PROBLEM_MAX_LENGTH] if detail else reason


@transaction.atomic
def record_mail_problem(event):
    """Stop emailing the event's recipient when the provider says mail to them cannot go on.

    Returns the subscriber that changed, or ``None`` (an unknown address, or an event such as a
    delivery or a temporary deferral that needs nothing).
    """
    if not event.recipient:
        return None
    subscriber = (
        Subscriber.objects.select_for_update()
        .filter(email=normalise_email(event.recipient))
        .first()
    )
    if subscriber is None:
        return None
    if event.event_type == UNSUBSCRIBE_EVENT:
        return subscriber if unsubscribe(subscriber) else None
    if event.event_type not in STOPPING_EVENTS:
        return None
    subscriber.status = Subscriber.Status.STOPPED
    subscriber.email_problem = describe(event)
    subscriber.email_problem_at = event.timestamp or timezone.now()
    subscriber.save(update_fields=["status", "email_problem", "email_problem_at"])
    Delivery.objects.filter(
        subscriber=subscriber, status__in=(Delivery.Status.QUEUED, Delivery.Status.SENDING)
    ).update(status=Delivery.Status.SKIPPED, claimed_until=None)
    return subscriber


def on_anymail_tracking(sender, event, esp_name, **kwargs):
    """Receiver for ``anymail.signals.tracking`` (connected in ``apps.ready``)."""
    record_mail_problem(event)
