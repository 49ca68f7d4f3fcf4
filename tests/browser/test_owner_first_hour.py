"""Journey: a practice owner's first hour, as a Practice owner (not a superuser), using only
the labels and buttons the screens show.

From the dashboard's Getting started: the practice details, an author profile linked to the
owner's account, a first article with a picture, a quote and a footnote (through "Write a new
article", published with the button in view), then the demo content removed. The public site
then shows the owner's practice and article and nothing of the demo practice.
"""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from practice_blog.blog.models import ArticlePage

from .audits import axe_violations_in, describe_violations
from .harness import (
    add_block,
    let_autosave_finish,
    log_in,
    type_rich_text,
    wait_until_editor_watches,
)
from .test_editor_journey import upload_in_chooser

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PRACTICE = "Cedar Grove Therapy"
DEMO_NAME = "Harbor Light"
TITLE = "What a first session is like"
PARAGRAPH = "Most first sessions are mostly listening.[1]"
NOTE = "Ask how the therapist works; a good one is glad you asked."
QUOTE = "You decide how much to say."


def getting_started(page):
    return page.locator("#getting-started-content")


def follow_step(page, site, label):
    page.goto(f"{site}/admin/")
    getting_started(page).locator("ol").get_by_role("link", name=label).click()


def fill_in_practice_details(page, site):
    follow_step(page, site, "Fill in your practice details")
    field = page.get_by_role
    field("textbox", name="Practice name").fill(PRACTICE)
    field("textbox", name="Tagline").fill("Counselling in the foothills")
    field("textbox", name="Email address").fill("hello@cedargrove.example")
    field("textbox", name="Copyright line").fill("© Cedar Grove Therapy")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("updated")


def create_author_profile(page, site, owner):
    follow_step(page, site, "Create your author profile")
    wait_until_editor_watches(page)
    page.get_by_label("Name*", exact=True).fill("Jordan Cedar")
    page.get_by_label("Web address name*").fill("jordan-cedar")
    let_autosave_finish(page)
    page.get_by_role("combobox", name="Staff account").select_option(label=owner.get_username())
    type_rich_text(
        page.locator("[contenteditable=true]").first,
        "Jordan sees adults and couples in person and online.",
    )
    let_autosave_finish(page)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")


def write_first_article(page, site, tmp_path):
    page.goto(f"{site}/admin/")
    page.get_by_role("link", name="Write a new article").first.click()
    wait_until_editor_watches(page)
    page.get_by_role("textbox", name="Title*").fill(TITLE)
    page.get_by_role("textbox", name="Summary*").fill("What happens when you first meet.")
    let_autosave_finish(page)
    # The author profile linked to this account is already filled in.
    expect(page.get_by_role("region", name="Authors")).to_contain_text("Jordan Cedar")
    body = add_block(page, "Paragraph")
    type_rich_text(body.locator("[contenteditable=true]").last, PARAGRAPH)
    body = add_block(page, "Image")
    body.get_by_role("button", name="Choose an image").click()
    picture = tmp_path / "room.png"
    Image.new("RGB", (600, 400), (120, 160, 130)).save(picture)
    upload_in_chooser(page, str(picture), "The counselling room")
    body.get_by_label("Picture description").fill("A quiet room with two armchairs")
    add_block(page, "Pull quote")
    page.get_by_label("Quotation*").fill(QUOTE)
    body = add_block(page, "Footnotes")
    type_rich_text(body.locator("[contenteditable=true]").last, NOTE)
    let_autosave_finish(page)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("published")


def remove_the_demo(page, site):
    follow_step(page, site, "Replace the demo content")
    main = page.locator("main")
    expect(main.get_by_role("heading", name="What will be removed")).to_be_visible()
    # The confirmation lists what goes before anything goes, and keeps the owner's article.
    expect(main).to_contain_text("Boundaries in helping relationships")
    page.get_by_role("button", name="Remove the demo content").click()
    expect(page.locator(".messages")).to_contain_text("demo")


def test_owner_follows_getting_started_and_replaces_the_demo(
    site, page, new_context, owner, tmp_path
):
    log_in(page, site, owner.username)
    checklist = getting_started(page)
    expect(checklist).to_be_visible()
    expect(page.get_by_role("link", name="Write a new article").first).to_be_visible()
    found = axe_violations_in(page, "#getting-started-content")
    assert not found, describe_violations(found)

    fill_in_practice_details(page, site)
    create_author_profile(page, site, owner)
    write_first_article(page, site, tmp_path)
    article = ArticlePage.objects.get(title=TITLE)
    assert article.live and article.owner == owner
    remove_the_demo(page, site)

    page.goto(f"{site}/admin/")
    for step in (
        "Fill in your practice details",
        "Create your author profile",
        "Publish your first article",
        "Replace the demo content",
    ):
        item = getting_started(page).locator("li", has_text=step)
        expect(item).to_contain_text("(done)")

    reader = new_context().new_page()  # no admin session
    for path in ("/", article.get_parent().url, article.url):
        response = reader.goto(site + path)
        assert response.status == 200, path
        body = reader.locator("body")
        expect(body).to_contain_text(PRACTICE)
        expect(body).not_to_contain_text(re.compile(DEMO_NAME))
    main = reader.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(main.get_by_role("img", name="A quiet room with two armchairs")).to_be_attached()
    expect(main.locator("blockquote")).to_contain_text(QUOTE)
    expect(main).to_contain_text(NOTE)
    expect(main).to_contain_text("Jordan Cedar")
    assert not ArticlePage.objects.exclude(pk=article.pk).filter(owner__isnull=True).exists()
