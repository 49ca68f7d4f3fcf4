"""Bounces and spam complaints from the mail provider (django-anymail's webhooks, Postmark's
format here): the reader is not sent to again, staff see why, a forged call changes nothing."""

import base64
import json

import pytest
from django.utils import timezone

from practice_blog.newsletter import sending
from practice_blog.newsletter.models import Delivery, Subscriber

from .sending_helpers import make_readers, only_dispatch, recipients

pytestmark = pytest.mark.django_db

WEBHOOK = "/anymail/postmark/tracking/"
GOOD_AUTH = "Basic " + base64.b64encode(b"provider:test-webhook-secret").decode()
BAD_AUTH = "Basic " + base64.b64encode(b"provider:guessed").decode()


def postmark_event(address, record_type="Bounce", kind="HardBounce"):
    return {
        "RecordType": record_type,
        "Type": kind,
        "TypeCode": 1,
        "MessageID": "00000000-0000-0000-0000-000000000000",
        "Email": address,
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "BouncedAt": "2026-12-02T10:00:00Z",
    }


def call(client, event, auth=GOOD_AUTH):
    return client.post(
        WEBHOOK, json.dumps(event), content_type="application/json", HTTP_AUTHORIZATION=auth
    )


def test_a_hard_bounce_stops_all_email_to_that_reader(client, make_article, outbox, owner):
    bounced, fine = make_readers(2)
    assert call(client, postmark_event(bounced.email.upper())).status_code == 200
    bounced.refresh_from_db()
    assert bounced.status == Subscriber.Status.STOPPED
    assert bounced.email_problem.startswith("Mail to this address bounced")

    make_article()
    sending.send_dispatch(only_dispatch().pk)
    assert recipients(outbox) == [fine.email]

    client.force_login(owner)
    record = client.get(f"/admin/newsletter/subscriber/inspect/{bounced.pk}/").content.decode()
    assert "Mail to this address bounced" in record


def test_a_spam_complaint_mid_send_skips_the_reader(client, make_article, outbox):
    complains, other = make_readers(2)
    make_article()
    dispatch = only_dispatch()
    sending.start(dispatch.pk, timezone.now())
    event = postmark_event(complains.email, record_type="SpamComplaint", kind="SpamComplaint")
    assert call(client, event).status_code == 200
    assert Delivery.objects.get(subscriber=complains).status == Delivery.Status.SKIPPED
    sending.send_dispatch(dispatch.pk)
    assert recipients(outbox) == [other.email]
    complains.refresh_from_db()
    assert "reported one of our emails as spam" in complains.email_problem


def test_a_temporary_problem_changes_nothing(client):
    (reader,) = make_readers(1)
    event = postmark_event(reader.email, kind="Transient")
    assert call(client, event).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE


def test_a_webhook_call_without_the_secret_is_refused_and_changes_nothing(client):
    (reader,) = make_readers(1)
    for auth in (BAD_AUTH, ""):
        response = call(client, postmark_event(reader.email), auth=auth)
        assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE
    assert reader.email_problem == ""
