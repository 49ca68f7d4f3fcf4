"""The widget in a real Chromium: the JavaScript flow, the no-JavaScript flow and axe-core.

axe-core needs JavaScript, so it runs in the JavaScript tests on every state of the widget
(the no-JavaScript markup is the same, server-rendered).

Uses the project's browser harness (system Chromium through Playwright, see tests/browser/).
"""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from practice_blog.feedback.models import HelpfulVote
from tests.browser.audits import AXE_OPTIONS, describe_violations
from tests.browser.conftest import (  # noqa: F401 - fixtures of the browser harness
    browser_context_args,
    browser_type_launch_args,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

YES = "Yes, this article was helpful"
NOT_QUITE = "Not quite, this article was not helpful enough"


@pytest.fixture
def reading(live_server, article, feedback_settings):
    """The article on the live server, with no minimum reading time (tested elsewhere)."""
    feedback_settings.minimum_seconds_on_page = 0
    feedback_settings.save()
    return live_server.url + article.url


@pytest.fixture
def js_context(new_context):
    """A fresh desktop browser context: no cookies, empty localStorage."""
    return new_context()


@pytest.fixture
def no_script_context(new_context):
    """A desktop browser context with JavaScript switched off."""
    return new_context(java_script_enabled=False)


def widget_violations(page):
    """axe-core's WCAG 2.2 A/AA violations inside the widget only."""
    result = Axe().run(page, context="#helpful-feedback", options=AXE_OPTIONS)
    return result.response["violations"]


def focused_panel(page):
    return page.evaluate("document.activeElement.dataset.helpfulPanel || ''")


def test_javascript_flow_updates_in_place_and_remembers_the_answer(js_context, reading):
    page = js_context.new_page()
    page.goto(reading)
    assert widget_violations(page) == [], describe_violations(widget_violations(page))

    page.get_by_role("button", name=YES).click()
    thanks = page.locator("[data-helpful-panel=yes]")
    thanks.wait_for(state="visible")
    assert page.url == reading  # updated in place, no navigation
    assert focused_panel(page) == "yes"
    page.wait_for_function(
        "() => document.querySelector('[data-helpful-status]').textContent.includes('Thank you')"
    )
    assert page.locator("[data-helpful-panel=question]").is_hidden()
    stored = json.loads(page.evaluate("Object.values(localStorage)[0]"))
    assert stored["state"] == "yes" and len(stored["voter"]) == 32
    assert HelpfulVote.objects.counted().get().voter_key == stored["voter"]
    assert js_context.cookies() == []

    # A reload shows the remembered answer instead of asking again.
    page.reload()
    page.locator("[data-helpful-panel=yes]").wait_for(state="visible")
    assert page.locator("[data-helpful-panel=question]").is_hidden()

    # Changing the answer: focus moves into the follow-up, then to the final thank-you.
    page.get_by_role("button", name="Change my answer to “Not quite”").click()
    page.locator("[data-helpful-panel=no]").wait_for(state="visible")
    assert focused_panel(page) == "no"
    assert widget_violations(page) == [], describe_violations(widget_violations(page))
    page.get_by_label("Hard to understand").check()
    page.get_by_label("Anything else you would like to tell us? (optional)").fill("More examples.")
    page.get_by_role("button", name="Send what was missing from this article").click()
    page.locator("[data-helpful-panel=sent]").wait_for(state="visible")
    assert focused_panel(page) == "sent"
    assert widget_violations(page) == [], describe_violations(widget_violations(page))

    current = HelpfulVote.objects.counted().get()
    assert (current.helpful, current.reasons, current.comment) == (
        False,
        ["Hard to understand"],
        "More examples.",
    )
    assert current.voter_key == stored["voter"]  # the same reader: one counted answer
    assert HelpfulVote.objects.count() == 3


def test_errors_are_shown_in_the_widget(js_context, reading, feedback_settings):
    feedback_settings.minimum_seconds_on_page = 120
    feedback_settings.save()
    page = js_context.new_page()
    page.goto(reading)
    page.get_by_role("button", name=NOT_QUITE).click()
    alert = page.get_by_role("alert")
    alert.wait_for(state="visible")
    assert "quicker than we expected" in alert.inner_text()
    assert page.locator("[data-helpful-panel=question]").is_visible()
    assert not HelpfulVote.objects.exists()


def test_without_javascript_the_forms_post_and_redirect_back(no_script_context, reading):
    page = no_script_context.new_page()
    page.goto(reading)
    page.get_by_role("button", name=NOT_QUITE).click()
    page.locator("[data-helpful-panel=no]").wait_for(state="visible")
    assert "feedback=no" in page.url and page.url.endswith("#helpful-feedback")
    page.get_by_label("Seems out of date").check()
    page.get_by_role("button", name="Send what was missing from this article").click()
    page.locator("[data-helpful-panel=sent]").wait_for(state="visible")
    assert "feedback=sent" in page.url
    assert HelpfulVote.objects.counted().get().reasons == ["Seems out of date"]
    assert no_script_context.cookies() == []


def test_widget_reflows_at_320_css_pixels_with_44_pixel_targets_and_hides_in_print(
    new_context, reading
):
    """320 CSS pixels wide is what 1280 pixels at 400% zoom leaves (WCAG 1.4.10 reflow)."""
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(reading)
    widget = page.locator("#helpful-feedback")
    page.get_by_role("button", name=NOT_QUITE).click()
    page.locator("[data-helpful-panel=no]").wait_for(state="visible")
    assert widget.evaluate("section => section.scrollWidth <= section.clientWidth")
    box = widget.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    targets = page.locator(
        "#helpful-feedback [data-helpful-panel=no] button, "
        "#helpful-feedback [data-helpful-panel=no] .helpful__choice"
    )
    assert targets.count() == 7  # Send, change answer, five reasons
    for target in targets.all():
        size = target.bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44, target.inner_text()
    page.emulate_media(media="print")
    assert widget.is_hidden()
