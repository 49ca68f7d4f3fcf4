"""Sending a dispatch to every reader: create the deliveries, claim them in batches, send, retry.

The rules that make "every reader once" hold, whatever happens to the worker:

* a reader has one delivery row per dispatch (unique), created by the worker, not the request;
* a worker claims a batch by giving its rows a lease (``claimed_until``); it marks each row sent
  right after the mail server accepts that message;
* a worker that dies leaves its unsent rows "being sent" with a lease that runs out; the next
  worker (or the minute tick) takes them back. Only the one message in flight at the moment of
  the crash, accepted by the server but not yet marked, can arrive twice: SMTP cannot promise
  more than that;
* a failure puts the row back with a growing delay (django-tasks has no retries; they live on
  the rows), and after :data:`~.outbox.MAX_ATTEMPTS` it is marked failed for staff to see.
"""

import logging
import smtplib
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from wagtail.models import Page

from practice_blog.core.conf import setting

from .messages import dispatch_content, message_for
from .models import Delivery, Dispatch, NewsletterPageMixin, NewsletterSettings, Subscriber
from .outbox import MAX_ATTEMPTS, RETRY_DELAYS

logger = logging.getLogger(__name__)

RECIPIENT_CHUNK = 2000
# Errors that concern one address; anything else means the server (or the network) is in
# trouble, so the rest of the batch waits instead of failing one reader after another.
RECIPIENT_ERRORS = (smtplib.SMTPRecipientsRefused,)


def lease():
    return timedelta(seconds=setting("NEWSLETTER_LEASE_SECONDS"))


def retry_delay(attempts):
    return RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]


# Creating dispatches ---------------------------------------------------------------------------


def enqueue_dispatch(dispatch_id):
    """Ask the worker to send a dispatch once the current transaction has committed.

    If the task backend cannot take it, the minute tick finds the dispatch and queues it.
    """

    def enqueue():
        from .tasks import send_dispatch_task

        try:
            send_dispatch_task.enqueue(dispatch_id)
        except Exception:
            logger.exception("Could not queue dispatch %s; the minute tick will", dispatch_id)

    transaction.on_commit(enqueue)


_paused = threading.local()


@contextmanager
def automatic_emails_paused():
    """Publish without emailing anyone: for loading demo content or importing an old blog,
    whose articles are not news to the subscribers."""
    _paused.active = True
    try:
        yield
    finally:
        _paused.active = False


def is_first_publication(page):
    """True when this publish is the page's first time live (Wagtail sets both dates at once)."""
    return page.first_published_at is not None and page.first_published_at == page.last_published_at


def dispatch_on_first_publish(page):
    """Create the article's one dispatch when it first goes live and the settings say so.

    Returns the new dispatch, or ``None`` (not first, not wanted, or digests instead). Costs
    the publishing request a few queries and one row, whatever the size of the list.
    """
    if not isinstance(page, NewsletterPageMixin) or not setting("NEWSLETTER_SENDING"):
        return None
    if getattr(_paused, "active", False):
        return None
    if not page.email_subscribers or not is_first_publication(page):
        return None
    site = page.get_site()
    if site is None or NewsletterSettings.for_site(site).send_mode != "each":
        return None
    return create_article_dispatch(page, site)


def create_article_dispatch(page, site, *, send_after=None, user=None):
    """The article's dispatch, scheduled for ``send_after`` (now by default); ``None`` if it
    already has one (an article is emailed at most once)."""
    try:
        with transaction.atomic():
            dispatch = Dispatch.objects.create(
                kind=Dispatch.Kind.ARTICLE,
                page=page,
                site=site,
                subject=page.title,
                status=Dispatch.Status.SCHEDULED,
                send_after=send_after or timezone.now(),
                created_by=user,
            )
    except IntegrityError:
        return None
    enqueue_dispatch(dispatch.pk)
    return dispatch


def schedule(dispatch, send_after=None):
    """(Re)schedule a draft, cancelled or stopped dispatch. Readers who already have it are
    not sent it again; readers who subscribed since are added."""
    Dispatch.objects.filter(pk=dispatch.pk).update(
        status=Dispatch.Status.SCHEDULED,
        send_after=send_after or timezone.now(),
        recipients_ready=False,
        finished_at=None,
        stop_reason="",
    )
    enqueue_dispatch(dispatch.pk)


def cancel(dispatch, reason="Cancelled by staff."):
    """Stop a dispatch that has not finished; emails already sent stay sent. True if changed."""
    with transaction.atomic():
        changed = Dispatch.objects.filter(pk=dispatch.pk, status__in=Dispatch.UNFINISHED).update(
            status=Dispatch.Status.CANCELLED, finished_at=timezone.now(), stop_reason=reason
        )
        release(Delivery.objects.filter(dispatch_id=dispatch.pk, status=Delivery.Status.SENDING))
    return bool(changed)


# The worker ------------------------------------------------------------------------------------


