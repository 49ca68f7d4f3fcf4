"""The crisis banner in a real browser: dismissal for this session only, versioned, never on
sensitive pages, nothing but sessionStorage; and the safety pages pass axe-core."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from practice_blog.safety.models import CrisisBannerSettings

from .audits import axe_violations, describe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HIDE = "Hide this message for now"


def banner_settings():
    return CrisisBannerSettings.for_site(Site.objects.get(is_default_site=True))


def allow_dismiss():
    settings = banner_settings()
    settings.allow_dismiss = True
    settings.save()
    return settings


def sensitive_article():
    """A published article marked sensitive (under a blog index, created if needed)."""
    from practice_blog.blog.models import ArticlePage, BlogIndexPage

    home = Site.objects.get(is_default_site=True).root_page
    blog = BlogIndexPage.objects.child_of(home).first()
    if blog is None:
        blog = BlogIndexPage(title="Articles", slug="articles")
        home.add_child(instance=blog)
    article = ArticlePage(
        title="When someone you love is struggling",
        slug="when-someone-is-struggling",
        summary="How to ask, listen and help someone find support.",
        body=[("paragraph", "<p>Asking directly about suicide does not plant the idea.</p>")],
        is_sensitive=True,
        content_note="This article discusses suicide.",
    )
    blog.add_child(instance=article)
    article.save_revision().publish()
    return article.url


def test_reader_can_hide_the_banner_for_the_session_until_its_text_changes(site, page):
    allow_dismiss()
    page.goto(site + "/")
    banner = page.locator("aside.crisis-banner")
    expect(banner).to_be_visible()
    page.get_by_role("button", name=HIDE).click()
    expect(banner).to_be_hidden()
    expect(page.locator("main#main")).to_be_focused()

    page.goto(site + "/get-help-now/")
    expect(page.locator("aside.crisis-banner")).to_be_hidden()
    assert page.evaluate("document.cookie") == ""
    stored = page.evaluate("sessionStorage.getItem('practice-blog:crisis-banner-hidden')")
    assert stored == page.locator("aside.crisis-banner").get_attribute("data-version")

    settings = banner_settings()
    settings.message = "You are not alone. Help is available now."
    settings.save()
    page.reload()
    expect(page.locator("aside.crisis-banner")).to_be_visible()
    expect(page.locator("aside.crisis-banner")).to_contain_text("You are not alone.")


def test_banner_cannot_be_hidden_on_a_sensitive_article(site, page):
    allow_dismiss()
    url = sensitive_article()
    page.goto(site + "/")
    page.get_by_role("button", name=HIDE).click()
    page.goto(site + url)
    banner = page.locator("aside.crisis-banner")
    expect(banner).to_be_visible()
    expect(page.get_by_role("button", name=HIDE)).to_have_count(0)


def test_banner_is_never_hideable_unless_staff_allow_it(site, page):
    page.goto(site + "/")
    expect(page.locator("aside.crisis-banner")).to_be_visible()
    expect(page.get_by_role("button", name=HIDE)).to_have_count(0)


def test_banner_without_javascript_is_shown_with_no_button(site, new_context):
    allow_dismiss()
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site + "/")
    expect(page.locator("aside.crisis-banner")).to_be_visible()
    expect(page.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(page.get_by_role("button", name=HIDE)).to_have_count(0)


def test_help_page_and_sensitive_article_pass_axe(site, page):
    allow_dismiss()
    url = sensitive_article()
    problems = {}
    for path in ("/get-help-now/", url):
        response = page.goto(site + path)
        assert response.status == 200
        found = axe_violations(page)
        if found:
            problems[path] = describe_violations(found)
    assert not problems, problems


def test_safe_messaging_panel_rechecks_as_the_editor_types(site, page, django_user_model):
    from django.contrib.auth.models import Group

    from practice_blog.core.groups import EDITORS

    from .harness import log_in

    editor = django_user_model.objects.create_user(
        username="live-editor", email="live@example.com", password="a-long-test-password"
    )
    editor.groups.add(Group.objects.get(name=EDITORS))
    sensitive_article()
    from practice_blog.blog.models import ArticlePage

    article = ArticlePage.objects.get(slug="when-someone-is-struggling")
    log_in(page, site, "live-editor")
    page.goto(f"{site}/admin/pages/{article.pk}/edit/")
    panel = page.locator("[data-safe-messaging]")
    expect(panel).to_contain_text("No suggestions")
    page.locator('input[name="title"]').fill("How my brother committed suicide")
    expect(panel.locator("tbody tr")).to_have_count(1, timeout=10_000)
    expect(panel.locator("tbody tr")).to_contain_text("died by suicide; took their own life")
    expect(panel.locator("[data-safe-messaging-status]")).to_contain_text("1 suggestion")
    editor_box = page.locator('[contenteditable="true"]').first
    editor_box.click()
    page.keyboard.press("End")
    page.keyboard.type(" Some called it a cry for help.")
    expect(panel.locator("tbody tr")).to_have_count(2, timeout=10_000)
    expect(panel.locator("tbody tr").nth(1)).to_contain_text("cry for help")
