"""The crisis banner: on every public page, well-formed links, escaped text, placement,
dismissal rules, and still there when the database is down."""

import re

import pytest
from django.db import OperationalError, connection
from django.test import Client

from practice_blog.safety.models import CrisisBannerResource, CrisisResource, Placement

pytestmark = pytest.mark.django_db

TEL_OR_SMS = re.compile(r"^(tel:\+?\d+|sms:\+?\d+(\?body=[A-Za-z0-9%]+)?)$")


def banner_of(page):
    return page.select_one("aside.crisis-banner")


def assert_is_crisis_banner(aside):
    """The markup the issue asks for: labelled region, nosnippet, not an alert, tappable numbers."""
    assert aside is not None, "no crisis banner on the page"
    assert aside.name == "aside"
    assert aside.get("role") != "alert"
    assert aside.has_attr("data-nosnippet")
    label = aside.find(id=aside["aria-labelledby"])
    assert label is not None and label.get_text(strip=True)
    links = {a.get_text(" ", strip=True): a["href"] for a in aside.select("a")}
    assert links["Call 988"] == "tel:988"
    assert links["Text 988"] == "sms:988"
    assert links["Text HOME to 741741"] == "sms:741741?body=HOME"
    assert links["911"] == "tel:911"
    assert "If you are in immediate danger, call 911." in " ".join(aside.get_text().split())
    for href in links.values():
        if href.startswith(("tel:", "sms:")):
            assert TEL_OR_SMS.match(href), href


def test_banner_is_on_the_home_page_before_the_header(demo_site, client, html):
    page = html(client.get("/"))
    aside = banner_of(page)
    assert_is_crisis_banner(aside)
    assert "struggling or in crisis, help is available" in aside.get_text()
    assert aside.find_next("header") is not None  # before the site header, after the skip link
    assert aside.select_one('a[href="/get-help-now/"]').get_text() == "Get help now"


def test_banner_is_on_the_help_page_and_an_article(demo_site, client, html, make_article):
    article = make_article("Boundaries")
    for url in ("/get-help-now/", article.url):
        response = client.get(url)
        assert response.status_code == 200
        assert_is_crisis_banner(banner_of(html(response)))


def test_banner_is_on_the_blog_index(demo_site, client, html, make_article):
    article = make_article("Boundaries")
    response = client.get(article.get_parent().url)
    assert response.status_code == 200
    assert_is_crisis_banner(banner_of(html(response)))


@pytest.mark.parametrize("route", ["tags/boundaries/", "search/?q=care"])
def test_banner_is_on_the_blog_tag_and_search_pages(site, client, html, make_article, route):
    article = make_article("Boundaries")
    article.tags.add("boundaries")
    article.save_revision().publish()
    response = client.get(article.get_parent().url + route)
    assert response.status_code == 200
    assert_is_crisis_banner(banner_of(html(response)))


def test_banner_is_on_the_author_pages(demo_site, client, html):
    from practice_blog.blog.models import Author, BlogIndexPage

    blog = BlogIndexPage.objects.get()
    author = Author.objects.first()
    response = client.get(f"{blog.url}authors/{author.slug}/")
    assert response.status_code == 200
    assert_is_crisis_banner(banner_of(html(response)))


def test_banner_is_on_the_404_page(client, html):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_is_crisis_banner(banner_of(html(response)))


def test_banner_does_not_move_or_stick_and_has_no_script_by_default(client, html):
    page = html(client.get("/"))
    aside = banner_of(page)
    assert not aside.has_attr("style")
    assert not aside.has_attr("data-dismissible")
    assert page.select('script[src*="crisis-banner"]') == []
    css = open("src/practice_blog/safety/static/practice_blog/safety/css/safety.css").read()  # noqa: SIM115
    assert "position: sticky" not in css and "position: fixed" not in css
    assert "animation:" not in css and "@keyframes" not in css


