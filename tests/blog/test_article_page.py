"""The article page as a reader sees it: blocks, footnotes, anchors, authors, sharing, SEO."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.images import get_image_model

from practice_blog.blog.models import Author

from .conftest import image_block, paragraph

pytestmark = pytest.mark.django_db


def every_block(image, linked_page):
    """A body using each block type once (footnote markers in two places)."""
    return [
        {"type": "heading", "value": {"text": "Why it matters", "level": "h2"}},
        paragraph("Lines keep the work safe[1] and about you[2]. In [2024] we said so [9]."),
        {"type": "heading", "value": {"text": "Why it matters", "level": "h3"}},
        image_block(image, alt="Two circles that touch", caption="Close, not overlapping."),
        {
            "type": "pull_quote",
            "value": {"quote": "The hour belongs to you.", "attribution": "A client"},
        },
        {
            "type": "callout",
            "value": {"heading": "Key takeaway", "text": "<p>Ask about any line[1].</p>"},
        },
        {
            "type": "embed",
            "value": {
                "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "title": "What therapy is like",
                "caption": "Four minutes.",
            },
        },
        {
            "type": "related_link",
            "value": {
                "lead_in": "For more on roles, read",
                "page": linked_page.pk,
                "url": "",
                "link_text": "",
            },
        },
        {"type": "divider", "value": None},
        {
            "type": "footnotes",
            "value": {"notes": ["<p>NASW Code of Ethics, 1.06.</p>", "<p>ACA Code, A.6.</p>"]},
        },
    ]


@pytest.fixture
def full_article(make_article, make_author, make_image):
    """An article using every block, with an author who has every contact detail."""
    author = make_author(
        "Maya Okafor",
        credentials="PMHNP-BC",
        role="Nurse practitioner",
        bio="<p>I listen first.</p>",
        practice_name="Harbor Light Counselling",
        location="Maple Falls, Oregon",
        phone="(555) 010-4478",
        email="maya@harborlight.example",
        website="https://maya.example/",
        booking_url="https://harborlight.example/book/maya/",
        social_links=[("link", {"network": "Mastodon", "url": "https://social.example/@maya"})],
        headshot=make_image("Maya portrait"),
        headshot_alt_text="Maya smiling in her office",
    )
    linked = make_article("Knowing your role", slug="knowing-your-role")
    return make_article(
        "Boundaries in helping relationships",
        slug="boundaries",
        subtitle="What the lines are for",
        summary="Why therapists keep lines about time & contact.",
        authors=[author],
        tags=["boundaries", "therapy basics"],
        body=every_block(make_image("Circles"), linked),
        hero_image=make_image("Hero"),
        hero_alt_text="Soft circles on a blue gradient",
        hero_caption="An abstract illustration.",
        last_reviewed=datetime.date(2026, 3, 1),
    )


def get_article(client, html, article):
    response = client.get(article.url)
    assert response.status_code == 200
    return html(response)


def test_every_block_renders(full_article, client, html):
    page = get_article(client, html, full_article)
    body = page.select_one("article .article__body")
    assert [h.get_text() for h in body.select("h2.article-heading, h3.article-heading")] == [
        "Why it matters",
        "Why it matters",
    ]
    assert body.select_one(".rich-text p").get_text().startswith("Lines keep the work safe")
    figure = body.select_one("figure.article-figure")
    assert figure.select_one("img")["alt"] == "Two circles that touch"
    assert figure.select_one("figcaption").get_text() == "Close, not overlapping."
    quote = body.select_one(".pull-quote")
    assert quote.select_one("blockquote").get_text(strip=True) == "The hour belongs to you."
    assert "A client" in quote.select_one("figcaption").get_text()
    assert body.select_one(".callout").get_text(" ", strip=True).startswith("Key takeaway")
    assert body.select_one(".related-link a")["href"] == "/blog/knowing-your-role/"
    assert (
        body.select_one(".related-link")
        .get_text(" ", strip=True)
        .startswith("For more on roles, read Knowing your role")
    )
    assert body.select_one("hr.divider")
    assert len(body.select(".footnotes li")) == 2


def test_header_shows_title_subtitle_byline_dates_and_hero(full_article, client, html):
    page = get_article(client, html, full_article)
    header = page.select_one("article header")
    assert header.select_one("h1").get_text() == "Boundaries in helping relationships"
    assert header.select_one(".article__subtitle").get_text() == "What the lines are for"
    byline = header.select_one(".byline").get_text(" ", strip=True)
    assert "By Maya Okafor, PMHNP-BC" in byline
    assert "1 min read" in byline
    assert "Last reviewed 1 March 2026" in byline
    today = timezone.localdate()
    assert header.select_one(".byline time")["datetime"] == today.isoformat()
    hero = header.select_one(".article__hero")
    assert hero.select_one("img")["alt"] == "Soft circles on a blue gradient"
    assert hero.select_one("figcaption").get_text() == "An abstract illustration."


def test_footnote_markers_and_notes_link_both_ways(full_article, client, html):
    page = get_article(client, html, full_article)
    markers = page.select("sup.footnote-ref a")
    assert [a.get_text() for a in markers] == ["[1]", "[2]", "[1]"]
    ids = [a["id"] for a in markers]
    assert len(set(ids)) == 3, "every marker needs its own id"
    for marker in markers:
        note = page.select_one(marker["href"])  # "#fn-1" → the note
        assert note is not None and note.name == "li"
        back = note.select_one("a.footnotes__back")
        # The note links back to the first marker that cites it, which exists on the page.
        target = page.select_one(back["href"])
        assert target is not None and target["href"] == marker["href"]
    assert page.select_one("#fn-1").get_text().startswith("NASW Code of Ethics")
    text = page.select_one(".article__body .rich-text").get_text()
    assert "[2024]" in text and "[9]" in text, "numbers without a note stay as written"


def test_heading_anchors_are_unique_on_the_page(full_article, client, html):
    page = get_article(client, html, full_article)
    all_ids = [tag["id"] for tag in page.select("[id]")]
    assert len(all_ids) == len(set(all_ids))
    headings = page.select(".article-heading")
    assert [h["id"] for h in headings] == ["why-it-matters", "why-it-matters-2"]


def test_video_loads_nothing_until_the_reader_asks(full_article, client, html):
    page = get_article(client, html, full_article)
    embed = page.select_one("[data-video-embed]")
    assert page.select("iframe") == []
    assert embed["data-player-url"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    link = embed.select_one("a.video-embed__link")
    assert link["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert "What therapy is like" in link.get_text()
    assert embed.select_one("button.video-embed__play").has_attr("hidden")


def test_page_loads_nothing_from_other_sites_and_has_no_inline_script(full_article, client, html):
    page = get_article(client, html, full_article)
    for tag, attribute in (
        ("script", "src"),
        ("link", "href"),
        ("img", "src"),
        ("source", "srcset"),
    ):
        for element in page.select(f"{tag}[{attribute}]"):
            if element.get("rel") == ["canonical"] or element.get("rel") == ["alternate"]:
                continue
            assert element[attribute].startswith("/"), element
    for script in page.select("script"):
        assert script.get("src") or script.get("type") == "application/ld+json", script
    assert page.select("[style]") == []


def test_author_box_shows_bio_and_contact_details(full_article, client, html):
    page = get_article(client, html, full_article)
    box = page.select_one("article .author-box")
    heading = box.select_one("h2")
    assert heading.get_text(" ", strip=True) == "About the author: Maya Okafor, PMHNP-BC"
    assert heading.select_one("a")["href"] == "/blog/authors/maya-okafor/"
    assert box.select_one("img")["alt"] == "Maya smiling in her office"
    assert "I listen first." in box.get_text()
    assert "Harbor Light Counselling" in box.get_text()
    assert box.select_one('a[href="tel:5550104478"]').get_text() == "(555) 010-4478"
    assert box.select_one('a[href="mailto:maya@harborlight.example"]')
    assert box.select_one('a[href="https://harborlight.example/book/maya/"]')
    assert box.select_one('a[href="https://social.example/@maya"]').get_text() == "Mastodon"


def test_tags_link_to_tag_pages(full_article, client, html):
    page = get_article(client, html, full_article)
    links = {a.get_text(): a["href"] for a in page.select(".article-tags a")}
    assert links == {
        "boundaries": "/blog/tags/boundaries/",
        "therapy basics": "/blog/tags/therapy-basics/",
    }


def test_share_links_are_plain_links_and_copy_needs_javascript(full_article, client, html):
    page = get_article(client, html, full_article)
    share = page.select_one(".share")
    hrefs = [a["href"] for a in share.select(".share__list a")]
    encoded = "http%3A%2F%2Flocalhost%2Fblog%2Fboundaries%2F"
    assert hrefs[0] == f"https://www.facebook.com/sharer/sharer.php?u={encoded}"
    assert hrefs[1].startswith("https://x.com/intent/post?url=" + encoded)
    assert hrefs[2] == f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}"
    assert hrefs[3].startswith("https://wa.me/?text=")
    assert hrefs[4].startswith("mailto:?subject=Boundaries%20in%20helping%20relationships")
    url_box = share.select_one("input.share__url")
    assert url_box["value"] == "http://localhost/blog/boundaries/"
    assert url_box.has_attr("readonly")
    assert share.select_one("button.share__copy-button").has_attr("hidden")


def test_meta_tags_describe_the_article(full_article, client, html):
    page = get_article(client, html, full_article)
    head = page.select_one("head")

    def meta(**attrs):
        return head.find("meta", attrs=attrs)["content"]

    summary = "Why therapists keep lines about time & contact."
    assert meta(name="description") == summary
    assert head.select_one('link[rel="canonical"]')["href"] == "http://localhost/blog/boundaries/"
    assert meta(property="og:type") == "article"
    assert meta(property="og:title") == "Boundaries in helping relationships"
    assert meta(property="og:description") == summary
    assert meta(property="og:image").startswith("http://localhost/media/images/")
    assert meta(name="twitter:card") == "summary_large_image"
    assert [m["content"] for m in head.find_all("meta", property="article:tag")] == [
        "boundaries",
        "therapy basics",
    ]


def test_json_ld_describes_a_blog_posting_and_its_authors(full_article, client, html):
    page = get_article(client, html, full_article)
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Boundaries in helping relationships"
    assert data["description"] == "Why therapists keep lines about time & contact."
    assert data["url"] == data["mainEntityOfPage"] == "http://localhost/blog/boundaries/"
    published = datetime.datetime.fromisoformat(data["datePublished"])
    assert published.date() == full_article.first_published_at.date()
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Maya Okafor",
            "honorificSuffix": "PMHNP-BC",
            "jobTitle": "Nurse practitioner",
            "url": "http://localhost/blog/authors/maya-okafor/",
        }
    ]
    assert data["keywords"] == ["boundaries", "therapy basics"]
    assert data["image"][0].startswith("http://localhost/media/images/")


def test_json_ld_cannot_break_out_of_its_script_element(make_article, client):
    article = make_article('Ending </script><script>alert("x")</script> care')
    content = client.get(article.url).content.decode()
    start = content.index('<script type="application/ld+json">')
    block = content[start : content.index("</script>", start)]
    assert "<script>" not in block[len('<script type="application/ld+json">') :]
    assert "\\u003C/script\\u003E" in block
    data = json.loads(block.split(">", 1)[1])
    assert data["headline"] == 'Ending </script><script>alert("x")</script> care'


def test_reading_time_counts_the_words_of_text_blocks(make_article, client, html):
    words = " ".join(["word"] * 1000)
    article = make_article(body=[paragraph(words), paragraph(words)])
    assert article.reading_minutes == 10
    assert "10 min read" in html(client.get(article.url)).select_one(".byline").get_text()


def test_publication_date_defaults_to_first_publication(make_article):
    article = make_article()
    assert article.publication_date == timezone.localdate(article.first_published_at)
    chosen = make_article(days_ago=40)
    assert chosen.publication_date == timezone.localdate() - datetime.timedelta(days=40)


def test_related_articles_put_editor_picks_first_then_shared_tags(make_article, client, html):
    picked = make_article("Picked by the editor", tags=["unrelated"])
    two_shared = make_article("Shares two tags", tags=["boundaries", "endings"], days_ago=30)
    one_shared = make_article("Shares one tag", tags=["boundaries"], days_ago=1)
    make_article("Shares nothing", tags=["other"])
    article = make_article(
        "Main", tags=["boundaries", "endings"], related=[picked], slug="main-article"
    )
    titles = [a.get_text() for a in html(client.get(article.url)).select(".related-articles a")]
    assert titles == [picked.title, two_shared.title, one_shared.title]


def test_article_with_deleted_author_and_images_still_renders(full_article, client, html):
    Author.objects.all().delete()
    get_image_model().objects.all().delete()
    page = get_article(client, html, full_article)
    assert page.select(".author-box") == []
    assert page.select("article img") == []
    assert page.select_one("h1").get_text() == "Boundaries in helping relationships"


def test_unpublished_author_is_not_shown(make_article, make_author, client, html):
    author = make_author("Draft Person")
    author.live = False
    author.save()
    article = make_article(authors=[author])
    page = html(client.get(article.url))
    assert page.select(".author-box") == []
    assert "Draft Person" not in page.get_text()


def test_anonymous_article_sets_no_cookie_and_is_publicly_cacheable(full_article):
    response = Client().get(full_article.url)
    assert response.status_code == 200
    assert response.cookies == {}
    assert "cookie" not in response.get("Vary", "").lower()
    assert "public" in response["Cache-Control"]
