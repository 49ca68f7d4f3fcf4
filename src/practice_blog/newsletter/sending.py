"""Sending a dispatch to every reader: create the deliveries, claim them in batches, send, retry.

The rules that make "every reader once" hold, whatever happens to the worker:

* a reader has one delivery row per dispatch (unique), created by the worker, not the request;
* a worker claims a batch by giving its rows a lease (``claimed_until``). Right before each
  message it renews that row's lease, and only if the row is still its own, the dispatch is
  still sending and the reader is still subscribed; it marks the row sent right after the mail
  server accepts the message;
* a worker that dies leaves its unsent rows "being sent" with a lease that runs out; the next
  worker (queued by the minute tick) takes them back. Only the one message in flight at the
  moment of the crash, accepted by the server but not yet marked, can arrive twice: SMTP
  cannot promise more than that;
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

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from wagtail.models import Page

from practice_blog.core.conf import setting

from .messages import EmailNotPossible, dispatch_content, message_for
from .models import Delivery, Dispatch, NewsletterPageMixin, Subscriber
from .outbox import MAX_ATTEMPTS, retry_delay
from .senders import newsletter_settings_for

logger = logging.getLogger(__name__)

RECIPIENT_CHUNK = 2000
# Errors that concern one message or address; anything else means the server (or the network)
# is in trouble, so the rest of the batch waits instead of failing one reader after another.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)
# One task sends for at most this long, then queues a fresh task for the rest: a worker can be
# stopped quickly, and confirmation emails never wait behind a whole list.
TASK_SECONDS = 30
NEEDS_REVIEW = (
    "Waiting for you: the article mentions suicide or self-harm without a content note. "
    "Add one, or confirm here that it should go out as it is."
)

OPEN = (Delivery.Status.QUEUED, Delivery.Status.SENDING)


def lease():
    return timedelta(seconds=setting("NEWSLETTER_LEASE_SECONDS"))


def batch_lease():
    """A batch's lease: the lease plus the time the rate limit needs for the whole batch."""
    per_second = setting("NEWSLETTER_PER_SECOND")
    sending_time = setting("NEWSLETTER_BATCH_SIZE") / per_second if per_second else 0
    return lease() + timedelta(seconds=sending_time)


def due(now):
    """Rows to send now: waiting and due, or left "being sent" by a worker whose lease ran out."""
    return Q(status=Delivery.Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=Delivery.Status.SENDING, claimed_until__lt=now
    )


# Creating and changing dispatches ----------------------------------------------------------


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
            return
        Dispatch.objects.filter(pk=dispatch_id).update(worker_queued_at=timezone.now())

    transaction.on_commit(enqueue)


_paused = threading.local()


@contextmanager
def automatic_emails_paused():
    """Publish without emailing anyone: for loading demo content or importing an old blog,
    whose articles are not news to the subscribers."""
    previous = getattr(_paused, "active", False)
    _paused.active = True
    try:
        yield
    finally:
        _paused.active = previous


def is_first_publication(page):
    """True when this publish is the page's first time live (Wagtail sets both dates at once)."""
    return page.first_published_at is not None and page.first_published_at == page.last_published_at


def why_not_emailable(page):
    """Why a page cannot go to the whole list, or ``""``: readers must be able to open it."""
    if not page.live:
        return "The article is not published."
    if page.get_site() is None:
        return "The article is not part of any website, so it has no address."
    if page.get_view_restrictions().exists():
        return "The article is private (password or login), so readers could not open it."
    return ""


def needs_review(page):
    """True when the safe-messaging check asks for confirmation before a send."""
    from .messages import safety_api

    safety = safety_api()
    return bool(safety and safety.safe_messaging_findings(page)[1])


def dispatch_on_first_publish(page):
    """Create the article's one dispatch when it first goes live and the settings say so.

    Returns the new dispatch, or ``None`` (not first, not wanted, digests instead, private).
    An article that mentions suicide without a content note waits as a draft for staff.
    Costs the publishing request a few queries and one row, whatever the size of the list.
    """
    if not isinstance(page, NewsletterPageMixin) or not setting("NEWSLETTER_SENDING"):
        return None
    if getattr(_paused, "active", False):
        return None
    if not page.email_subscribers or not is_first_publication(page) or why_not_emailable(page):
        return None
    site = page.get_site()
    if newsletter_settings_for(site).send_mode != "each":
        return None
    if needs_review(page):
        return create_article_dispatch(page, site, draft_reason=NEEDS_REVIEW)
    return create_article_dispatch(page, site)


