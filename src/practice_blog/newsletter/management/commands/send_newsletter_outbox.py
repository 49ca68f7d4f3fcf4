"""Send (or retry) every due email in the newsletter outbox. Run it from cron, e.g. every
five minutes: ``*/5 * * * * cd /srv/site && .venv/bin/python manage.py send_newsletter_outbox``.
"""

from django.core.management.base import BaseCommand

from practice_blog.newsletter.models import OutgoingEmail
from practice_blog.newsletter.outbox import due_emails, send_outgoing_email


class Command(BaseCommand):
    help = (
        "Send the newsletter emails that are waiting, and retry failed ones whose next "
        "attempt is due. Safe to run while the site is sending: no email goes out twice."
    )

    def handle(self, *args, **options):
        email_ids = list(due_emails().order_by("created_at").values_list("pk", flat=True))
        total = len(email_ids)
        self.stdout.write(f"Newsletter outbox: {total} email(s) due.")
        outcomes = {}
        for number, email_id in enumerate(email_ids, start=1):
            status = send_outgoing_email(email_id) or "skipped (taken by another worker)"
            outcomes[status] = outcomes.get(status, 0) + 1
            self.stdout.write(f"[{number}/{total}] email #{email_id}: {status}")
        retrying = outcomes.get(OutgoingEmail.Status.QUEUED, 0)
        summary = (
            f"Done: {total} due, {outcomes.get(OutgoingEmail.Status.SENT, 0)} sent, "
            f"{retrying} failed and will be retried, "
            f"{outcomes.get(OutgoingEmail.Status.FAILED, 0)} given up, "
            f"{outcomes.get(OutgoingEmail.Status.CANCELLED, 0)} no longer needed."
        )
        style = (
            self.style.WARNING
            if retrying or OutgoingEmail.Status.FAILED in outcomes
            else (self.style.SUCCESS)
        )
        self.stdout.write(style(summary))
