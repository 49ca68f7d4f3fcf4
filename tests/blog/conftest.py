"""Fixtures for the blog: a blog index, authors, images and a factory for articles."""

import datetime
import itertools

import pytest
from django.utils import timezone

from home.demo import demo_image, home_page
from practice_blog.blog.models import (
    ArticlePage,
    ArticlePageAuthor,
    Author,
    BlogIndexPage,
    RelatedArticle,
)

COUNTER = itertools.count(1)


@pytest.fixture
def blog_index(db):
    """A published blog index under the home page."""
    index = BlogIndexPage(title="Articles", slug="blog", introduction="<p>Notes on care.</p>")
    home_page().add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_author(db):
    """Create a published author: ``make_author("Maya Okafor", credentials="LCSW")``."""

    def create(name=None, **fields):
        name = name or f"Author {next(COUNTER)}"
        slug = fields.pop("slug", None) or name.lower().replace(" ", "-")
        author = Author.objects.create(name=name, slug=slug, live=True, **fields)
        author.save_revision().publish()
        return author

    return create


@pytest.fixture
def make_image(db):
    """Create a small generated image."""

    def create(title=None):
        title = title or f"Picture {next(COUNTER)}"
        return demo_image(title, ("#336699", "#99ccff"), seed=1, size=(240, 160))

    return create


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def image_block(image, alt="A calm picture", caption=""):
    value = {"image": {"image": image.pk, "alt_text": alt, "decorative": False}}
    return {"type": "image", "value": {**value, "caption": caption}}


@pytest.fixture
def make_article(blog_index):
    """Create and publish an article under ``blog_index`` (or ``parent``)."""

    def create(
        title=None,
        *,
        parent=None,
        authors=(),
        tags=(),
        body=None,
        related=(),
        days_ago=None,
        publish=True,
        **fields,
    ):
        number = next(COUNTER)
        title = title or f"Article {number}"
        fields.setdefault("summary", f"What {title.lower()} is about.")
        fields.setdefault("slug", f"article-{number}")
        if days_ago is not None:
            fields["publication_date"] = timezone.localdate() - datetime.timedelta(days=days_ago)
        article = ArticlePage(
            title=title, body=body or [paragraph("A few words of text.")], live=publish, **fields
        )
        article.article_authors = [ArticlePageAuthor(author=author) for author in authors]
        article.related_picks = [RelatedArticle(article=page) for page in related]
        (parent or blog_index).add_child(instance=article)
        if tags:
            article.tags.add(*tags)
        revision = article.save_revision()
        if publish:
            revision.publish()
        return ArticlePage.objects.get(pk=article.pk)

    return create