def create_article_dispatch(page, site, *, send_after=None, user=None, draft_reason=""):
    """The article's dispatch, scheduled for ``send_after`` (now by default), or a draft with
    ``draft_reason``; ``None`` if it already has one (an article is emailed at most once)."""
    try:
        with transaction.atomic():
            dispatch = Dispatch.objects.create(
                kind=Dispatch.Kind.ARTICLE,
                page=page,
                site=site,
                subject=page.title,
                status=Dispatch.Status.DRAFT if draft_reason else Dispatch.Status.SCHEDULED,
                stop_reason=draft_reason,
                send_after=None if draft_reason else send_after or timezone.now(),
                created_by=user,
            )
    except IntegrityError:
        return None
    if not draft_reason:
        enqueue_dispatch(dispatch.pk)
    return dispatch


RESTARTABLE = (Dispatch.Status.DRAFT, Dispatch.Status.CANCELLED, Dispatch.Status.STOPPED)


def in_a_digest(page):
    """True when a digest holding ``page`` is scheduled, sending or sent."""
    return Dispatch.objects.filter(
        kind=Dispatch.Kind.DIGEST,
        articles=page,
        status__in=(Dispatch.Status.SCHEDULED, Dispatch.Status.SENDING, Dispatch.Status.SENT),
    ).exists()


def schedule(dispatch, send_after=None):
    """(Re)start a draft, cancelled or stopped dispatch; False if it is not in such a state.

    Readers who already have it are not sent it again; readers whose copy failed are tried
    again, and readers who subscribed since are added.
    """
    with transaction.atomic():
        changed = Dispatch.objects.filter(pk=dispatch.pk, status__in=RESTARTABLE).update(
            status=Dispatch.Status.SCHEDULED,
            send_after=send_after or timezone.now(),
            recipients_ready=False,
            finished_at=None,
            stop_reason="",
            server_failures=0,
            server_error="",
        )
        if changed:
            Delivery.objects.filter(dispatch_id=dispatch.pk, status=Delivery.Status.FAILED).update(
                status=Delivery.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
            )
    if changed:
        enqueue_dispatch(dispatch.pk)
    return bool(changed)


def end(dispatch, status, reason):
    """Cancel or stop a dispatch that has not finished; True if it changed.

    Rows a worker is sending keep their lease: that worker sees the change before its next
    message and stops, so nothing is sent twice if the dispatch is started again.
    """
    return bool(
        Dispatch.objects.filter(pk=dispatch.pk, status__in=Dispatch.UNFINISHED).update(
            status=status, finished_at=timezone.now(), stop_reason=reason
        )
    )


def cancel(dispatch):
    return end(dispatch, Dispatch.Status.CANCELLED, "Cancelled by staff.")


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


def claim_batch(dispatch_id, now):
    """Lease the next batch of due rows to this worker; returns them with their readers."""
    size = setting("NEWSLETTER_BATCH_SIZE")
    until = now + batch_lease()
    rows = Delivery.objects.filter(dispatch_id=dispatch_id)
    with transaction.atomic():
        candidates = rows.filter(due(now)).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        # The same condition again: a row another worker claimed meanwhile is not taken twice.
        rows.filter(due(now), pk__in=ids).update(
            status=Delivery.Status.SENDING, claimed_until=until, attempts=F("attempts") + 1
        )
        return list(
            rows.filter(pk__in=ids, status=Delivery.Status.SENDING, claimed_until=until)
            .select_related("subscriber")
            .order_by("pk")
        )


def keep_claim(delivery):
    """Renew one row's lease right before its message, if it is still this worker's to send:
    the row unchanged since the claim, the dispatch still sending, the reader still subscribed
    (an unsubscribe or an erasure a moment ago counts). Returns True if it may be sent."""
    until = timezone.now() + lease()
    renewed = Delivery.objects.filter(
        pk=delivery.pk,
        status=Delivery.Status.SENDING,
        claimed_until=delivery.claimed_until,
        dispatch__status=Dispatch.Status.SENDING,
        subscriber__status=Subscriber.Status.ACTIVE,
    ).update(claimed_until=until)
    if renewed:
        delivery.claimed_until = until
    return bool(renewed)


def mark_sent(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )


def error_text(error):
    return f"{type(error).__name__}: {error}"[:1000]


