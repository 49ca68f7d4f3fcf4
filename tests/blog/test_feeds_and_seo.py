"""RSS and Atom feeds (parsed by feedparser), the sitemap and robots.txt."""

import datetime
import json
import xml.etree.ElementTree as ElementTree

import feedparser
import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_articles(make_article, make_author):
    maya = make_author("Maya Okafor", credentials="PMHNP-BC")
    daniel = make_author("Daniel Reyes", credentials="LCSW")
    older = make_article(
        "Knowing your role",
        slug="knowing-your-role",
        summary="What a therapist is & is not.",
        authors=[maya],
        tags=["roles"],
        days_ago=10,
    )
    newer = make_article(
        "Saying goodbye",
        slug="saying-goodbye",
        summary="How care ends well.",
        authors=[daniel, maya],
        tags=["endings", "therapy basics"],
        days_ago=2,
    )
    make_article("Draft", publish=False)
    return older, newer


@pytest.mark.parametrize("path", ["/blog/feed/rss/", "/blog/feed/atom/"])
def test_feed_lists_newest_articles_with_titles_dates_and_links(two_articles, client, path):
    older, newer = two_articles
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Articles"
    assert feed.feed.link == "http://localhost/blog/"
    assert [entry.title for entry in feed.entries] == ["Saying goodbye", "Knowing your role"]
    first = feed.entries[0]
    assert first.link == "http://localhost/blog/saying-goodbye/"
    assert first.summary == "How care ends well."
    published = datetime.date(*first.published_parsed[:3])
    assert published == newer.publication_date
    assert datetime.date(*feed.entries[1].published_parsed[:3]) == older.publication_date
    assert first.author == "Daniel Reyes, LCSW, Maya Okafor, PMHNP-BC"
    assert [tag.term for tag in first.tags] == ["endings", "therapy basics"]


def test_rss_and_atom_have_the_right_formats_and_content_types(two_articles, client):
    rss = client.get("/blog/feed/rss/")
    atom = client.get("/blog/feed/atom/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert feedparser.parse(rss.content).version == "rss20"
    assert feedparser.parse(atom.content).version == "atom10"


def test_feed_escapes_markup_in_titles(make_article, client):
    make_article("Ending <b>care</b> & starting again")
    feed = feedparser.parse(client.get("/blog/feed/rss/").content)
    assert not feed.bozo
    assert feed.entries[0].title == "Ending <b>care</b> & starting again"


def test_index_page_advertises_its_feeds(blog_index, client, html):
    head = html(client.get(blog_index.url)).select_one("head")
    feeds = {link["type"]: link["href"] for link in head.select('link[rel="alternate"]')}
    assert feeds["application/rss+xml"] == "/blog/feed/rss/"
    assert feeds["application/atom+xml"] == "/blog/feed/atom/"


def test_sitemap_lists_the_blog_and_live_articles(two_articles, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring(response.content)
    locations = [loc.text for loc in root.findall("s:url/s:loc", namespace)]
    assert "http://localhost/blog/" in locations
    assert "http://localhost/blog/saying-goodbye/" in locations
    assert "http://localhost/blog/knowing-your-role/" in locations
    assert not any("draft" in location for location in locations)


def test_robots_txt_allows_public_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert response.cookies == {}


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/blog/", "http://localhost/blog/"),
        ("/blog/?page=2", "http://localhost/blog/?page=2"),
        ("/blog/tags/roles/", "http://localhost/blog/tags/roles/"),
        ("/blog/authors/maya-okafor/", "http://localhost/blog/authors/maya-okafor/"),
    ],
)
def test_list_pages_name_their_canonical_address(
    two_articles, blog_index, client, html, path, canonical
):
    blog_index.articles_per_page = 1
    blog_index.save_revision().publish()
    head = html(client.get(path)).select_one("head")
    assert [link["href"] for link in head.select('link[rel="canonical"]')] == [canonical]


def test_author_page_describes_the_person_as_json_ld(blog_index, make_author, client, html):
    make_author(
        "Maya Okafor",
        credentials="PMHNP-BC",
        role="Nurse practitioner",
        practice_name="Harbor Light Counselling",
        website="https://maya.example/",
        social_links=[("link", {"network": "Mastodon", "url": "https://social.example/@maya"})],
    )
    page = html(client.get("/blog/authors/maya-okafor/"))
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"] == {
        "@type": "Person",
        "name": "Maya Okafor",
        "url": "http://localhost/blog/authors/maya-okafor/",
        "honorificSuffix": "PMHNP-BC",
        "jobTitle": "Nurse practitioner",
        "worksFor": {"@type": "Organization", "name": "Harbor Light Counselling"},
        "sameAs": ["https://maya.example/", "https://social.example/@maya"],
    }
