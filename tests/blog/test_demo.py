"""The demo loader builds the blog: an index in the menu, two authors and five articles."""

import io

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags
from wagtail.images import get_image_model

from practice_blog.blog.models import (
    ArticlePage,
    ArticlePageAuthor,
    Author,
    BlogIndexPage,
    RelatedArticle,
)

pytestmark = pytest.mark.django_db


def paragraph_words(article):
    return sum(
        len(strip_tags(block.value.source).split())
        for block in article.body
        if block.block_type == "paragraph"
    )


def test_demo_builds_the_blog(demo_site, client, html):
    index = BlogIndexPage.objects.get()
    assert index.live and index.show_in_menus
    authors = Author.objects.order_by("name")
    assert [author.name for author in authors] == ["Daniel Reyes", "Maya Okafor"]
    for author in authors:
        assert author.live and author.bio and author.headshot and author.credentials
    articles = ArticlePage.objects.live().descendant_of(index)
    assert articles.count() == 5
    for article in articles:
        assert 600 <= paragraph_words(article) <= 1200, article.title
        assert article.hero_image and article.tags.exists() and article.article_authors.exists()
        types = {block.block_type for block in article.body}
        assert {"paragraph", "heading", "image", "pull_quote", "footnotes"} <= types
        response = client.get(article.url)
        assert response.status_code == 200, article.title
        page = html(response)
        assert page.select(".author-box")
        assert page.select("sup.footnote-ref a")
    menu = html(client.get("/")).select_one('nav[aria-label="Main"]')
    assert index.title in menu.get_text()


def counts():
    return {
        "articles": ArticlePage.objects.count(),
        "indexes": BlogIndexPage.objects.count(),
        "authors": Author.objects.count(),
        "author links": ArticlePageAuthor.objects.count(),
        "picks": RelatedArticle.objects.count(),
        "images": get_image_model().objects.count(),
    }


def test_demo_twice_gives_the_same_blog(demo_site):
    first = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == first
    assert "blog “Articles” with 2 authors and 5 articles" in out.getvalue()
