"""The whole reader journey through the test client, with CSRF enforcement on:
sign up, receive the email, open the link (nothing changes), confirm, unsubscribe in one click.
"""

import pytest
from django.test import Client

from practice_blog.newsletter.models import OutgoingEmail, Subscriber

from .conftest import BROWSER, CONFIRM_LINK, UNSUBSCRIBE_LINK, link_path

pytestmark = pytest.mark.django_db


def test_sign_up_confirm_and_unsubscribe_in_one_click(sign_up, visitor, outbox, html):
    response = sign_up(email="  Reader@Example.ORG ", first_name="Sam")
    assert response.status_code == 303
    assert response["Location"] == "/newsletter/thanks/"

    thanks = visitor.get(response["Location"])
    assert "Please check your inbox" in html(thanks).select_one("main").get_text()

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_ticked is True
    assert subscriber.consent_text.text.startswith("I would like to receive new articles")

    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == ["reader@example.org"]
    assert message.subject == "Please confirm your subscription"
    assert message.body.startswith("Hello Sam,")
    unsubscribe_path = link_path(UNSUBSCRIBE_LINK, message)
    assert message.extra_headers["List-Unsubscribe"] == (f"<http://testserver{unsubscribe_path}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The headers survive into the real MIME message a mail server receives.
    mime = message.message()
    assert mime["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_path in str(mime["List-Unsubscribe"])

    # A mail scanner following the link changes nothing: GET only shows a button.
    confirm_path = link_path(CONFIRM_LINK, message)
    page = visitor.get(confirm_path)
    assert page.status_code == 200
    form = html(page).select_one("main form[method=post]")
    assert form["action"] == confirm_path
    assert form.select_one("button").get_text() == "Yes, subscribe me"
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmed_at is None

    # The button's POST (same origin, no cookie, no CSRF token) confirms.
    confirmed = visitor.post(confirm_path, headers={"Sec-Fetch-Site": "same-origin"})
    assert confirmed.status_code == 303
    assert confirmed["Location"] == "/newsletter/confirmed/"
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    confirmed_at = subscriber.confirmed_at
    assert confirmed_at is not None

    # Confirming twice is harmless.
    again = visitor.post(confirm_path, headers={"Sec-Fetch-Site": "same-origin"})
    assert again.status_code == 200
    assert "already subscribed" in html(again).select_one("h1").get_text()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at == confirmed_at

    # One-click unsubscribe as a mail provider sends it: a bare POST, no cookie, no Origin.
    provider = Client(enforce_csrf_checks=True)
    gone = provider.post(
        unsubscribe_path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert gone.status_code == 200
    assert "unsubscribed" in html(gone).select_one("h1").get_text()
    assert gone.cookies == {}
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert len(outbox) == 1  # no "sorry to see you go" email


def test_unsubscribe_page_needs_one_button(sign_up, visitor, outbox, html):
    sign_up()
    path = link_path(UNSUBSCRIBE_LINK, outbox[0])
    page = visitor.get(path)
    assert page.status_code == 200
    buttons = html(page).select("main form[method=post] button")
    assert [button.get_text() for button in buttons] == ["Unsubscribe me"]
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING  # GET changed nothing

    response = visitor.post(path)
    assert response.status_code == 303
    assert visitor.get(response["Location"]).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    # The old confirmation link can no longer undo the unsubscribe.
    confirm_path = link_path(CONFIRM_LINK, outbox[0])
    refused = visitor.post(confirm_path, headers={"Sec-Fetch-Site": "same-origin"})
    assert refused.status_code == 410
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_enhanced_form_gets_json_for_its_live_region(sign_up, newsletter_settings):
    response = sign_up(headers={"Origin": "http://testserver", "Accept": "application/json"})
    assert response.status_code == 200
    assert response.json() == {"ok": True, "message": newsletter_settings.thank_you_text}
    assert Subscriber.objects.count() == 1

    problem = sign_up(
        email="not-an-address",
        headers={"Origin": "http://testserver", "Accept": "application/json"},
    )
    assert problem.status_code == 400
    assert problem.json()["ok"] is False
    assert "email" in problem.json()["errors"]
    assert "Enter an email address like name@example.com." in problem.json()["message"]


def test_source_page_and_consent_version_are_recorded(sign_up, demo_site):
    from wagtail.models import Page

    article = Page.objects.filter(depth=4).live().first() or Page.objects.get(depth=2)
    sign_up(page=str(article.pk))
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert subscriber.source_page_id == article.pk
    assert OutgoingEmail.objects.filter(subscriber=subscriber).count() == 1


def test_footer_form_posts_to_the_signup_address_without_a_csrf_token(visitor, html, db):
    page = html(visitor.get("/"))
    form = page.select_one("footer form[data-newsletter-signup]")
    assert form["action"] == "/newsletter/signup/"
    assert form["method"] == "post"
    assert not form.select("input[name=csrfmiddlewaretoken]")
    assert form.select_one("input[type=email][name=email][required]")
    label = form.select_one(f"label[for={form.select_one('input[name=email]')['id']}]")
    assert label.get_text() == "Email address"
    consent = form.select_one("input[type=checkbox][name=consent]")
    assert not consent.has_attr("checked")
    assert form.select_one("[role=status][aria-live=polite]")


def test_browser_constant_is_not_a_bot():
    from django.test import RequestFactory

    from practice_blog.core.anonymous_posts import is_known_bot

    assert not is_known_bot(RequestFactory().post("/", headers={"User-Agent": BROWSER}))
