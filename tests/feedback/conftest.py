"""Fixtures for the helpful widget: an article, browser-like clients and form helpers."""

import time

import pytest
from django.core import signing
from django.test import Client
from wagtail.models import Site

from home.demo import home_page
from practice_blog.blog.models import ArticlePage, BlogIndexPage
from practice_blog.core import anonymous_posts as guard
from practice_blog.feedback.models import FeedbackSettings
from tests.database import restore_migrated_rows

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0"
ORIGIN = "http://testserver"


@pytest.fixture
def migrated_rows(db):
    """The rows data migrations made (site, home page, groups), even after a browser test."""
    restore_migrated_rows()


@pytest.fixture
def blog_index(migrated_rows):
    return home_page().add_child(instance=BlogIndexPage(title="Articles", slug="articles"))


def make_article(blog_index, title, slug, **extra):
    article = ArticlePage(
        title=title,
        slug=slug,
        summary="A short summary.",
        body=[("paragraph", "<p>Some careful words about care.</p>")],
        **extra,
    )
    return blog_index.add_child(instance=article)


@pytest.fixture
def article(blog_index):
    """A published article carrying the widget (switched on by default)."""
    return make_article(blog_index, "Saying no kindly", "saying-no-kindly")


@pytest.fixture
def feedback_settings(migrated_rows):
    """The site's feedback settings (created with their defaults)."""
    return FeedbackSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def visitor():
    """A same-origin browser without JavaScript: CSRF enforced, Origin sent on POST."""
    return Client(enforce_csrf_checks=True, headers={"User-Agent": BROWSER, "Origin": ORIGIN})


def aged_timestamp(seconds=60):
    """A "rendered" value from ``seconds`` ago, as if the reader had been reading that long."""
    return signing.dumps(int(time.time()) - seconds, salt=guard.TIMESTAMP_SALT)


def vote_data(page, answer="yes", **extra):
    """The fields the widget's forms send, as a reader who read for a minute."""
    data = {"page": str(page.pk), "answer": answer, "rendered": aged_timestamp(), "website": ""}
    data.update(extra)
    return data
