"""Background tasks (django-tasks) for reader comments. They are given a comment's id only: task
results are kept for a day, and must not hold what a reader wrote or their address."""

import logging

from django_tasks import task

from .models import ReaderComment

logger = logging.getLogger(__name__)


class SendingFailed(Exception):
    """The mail server refused; the task's result records this, never the address."""


def send(message, comment_id, what):
    try:
        message.send()
    except Exception as error:
        # Mail errors often quote the recipient: log and keep only the comment's id.
        logger.warning(
            "Could not send the %s for comment %s (%s)", what, comment_id, type(error).__name__
        )
        raise SendingFailed(f"could not send the {what} for comment {comment_id}") from None


@task()
def send_confirmation_task(comment_id):
    """Email the writer the link that confirms their comment, while it is still unconfirmed."""
    from .emails import confirmation_message

    comment = (
        ReaderComment.objects.select_related("page")
        .filter(pk=comment_id, status=ReaderComment.Status.UNCONFIRMED)
        .first()
    )
    if comment is None or not comment.email:
        return "nothing to send"
    send(confirmation_message(comment), comment_id, "confirmation")
    return "sent"


@task()
def alert_staff_task(comment_id):
    """Tell staff at once that an urgent comment waits (it may show a reader at risk)."""
    from .emails import urgent_alert_message

    comment = ReaderComment.objects.select_related("page").filter(pk=comment_id).first()
    if comment is None or not comment.is_urgent:
        return "nothing to send"
    message = urgent_alert_message(comment)
    if message is None:
        return "nobody to tell"
    send(message, comment_id, "urgent alert")
    return f"sent to {len(message.to)}"
