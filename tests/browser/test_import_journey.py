"""Journey 7: a Practice owner brings their old WordPress blog over. They open Settings →
Import a blog, upload the export and a zip of its pictures, read the check's report (nothing
saved yet), import, and open an imported draft. It works the same without JavaScript, and
every screen of it passes axe-core (WCAG 2.2 A/AA) in its own content.

The live server runs in this process with the immediate task backend, so the check and the
import have finished when their requests return.
"""

import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

import practice_blog.importers
from practice_blog.blog.models import ArticlePage

from .audits import axe_violations_in, describe_violations
from .harness import DESKTOP, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SAMPLES = Path(practice_blog.importers.__file__).parent / "samples"
ARTICLE = "Why saying “no” is a form of care"


@pytest.fixture
def uploads(tmp_path, settings):
    """The sample export, a zip of its pictures, and a private folder for the uploads."""
    settings.PRACTICE_BLOG = {
        **getattr(settings, "PRACTICE_BLOG", {}),
        "IMPORT_DIR": str(tmp_path / "imports"),
    }
    media_zip = tmp_path / "uploads.zip"
    with zipfile.ZipFile(media_zip, "w") as archive:
        for path in (SAMPLES / "wordpress-media").rglob("*.jpg"):
            archive.write(path, path.relative_to(SAMPLES / "wordpress-media").as_posix())
    return SAMPLES / "wordpress-export.xml", media_zip


def assert_accessible(page, screen):
    found = axe_violations_in(page, "main")
    assert not found, f"axe, {screen}:\n{describe_violations(found)}"


def bring_the_blog_over(page, site, export, media_zip, audit=True):
    """The journey; ``audit`` runs axe on each screen (it needs JavaScript in the page)."""
    page.goto(site + "/admin/import-blog/")
    expect(page.get_by_role("heading", name="Import a blog", level=1)).to_be_visible()
    if audit:
        assert_accessible(page, "the start screen")
    page.get_by_label("The file from your old blog").set_input_files(export)
    page.get_by_label("The old site's pictures (optional)").set_input_files(media_zip)
    page.get_by_role("button", name="Check the file").click()

    expect(
        page.get_by_role("heading", name="What the check found (nothing is saved yet)")
    ).to_be_visible()
    expect(page.get_by_text("Dry run, nothing saved: would import 5 articles")).to_be_visible()
    expect(page.get_by_text("2 pictures found")).to_be_visible()
    if audit:
        assert_accessible(page, "the check's report")
    assert not ArticlePage.objects.filter(title=ARTICLE).exists()

    page.get_by_role("button", name="Import now").click()
    expect(page.get_by_role("heading", name="What was imported")).to_be_visible()
    expect(page.get_by_text("Imported 5 articles as drafts: 5 new")).to_be_visible()
    if audit:
        assert_accessible(page, "the import's report")

    page.get_by_role("link", name=ARTICLE).click()
    expect(page.get_by_role("heading", name=ARTICLE)).to_be_visible()
    article = ArticlePage.objects.get(title=ARTICLE)
    assert not article.live
    assert article.get_latest_revision_as_object().hero_image is not None


def test_an_owner_imports_a_wordpress_blog_with_its_pictures(site, page, owner, uploads):
    log_in(page, site, owner.username)
    page.get_by_role("button", name="Settings").click()
    page.get_by_role("link", name="Import a blog").click()
    bring_the_blog_over(page, site, *uploads)


def test_the_import_works_without_javascript(site, new_context, owner, uploads):
    # Desktop-sized: without JavaScript Wagtail's own menu covers a phone-sized screen.
    page = new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    log_in(page, site, owner.username)
    bring_the_blog_over(page, site, *uploads, audit=False)
