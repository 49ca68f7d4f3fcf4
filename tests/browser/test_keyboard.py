"""Keyboard only: a reader who cannot use a mouse can vote and sign up, seeing where focus is."""

import pytest
from playwright.sync_api import expect

from practice_blog.newsletter.models import Subscriber

from .test_reader_journey import COMMENT, NOT_QUITE, REASON, SEND, demo_article, reading_time

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MAX_TABS = 250  # a bound, so a focus trap fails the test instead of hanging it


def tab_to(page, target):
    """Press Tab until ``target`` has focus; fail if it never does. Returns the Tab count."""
    handle = target.element_handle()
    for count in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate("element => document.activeElement === element", handle):
            return count
    raise AssertionError(f"{target} never received focus after {MAX_TABS} presses of Tab")


def assert_focus_visible(locator):
    """The focused control shows a focus indicator (an outline or a box shadow)."""
    style = locator.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
    )
    outline_style, outline_width, box_shadow = style
    has_outline = outline_style != "none" and outline_width not in ("0px", "")
    assert has_outline or box_shadow != "none", f"no visible focus indicator: {style}"


def test_vote_with_the_keyboard_only(site, page):
    article = demo_article()
    page.goto(site + article.url)
    page.wait_for_timeout(reading_time())
    widget = page.locator("#helpful-feedback")

    not_quite = widget.get_by_role("button", name=NOT_QUITE)
    tab_to(page, not_quite)
    assert_focus_visible(not_quite)
    page.keyboard.press("Enter")

    follow_up = widget.locator("[data-helpful-panel=no]")
    expect(follow_up).to_be_focused()  # focus moved into the follow-up
    reason = follow_up.get_by_label(REASON)
    tab_to(page, reason)
    assert_focus_visible(reason)
    page.keyboard.press("Space")
    expect(reason).to_be_checked()
    comment = follow_up.get_by_label("Anything else you would like to tell us? (optional)")
    tab_to(page, comment)
    page.keyboard.type(COMMENT)
    send = follow_up.get_by_role("button", name=SEND)
    tab_to(page, send)
    assert_focus_visible(send)
    page.keyboard.press("Enter")

    thanks = widget.locator("[data-helpful-panel=sent]")
    expect(thanks).to_be_focused()
    expect(widget.get_by_role("status")).to_contain_text("Thank you")


def test_sign_up_with_the_keyboard_only(site, page):
    page.goto(site + "/")
    form = page.locator("footer form[data-newsletter-signup]")
    email = form.get_by_label("Email address")
    tab_to(page, email)
    assert_focus_visible(email)
    page.keyboard.type("keys@example.org")
    page.keyboard.press("Tab")
    expect(form.get_by_label("First name")).to_be_focused()
    page.keyboard.type("Kim")
    consent = form.get_by_label("I would like to receive new articles")
    tab_to(page, consent)
    assert_focus_visible(consent)
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    button = form.get_by_role("button", name="Sign up!")
    tab_to(page, button)
    assert_focus_visible(button)
    page.wait_for_timeout(2100)  # a person takes longer than the minimum fill time
    page.keyboard.press("Enter")

    expect(form.get_by_role("status")).to_contain_text("Please check your inbox")
    assert Subscriber.objects.get(email="keys@example.org").first_name == "Kim"
