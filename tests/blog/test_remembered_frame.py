"""Uncached pages read the site frame, the Site, the route and the view restrictions once per
content version: every change an owner saves is still on the next request.

These tests commit (``transaction=True``), as a live site does: nothing is remembered inside a
transaction. The page cache is off in the test profile, so every request renders the page.
"""

import pytest
from django.db import connection
from django.db.models import F
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from home.demo import home_page
from home.models import HomePage, PracticeSettings
from practice_blog.core import memo
from practice_blog.core.models import PublicContentVersion
from practice_blog.safety.models import CrisisResource

from .conftest import paragraph

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def tables_read(client, url):
    """The tables a request for ``url`` reads, and its response."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    return sql, response


def test_the_frame_is_read_once_per_content_version(make_article, client):
    article = make_article("Saying no kindly", body=[paragraph("Some words.")])
    client.get(article.url)
    client.get(article.url)  # the first visit created the settings rows
    sql, response = tables_read(client, article.url)
    assert "Saying no kindly" in response.content.decode()
    for table in (
        "wagtailcore_site",
        "home_practicesettings",
        "practice_blog_safety_crisisbannersettings",
        "practice_blog_newsletter_newslettersettings",
        "practice_blog_feedback_feedbacksettings",
        "wagtailcore_pageviewrestriction",
    ):
        assert f'"{table}"' not in sql, table

    practice = PracticeSettings.for_site(Site.objects.get(is_default_site=True))
    practice.name = "Quiet Harbour Counselling"
    practice.save()
    sql, response = tables_read(client, article.url)
    assert '"home_practicesettings"' in sql
    assert "Quiet Harbour Counselling" in response.content.decode()


def test_a_change_saved_by_another_process_is_seen(make_article, client):
    """Another process's save reaches this one through the version in the database."""
    article = make_article()
    client.get(article.url)
    # What another worker does: change a crisis line's number, then move the version on.
    # (``update()`` sends no signal, so only the version can tell this process.)
    resource = CrisisResource.objects.active().filter(is_emergency=False).first()
    client.get(article.url)
    CrisisResource.objects.filter(pk=resource.pk).update(phone_number="0800 123 4567")
    PublicContentVersion.objects.update_or_create(
        pk=1, defaults={"version": F("version") + 1, "changed_at": timezone.now()}
    )
    assert "0800 123 4567" in client.get(article.url).content.decode()


def test_a_new_menu_page_and_a_new_article_route_at_once(blog_index, make_article, client):
    client.get("/")
    assert "Articles" not in html_links(client, "/")
    blog_index.show_in_menus = True
    blog_index.save_revision().publish()
    assert "Articles" in html_links(client, "/")
    first = make_article("First note")
    assert client.get(first.url).status_code == 200
    assert client.get(blog_index.url + "tags/nothing-here/").status_code == 404
    second = make_article("Second note", tags=["endings"])
    assert "Second note" in client.get(blog_index.url + "tags/endings/").content.decode()
    assert client.get(second.url).status_code == 200


def html_links(client, url):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(url).content, "html.parser")
    return [link.text for link in page.select(".site-nav a")]


def test_making_an_article_private_takes_effect_at_once(blog_index, make_article, client):
    article = make_article("Notes for clients")
    for _ in range(2):
        assert client.get(article.url).status_code == 200
    assert "Notes for clients" in client.get(blog_index.url).content.decode()
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="a-long-secret"
    )
    response = client.get(article.url)
    assert "password" in response.content.decode().lower()
    assert "Notes for clients" not in response.content.decode()
    assert "Notes for clients" not in client.get(blog_index.url).content.decode()


def test_with_atomic_requests_what_the_view_reads_in_its_transaction_is_not_remembered(
    make_article, client, monkeypatch
):
    """Django runs the view in the transaction; the page lookup comes before it and the
    templates render after it."""
    article = make_article()
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)
    memo.forget()
    client.get(article.url)
    sql, _response = tables_read(client, article.url)
    kinds = {key[0] for key in memo._memo["entries"]}
    assert {"site", "route", "restricted-sections", "crisis-banner", "main-menu"} <= kinds
    assert "blog-index" not in kinds  # read by the view, inside its transaction
    assert '"practice_blog_blog_blogindexpage"' in sql


def test_a_private_original_keeps_pages_under_its_alias_private(blog_index, make_article, client):
    """Wagtail checks an alias's original for view restrictions; so does the memo (it asks
    Wagtail)."""
    copy = blog_index.create_alias(parent=home_page(), update_slug="blog-copy")
    PageViewRestriction.objects.create(
        page=blog_index, restriction_type=PageViewRestriction.PASSWORD, password="a-secret"
    )
    article = make_article("Under the copy", parent=copy)
    assert article.url.startswith("/blog-copy/")
    for _ in range(3):
        response = client.get(article.url)
        assert "Under the copy" not in response.content.decode()
        assert "password" in response.content.decode().lower()


def test_a_host_page_that_routes_for_members_only_is_never_skipped(
    make_article, client, editor, monkeypatch
):
    """A route is replayed only when every page above routes with Wagtail's tree walk."""

    def members_only(self, request, path_components):
        if not request.user.is_authenticated:
            raise Http404
        return Page.route(self, request, path_components)

    monkeypatch.setattr(HomePage, "route", members_only)
    article = make_article("For members")
    staff = Client()
    staff.force_login(editor)
    for _ in range(2):
        assert staff.get(article.url).status_code == 200
    assert client.get(article.url).status_code == 404


def test_no_page_instance_is_shared_through_the_remembered_site(make_article, client):
    article = make_article()
    for _ in range(2):
        client.get(article.url)
        client.get("/")
    sites = [value for key, value in memo._memo["entries"].items() if key[0] == "site"]
    assert sites
    assert all("root_page" not in site._state.fields_cache for site in sites)


def test_what_visitors_send_cannot_grow_the_memo(make_article, client, settings, monkeypatch):
    """Host names and paths are keys: the memo keeps at most MAX_ENTRIES of them."""
    monkeypatch.setattr(memo, "MAX_ENTRIES", 20)
    settings.ALLOWED_HOSTS = ["*"]
    article = make_article()
    for number in range(60):
        client.get(article.url, headers={"Host": f"host-{number}.example"})
        client.get(f"/no-such-page-{number}/")
    assert len(memo._memo["entries"]) <= 20
    assert client.get(article.url).status_code == 200


def test_the_version_tells_apart_databases_with_the_same_counter():
    """Test databases are flushed between tests and count from 1 again."""
    PublicContentVersion.objects.all().delete()
    PublicContentVersion.objects.create(pk=1, version=5)
    first = memo.read_version()
    PublicContentVersion.objects.all().delete()
    PublicContentVersion.objects.create(pk=1, version=5)
    assert memo.read_version() != first
    assert first.startswith("5.")


def test_renaming_the_blog_shows_on_its_articles_at_once(blog_index, make_article, client):
    article = make_article()
    for _ in range(2):
        assert "Articles</a>" in client.get(article.url).content.decode()
    blog_index.title = "Notes from the practice"
    blog_index.save_revision().publish()
    assert "Notes from the practice</a>" in client.get(article.url).content.decode()
