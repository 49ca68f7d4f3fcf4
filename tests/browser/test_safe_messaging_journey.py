"""Journey 5: an editor writes "committed suicide" in a new article and, before publishing,
sees the safe-messaging finding with its suggestion: live while typing, and summarised when
the draft is saved. Nothing is blocked."""

import pytest
from playwright.sync_api import expect

from practice_blog.blog.models import ArticlePage, Author, BlogIndexPage

from .harness import (
    add_block,
    let_autosave_finish,
    log_in,
    type_rich_text,
    wait_until_editor_watches,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SENTENCE = "Two years ago her brother committed suicide, and she still thinks of him daily."


def test_editor_sees_the_safe_messaging_suggestion_before_publishing(site, page, editor):
    blog = BlogIndexPage.objects.live().get()
    log_in(page, site, editor.username)
    page.goto(f"{site}/admin/pages/add/practice_blog_blog/articlepage/{blog.pk}/")
    wait_until_editor_watches(page)
    page.get_by_role("textbox", name="Title*").fill("Grief after a sudden loss")
    page.get_by_role("textbox", name="Summary*").fill("How grief can feel in the first years.")
    page.get_by_role("button", name="Choose Author").first.click()
    author = Author.objects.order_by("name").first()
    page.locator(".modal-dialog").get_by_role("link", name=author.name).click()
    let_autosave_finish(page)
    body = add_block(page, "Paragraph")
    type_rich_text(body.locator("[contenteditable=true]").last, SENTENCE)

    # While typing: the panel names the phrase, the better wording and the reason.
    panel = page.locator("[data-safe-messaging]")
    finding = panel.locator("tbody tr", has_text="committed suicide")
    expect(finding).to_have_count(1, timeout=10_000)
    expect(finding).to_contain_text("died by suicide")
    assert finding.locator("td").nth(3).inner_text().strip()  # the reason is given
    # The page mentions suicide with no help resources or content note: a page-level note.
    expect(panel).to_contain_text("About the whole page")

    # Saving a draft works (advice, never a block) and the summary repeats the suggestion.
    let_autosave_finish(page)
    page.get_by_role("button", name="More actions").click()  # Publish is the button in view
    page.get_by_role("button", name="Save draft").click()
    message = page.locator(".messages")
    expect(message).to_contain_text("Safe-messaging check")
    expect(message).to_contain_text("committed suicide")
    article = ArticlePage.objects.get(title="Grief after a sudden loss")
    assert not article.live
