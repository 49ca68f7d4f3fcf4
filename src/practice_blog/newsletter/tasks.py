"""Background tasks (django-tasks): sending one outbox row.

With the default immediate backend the task runs right after the signup is committed; with a
queue backend (e.g. django-tasks-db) a worker runs it. Either way the outbox row is already
saved, so nothing is lost if the task never runs: ``send_newsletter_outbox`` picks it up.
"""

from django_tasks import task

from .outbox import send_outgoing_email


@task()
def send_outgoing_email_task(email_id):
    """Send the outbox row ``email_id`` if it is still due; returns its new status."""
    return send_outgoing_email(email_id)
