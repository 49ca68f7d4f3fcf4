"""A practice owner's first hour in the admin: Getting started, "Write a new article", Publish in
view, plain words on the page form and a kind message for a title already in use."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from home.demo import home_page
from practice_blog.blog.models import ArticlePage, BlogIndexPage
from practice_blog.safety.models import CrisisBannerSettings, CrisisResource

from .test_admin import article_form

pytestmark = pytest.mark.django_db

WRITE = reverse("practice_blog_write_article")


def add_article_url(blog):
    return reverse("wagtailadmin_pages:add", args=["practice_blog_blog", "articlepage", blog.pk])


def write_buttons(page):
    return [a["href"] for a in page.select("a") if "Write a new article" in a.get_text()]


def checklist(html, response):
    """``{label: done}`` from the Getting started panel (None when the panel is not shown)."""
    panel = html(response).select_one("#getting-started-content")
    if panel is None:
        return None
    return {
        item.a.get_text(strip=True): "(done)" in item.get_text() for item in panel.select("ol li")
    }


def test_getting_started_shows_owners_what_is_left_and_ticks_itself(
    client, owner, blog_index, make_author, html
):
    client.force_login(owner)
    steps = checklist(html, client.get(reverse("wagtailadmin_home")))
    assert steps is not None
    assert steps["Create your author profile"] is False
    assert steps["Publish your first article"] is False
    assert steps["Review the crisis banner and its phone numbers"] is False

    author = make_author("Olivia Owner", user=owner)
    client.post(add_article_url(blog_index), {**article_form(author), "action-publish": "1"})
    assert ArticlePage.objects.live().filter(owner=owner).exists()

    steps = checklist(html, client.get(reverse("wagtailadmin_home")))
    assert steps["Create your author profile"] is True
    assert steps["Publish your first article"] is True
    assert steps["Review the crisis banner and its phone numbers"] is False


def test_getting_started_steps_link_to_their_screens(client, owner, blog_index, html):
    client.force_login(owner)
    page = html(client.get(reverse("wagtailadmin_home")))
    links = {
        a.get_text(strip=True): a["href"] for a in page.select("#getting-started-content ol li a")
    }
    assert links["Create your author profile"] == reverse(
        "wagtailsnippets_practice_blog_blog_author:add"
    )
    assert links["Publish your first article"] == WRITE
    for url in links.values():
        assert client.get(url, follow=True).status_code == 200, url


def test_a_banner_saved_by_a_person_ticks_its_step(client, owner, html):
    banner = CrisisBannerSettings.for_site(Site.objects.get(is_default_site=True))
    CrisisResource.objects.update(last_verified=timezone.localdate())  # none overdue
    ModelLogEntry.objects.log_action(banner, "wagtail.edit", user=owner, content_changed=True)
    client.force_login(owner)
    steps = checklist(html, client.get(reverse("wagtailadmin_home")))
    assert steps["Review the crisis banner and its phone numbers"] is True


def test_editors_get_the_write_button_but_no_checklist(client, editor, blog_index, html):
    client.force_login(editor)
    page = html(client.get(reverse("wagtailadmin_home")))
    assert page.select_one("#getting-started-content") is None
    assert write_buttons(page) == [WRITE]


def test_write_goes_straight_to_a_new_article_under_the_only_blog(client, editor, blog_index):
    client.force_login(editor)
    response = client.get(WRITE)
    assert response.status_code == 302
    assert response["Location"] == add_article_url(blog_index)
    assert client.get(response["Location"]).status_code == 200


def test_write_asks_which_blog_when_there_are_several(client, owner, blog_index, html):
    second = BlogIndexPage(title="Notes for colleagues", slug="colleagues")
    home_page().add_child(instance=second)
    client.force_login(owner)
    response = client.get(WRITE)
    assert response.status_code == 200
    choices = [a["href"] for a in html(response).select("main ul a")]
    assert choices == [add_article_url(blog_index), add_article_url(second)]


def test_write_without_a_blog_says_what_to_do(client, owner, html):
    client.force_login(owner)
    response = client.get(WRITE)
    assert response.status_code == 200
    assert "There is no blog you can write in yet" in html(response).get_text()


def test_write_needs_a_login(client):
    response = client.get(WRITE)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_articles_listing_has_the_write_button(client, owner, blog_index, make_article, html):
    make_article("Saying goodbye")
    client.force_login(owner)
    page = html(client.get(reverse("practice_blog_articles:index")))
    assert "Saying goodbye" in page.get_text()
    assert write_buttons(page) == [WRITE]


def test_publish_is_the_visible_button_for_those_who_may_publish(client, editor, blog_index, html):
    client.force_login(editor)
    page = html(client.get(add_article_url(blog_index)))
    footer = page.select_one("footer .w-dropdown-button, footer [data-w-dropdown-target]")
    first = page.select_one("footer button[name], footer .button")
    assert first is not None and "Publish" in first.get_text(), footer
    assert first.get("name") == "action-publish"


def test_the_page_form_speaks_plainly(client, owner, blog_index, html):
    client.force_login(owner)
    response = client.get(add_article_url(blog_index))
    text = html(response).get_text(" ")
    for plain in ("Web address", "Title in search results", "Show in the site menu"):
        assert plain in text
    for jargon in ("Slug", "Title tag", "Show in menus", "Comments"):
        assert jargon not in text, jargon
    # The body's blocks are described to the editor's script as JSON.
    content = response.content.decode()
    assert "type [1] where it applies" in content
    assert "Picture description" in content and "Alt text" not in content


def test_a_title_already_in_use_is_explained_on_the_title_with_the_draft_offered(
    client, owner, blog_index, make_author, make_article, html
):
    draft = make_article("Saying goodbye", slug="saying-goodbye", publish=False)
    client.force_login(owner)
    response = client.post(add_article_url(blog_index), article_form(make_author()))
    assert response.status_code == 200
    page = html(response)
    title_field = page.select_one("[data-field-wrapper] #id_title, #id_title").find_parent(
        attrs={"data-field-wrapper": True}
    )
    message = title_field.select_one(".error-message").get_text(" ", strip=True)
    assert "already a draft called “Saying goodbye”" in message
    links = {a.get_text(strip=True): a["href"] for a in title_field.select(".error-message a")}
    assert links["Open “Saying goodbye”"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert links["delete it"] == reverse("wagtailadmin_pages:delete", args=[draft.pk])
    assert "already in use within the parent page" not in page.get_text()
    assert ArticlePage.objects.filter(slug="saying-goodbye").count() == 1


def test_the_picture_upload_form_asks_for_a_picture_description(client, owner, html):
    client.force_login(owner)
    page = html(client.get(reverse("wagtailimages:add")))
    labels = [label.get_text(" ", strip=True) for label in page.select("label")]
    assert any(label.startswith("Picture description") for label in labels), labels
    assert not any(label.startswith("Description") for label in labels)
    # One collection (the root): no collection to choose.
    assert page.select_one("#id_collection") is None


def test_an_abandoned_new_article_waits_on_the_dashboard_to_go_on_with_or_delete(
    client, owner, blog_index, make_article, html
):
    abandoned = make_article("Half a thought", publish=False, owner=owner)
    make_article("Someone else's draft", publish=False)
    make_article("Published already", owner=owner)
    client.force_login(owner)
    page = html(client.get(reverse("wagtailadmin_home")))
    started = page.select_one(".practice-unfinished")
    assert [a.get_text(" ", strip=True) for a in started.select("li > a:first-child")] == [
        "Half a thought"
    ]
    links = [a["href"] for a in started.select("a")]
    assert links == [
        reverse("wagtailadmin_pages:edit", args=[abandoned.pk]),
        reverse("wagtailadmin_pages:delete", args=[abandoned.pk]),
    ]
    response = client.post(reverse("wagtailadmin_pages:delete", args=[abandoned.pk]))
    assert response.status_code == 302
    assert not ArticlePage.objects.filter(pk=abandoned.pk).exists()
    assert html(client.get(reverse("wagtailadmin_home"))).select_one(".practice-unfinished") is None


def test_the_home_page_editor_says_picture_description_too(client, owner):
    client.force_login(owner)
    content = client.get(reverse("wagtailadmin_pages:edit", args=[home_page().pk])).content
    assert b"Picture description" in content and b"Alt text" not in content


def test_pressing_save_on_unchanged_details_ticks_nothing(client, owner, html):
    banner = CrisisBannerSettings.for_site(Site.objects.get(is_default_site=True))
    CrisisResource.objects.update(last_verified=timezone.localdate())
    ModelLogEntry.objects.log_action(banner, "wagtail.edit", user=owner, content_changed=False)
    client.force_login(owner)
    steps = checklist(html, client.get(reverse("wagtailadmin_home")))
    assert steps["Review the crisis banner and its phone numbers"] is False
