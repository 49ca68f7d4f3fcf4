"""Journey 1: an editor builds and publishes an article in the Wagtail admin, alone.

Everything goes through the admin's own screens, as a practice owner would click through
them: an author snippet with an uploaded photo, then an article with a heading, a picture with
a caption, a pull quote, a footnote and two tags, previewed and then published.
"""

import pytest
from PIL import Image
from playwright.sync_api import expect

from practice_blog.blog.models import ArticlePage, Author, BlogIndexPage

from .harness import (
    add_block,
    let_autosave_finish,
    log_in,
    serve_media,
    type_rich_text,
    wait_until_editor_watches,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Letting a client go well"
PARAGRAPH = "A planned ending gives both people time to look back at what changed.[1]"
NOTE = "Endings that are talked about early are easier for clients to accept."
QUOTE = "The last session is still a session."


def picture(path, colour):
    """A small generated PNG to upload (a different colour avoids duplicate detection)."""
    Image.new("RGB", (600, 400), colour).save(path)
    return str(path)


def upload_in_chooser(page, file_path, title):
    """Upload a new image through the image chooser modal that is open."""
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.get_by_label("File*").set_input_files(file_path)
    modal.get_by_label("Title*").fill(title)
    modal.get_by_role("button", name="Upload").click()
    expect(modal).to_be_hidden()


def create_author(page, site, tmp_path):
    page.goto(f"{site}/admin/snippets/practice_blog_blog/author/add/")
    wait_until_editor_watches(page)
    page.get_by_label("Name*", exact=True).fill("Rowan Ellis")
    page.get_by_label("Web address name*").fill("rowan-ellis")
    let_autosave_finish(page)
    page.get_by_label("Credentials").fill("LCSW")
    page.get_by_role("button", name="Choose an image").click()
    upload_in_chooser(page, picture(tmp_path / "rowan.png", (90, 140, 170)), "Rowan Ellis")
    page.get_by_label("Photo description").fill("Rowan Ellis smiling by a window")
    type_rich_text(
        page.locator("[contenteditable=true]").first,
        "Rowan is a counsellor who writes about endings in care.",
    )
    let_autosave_finish(page)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"{site}/admin/snippets/practice_blog_blog/author/")
    expect(page.get_by_role("link", name="Rowan Ellis")).to_be_visible()


def write_article(page, site, blog, tmp_path):
    page.goto(f"{site}/admin/pages/{blog.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    if "/add_subpage/" in page.url:  # more than one page type may be offered
        page.get_by_role("link", name="Article", exact=True).click()
    wait_until_editor_watches(page)
    page.get_by_role("textbox", name="Title*").fill(TITLE)
    page.get_by_role("textbox", name="Summary*").fill("Why a planned ending helps therapy.")

    page.get_by_role("button", name="Choose Author").first.click()
    page.locator(".modal-dialog").get_by_role("link", name="Rowan Ellis").click()
    expect(page.locator(".modal-dialog")).to_be_hidden()
    let_autosave_finish(page)

    add_block(page, "Heading")
    page.locator("#body-0-value-text").fill("Why endings matter")
    body = add_block(page, "Paragraph")
    type_rich_text(body.locator("[contenteditable=true]").last, PARAGRAPH)
    body = add_block(page, "Image")
    body.get_by_role("button", name="Choose an image").click()
    upload_in_chooser(page, picture(tmp_path / "chairs.png", (200, 170, 120)), "Two chairs")
    page.locator("#body-2-value-image-alt_text").fill("Two empty chairs facing each other")
    page.locator("#body-2-value-caption").fill("The room where the last session happens.")
    add_block(page, "Pull quote")
    page.locator("#body-3-value-quote").fill(QUOTE)
    page.locator("#body-3-value-attribution").fill("A counsellor")
    body = add_block(page, "Footnotes")
    type_rich_text(body.locator("[contenteditable=true]").last, NOTE)

    page.locator("#panel-child-content-tags-section ul.tagit input").click()
    for tag in ("endings", "therapy basics"):
        page.keyboard.type(tag)
        page.keyboard.press("Enter")
    expect(page.locator("#id_tags")).to_have_value('endings,"therapy basics"')


def test_editor_creates_author_and_publishes_article_with_every_part(
    site, page, new_context, editor, tmp_path
):
    """Author with photo, article with heading, captioned image, quote, footnote, two tags."""
    blog = BlogIndexPage.objects.live().get()
    log_in(page, site, editor.username)
    create_author(page, site, tmp_path)
    author = Author.objects.get(slug="rowan-ellis")
    assert author.headshot is not None and author.live

    write_article(page, site, blog, tmp_path)

    # Preview in the side panel shows the article before anything is public.
    page.get_by_role("button", name="Toggle preview").click()
    # Wagtail loads each refreshed preview in a second, hidden iframe and then swaps it in;
    # the id marks the one on show.
    preview = page.frame_locator("#w-preview-iframe")
    # The preview renders the whole page on the server: allow for a busy machine.
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE, timeout=30_000)
    expect(preview.locator("figcaption").first).to_contain_text("The room where")
    assert not ArticlePage.objects.filter(title=TITLE, live=True).exists()

    let_autosave_finish(page)
    # Publish is the button in view (not under "More actions" as in Wagtail's own page types).
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(f"{site}/admin/pages/{blog.pk}/")
    article = ArticlePage.objects.get(title=TITLE)
    assert article.live

    reader_context = new_context()  # a reader: no admin session
    serve_media(reader_context)
    reader = reader_context.new_page()
    response = reader.goto(site + article.url)
    assert response.status == 200
    main = reader.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(main.get_by_role("heading", name="Why endings matter")).to_be_visible()
    image = main.get_by_role("img", name="Two empty chairs facing each other")
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()  # article pictures load lazily
    reader.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    expect(main.locator("figcaption").first).to_contain_text("The room where")
    expect(main.locator("blockquote")).to_contain_text(QUOTE)
    expect(main).to_contain_text("A counsellor")
    expect(main).to_contain_text(NOTE)
    # The [1] marker links to the note, and the note links back.
    marker = main.locator("sup.footnote-ref a").first
    note_id = marker.get_attribute("href").removeprefix("#")
    expect(main.locator(f"[id='{note_id}']")).to_contain_text(NOTE)
    back = main.locator(f"[id='{note_id}'] a.footnotes__back")
    assert back.get_attribute("href") == "#" + marker.get_attribute("id")
    for tag in ("endings", "therapy basics"):
        expect(main.get_by_role("link", name=tag, exact=True)).to_be_visible()
    expect(main).to_contain_text("Rowan Ellis")
    expect(main).to_contain_text("Rowan is a counsellor who writes about endings in care.")
