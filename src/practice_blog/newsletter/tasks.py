"""Background tasks (django-tasks): signups, confirmation emails and sending to the list.

With a queue backend (django-tasks-db by default) the worker runs them; nothing that a reader
or an editor does waits for the mail server. Every task is safe to run twice: the rows it
works on (outbox, deliveries) record what has been done.
"""

import logging

from django_tasks import task
from wagtail.models import Page

from .models import ConsentText
from .outbox import send_outgoing_email

logger = logging.getLogger(__name__)


@task()
def send_outgoing_email_task(email_id):
    """Send the outbox row ``email_id`` if it is still due; returns its new status."""
    return send_outgoing_email(email_id)


@task()
def process_signup_task(email, first_name, consent_version, consent_ticked, page_id=None):
    """Record a signup sent through the form; the worker decides whether an email is due.

    The request only queues this task, whatever the address: so the signup answers in the
    same time, with the same bytes, for a new reader and for one already on the list.
    """
    from .subscriptions import sign_up

    consent_text = ConsentText.objects.filter(pk=consent_version).first()
    if consent_text is None:
        # Consent versions are never deleted by the app; without the wording this reader saw
        # there is no consent to record, so the signup is dropped rather than guessed.
        logger.warning("Signup dropped: consent version %s no longer exists", consent_version)
        return
    sign_up(
        email=email,
        first_name=first_name,
        consent_text=consent_text,
        consent_ticked=consent_ticked,
        source_page=Page.objects.filter(pk=page_id).first() if page_id else None,
    )


@task()
def send_dispatch_task(dispatch_id):
    """Send what is due of one dispatch for up to half a minute, then queue itself again;
    returns its progress, e.g. "40 of 40 sent"."""
    from .sending import TASK_SECONDS, send_dispatch

    return send_dispatch(dispatch_id, seconds=TASK_SECONDS)
