"""Bots, floods and list-probing get nowhere; the answer never reveals who subscribes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practice_blog.core import anonymous_posts
from practice_blog.newsletter.models import OutgoingEmail, Subscriber
from practice_blog.newsletter.views import SIGNUPS_PER_WINDOW

from .conftest import BROWSER

pytestmark = pytest.mark.django_db


def test_filled_honeypot_is_refused_and_nothing_is_written(sign_up, outbox):
    response = sign_up(**{anonymous_posts.HONEYPOT_FIELD: "http://spam.example"})
    assert response.status_code == 400
    assert Subscriber.objects.count() == 0
    assert outbox == []


def test_form_sent_too_fast_is_refused_with_a_fresh_form(sign_up, outbox, html):
    response = sign_up(**{anonymous_posts.TIMESTAMP_FIELD: anonymous_posts.form_timestamp()})
    assert response.status_code == 400
    page = html(response)
    assert "quicker than we expected" in page.select_one("[role=alert]").get_text()
    form = page.select_one("main form[data-newsletter-signup]")
    assert form.select_one("input[name=email]")["value"] == "reader@example.org"
    assert Subscriber.objects.count() == 0
    assert outbox == []


def test_forged_timestamp_is_refused(sign_up, outbox):
    assert sign_up(**{anonymous_posts.TIMESTAMP_FIELD: "12345"}).status_code == 400
    assert Subscriber.objects.count() == 0


def test_known_bots_are_refused(sign_up, outbox):
    headers = {"Origin": "http://testserver", "User-Agent": "python-requests/2.32"}
    assert sign_up(headers=headers).status_code == 403
    assert Subscriber.objects.count() == 0
    assert outbox == []


def test_rate_limit_per_connection(sign_up, outbox, html, visitor):
    for number in range(SIGNUPS_PER_WINDOW):
        assert sign_up(email=f"reader{number}@example.org").status_code == 303
    response = sign_up(email="one-too-many@example.org")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Too many sign-ups" in html(response).select_one("[role=alert]").get_text()
    assert not Subscriber.objects.filter(email="one-too-many@example.org").exists()
    # Another connection is not affected.
    from django.test import Client

    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    assert sign_up(client=other, email="neighbour@example.org").status_code == 303


def test_at_most_two_confirmation_emails_per_address_per_day(sign_up, outbox):
    for _ in range(4):
        assert sign_up().status_code == 303
    assert len(outbox) == 2
    assert OutgoingEmail.objects.count() == 2
    # A day later the reader may ask again.
    OutgoingEmail.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    sign_up()
    assert len(outbox) == 3


def test_each_confirmation_email_has_its_own_working_link(sign_up, outbox, visitor):
    sign_up()
    sign_up()
    first, second = (m.body.split("/newsletter/confirm/")[1].split("/")[0] for m in outbox)
    assert first != second
    response = visitor.post(
        f"/newsletter/confirm/{first}/", headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 303
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE


def response_fingerprint(response):
    body = response.content
    return response.status_code, response.get("Location"), body


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_no_enumeration_same_answer_for_new_pending_and_active(sign_up, outbox, accept):
    headers = {"Origin": "http://testserver", "User-Agent": BROWSER, "Accept": accept}
    new = sign_up(email="new@example.org", headers=headers)
    Subscriber.objects.create(
        email="active@example.org",
        status=Subscriber.Status.ACTIVE,
        consent_text_id=Subscriber.objects.get().consent_text_id,
    )
    outbox.clear()
    active = sign_up(email="active@example.org", headers=headers)
    pending = sign_up(email="new@example.org", headers=headers)
    assert response_fingerprint(new) == response_fingerprint(active)
    assert response_fingerprint(new) == response_fingerprint(pending)
    assert new.cookies == active.cookies == {}
    # The active subscriber got no new email; the pending one got a second confirmation.
    assert [message.to for message in outbox] == [["new@example.org"]]
    assert Subscriber.objects.get(email="active@example.org").status == "active"


def test_signing_up_again_after_unsubscribing_needs_a_new_confirmation(sign_up, outbox):
    sign_up()
    Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
    outbox.clear()
    sign_up(first_name="Samira")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.first_name == "Samira"
    assert len(outbox) == 1