def record_failure(delivery, error):
    """Back in the queue with a delay, or failed for good after MAX_ATTEMPTS."""
    # The log names only the error type: server messages may quote the address.
    logger.warning("Newsletter delivery %s failed: %s", delivery.pk, type(error).__name__)
    gave_up = delivery.attempts >= MAX_ATTEMPTS
    mine = {"status": Delivery.Status.SENDING, "claimed_until": delivery.claimed_until}
    Delivery.objects.filter(pk=delivery.pk, **mine).update(
        status=Delivery.Status.FAILED if gave_up else Delivery.Status.QUEUED,
        next_attempt_at=None if gave_up else timezone.now() + retry_delay(delivery.attempts),
        claimed_until=None,
        last_error=error_text(error),
    )


def server_failed(dispatch, rows, error):
    """The mail server refused the connection or went away: give the unsent rows back (that
    attempt did not happen) after a delay that grows with each failure in a row."""
    logger.warning("Newsletter mail server failed for dispatch %s: %s", dispatch.pk, error)
    dispatch.server_failures += 1
    Dispatch.objects.filter(pk=dispatch.pk).update(
        server_failures=dispatch.server_failures, server_error=error_text(error)[:500]
    )
    give_back(rows, delay=retry_delay(dispatch.server_failures), error=error)
    if dispatch.server_failures >= MAX_ATTEMPTS:
        end(
            dispatch,
            Dispatch.Status.STOPPED,
            f"The mail server failed {dispatch.server_failures} times in a row "
            f"({error_text(error)[:200]}). Check the email settings, then send it again.",
        )


def give_back(rows, *, delay=timedelta(0), error=None):
    """Put claimed, unsent rows back in the queue without counting an attempt."""
    changes = {"last_error": error_text(error)} if error else {}
    rows.filter(status=Delivery.Status.SENDING).update(
        **changes,
        status=Delivery.Status.QUEUED,
        claimed_until=None,
        attempts=F("attempts") - 1,
        next_attempt_at=timezone.now() + delay,
    )


def server_recovered(dispatch):
    if dispatch.server_failures:
        dispatch.server_failures = 0
        Dispatch.objects.filter(pk=dispatch.pk).update(server_failures=0, server_error="")


class Throttle:
    """Keep to NEWSLETTER_PER_SECOND emails a second per worker (a provider's limit)."""

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


