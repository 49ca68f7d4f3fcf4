"""Journey 2: a reader on a phone (390×844) reads an article, finds crisis help and votes.

With JavaScript the vote is sent in place and announced; without it the same forms post and
redirect back. Either way a reload shows the answer instead of asking again.
"""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from practice_blog.blog.models import ArticlePage
from practice_blog.feedback.models import FeedbackSettings, HelpfulVote

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Chromium puts a space before the visually hidden part of the name ("Not quite , this…")
# because that span is absolutely positioned; screen readers read both the same way.
NOT_QUITE = re.compile(r"^Not quite ?, this article was not helpful enough$")
SEND = "Send what was missing from this article"
REASON = "Hard to understand"
COMMENT = "A short example of a planned last session would help."


def demo_article():
    """The first demo article (boundaries in helping relationships)."""
    return ArticlePage.objects.live().order_by("pk").first()


def reading_time():
    """Milliseconds a reader stays before voting: past the widget's minimum time on page."""
    settings = FeedbackSettings.for_site(Site.objects.get(is_default_site=True))
    return settings.minimum_seconds_on_page * 1000 + 300


def check_crisis_links(page):
    """The crisis banner's call and text links are there, tappable, with clear names."""
    banner = page.locator("aside.crisis-banner").first
    expect(banner).to_be_visible()
    expect(banner.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(banner.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")


def vote_not_quite(page):
    """Read, answer "Not quite", tick a reason and write a comment."""
    page.wait_for_timeout(reading_time())
    widget = page.locator("#helpful-feedback")
    widget.scroll_into_view_if_needed()
    widget.get_by_role("button", name=NOT_QUITE).click()
    follow_up = widget.locator("[data-helpful-panel=no]")
    expect(follow_up).to_be_visible()
    follow_up.get_by_label(REASON).check()
    follow_up.get_by_label("Anything else you would like to tell us? (optional)").fill(COMMENT)
    # Writing a comment takes a person a while; without JavaScript the follow-up form is a
    # freshly rendered page, so its own minimum time on page applies again.
    page.wait_for_timeout(reading_time())
    follow_up.get_by_role("button", name=SEND).click()
    return widget


def assert_one_counted_vote(article):
    """This reader's answer is stored once (the demo's own votes have other comments)."""
    vote = HelpfulVote.objects.counted().get(comment=COMMENT)
    assert (vote.page_id, vote.helpful, vote.reasons, vote.comment) == (
        article.pk,
        False,
        [REASON],
        COMMENT,
    )


def test_phone_reader_votes_not_quite_and_the_answer_is_remembered(site, phone_context):
    article = demo_article()
    page = phone_context.new_page()
    page.goto(site + article.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    check_crisis_links(page)
    # Nothing is wider than the phone's screen (no sideways scrolling at 390 px).
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    widget = vote_not_quite(page)
    thanks = widget.locator("[data-helpful-panel=sent]")
    expect(thanks).to_be_visible()
    expect(thanks).to_be_focused()
    # The thank-you is announced politely to screen readers, in place, without navigation.
    status = widget.get_by_role("status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text("Thank you")
    assert page.url == site + article.url
    assert_one_counted_vote(article)
    assert phone_context.cookies() == []

    page.reload()
    expect(widget.locator("[data-helpful-panel=sent]")).to_be_visible()
    expect(widget.get_by_role("button", name=NOT_QUITE)).to_be_hidden()
    assert HelpfulVote.objects.counted().filter(comment=COMMENT).count() == 1


def test_phone_reader_without_javascript_votes_the_same_way(site, no_js_context):
    article = demo_article()
    page = no_js_context.new_page()
    page.goto(site + article.url)
    check_crisis_links(page)

    widget = vote_not_quite(page)
    # Post/redirect/get: back on the article, the thank-you rendered by the server.
    expect(widget.locator("[data-helpful-panel=sent]")).to_be_visible()
    assert page.url.startswith(site + article.url)
    assert_one_counted_vote(article)
    assert no_js_context.cookies() == []

    page.reload()
    expect(widget.locator("[data-helpful-panel=sent]")).to_be_visible()
    expect(widget.get_by_role("button", name=NOT_QUITE)).to_be_hidden()
    assert HelpfulVote.objects.counted().filter(comment=COMMENT).count() == 1