def test_footer_links_to_the_help_page(demo_site, client, html):
    footer = html(client.get("/")).select_one("footer")
    assert footer.select_one('a[href="/get-help-now/"]').get_text() == "Get help now"


def test_staff_text_in_the_banner_is_escaped(banner_settings, client, html):
    banner_settings.message = '<script>alert("x")</script> Help is here & now.'
    banner_settings.save()
    CrisisResource.objects.filter(name="Crisis Text Line").update(name="<b>Text</b> Line")
    response = client.get("/")
    content = response.content.decode()
    assert '<script>alert("x")</script>' not in content
    assert "&lt;script&gt;" in content
    aside = banner_of(html(response))
    assert aside.select("b") == []
    assert '<script>alert("x")</script> Help is here & now.' in aside.get_text()
    assert "<b>Text</b> Line:" in aside.get_text()


def test_banner_shows_staff_choice_in_order_and_skips_switched_off(banner_settings, client, html):
    samaritans = CrisisResource.objects.get(name="Samaritans")
    samaritans.is_active = True
    samaritans.save()
    banner_settings.banner_resources.all().delete()
    for position, name in enumerate(["Samaritans", "Crisis Text Line", "Lifeline Australia"]):
        CrisisBannerResource.objects.create(
            setting=banner_settings,
            resource=CrisisResource.objects.get(name=name),
            sort_order=position,
        )
    aside = banner_of(html(client.get("/")))
    names = [span.get_text() for span in aside.select(".crisis-banner__name")]
    assert names == ["Samaritans:", "Crisis Text Line:"]  # Lifeline Australia is switched off
    assert aside.select_one('a[href="tel:116123"]').get_text() == "Call 116 123"


def test_banner_with_every_service_switched_off_still_points_to_help(client, html):
    CrisisResource.objects.update(is_active=False)
    aside = banner_of(html(client.get("/")))
    link = aside.select_one('a[href="https://findahelpline.com"]')
    assert link is not None and link.get_text() == "findahelpline.com"
    assert "helpline in your country" in aside.get_text()


def test_switched_off_banner_is_not_shown(banner_settings, client, html):
    banner_settings.is_enabled = False
    banner_settings.save()
    assert banner_of(html(client.get("/"))) is None


def test_banner_keeps_the_page_cookie_free_and_cacheable(demo_site):
    response = Client().get("/")
    assert response.cookies == {}
    assert "cookie" not in response.headers.get("Vary", "").lower()
    assert "public" in response["Cache-Control"]


def render_banner_and_footer_link(request):
    from django.template import engines

    template = engines["django"].from_string(
        "{% load practice_blog_safety %}{% crisis_banner %}{% help_page_link %}"
        "{% crisis_banner 'end' %}"
    )
    return template.render({"request": request})


def test_banner_query_count_is_constant(demo_site, rf, django_assert_num_queries):
    """Site, banner setting (with its emergency number and help page), chosen resources:
    3 queries per page whatever the number of resources, shared by the footer link and the
    end-of-article copy."""
    render_banner_and_footer_link(rf.get("/"))  # warm Wagtail's site-root cache
    with django_assert_num_queries(3):
        render_banner_and_footer_link(rf.get("/"))
    CrisisResource.objects.update(is_active=True)
    with django_assert_num_queries(3):
        render_banner_and_footer_link(rf.get("/"))


# Dismissal ---------------------------------------------------------------------------


def test_dismissal_is_offered_only_when_staff_allow_it(banner_settings, client, html):
    banner_settings.allow_dismiss = True
    banner_settings.save()
    page = html(client.get("/"))
    aside = banner_of(page)
    assert aside.has_attr("data-dismissible")
    assert re.fullmatch(r"[0-9a-f]{12}", aside["data-version"])
    script = page.select_one('script[type="module"][src*="safety/js/crisis-banner"]')
    assert script is not None and not script.string  # an external module, no inline code