def start(dispatch_id, now):
    """Move a due dispatch to "sending" and give every active reader a delivery row.

    Returns the dispatch when there is sending to do, else ``None``.
    """
    Dispatch.objects.filter(
        pk=dispatch_id, status=Dispatch.Status.SCHEDULED, send_after__lte=now
    ).update(status=Dispatch.Status.SENDING, started_at=now)
    dispatch = (
        Dispatch.objects.select_related("site", "page")
        .filter(pk=dispatch_id, status=Dispatch.Status.SENDING)
        .first()
    )
    if dispatch is not None and not dispatch.recipients_ready:
        create_deliveries(dispatch)
    return dispatch


def create_deliveries(dispatch):
    """One row per active reader, in chunks (idempotent: a restart adds only what is missing)."""
    readers = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE).order_by("pk")
    last = 0
    while True:
        ids = list(readers.filter(pk__gt=last).values_list("pk", flat=True)[:RECIPIENT_CHUNK])
        if not ids:
            break
        Delivery.objects.bulk_create(
            [Delivery(dispatch_id=dispatch.pk, subscriber_id=pk) for pk in ids],
            ignore_conflicts=True,
        )
        last = ids[-1]
    Dispatch.objects.filter(pk=dispatch.pk).update(recipients_ready=True)


def due_deliveries(dispatch_id, now):
    """Rows to send now: waiting and due, or left "being sent" by a worker whose lease ran out."""
    return Delivery.objects.filter(dispatch_id=dispatch_id).filter(
        Q(status=Delivery.Status.QUEUED, next_attempt_at__lte=now)
        | Q(status=Delivery.Status.SENDING, claimed_until__lt=now)
    )


def claim_batch(dispatch_id, now):
    """Lease the next batch of due rows to this worker; returns them with their readers."""
    size = setting("NEWSLETTER_BATCH_SIZE")
    until = now + lease()
    with transaction.atomic():
        candidates = due_deliveries(dispatch_id, now).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        # The same condition again: a row another worker claimed meanwhile is not taken twice.
        due_deliveries(dispatch_id, now).filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, claimed_until=until, attempts=F("attempts") + 1
        )
        return list(
            Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING, claimed_until=until)
            .select_related("subscriber")
            .order_by("pk")
        )


def mark_sent(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )


def record_failure(delivery, error):
    """Back in the queue with a delay, or failed for good after MAX_ATTEMPTS."""
    # The log names only the error type: server messages may quote the address.
    logger.warning("Newsletter delivery %s failed: %s", delivery.pk, type(error).__name__)
    gave_up = delivery.attempts >= MAX_ATTEMPTS
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED if gave_up else Delivery.Status.QUEUED,
        next_attempt_at=None if gave_up else timezone.now() + retry_delay(delivery.attempts),
        claimed_until=None,
        last_error=f"{type(error).__name__}: {error}"[:1000],
    )


def release(deliveries, error=None, delay=timedelta(0)):
    """Give unsent rows back (the attempt did not happen), e.g. when the server went away."""
    changes = {
        "status": Delivery.Status.QUEUED,
        "claimed_until": None,
        "attempts": F("attempts") - 1,
        "next_attempt_at": timezone.now() + delay,
    }
    if error is not None:
        changes["last_error"] = f"{type(error).__name__}: {error}"[:1000]
    deliveries.filter(status=Delivery.Status.SENDING).update(**changes)


class Throttle:
    """Keep to NEWSLETTER_PER_SECOND emails a second (a provider's limit, or the host's)."""

    def __init__(self):
        per_second = setting("NEWSLETTER_PER_SECOND")
        self.interval = 1 / per_second if per_second else 0
        self.next_at = time.monotonic()

    def wait(self):
        if self.interval:
            pause = self.next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self.next_at = max(self.next_at, time.monotonic()) + self.interval


def send_batch(batch, content, throttle):
    """Send a claimed batch over one SMTP connection. Returns False if the server failed."""
    pending = Delivery.objects.filter(pk__in=[delivery.pk for delivery in batch])
    mail = get_connection()
    try:
        mail.open()
    except Exception as error:
        release(pending, error, retry_delay(1))
        return False
    try:
        for index, delivery in enumerate(batch):
            if delivery.subscriber.status != Subscriber.Status.ACTIVE:
                Delivery.objects.filter(pk=delivery.pk).update(
                    status=Delivery.Status.SKIPPED, claimed_until=None
                )
                continue
            throttle.wait()
            try:
                accepted = mail.send_messages([message_for(content, delivery.subscriber, mail)])
            except RECIPIENT_ERRORS as error:
                record_failure(delivery, error)
                continue
            except Exception as error:
                record_failure(delivery, error)
                rest = [later.pk for later in batch[index + 1 :]]
                release(pending.filter(pk__in=rest), error, retry_delay(delivery.attempts))
                return False
            if accepted:
                mark_sent(delivery)
            else:
                record_failure(delivery, RuntimeError("The mail backend did not accept it."))
    finally:
        try:
            mail.close()
        except Exception:
            logger.warning("Closing the mail connection failed", exc_info=True)
    return True


