"""Editing the blog in the admin: author screens, permissions, previews, prefilled authors."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from practice_blog.blog.models import ArticlePage, Author
from practice_blog.core.groups import EDITORS

pytestmark = pytest.mark.django_db

AUTHOR_ADD = "wagtailsnippets_practice_blog_blog_author:add"
AUTHOR_LIST = "wagtailsnippets_practice_blog_blog_author:list"


def author_form(name="Maya Okafor", slug="maya-okafor", **extra):
    return nested_form_data(
        {
            "name": name,
            "slug": slug,
            "credentials": "PMHNP-BC",
            "bio": rich_text("<p>I listen first.</p>"),
            "social_links": streamfield([]),
            **extra,
        }
    )


def test_editor_can_write_and_publish_an_author(client, editor, html):
    client.force_login(editor)
    assert client.get(reverse(AUTHOR_LIST)).status_code == 200
    response = client.post(reverse(AUTHOR_ADD), {**author_form(), "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    author = Author.objects.get(slug="maya-okafor")
    assert author.live
    assert author.latest_revision is not None
    assert author.full_name == "Maya Okafor, PMHNP-BC"
    listing = html(client.get(reverse(AUTHOR_LIST)))
    cells = [td.get_text(" ", strip=True) for td in listing.select("tbody td")]
    assert cells[1].startswith("Maya Okafor") and cells[2] == "PMHNP-BC" and cells[-1] == "live"


def test_editor_saving_a_draft_author_keeps_it_off_the_site(client, editor, blog_index):
    client.force_login(editor)
    response = client.post(reverse(AUTHOR_ADD), author_form())
    assert response.status_code == 302
    assert not Author.objects.get(slug="maya-okafor").live
    assert client.get("/blog/authors/maya-okafor/").status_code == 404


def test_author_with_a_duplicate_slug_is_refused(client, editor, make_author):
    make_author("Maya Okafor")
    client.force_login(editor)
    response = client.post(reverse(AUTHOR_ADD), author_form(name="Another Maya"))
    assert response.status_code == 200
    assert Author.objects.count() == 1


def test_author_saved_twice_at_once_gets_a_form_error_not_a_500(
    client, editor, make_author, monkeypatch, html
):
    """An autosave and a Publish click can both pass validation before either is stored."""
    from django.forms.models import BaseModelForm

    make_author("Maya Okafor")  # the first of the two requests, already stored
    monkeypatch.setattr(BaseModelForm, "validate_unique", lambda form: None)  # checked too early
    client.force_login(editor)
    response = client.post(reverse(AUTHOR_ADD), {**author_form(), "action-publish": "publish"})
    assert response.status_code == 200
    assert "Another author already uses this web address name" in html(response).get_text()
    assert Author.objects.count() == 1


def test_group_permissions_on_authors(editor, owner):
    for codename in ("add_author", "change_author", "view_author", "publish_author"):
        assert editor.has_perm(f"practice_blog_blog.{codename}")
        assert owner.has_perm(f"practice_blog_blog.{codename}")
    assert not editor.has_perm("practice_blog_blog.delete_author")
    assert owner.has_perm("practice_blog_blog.delete_author")
    assert owner.has_perm("practice_blog_blog.lock_author") and owner.has_perm(
        "practice_blog_blog.unlock_author"
    )


def test_staff_without_author_permissions_cannot_open_author_screens(client, django_user_model):
    user = django_user_model.objects.create_user(username="helper", password="a-long-password-1")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(
        *Group.objects.get(name=EDITORS).permissions.filter(codename="access_admin")
    )
    user.groups.add(group)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    response = client.get(reverse(AUTHOR_ADD))
    assert response.status_code in (302, 403)
    assert not Author.objects.exists()


def test_author_preview_shows_the_public_author_page(make_author, blog_index, make_article):
    author = make_author("Maya Okafor", bio="<p>I listen first.</p>")
    make_article("Maya's article", authors=[author])
    response = author.make_preview_request()
    content = response.content.decode()
    assert response.status_code == 200
    assert "Maya Okafor" in content and "I listen first." in content
    assert "Maya&#x27;s article" in content or "Maya's article" in content


def test_new_article_starts_with_the_writers_author(client, editor, blog_index, make_author):
    author = make_author("Eddie Editor", user=editor)
    make_author("Someone Else")
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add", args=["practice_blog_blog", "articlepage", blog_index.pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="article_authors-TOTAL_FORMS" value="1"' in content
    assert f'name="article_authors-0-author" value="{author.pk}"' in content


def test_new_article_has_an_empty_author_when_the_writer_has_none(
    client, editor, blog_index, make_author, html
):
    make_author("Someone Else")
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add", args=["practice_blog_blog", "articlepage", blog_index.pk]
    )
    page = html(client.get(url))
    assert page.select_one('input[name="article_authors-INITIAL_FORMS"]')["value"] == "0"
    assert not page.select_one('input[name="article_authors-0-author"]').get("value")


def article_form(*authors, **extra):
    return nested_form_data(
        {
            "title": "Saying goodbye",
            "slug": "saying-goodbye",
            "summary": "How care ends well.",
            "body": streamfield([("paragraph", rich_text("<p>Endings matter.</p>"))]),
            "article_authors": inline_formset([{"author": author.pk} for author in authors]),
            "related_picks": inline_formset([]),
            "tags": "endings, therapy basics",
            "content_note": "",
            "show_helpful_widget": "on",
            **extra,
        }
    )


def test_editor_publishes_an_article_from_the_admin(client, editor, blog_index, make_author):
    author = make_author("Maya Okafor")
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add", args=["practice_blog_blog", "articlepage", blog_index.pk]
    )
    response = client.post(url, {**article_form(author), "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    article = ArticlePage.objects.get(slug="saying-goodbye")
    assert article.live
    assert [link.author for link in article.article_authors.all()] == [author]
    assert sorted(tag.name for tag in article.tags.all()) == ["endings", "therapy basics"]
    assert article.publication_date is not None
    assert client.get(article.url).status_code == 200


def test_article_needs_an_author(client, editor, blog_index):
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add", args=["practice_blog_blog", "articlepage", blog_index.pk]
    )
    response = client.post(url, {**article_form(), "action-publish": "publish"})
    assert response.status_code == 200
    assert not ArticlePage.objects.filter(slug="saying-goodbye").exists()


def test_video_from_an_unknown_host_is_refused(client, editor, blog_index, make_author):
    author = make_author("Maya Okafor")
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add", args=["practice_blog_blog", "articlepage", blog_index.pk]
    )
    body = streamfield(
        [("embed", {"url": "https://videos.example/watch/1", "title": "A talk", "caption": ""})]
    )
    response = client.post(url, {**article_form(author, body=body), "action-publish": "publish"})
    assert response.status_code == 200
    assert not ArticlePage.objects.filter(slug="saying-goodbye").exists()


def test_edit_screens_open_for_articles_and_authors(
    client, editor, make_article, make_author, html
):
    author = make_author("Maya Okafor")
    article = make_article(authors=[author], tags=["endings"])
    client.force_login(editor)
    edit_article = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert edit_article.status_code == 200
    page = html(edit_article)
    tabs = [tab.get_text(" ", strip=True) for tab in page.select('a[role="tab"]')]
    # Wagtail hides the Settings tab when none of its panels apply (scheduling is in the
    # status side panel), so only the first three tabs are certain.
    assert [tab.split(" ")[0] for tab in tabs][:3] == ["Content", "Promote", "Reader"]
    reader_care = page.select_one("#tab-reader_care")
    assert reader_care.select_one('[name="show_helpful_widget"]')
    assert reader_care.select_one('[name="is_sensitive"]')
    edit_author = client.get(
        reverse("wagtailsnippets_practice_blog_blog_author:edit", args=[author.pk])
    )
    assert edit_author.status_code == 200


def test_only_practice_owners_link_an_author_to_a_staff_account(
    client, editor, owner, make_author, html
):
    author = make_author("Maya Okafor")
    url = reverse("wagtailsnippets_practice_blog_blog_author:edit", args=[author.pk])
    client.force_login(editor)
    assert html(client.get(url)).select('[name="user"]') == []
    client.force_login(owner)
    assert html(client.get(url)).select('[name="user"]')


def test_preview_shows_unsaved_authors_tags_and_text(
    client, editor, make_article, make_author, html
):
    maya = make_author("Maya Okafor", credentials="PMHNP-BC")
    article = make_article("Saying goodbye", slug="saying-goodbye")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    data = article_form(maya, body=streamfield([("paragraph", rich_text("<p>Draft[1].</p>"))]))
    assert client.post(url, data).json()["is_valid"]
    page = html(client.get(url))
    assert "About the author: Maya Okafor, PMHNP-BC" in page.select_one(".author-box").get_text(
        " ", strip=True
    )
    assert [a.get_text() for a in page.select(".article-tags a")] == ["endings", "therapy basics"]
    assert "Draft" in page.select_one(".article__body").get_text()
    assert not ArticlePage.objects.get(pk=article.pk).article_authors.exists()


@pytest.mark.parametrize("query", ["maya", "a"])
def test_author_listing_search_finds_authors(client, editor, make_author, html, query):
    make_author("Maya Okafor", role="Nurse practitioner")
    make_author("Daniel Reyes", role="Therapist")
    client.force_login(editor)
    response = client.get(reverse(AUTHOR_LIST), {"q": query})
    assert response.status_code == 200
    names = html(response).get_text()
    if query == "maya":
        assert "Maya Okafor" in names and "Daniel Reyes" not in names


@pytest.mark.parametrize(
    ("query", "found"),
    [('"', []), ('"maya', ["Maya Okafor"]), ('maya"okafor', ["Maya Okafor"]), ('""', [])],
)
def test_admin_searches_with_stray_quotes_work(client, editor, make_author, html, query, found):
    """A double quote in an admin search box used to be a database error (500) on SQLite."""
    make_author("Maya Okafor", role="Nurse practitioner")
    make_author("Daniel Reyes", role="Therapist")
    client.force_login(editor)
    response = client.get(reverse(AUTHOR_LIST), {"q": query})
    assert response.status_code == 200
    listed = [link.get_text(strip=True) for link in html(response).select("table tbody td a")]
    assert [name for name in ("Maya Okafor", "Daniel Reyes") if name in listed] == found
    assert client.get(reverse("wagtailimages:index"), {"q": query}).status_code == 200
