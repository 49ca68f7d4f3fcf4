"""The page cache: a second anonymous request is served whole from the cache, and any change
an owner saves is on the next request, in every process."""

import datetime
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction, Site

from home.models import PracticeSettings
from practice_blog.core import anonymous_posts, middleware
from practice_blog.core.page_cache import ENTRY_MARKER, content_version
from practice_blog.feedback.models import HelpfulVote
from practice_blog.safety.models import CrisisBannerSettings
from tests import cdn_backend
from tests.feedback.conftest import BROWSER, ORIGIN, vote_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The test profile leaves the page cache off (most tests never commit); on here."""
    settings.PRACTICE_BLOG = {**settings.PRACTICE_BLOG, "PAGE_CACHE": "pages"}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed (the version moves on at commit)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def cached(client, url, **kwargs):
    """Request ``url`` twice; return the second response (a hit when the page is cacheable)."""
    client.get(url, **kwargs)
    return client.get(url, **kwargs)


def test_second_anonymous_request_is_served_from_the_cache(make_article, client):
    article = make_article("Boundaries at work")
    first = client.get(article.url)
    assert first[ENTRY_MARKER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.url)
    assert second[ENTRY_MARKER] == "hit"
    assert second.content == first.content
    # Only the content version is read: no routing, no page, no settings.
    assert len(queries.captured_queries) == 1
    assert "practice_blog_core_publiccontentversion" in queries.captured_queries[0]["sql"]
    assert second["Cache-Control"] == first["Cache-Control"]
    assert "max-age=0" in second["Cache-Control"]
    assert "s-maxage" not in second["Cache-Control"]  # no CDN purge backend configured


def test_head_is_served_from_the_cache(make_article, client):
    article = make_article()
    client.get(article.url)
    assert client.head(article.url)[ENTRY_MARKER] == "hit"


def test_if_none_match_gives_304_keeping_cache_control(make_article, client):
    article = make_article()
    etag = client.get(article.url)["ETag"]
    assert etag
    for _ in range(2):  # from the page, then from the cache
        response = client.get(article.url, headers={"If-None-Match": etag})
        assert response.status_code == 304
        assert "max-age=0" in response["Cache-Control"]
        assert response["ETag"] == etag
    assert client.get(article.url, headers={"If-None-Match": '"other"'}).status_code == 200


def assert_fresh_after(client, url, change, expected_text, committed):
    assert cached(client, url)[ENTRY_MARKER] == "hit"
    committed(change)
    response = client.get(url)
    assert response[ENTRY_MARKER] == "miss"
    assert expected_text in response.content.decode()


def test_publish_makes_the_article_and_the_index_fresh(make_article, blog_index, client, committed):
    article = make_article("First title")

    def retitle():
        article.title = "Second title"
        article.save_revision().publish()

    cached(client, blog_index.url)
    assert_fresh_after(client, article.url, retitle, "Second title", committed)
    assert "Second title" in client.get(blog_index.url).content.decode()


def test_a_draft_save_keeps_the_cache(make_article, client):
    article = make_article("Live title")
    cached(client, article.url)
    article.title = "Unpublished draft title"
    article.save_revision()
    response = client.get(article.url)
    assert response[ENTRY_MARKER] == "hit"
    assert "Unpublished draft title" not in response.content.decode()


def test_unpublish_and_delete_make_the_next_request_fresh(
    make_article, blog_index, client, committed
):
    gone, deleted = make_article("Soon private"), make_article("Soon deleted")
    url = blog_index.url
    assert_fresh_after(client, url, gone.unpublish, "Soon deleted", committed)
    assert "Soon private" not in client.get(url).content.decode()
    assert cached(client, deleted.url)[ENTRY_MARKER] == "hit"
    committed(deleted.delete)
    assert client.get(deleted.url).status_code == 404


def test_move_makes_the_next_request_fresh(make_article, blog_index, client, committed):
    from practice_blog.blog.models import BlogIndexPage

    article = make_article("Moving article")
    other = BlogIndexPage(title="Notes", slug="notes")
    blog_index.get_parent().add_child(instance=other)
    other.save_revision().publish()
    old_url = article.url
    cached(client, old_url)
    committed(lambda: article.move(other, pos="last-child"))
    moved = client.get(old_url)  # Wagtail's own redirect from the old address, not the old page
    assert moved.status_code == 301
    assert moved["Location"] == "/notes/" + article.slug + "/"
    assert client.get("/notes/" + article.slug + "/").status_code == 200


def test_author_edit_makes_the_article_fresh(make_article, make_author, client, committed):
    author = make_author("Maya Okafor")
    article = make_article(authors=[author])

    def rename():
        author.name = "Maya Okafor-Reyes"
        author.save_revision().publish()

    assert_fresh_after(client, article.url, rename, "Maya Okafor-Reyes", committed)


def test_banner_and_practice_details_saves_make_every_page_fresh(make_article, client, committed):
    article = make_article()
    site = Site.objects.get(is_default_site=True)

    def new_banner():
        banner = CrisisBannerSettings.for_site(site)
        banner.message = "A new calm banner message."
        banner.save()

    def new_phone():
        practice = PracticeSettings.for_site(site)
        practice.phone = "555-0199"
        practice.save()

    assert_fresh_after(client, article.url, new_banner, "A new calm banner message.", committed)
    assert_fresh_after(client, "/", new_phone, "555-0199", committed)


def test_a_change_saved_by_another_process_is_seen(make_article, client):
    """The version lives in the database: a raw update, as another worker or a management
    command would make, is seen on the next request."""
    article = make_article()
    cached(client, article.url)
    before = content_version()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE practice_blog_core_publiccontentversion SET version = version + 1")
    assert content_version() == before + 1
    assert client.get(article.url)[ENTRY_MARKER] == "miss"


def test_staff_and_readers_with_cookies_never_use_the_cache(make_article, client, editor):
    article = make_article()
    cached(client, article.url)
    staff = Client()
    staff.force_login(editor)
    assert ENTRY_MARKER not in staff.get(article.url)
    with_cookie = Client(headers={"Cookie": "anything=1"})
    assert ENTRY_MARKER not in with_cookie.get(article.url)


def test_previews_are_never_cached(make_article, client, editor):
    article = make_article()
    staff = Client()
    staff.force_login(editor)
    preview = staff.get(f"/admin/pages/{article.pk}/edit/preview/?mode=")
    assert ENTRY_MARKER not in preview
    assert ENTRY_MARKER not in cached(staff, f"/admin/pages/{article.pk}/view_draft/")


def test_password_protected_pages_are_never_stored(make_article, client):
    article = make_article("Private notes")
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = cached(client, article.url)
    assert ENTRY_MARKER not in response
    assert "Private notes" not in response.content.decode() or response.status_code != 200


def test_making_a_cached_article_private_drops_it_at_once(make_article, client, committed):
    article = make_article("Notes for clients")
    assert cached(client, article.url)[ENTRY_MARKER] == "hit"
    committed(
        lambda: PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="a-secret"
        )
    )
    response = client.get(article.url)
    assert ENTRY_MARKER not in response
    assert "Notes for clients" not in response.content.decode()


def test_private_responses_are_never_stored(make_article, client, settings):
    """A reader's own "thanks for your answer" state is marked private: even with its query
    parameters allowed, it is not stored."""
    settings.PRACTICE_BLOG = {
        **settings.PRACTICE_BLOG,
        "PAGE_CACHE_QUERY_PARAMETERS": ["page", "q", "feedback", "voter"],
    }
    article = make_article()
    url = f"{article.url}?feedback=yes&voter={'a' * 32}"
    response = cached(client, url)
    assert "private" in response["Cache-Control"]
    assert ENTRY_MARKER not in response


def test_unknown_query_strings_bypass_the_cache(make_article, blog_index, client):
    make_article()
    assert cached(client, blog_index.url + "?page=1")[ENTRY_MARKER] == "hit"
    assert ENTRY_MARKER not in cached(client, blog_index.url + "?utm_source=x")
    assert ENTRY_MARKER not in cached(client, blog_index.url + "?page=1&page=2")


def test_404_is_never_cached_and_a_new_redirect_works_at_once(make_article, client, committed):
    article = make_article()
    assert client.get("/old-address/").status_code == 404
    assert client.get("/old-address/").status_code == 404
    committed(lambda: Redirect.objects.create(old_path="/old-address", redirect_page=article))
    response = client.get("/old-address/")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith(article.url)


def test_a_cached_vote_form_still_works_near_the_end_of_the_entrys_life(
    make_article, settings, monkeypatch, html
):
    """The entry lives 6 hours; the form's signed time is accepted for 48: a reader who gets
    the page from the cache just before it expires can still vote."""
    reader = Client(enforce_csrf_checks=True, headers={"User-Agent": BROWSER, "Origin": ORIGIN})
    article = make_article()
    reader.get(article.url)
    later = time.time() + settings.PRACTICE_BLOG.get("PAGE_CACHE_SECONDS", 6 * 3600) - 60
    monkeypatch.setattr(time, "time", lambda: later)

    class Later(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.fromtimestamp(later, tz)

    monkeypatch.setattr(anonymous_posts, "datetime", Later)
    page = reader.get(article.url)
    assert page[ENTRY_MARKER] == "hit"
    form = html(page).select_one("form[data-helpful-form]")
    rendered = form.select_one("input[name=rendered]")["value"]
    response = reader.post(form["action"], vote_data(article, rendered=rendered))
    assert response.status_code == 303, response.content.decode()[:300]
    assert HelpfulVote.objects.filter(page=article).count() == 1


@pytest.fixture
def cdn(settings, monkeypatch):
    """A configured CDN purge backend that records its purges."""
    installed = middleware.apps.is_installed
    monkeypatch.setattr(
        middleware.apps,
        "is_installed",
        lambda name: name == "wagtail.contrib.frontend_cache" or installed(name),
    )
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "tests.cdn_backend.RecordingPurgeEverythingBackend"}
    }
    cdn_backend.PURGED.clear()
    return cdn_backend.PURGED


def test_s_maxage_is_sent_only_with_a_cdn_purge_backend(make_article, settings, cdn):
    article = make_article()
    assert "s-maxage=300" in Client().get(article.url + "?page=1")["Cache-Control"]
    settings.WAGTAILFRONTENDCACHE = {}
    assert "s-maxage" not in Client().get(article.url + "?page=2")["Cache-Control"]


def test_an_article_publish_purges_its_blog_tags_authors_feeds_and_sitemap(
    make_article, make_author, committed, cdn
):
    author = make_author("Maya Okafor")
    article = make_article("Endings", authors=[author], tags=["endings"])
    cdn.clear()
    committed(lambda: article.save_revision().publish())
    paths = {url.removeprefix("http://localhost") for url in cdn}
    assert {
        "/",
        "/blog/",
        "/blog/feed/rss/",
        "/blog/feed/atom/",
        "/blog/tags/endings/",
        "/blog/authors/maya-okafor/",
        "/sitemap.xml",
    } <= paths
    assert cdn_backend.EVERYTHING not in cdn  # an article is purged address by address


def test_a_tag_taken_off_an_article_leaves_the_cdn_too(make_article, committed, cdn):
    """The old tag's page listed the article, and the blog's paths no longer name it: the
    deleted tag row purges the whole site."""
    article = make_article("Endings", tags=["endings", "grief"])
    cdn.clear()
    article.tags.set(["endings"])
    committed(lambda: article.save_revision().publish())
    assert cdn_backend.EVERYTHING in cdn


def test_a_banner_change_purges_the_whole_site(make_article, committed, cdn, settings):
    article = make_article()
    banner = CrisisBannerSettings.for_site(Site.objects.get(is_default_site=True))
    cdn.clear()
    banner.message = "Call or text 988."
    committed(banner.save)
    assert cdn_backend.EVERYTHING in cdn
    # A backend without purge-everything gets every live page's address instead.
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "tests.cdn_backend.RecordingBackend"}}
    cdn.clear()
    committed(banner.save)
    paths = {url.removeprefix("http://localhost") for url in cdn}
    assert {"/", "/blog/", article.url} <= paths


def test_what_public_pages_show_is_watched_and_staff_comments_are_not():
    from practice_blog.core.page_cache import _public_models

    labels = {model._meta.label for model in _public_models()}
    assert {
        "practice_blog_blog.Author",
        "practice_blog_blog.ArticlePageTag",
        "practice_blog_safety.CrisisResource",
        "practice_blog_safety.CrisisBannerResource",
        "practice_blog_newsletter.NewsletterSettings",
        "practice_blog_feedback.FeedbackSettings",
        "home.PracticeSettings",
        "wagtailredirects.Redirect",
        "wagtailimages.Image",
        "wagtailcore.Site",
        "wagtailcore.PageViewRestriction",
    } <= labels
    assert "wagtailcore.Comment" not in labels
    assert "practice_blog_feedback.HelpfulVote" not in labels