def connection_timeout():
    """Seconds an SMTP call may hang: well inside the lease, so no other worker takes the row
    back while this one may still be sending it."""
    lease_seconds = setting("NEWSLETTER_LEASE_SECONDS")
    return min(getattr(settings, "EMAIL_TIMEOUT", None) or 60, max(lease_seconds // 3, 1))


def send_batch(dispatch, batch, content, throttle, deadline=None):
    """Send a claimed batch over one SMTP connection.

    Returns "done", "stop" (cancelled, or the server failed) or "later" (out of time: the
    rest of the batch goes back to the queue for the next task).
    """
    claimed_until = batch[0].claimed_until
    pending = Delivery.objects.filter(
        pk__in=[delivery.pk for delivery in batch], claimed_until=claimed_until
    )
    mail = get_connection(timeout=connection_timeout())
    try:
        mail.open()
    except Exception as error:
        server_failed(dispatch, pending, error)
        return "stop"
    try:
        for index, delivery in enumerate(batch):
            rest = pending.filter(pk__in=[later.pk for later in batch[index:]])
            if deadline and time.monotonic() > deadline:
                give_back(rest)
                return "later"
            throttle.wait()
            if not keep_claim(delivery):
                if not still_sending(dispatch):
                    return "stop"  # cancelled or stopped: the rest keep their lease
                # Still ours (same lease) means the reader left; a row another worker took
                # over after our lease ran out has a new lease and is left to that worker.
                rest.filter(pk=delivery.pk).update(
                    status=Delivery.Status.SKIPPED, claimed_until=None
                )
                continue
            try:
                message = message_for(content, delivery.subscriber, mail)
            except Exception as error:  # this reader's copy cannot be built: theirs alone
                record_failure(delivery, error)
                continue
            try:
                accepted = mail.send_messages([message])
            except MESSAGE_ERRORS as error:
                record_failure(delivery, error)
                continue
            except Exception as error:
                record_failure(delivery, error)
                server_failed(dispatch, rest.exclude(pk=delivery.pk), error)
                return "stop"
            if accepted:
                mark_sent(delivery)
            else:
                record_failure(delivery, RuntimeError("The mail backend did not accept it."))
        server_recovered(dispatch)
    finally:
        try:
            mail.close()
        except Exception:
            logger.warning("Closing the mail connection failed", exc_info=True)
    return "done"


def still_sending(dispatch):
    return Dispatch.objects.filter(pk=dispatch.pk, status=Dispatch.Status.SENDING).exists()


def stop_reason(dispatch):
    """Why sending must stop now (cancelled, or readers can no longer open the article)."""
    if not still_sending(dispatch):
        return "cancelled"
    if dispatch.kind == Dispatch.Kind.ARTICLE:
        page = Page.objects.filter(pk=dispatch.page_id).first()
        if page is None:
            return "The article was deleted, so sending stopped."
        problem = why_not_emailable(page)
        if problem:
            return f"{problem} Sending stopped."
    return ""


def send_dispatch(dispatch_id, *, max_batches=None, seconds=None):
    """Send what is due of one dispatch (the worker's task). Returns its progress afterwards.

    Stops after ``max_batches`` batches or ``seconds`` seconds (the task then queues itself
    again): tests and the benchmark stop a worker between batches this way.
    """
    try:
        dispatch = start(dispatch_id, timezone.now())
        if dispatch is None:
            return None
        content = dispatch_content(dispatch)
    except EmailNotPossible as problem:
        end(dispatch, Dispatch.Status.STOPPED, f"{problem} Nothing was sent.")
        return progress(dispatch_id).summary()
    except DatabaseError:
        raise  # the database is unreachable: the tick queues it again later
    except Exception as error:
        # A bug or bad data, not a passing problem: stop with the reason instead of failing
        # again every minute.
        logger.exception("Newsletter dispatch %s could not be prepared", dispatch_id)
        Dispatch.objects.filter(pk=dispatch_id).update(worker_queued_at=None)
        end(
            Dispatch(pk=dispatch_id),
            Dispatch.Status.STOPPED,
            f"The email could not be prepared ({error_text(error)[:200]}). Nothing more was sent.",
        )
        return progress(dispatch_id).summary()
    throttle = Throttle()
    deadline = time.monotonic() + seconds if seconds else None
    batches = 0
    requeued = False
    while max_batches is None or batches < max_batches:
        reason = stop_reason(dispatch)
        if reason:
            if reason != "cancelled":
                end(dispatch, Dispatch.Status.STOPPED, reason)
            break
        batch = claim_batch(dispatch.pk, timezone.now())
        if not batch:
            break
        batches += 1
        outcome = send_batch(dispatch, batch, content, throttle, deadline)
        if outcome == "later" or (outcome == "done" and deadline and time.monotonic() > deadline):
            enqueue_dispatch(dispatch.pk)
            requeued = True
            break
        if outcome == "stop":
            break
    finish_if_done(dispatch)
    if not requeued:  # no task waits for it now: the tick may queue one when work is due
        Dispatch.objects.filter(pk=dispatch.pk).update(worker_queued_at=None)
    return progress(dispatch.pk).summary()


def finish_if_done(dispatch):
    """Mark the dispatch sent once no row is waiting or being sent."""
    if not Delivery.objects.filter(dispatch_id=dispatch.pk, status__in=OPEN).exists():
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
    annotated = with_progress(Dispatch.objects.filter(pk=dispatch_id)).first()
    return progress_of(annotated) if annotated else Progress()


def dispatches_needing_a_worker(now=None):
    """Dispatches with work due and no task queued for them recently: scheduled and due, rows
    due for a retry or left by a dead worker, deliveries still to create, or nothing left but
    marking them sent. The minute tick queues one task for each.

    Starts from the few unfinished dispatches, so the query cost does not grow with history.
    """
    now = now or timezone.now()
    recently = Q(worker_queued_at__gt=now - lease())
    wanted = []
    scheduled = Dispatch.objects.filter(status=Dispatch.Status.SCHEDULED, send_after__lte=now)
    wanted += scheduled.exclude(recently).values_list("pk", flat=True)
    for dispatch in Dispatch.objects.filter(status=Dispatch.Status.SENDING).exclude(recently):
        rows = Delivery.objects.filter(dispatch_id=dispatch.pk)
        nothing_open = not rows.filter(status__in=OPEN).exists()
        if not dispatch.recipients_ready or nothing_open or rows.filter(due(now)).exists():
            wanted.append(dispatch.pk)
    return wanted
