"""A slow or failing mail server never loses a signup: the email waits in the outbox,
is retried, and failures stay visible to staff."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from practice_blog.newsletter import outbox as sender
from practice_blog.newsletter.models import OutgoingEmail, Subscriber

from .conftest import CONFIRM_LINK, link_path

pytestmark = pytest.mark.django_db
FAILING = "tests.newsletter.failing_backend.FailingEmailBackend"


def run_outbox_command():
    out = io.StringIO()
    call_command("send_newsletter_outbox", stdout=out)
    return out.getvalue()


def test_failing_mail_server_leaves_the_subscriber_pending_with_a_retry(sign_up, outbox):
    with override_settings(EMAIL_BACKEND=FAILING):
        response = sign_up()
    assert response.status_code == 303  # the reader is told the same thing
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 1
    assert "SMTPServerDisconnected" in email.last_error
    assert email.next_attempt_at > timezone.now() + timedelta(minutes=4)
    assert email.token_hash == ""  # the undelivered link is not valid
    assert outbox == []

    # Not due yet: the command leaves it alone.
    assert "0 email(s) due" in run_outbox_command()

    # Once due and with the server back, the command sends it and the link works.
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    output = run_outbox_command()
    assert "[1/1] email #" in output
    assert "Done: 1 due, 1 sent" in output
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 2
    assert email.last_error == ""
    assert len(outbox) == 1
    assert CONFIRM_LINK.search(outbox[0].body)


def test_gives_up_after_the_last_attempt_and_shows_it_to_staff(sign_up, client, owner):
    with override_settings(EMAIL_BACKEND=FAILING):
        sign_up()
        for _ in range(sender.MAX_ATTEMPTS - 1):
            OutgoingEmail.objects.update(next_attempt_at=timezone.now())
            output = run_outbox_command()
    assert "1 given up" in output
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == sender.MAX_ATTEMPTS
    assert email.next_attempt_at is None

    client.force_login(owner)
    listing = client.get("/admin/newsletter/outgoingemail/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Failed (gave up)" in text
    assert "SMTPServerDisconnected" in text


def test_task_backend_failure_still_keeps_the_signup(sign_up, outbox, monkeypatch):
    from practice_blog.newsletter.tasks import send_outgoing_email_task

    def broken_enqueue(*args, **kwargs):
        raise ConnectionError("task queue unavailable")

    monkeypatch.setattr(type(send_outgoing_email_task), "enqueue", broken_enqueue)
    assert sign_up().status_code == 303
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.QUEUED
    assert outbox == []
    assert "1 sent" in run_outbox_command()
    assert len(outbox) == 1


def test_an_email_is_never_sent_twice(sign_up, outbox):
    sign_up()
    email = OutgoingEmail.objects.get()
    assert sender.send_outgoing_email(email.pk) is None  # already sent: not claimed again
    assert "0 email(s) due" in run_outbox_command()
    assert len(outbox) == 1


def test_abandoned_send_is_picked_up_again(sign_up, outbox):
    sign_up()
    OutgoingEmail.objects.update(
        status=OutgoingEmail.Status.SENDING,
        last_attempt_at=timezone.now() - sender.STALE_SENDING_AFTER - timedelta(minutes=1),
    )
    outbox.clear()
    assert "1 sent" in run_outbox_command()
    assert len(outbox) == 1


def test_queued_confirmation_is_cancelled_once_the_reader_has_confirmed(sign_up, outbox, visitor):
    sign_up()
    path = link_path(CONFIRM_LINK, outbox[0])
    with override_settings(EMAIL_BACKEND=FAILING):
        sign_up()  # a second request that fails to send and waits for a retry
    visitor.post(path, headers={"Sec-Fetch-Site": "same-origin"})
    statuses = sorted(OutgoingEmail.objects.values_list("status", flat=True))
    assert statuses == [OutgoingEmail.Status.CANCELLED, OutgoingEmail.Status.SENT]
    assert "0 email(s) due" in run_outbox_command()
    assert len(outbox) == 1


def test_confirmation_email_uses_the_staff_wording(sign_up, outbox, newsletter_settings):
    newsletter_settings.confirmation_subject = "Almost there"
    newsletter_settings.confirmation_body = "Dear{name}, one click: {link} Thanks! {unknown}"
    newsletter_settings.save()
    sign_up(first_name="")
    message = outbox[0]
    assert message.subject == "Almost there"
    assert message.body.startswith("Dear, one click: http://testserver/newsletter/confirm/")
    assert "{unknown}" in message.body  # staff braces are left alone, never an error
    assert "/newsletter/unsubscribe/" in message.body