def test_dismissal_never_sets_a_cookie(banner_settings):
    banner_settings.allow_dismiss = True
    banner_settings.save()
    response = Client().get("/")
    assert response.cookies == {}
    script = open("src/practice_blog/safety/static/practice_blog/safety/js/crisis-banner.js").read()  # noqa: SIM115
    assert "sessionStorage" in script and "localStorage" not in script
    assert "document.cookie" not in script


def test_banner_version_changes_when_its_text_changes(banner_settings, client, html):
    banner_settings.allow_dismiss = True
    banner_settings.save()
    first = banner_of(html(client.get("/")))["data-version"]
    assert banner_of(html(client.get("/")))["data-version"] == first  # stable
    banner_settings.message = "You are not alone. Help is available."
    banner_settings.save()
    second = banner_of(html(client.get("/")))["data-version"]
    assert second != first
    CrisisResource.objects.filter(name="Crisis Text Line").update(text_keyword="HELLO")
    assert banner_of(html(client.get("/")))["data-version"] != second


def test_banner_is_never_dismissible_on_a_sensitive_article(
    banner_settings, client, html, make_article
):
    banner_settings.allow_dismiss = True
    banner_settings.save()
    sensitive = make_article("After a loss", is_sensitive=True)
    ordinary = make_article("Boundaries")
    sensitive_page = html(client.get(sensitive.url))
    assert not banner_of(sensitive_page).has_attr("data-dismissible")
    assert sensitive_page.select('script[src*="crisis-banner"]') == []
    assert banner_of(html(client.get(ordinary.url))).has_attr("data-dismissible")


def test_a_sensitive_article_links_the_safety_stylesheet_once(client, html, make_article):
    """Banner, content note, help section and footer link all need it; the first one to
    appear brings it (so a host's base.html needs nothing) and the others do not repeat it."""
    page = html(client.get(make_article("After a loss", is_sensitive=True).url))
    assert page.select_one("aside.content-note") and page.select_one("section.crisis-help")
    links = page.select('link[rel=stylesheet][href$="practice_blog/safety/css/safety.css"]')
    assert len(links) == 1
    banner = banner_of(page)
    assert links[0].find_next("aside") is banner  # linked right before the banner


def test_crisis_help_block_and_help_page_bring_the_stylesheet_with_the_banner_off(
    banner_settings, client, html, make_article
):
    from practice_blog.safety.models import HelpPage

    banner_settings.is_enabled = False
    banner_settings.save()
    article = make_article("Where to find help")
    article.body = [("crisis_help", {"heading": "Need to talk?", "use_site_defaults": True})]
    article.save_revision().publish()
    css = 'link[rel=stylesheet][href$="practice_blog/safety/css/safety.css"]'
    page = html(client.get(article.url))
    assert page.select_one("section.crisis-help")
    assert len(page.select(css)) == 1
    help_page = HelpPage.objects.live().first()
    if help_page is None:
        help_page = (
            article.get_parent()
            .get_parent()
            .add_child(instance=HelpPage(title="Get help now", slug="get-help-now"))
        )
    page = html(client.get(help_page.url))
    links = page.select(css)
    assert len(links) == 1
    assert links[0].find_parent("main") is not None  # with the page's own content


# Placement ---------------------------------------------------------------------------


def test_banner_repeats_at_the_end_of_articles_when_staff_choose(
    banner_settings, client, html, make_article
):
    article = make_article("Boundaries")
    assert len(html(client.get(article.url)).select("aside.crisis-banner")) == 1
    banner_settings.placement = Placement.TOP_AND_END
    banner_settings.save()
    page = html(client.get(article.url))
    banners = page.select("aside.crisis-banner")
    assert len(banners) == 2
    assert banners[1].find_parent("article") is not None
    ids = [aside["aria-labelledby"] for aside in banners]
    assert len(set(ids)) == 2  # unique ids, both labels present
    assert all(page.find(id=label) for label in ids)


