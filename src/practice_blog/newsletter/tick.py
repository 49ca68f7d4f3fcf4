"""The newsletter's share of the minute tick (``manage.py practice_blog_tick``)."""

from .digests import create_due_digests
from .outbox import due_emails
from .sending import dispatches_needing_a_worker, enqueue_dispatch
from .subscriptions import purge_stale_signups
from .tasks import send_outgoing_email_task


def due_newsletter_work(now):
    """Create due digests, queue sending that is due (or that a dead worker left), queue
    confirmation emails whose retry is due, purge old unconfirmed signups. Returns a summary."""
    digests = create_due_digests(now)
    dispatch_ids = dispatches_needing_a_worker(now)
    for dispatch_id in dispatch_ids:
        enqueue_dispatch(dispatch_id)  # records when, so the next tick does not pile up more
    email_ids = list(due_emails(now).values_list("pk", flat=True))
    for email_id in email_ids:
        send_outgoing_email_task.enqueue(email_id)
    purged = purge_stale_signups(now)
    return (
        f"newsletter: {digests} digest(s) created, {len(dispatch_ids)} email(s) to subscribers "
        f"queued, {len(email_ids)} confirmation(s) queued, {purged} stale signup(s) removed"
    )
