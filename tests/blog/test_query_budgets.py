"""Public blog pages run a fixed number of queries, however many authors, tags, related
articles, images or articles they show.

Each page is requested once first, so image renditions exist (as on a live site after the
first visitor); then the rendition cache is emptied, as after a restart, and the second
request is counted: pictures' renditions are loaded in one query whether cached or not. The
budgets include the site frame's own queries (site, practice details, menu, crisis banner and
other apps' settings); if another app adds a query to every page, each budget here moves by
the same amount and the "same count at both sizes" assertions still hold.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from .conftest import image_block, paragraph

pytestmark = pytest.mark.django_db

# Every page: the site (1), Wagtail finding and checking the page (5 to 7 by depth), and the
# frame: practice details (1), main menu (1), crisis banner (3), newsletter settings (1).
# The article adds: its tags (1), authors with photos (1), its blog (1), editor picks (1),
# private-page check and articles sharing tags (2), body images (1), hero image (1), the
# renditions of all its pictures (1), feedback settings (1).
ARTICLE_QUERIES = 24
# The index adds: private-page check (1), the count for pagination (1), one page of articles
# with their hero images (1), their authors (1), their tags (1), the pictures' renditions (1).
INDEX_QUERIES = 18
# The author page adds the author with their photo (1) and its renditions (1) to the index's.
AUTHOR_QUERIES = 20


def forget_cached_renditions():
    """Empty the rendition cache, as a restarted server (or another worker) would have it."""
    Rendition = get_image_model().get_rendition_model()
    for rendition in Rendition.objects.all():
        rendition.purge_from_cache()


def count_queries(client, url):
    """Request ``url`` twice, the second time with a cold rendition cache; return the second
    request's query count."""
    assert client.get(url).status_code == 200
    forget_cached_renditions()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def build_article(make_article, make_author, make_image, size):
    """An article with ``size`` authors, related picks and images, and 2×size tags."""
    authors = [make_author(headshot=make_image()) for _ in range(size)]
    tags = [f"topic-{size}-{n}" for n in range(2 * size)]
    related = [make_article(tags=tags[:1]) for _ in range(size)]
    # Articles sharing tags fill the places the picks leave.
    for _ in range(size):
        make_article(tags=tags[-1:])
    body = [paragraph("Text with a note[1].")]
    body += [image_block(make_image()) for _ in range(size)]
    body.append({"type": "footnotes", "value": {"notes": ["<p>A note.</p>"]}})
    return make_article(
        authors=authors,
        tags=tags,
        related=related,
        body=body,
        hero_image=make_image(),
    )


def test_article_queries_do_not_grow_with_authors_tags_related_or_images(
    blog_index, make_article, make_author, make_image, client, html
):
    blog_index.related_articles_count = 6
    blog_index.save_revision().publish()
    small = build_article(make_article, make_author, make_image, 1)
    large = build_article(make_article, make_author, make_image, 5)
    large_page = html(client.get(large.url))
    assert len(large_page.select(".author-box")) == 5
    assert len(large_page.select(".article-tags a")) == 10
    assert len(large_page.select(".related-articles li")) == 6
    assert len(large_page.select(".article__body img")) == 5

    assert count_queries(client, small.url) == ARTICLE_QUERIES
    assert count_queries(client, large.url) == ARTICLE_QUERIES


def test_index_queries_do_not_grow_with_articles(
    blog_index, make_article, make_author, make_image, client, html
):
    blog_index.articles_per_page = 50
    blog_index.save_revision().publish()
    authors = [make_author(), make_author()]

    def add_articles(count):
        for n in range(count):
            make_article(authors=authors, tags=[f"t{n % 3}", "all"], hero_image=make_image())

    add_articles(10)
    assert count_queries(client, blog_index.url) == INDEX_QUERIES
    add_articles(40)
    assert len(html(client.get(blog_index.url)).select(".article-card")) == 50
    assert count_queries(client, blog_index.url) == INDEX_QUERIES
    assert count_queries(client, "/blog/tags/all/") == INDEX_QUERIES + 1  # finding the tag


def test_author_page_queries_do_not_grow_with_articles(
    blog_index, make_article, make_author, make_image, client
):
    blog_index.articles_per_page = 50
    blog_index.save_revision().publish()
    author = make_author("Maya Okafor", headshot=make_image())
    colleague = make_author()
    make_article(authors=[author], tags=["a"], hero_image=make_image())
    make_article(authors=[colleague, author], tags=["b"])
    assert count_queries(client, "/blog/authors/maya-okafor/") == AUTHOR_QUERIES
    for n in range(20):
        make_article(authors=[author, colleague], tags=[f"t{n}"], hero_image=make_image())
    assert count_queries(client, "/blog/authors/maya-okafor/") == AUTHOR_QUERIES
