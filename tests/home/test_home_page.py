"""The home page and the site frame render the practice's details, privately and cacheably."""

import pytest
from django.test import Client
from wagtail.models import Site

from home.models import HomePage, PracticeSettings

pytestmark = pytest.mark.django_db


def test_home_page_renders_demo_practice_details(demo_site, client, html):
    response = client.get("/")
    assert response.status_code == 200
    page = html(response)
    footer = page.select_one("footer")
    assert "Harbor Light Counselling" in page.select_one("header").get_text()
    assert "214 Alder Street" in footer.get_text()
    assert footer.select_one('a[href="tel:5550104477"]').get_text() == "(555) 010-4477"
    assert footer.select_one('a[href="mailto:hello@harborlight.example"]')
    assert [a.get_text() for a in footer.select(".site-footer__social a")] == [
        "Instagram",
        "LinkedIn",
    ]
    assert page.select_one("h1").get_text() == "Welcome to Harbor Light"


def test_anonymous_home_page_sets_no_cookie_and_is_publicly_cacheable(demo_site):
    response = Client().get("/")
    assert response.status_code == 200
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    assert "cookie" not in response.headers.get("Vary", "").lower()
    assert "public" in response["Cache-Control"]
    # Browsers ask again every time (a saved change shows on the next load); no s-maxage
    # without a CDN that can be told to drop pages.
    assert "max-age=0" in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]


def test_empty_practice_fields_render_nothing(client, html):
    site = Site.objects.get(is_default_site=True)
    PracticeSettings.objects.create(site=site, name="Quiet Practice")
    response = client.get("/")
    footer = html(response).select_one("footer")
    assert "Quiet Practice" in footer.get_text()
    assert footer.select("address") == []
    assert footer.select(".site-footer__contact") == []
    assert footer.select(".site-footer__social") == []
    assert "Phone" not in footer.get_text()


def test_page_has_skip_link_to_main_and_navigation(demo_site, client, html):
    page = html(client.get("/"))
    skip = page.select_one("a.skip-link")
    assert skip["href"] == "#main"
    assert page.select_one("main#main")
    assert page.select_one('nav[aria-label="Main"] a[aria-current="page"]')


def test_page_loads_nothing_from_other_sites(demo_site, client, html):
    page = html(client.get("/"))
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
        for element in page.select(f"{tag}[{attribute}]"):
            assert element[attribute].startswith("/"), element


def test_home_page_is_the_site_root_and_allows_only_one(demo_site):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not HomePage.can_create_at(home.get_parent())
