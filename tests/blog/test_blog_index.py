"""The blog index and its routes: listing, pagination, tags, authors, search and bad input."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


def titles(page):
    return [a.get_text() for a in page.select(".article-card__title a")]


def test_index_lists_live_articles_newest_first(blog_index, make_article, client, html):
    make_article("Older", days_ago=20)
    make_article("Newest", days_ago=1)
    make_article("Middle", days_ago=10)
    make_article("Unpublished draft", publish=False)
    page = html(client.get(blog_index.url))
    assert page.select_one("h1").get_text() == "Articles"
    assert "Notes on care." in page.select_one(".lead").get_text()
    assert titles(page) == ["Newest", "Middle", "Older"]


def test_index_card_shows_authors_date_summary_and_tags(
    blog_index, make_article, make_author, client, html
):
    authors = [make_author("Maya Okafor"), make_author("Daniel Reyes", credentials="LCSW")]
    make_article("Endings", authors=authors, tags=["endings"], summary="How therapy ends.")
    card = html(client.get(blog_index.url)).select_one(".article-card")
    assert "By Maya Okafor and Daniel Reyes, LCSW" in card.select_one(".byline").get_text()
    assert card.select_one(".article-card__summary").get_text() == "How therapy ends."
    assert card.select_one(".tag")["href"] == "/blog/tags/endings/"


def test_empty_index_says_what_will_appear(blog_index, client, html):
    page = html(client.get(blog_index.url))
    assert "No articles have been published yet" in page.select_one(".empty-state").get_text()
    assert page.select_one('a[href="/blog/feed/rss/"]')


def test_pagination_uses_the_editor_page_size(blog_index, make_article, client, html):
    blog_index.articles_per_page = 2
    blog_index.save_revision().publish()
    for day in range(5):
        make_article(f"Day {day}", days_ago=day)
    first = html(client.get(blog_index.url))
    assert titles(first) == ["Day 0", "Day 1"]
    assert first.select_one('a[rel="next"]')["href"] == "?page=2"
    last = html(client.get(blog_index.url + "?page=3"))
    assert titles(last) == ["Day 4"]
    assert "Page 3 of 3" in last.select_one(".pagination").get_text()
    assert last.select('a[rel="next"]') == []


@pytest.mark.parametrize("number", ["4", "0", "-1", "two", "1.5", "9" * 40, ""])
def test_page_number_that_does_not_exist_is_404(blog_index, make_article, client, number):
    make_article()
    response = client.get(blog_index.url, {"page": number})
    assert response.status_code == 404


def test_tag_page_lists_articles_with_that_tag(blog_index, make_article, client, html):
    make_article("About endings", tags=["endings", "therapy"])
    make_article("About roles", tags=["roles"])
    response = client.get("/blog/tags/endings/")
    assert response.status_code == 200
    page = html(response)
    assert page.select_one("h1").get_text() == "Articles tagged “endings”"
    assert titles(page) == ["About endings"]


@pytest.mark.parametrize(
    "path",
    [
        "/blog/tags/no-such-tag/",
        "/blog/tags/draft-only/",
        "/blog/authors/nobody/",
        "/blog/authors/draft-author/",
        "/blog/authors/admin/",
    ],
)
def test_unknown_tag_or_author_is_404(make_article, make_author, client, path):
    make_article(tags=["draft-only"], publish=False)
    author = make_author("Draft Author")
    author.live = False
    author.save()
    assert client.get(path).status_code == 404


def test_author_page_shows_bio_and_their_articles_only(
    blog_index, make_article, make_author, make_image, client, html
):
    maya = make_author(
        "Maya Okafor",
        credentials="PMHNP-BC",
        bio="<p>I listen first.</p>",
        phone="(555) 010-4478",
        headshot=make_image(),
    )
    other = make_author("Daniel Reyes")
    make_article("Maya's article", authors=[maya])
    make_article("Written together", authors=[other, maya])
    make_article("Daniel's article", authors=[other])
    response = client.get("/blog/authors/maya-okafor/")
    assert response.status_code == 200
    page = html(response)
    assert page.select_one("h1").get_text() == "Maya Okafor, PMHNP-BC"
    assert "I listen first." in page.get_text()
    assert page.select_one('a[href="tel:5550104478"]')
    assert page.select_one(".author-profile__photo")["alt"]
    assert sorted(titles(page)) == ["Maya's article", "Written together"]


def test_author_without_articles_gets_a_friendly_empty_state(blog_index, make_author, client):
    make_author("New Colleague")
    response = client.get("/blog/authors/new-colleague/")
    assert response.status_code == 200
    assert b"has not published any articles here yet" in response.content


def test_search_finds_articles_by_title_and_text(blog_index, make_article, client, html):
    make_article("Saying goodbye", body=[{"type": "paragraph", "value": "<p>Endings.</p>"}])
    make_article("Knowing your role", summary="Therapists are not friends.")
    response = client.get("/blog/search/", {"q": "goodbye"})
    assert response.status_code == 200
    page = html(response)
    assert [a.get_text() for a in page.select(".article-card__title a")] == ["Saying goodbye"]
    assert "1 article found." in page.select_one(".search-count").get_text()


def test_search_without_a_query_shows_the_form(blog_index, client, html):
    page = html(client.get("/blog/search/"))
    assert page.select_one('input[name="q"]')["maxlength"] == "200"
    assert page.select(".search-count") == []


@pytest.mark.parametrize(
    "query",
    [
        '<script>alert("x")</script>',
        "x" * 5000,
        "'; DROP TABLE wagtailcore_page; --",
        "\u202e\u0000 AND OR NOT ( ) * : ^ ~",
        "%%%%",
        "🙂" * 300,
        '"unterminated',
        '"',
        'boundaries "care',
    ],
)
def test_hostile_or_long_search_queries_get_200_with_escaped_text(
    blog_index, make_article, query, html
):
    make_article("Boundaries")
    response = Client().get("/blog/search/", {"q": query})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert" not in content
    shown = html(response).select_one('input[name="q"]')["value"]
    assert shown == query.replace("\x00", "").strip()[:200]


def test_no_blog_page_sets_a_cookie(blog_index, make_article, make_author):
    make_author("Maya Okafor")
    make_article(tags=["endings"])
    client = Client()
    for path in (
        "/blog/",
        "/blog/tags/endings/",
        "/blog/authors/maya-okafor/",
        "/blog/search/?q=endings",
        "/blog/feed/rss/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.cookies == {}, path
        assert "cookie" not in response.get("Vary", "").lower(), path


def test_scheduled_article_stays_off_the_blog_until_it_goes_live(
    blog_index, make_article, client, html
):
    make_article("Already out")
    scheduled = make_article("Coming next week", publish=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=7)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live
    assert titles(html(client.get(blog_index.url))) == ["Already out"]
    assert client.get("/blog/feed/rss/").content.count(b"<item>") == 1


def test_tags_with_accents_or_only_symbols_never_break_a_page(
    blog_index, make_article, client, html
):
    article = make_article("Self-care", tags=["Selbstfürsorge", "!!!", "café au lait"])
    page = html(client.get(article.url))
    links = {a.get_text(): a["href"] for a in page.select(".article-tags a")}
    assert links["Selbstfürsorge"] == "/blog/tags/selbstf%C3%BCrsorge/"
    assert "!!!" in page.select_one(".article-tags").get_text()
    assert client.get(blog_index.url).status_code == 200
    tag_page = client.get(links["Selbstfürsorge"])
    assert tag_page.status_code == 200
    assert titles(html(tag_page)) == ["Self-care"]
    assert client.get(links["café au lait"]).status_code == 200
