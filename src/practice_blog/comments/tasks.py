"""Background tasks (django-tasks) for reader comments. They are given a comment's id only: task
results are kept for a day, and must not hold what a reader wrote or their address."""

from django_tasks import task

from .models import ReaderComment


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
    confirmation_message(comment).send()
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
    message.send()
    return f"sent to {len(message.to)}"
