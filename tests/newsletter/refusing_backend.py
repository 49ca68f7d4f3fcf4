"""An email backend whose server refuses one address (like a mailbox that does not exist)."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class RefusingEmailBackend(EmailBackend):
    """Deliver to the in-memory outbox, except addresses starting "refuse"."""

    def send_messages(self, messages):
        for message in messages:
            refused = [address for address in message.to if address.startswith("refuse")]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(refused, (550, b"5.1.1 No such mailbox"))
                )
        return super().send_messages(messages)
