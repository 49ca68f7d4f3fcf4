"""Bad input: a clear message, nothing written, no email sent."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from practice_blog.newsletter.models import OutgoingEmail, Subscriber

from .conftest import BROWSER, CONFIRM_LINK, link_path

pytestmark = pytest.mark.django_db


def assert_nothing_happened(outbox):
    assert Subscriber.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0
    assert outbox == []


def alert_text(html, response):
    page = html(response)
    return " ".join(node.get_text(" ", strip=True) for node in page.select("[role=alert]"))


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-address", "Enter an email address like name@example.com."),
        ("reader@", "Enter an email address like name@example.com."),
        ("", "Enter your email address."),
        ("a" * 250 + "@example.org", "That email address is too long"),
        ("reader@example.org\r\nBcc: victim@example.net", "Enter an email address like"),
        ("reader@example.org,victim@example.net", "Enter an email address like"),
    ],
)
def test_malformed_or_overlong_email_is_refused(sign_up, outbox, html, email, message):
    response = sign_up(email=email)
    assert response.status_code == 400
    assert message in alert_text(html, response)
    assert_nothing_happened(outbox)


@pytest.mark.parametrize(
    "name",
    [
        "Sam\r\nBcc: victim@example.net",
        "Sam\nSubject: hello",
        "Visit http://spam.example",
        "www.spam.example",
        "<b>Sam</b>",
        "S" * 101,
    ],
)
def test_header_injection_or_spam_in_the_name_is_refused(sign_up, outbox, html, name):
    response = sign_up(first_name=name)
    assert response.status_code == 400
    assert alert_text(html, response)
    assert_nothing_happened(outbox)


def test_missing_consent_is_refused_when_the_settings_ask_for_it(sign_up, outbox, html):
    response = sign_up(consent=None)
    assert response.status_code == 400
    assert "Tick the box to agree" in alert_text(html, response)
    assert_nothing_happened(outbox)


def test_consent_box_is_optional_when_the_settings_do_not_ask(
    sign_up, outbox, newsletter_settings, visitor, html
):
    newsletter_settings.require_consent_tick = False
    newsletter_settings.save()
    form = html(visitor.get("/")).select_one("form[data-newsletter-signup]")
    assert not form.select("input[name=consent]")
    assert "I would like to receive new articles" in form.get_text()

    assert sign_up(consent=None).status_code == 303
    subscriber = Subscriber.objects.get()
    assert subscriber.consent_ticked is False
    assert len(outbox) == 1


def test_unknown_consent_version_is_refused(sign_up, outbox, html):
    response = sign_up(consent_version="999999")
    assert response.status_code == 400
    assert "out of date" in alert_text(html, response)
    assert_nothing_happened(outbox)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example", "User-Agent": BROWSER},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver", "User-Agent": BROWSER},
        {"User-Agent": BROWSER},  # no Origin, no Referer
    ],
)
def test_cross_site_post_is_refused(sign_up, outbox, html, headers):
    response = sign_up(headers=headers)
    assert response.status_code == 403
    assert "only be sent from our own website" in alert_text(html, response)
    assert_nothing_happened(outbox)


def test_unknown_token_links_are_refused(visitor, html, sign_up, outbox):
    sign_up()
    outbox.clear()
    for path in (
        "/newsletter/confirm/made-up-token/",
        "/newsletter/unsubscribe/made-up-token/",
        "/newsletter/confirm/" + "x" * 500 + "/",
    ):
        for method in (visitor.get, visitor.post):
            response = method(path, headers={"Sec-Fetch-Site": "same-origin"})
            assert response.status_code == 404
            assert "not valid" in alert_text(html, response)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert outbox == []


def test_expired_token_is_refused(sign_up, visitor, outbox, html):
    sign_up()
    path = link_path(CONFIRM_LINK, outbox[0])
    OutgoingEmail.objects.update(token_expires_at=timezone.now() - timedelta(minutes=1))
    for method in (visitor.get, visitor.post):
        response = method(path, headers={"Sec-Fetch-Site": "same-origin"})
        assert response.status_code == 410
        assert "expired" in alert_text(html, response)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_confirmation_links_expire_after_72_hours(sign_up, outbox):
    before = timezone.now()
    sign_up()
    expires = OutgoingEmail.objects.get().token_expires_at
    assert timedelta(hours=71, minutes=59) < expires - before <= timedelta(hours=72, minutes=1)


def test_reused_token_after_unsubscribing_is_refused(sign_up, visitor, outbox, html):
    sign_up()
    path = link_path(CONFIRM_LINK, outbox[0])
    visitor.post(path, headers={"Sec-Fetch-Site": "same-origin"})
    Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
    response = visitor.post(path, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 410
    assert "already been used" in alert_text(html, response)
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_cross_site_confirm_post_is_refused(sign_up, visitor, outbox):
    sign_up()
    path = link_path(CONFIRM_LINK, outbox[0])
    response = visitor.post(path, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_signup_address_only_accepts_post_and_explains_with_crisis_help(visitor):
    response = visitor.get("/newsletter/signup/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = BeautifulSoup(response.content, "html.parser")
    assert "form at the foot of any page" in page.get_text()
    assert page.select_one('a[href="tel:988"]')


def test_tokens_are_long_random_and_stored_only_as_hashes(sign_up, outbox):
    sign_up()
    confirm_token = link_path(CONFIRM_LINK, outbox[0]).split("/")[-2]
    assert len(confirm_token) >= 43  # 32 random bytes, base64: 256 bits
    row = OutgoingEmail.objects.get()
    assert confirm_token not in row.token_hash and len(row.token_hash) == 64
    subscriber = Subscriber.objects.get()
    assert subscriber.unsubscribe_token() not in subscriber.unsubscribe_token_hash