def stop_reason(dispatch):
    """Why sending must stop now (cancelled, or the article is no longer live), or ``""``."""
    status = Dispatch.objects.filter(pk=dispatch.pk).values_list("status", flat=True).first()
    if status != Dispatch.Status.SENDING:
        return "cancelled"
    if dispatch.kind == Dispatch.Kind.ARTICLE and not (
        Page.objects.filter(pk=dispatch.page_id, live=True).exists()
    ):
        return "The article was unpublished, so sending stopped."
    return ""


def send_dispatch(dispatch_id, *, max_batches=None):
    """Send what is due of one dispatch (the worker's task). Returns its progress afterwards.

    ``max_batches`` lets tests and the benchmark stop a worker between batches.
    """
    dispatch = start(dispatch_id, timezone.now())
    if dispatch is None:
        return None
    content = dispatch_content(dispatch)
    throttle = Throttle()
    batches = 0
    while max_batches is None or batches < max_batches:
        reason = stop_reason(dispatch)
        if reason:
            if reason != "cancelled":
                stop(dispatch, reason)
            break
        batch = claim_batch(dispatch.pk, timezone.now())
        if not batch:
            break
        batches += 1
        if not send_batch(batch, content, throttle):
            break
    finish_if_done(dispatch)
    return progress(dispatch.pk).summary()


def stop(dispatch, reason):
    with transaction.atomic():
        Dispatch.objects.filter(pk=dispatch.pk, status=Dispatch.Status.SENDING).update(
            status=Dispatch.Status.STOPPED, finished_at=timezone.now(), stop_reason=reason
        )
        release(Delivery.objects.filter(dispatch_id=dispatch.pk, status=Delivery.Status.SENDING))


def finish_if_done(dispatch):
    """Mark the dispatch sent once no row is waiting or being sent."""
    open_rows = Delivery.objects.filter(
        dispatch_id=dispatch.pk, status__in=(Delivery.Status.QUEUED, Delivery.Status.SENDING)
    )
    if not open_rows.exists():
        Dispatch.objects.filter(pk=dispatch.pk, status=Dispatch.Status.SENDING).update(
            status=Dispatch.Status.SENT, finished_at=timezone.now()
        )


# Progress and the minute tick ------------------------------------------------------------------


@dataclass
class Progress:
    """How far a dispatch has got, from one aggregate query."""

    total: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def waiting(self):
        return self.total - self.sent - self.failed - self.skipped

    def summary(self):
        if not self.total:
            return "Not started"
        text = f"{self.sent:,} of {self.total:,} sent"
        if self.failed:
            text += f", {self.failed:,} failed"
        if self.skipped:
            text += f", {self.skipped:,} no longer subscribed"
        return text


PROGRESS_COUNTS = {
    "total": Count("deliveries"),
    "sent": Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
    "failed": Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
    "skipped": Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SKIPPED)),
}


def with_progress(dispatches):
    """Annotate a queryset of dispatches with their delivery counts (one query for a listing)."""
    return dispatches.annotate(
        **{f"progress_{key}": value for key, value in PROGRESS_COUNTS.items()}
    )


def progress_of(dispatch):
    """The :class:`Progress` of a dispatch annotated by :func:`with_progress`."""
    return Progress(**{key: getattr(dispatch, f"progress_{key}") for key in PROGRESS_COUNTS})


def progress(dispatch_id):
    return progress_of(with_progress(Dispatch.objects.filter(pk=dispatch_id)).get())


def dispatches_needing_a_worker(now=None):
    """Dispatches with work due and no live lease: scheduled and due, retries due, or rows a
    dead worker left behind. The minute tick queues each of them once."""
    now = now or timezone.now()
    due_rows = Delivery.objects.filter(
        Q(status=Delivery.Status.QUEUED, next_attempt_at__lte=now)
        | Q(status=Delivery.Status.SENDING, claimed_until__lt=now)
    )
    leased = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_until__gte=now)
    sending = Dispatch.objects.filter(status=Dispatch.Status.SENDING)
    stuck = sending.filter(
        Q(pk__in=due_rows.values("dispatch_id")) | Q(recipients_ready=False)
    ).exclude(pk__in=leased.values("dispatch_id"))
    due = Dispatch.objects.filter(status=Dispatch.Status.SCHEDULED, send_after__lte=now)
    finished = sending.exclude(
        pk__in=Delivery.objects.filter(
            status__in=(Delivery.Status.QUEUED, Delivery.Status.SENDING)
        ).values("dispatch_id")
    ).filter(recipients_ready=True)
    return (
        list(due.values_list("pk", flat=True))
        + list(stuck.values_list("pk", flat=True))
        + list(finished.values_list("pk", flat=True))
    )
