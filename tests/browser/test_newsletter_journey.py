"""Journey 3: a reader on a phone signs up for new articles, confirms from the email, and
later leaves with one click.

The live server runs in this process with the locmem email backend, so the email the reader
would receive is in ``django.core.mail.outbox``.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from practice_blog.blog.models import ArticlePage
from practice_blog.newsletter.models import Subscriber

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "sam.reader@example.org"
LINK = re.compile(r"https?://[^/\s]+(/newsletter/(confirm|unsubscribe)/[A-Za-z0-9_-]+/)")


def links_in(message):
    """``{"confirm": path, "unsubscribe": path}`` from an email's text."""
    return {kind: path for path, kind in LINK.findall(message.body)}


def test_reader_signs_up_confirms_and_unsubscribes_with_one_click(site, phone_context):
    article = ArticlePage.objects.live().order_by("pk").first()
    page = phone_context.new_page()
    page.goto(site + article.url)

    form = page.locator("footer form[data-newsletter-signup]")
    form.scroll_into_view_if_needed()
    form.get_by_label("Email address").fill(EMAIL)
    form.get_by_label("First name").fill("Sam")
    form.get_by_label("I would like to receive new articles").check()
    page.wait_for_timeout(2100)  # a person takes longer than the minimum fill time
    form.get_by_role("button", name="Sign up!").click()
    expect(form.get_by_role("status")).to_contain_text("Please check your inbox")
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert subscriber.status == Subscriber.Status.PENDING

    assert [message.to for message in mail.outbox] == [[EMAIL]]
    confirmation = mail.outbox[0]
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    links = links_in(confirmation)

    # Opening the link (as a mail scanner would) changes nothing; the button confirms.
    page.goto(site + links["confirm"])
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    page.get_by_role("button", name="Yes, subscribe me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE

    # Later, from the link in the email: one button, and they are gone.
    page.goto(site + links["unsubscribe"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe")
    page.get_by_role("button", name="Unsubscribe me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert phone_context.cookies() == []