# Database outage ---------------------------------------------------------------------


def fail_every_query(execute, sql, params, many, context):
    raise OperationalError("database is unreachable")


def test_banner_falls_back_to_static_text_when_the_database_fails(client, html, rf):
    from django.template import engines

    template = engines["django"].from_string("{% load practice_blog_safety %}{% crisis_banner %}")
    request = rf.get("/")
    with connection.execute_wrapper(fail_every_query):
        rendered = template.render({"request": request})
    aside = banner_of(html(type("R", (), {"content": rendered.encode()})))
    assert aside.has_attr("data-crisis-fallback")
    assert_is_crisis_banner(aside)


@pytest.mark.parametrize("path", ["/", "/no-such-page/", "/blog/tags/anything/"])
def test_with_the_database_down_every_page_is_a_503_with_crisis_help(path, html):
    """A request whose every query fails gets 503 and Retry-After, with the crisis lines."""
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(fail_every_query):
        response = client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    page = html(response)
    assert "temporarily unavailable" in page.get_text()
    assert_is_crisis_banner(banner_of(page))


def test_a_database_bug_that_is_not_an_outage_stays_a_500(rf):
    from django.db import IntegrityError

    from practice_blog.core.views import server_error

    try:
        raise IntegrityError("duplicate key")
    except IntegrityError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500


def test_a_sites_503_page_that_needs_the_database_falls_back_to_ours(rf, html, settings, tmp_path):
    from practice_blog.core.views import server_error

    (tmp_path / "503.html").write_text("{% load practice_blog_nonexistent %}broken")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    try:
        raise OperationalError("database is unreachable")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    page = html(response)
    assert "temporarily unavailable" in page.get_text()
    assert_is_crisis_banner(banner_of(page))


def test_errors_other_than_the_database_are_still_a_500(rf, html):
    from practice_blog.core.views import server_error

    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in html(response).get_text()
    assert_is_crisis_banner(banner_of(html(response)))


def test_500_template_renders_without_any_database_access(django_db_blocker, rf, html):
    from django.views.defaults import server_error

    with django_db_blocker.block():  # any query now raises instead of running
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert_is_crisis_banner(banner_of(html(response)))


def test_content_note_falls_back_to_static_help_when_the_database_fails(rf, html):
    from django.template import engines

    from practice_blog.blog.models import ArticlePage

    article = ArticlePage(title="A loss", is_sensitive=True, content_note="This discusses suicide.")
    template = engines["django"].from_string(
        "{% load practice_blog_safety %}{% content_note page %}{% sensitive_page_help page %}"
    )
    with connection.execute_wrapper(fail_every_query):
        rendered = template.render({"request": rf.get("/"), "page": article})
    page = html(type("R", (), {"content": rendered.encode()}))
    note = page.select_one("aside.content-note")
    assert "This discusses suicide." in note.get_text()
    assert note.select_one('a[href="tel:988"]').get_text() == "Call 988"
    assert page.select_one("section.crisis-help a[href='tel:911']")


@pytest.mark.parametrize(
    "handler, heading",
    [
        ("bad_request", "We couldn't understand that request"),
        ("permission_denied", "This page isn't available"),
    ],
)
def test_400_and_403_pages_show_crisis_help_without_the_database(
    django_db_blocker, rf, html, handler, heading
):
    from django.core.exceptions import PermissionDenied
    from django.views import defaults

    with django_db_blocker.block():
        response = getattr(defaults, handler)(rf.get("/"), PermissionDenied())
    assert heading in html(response).get_text()
    assert_is_crisis_banner(banner_of(html(response)))


def test_cross_site_post_to_a_page_gets_the_csrf_page_with_crisis_help(db, html):
    response = Client(enforce_csrf_checks=True).post("/", {"x": "1"})
    assert response.status_code == 403
    assert "This form could not be sent" in html(response).get_text()
    assert_is_crisis_banner(banner_of(html(response)))
