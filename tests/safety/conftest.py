"""Fixtures for the safety app: articles (sensitive or not) under a blog index, the banner."""

import pytest
from wagtail.models import Site

from practice_blog.safety.models import CrisisBannerSettings


@pytest.fixture
def site(db):
    """The default site (Wagtail's own, pointed at the demo home page by the test setup)."""
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def banner_settings(site):
    """The default site's crisis banner setting (seeded by the safety migration)."""
    return CrisisBannerSettings.for_site(site)


@pytest.fixture
def make_article(site):
    """Create and publish an article: ``make_article("Title", ["<p>text</p>"], is_sensitive=…)``."""
    from practice_blog.blog.models import ArticlePage, BlogIndexPage

    def make(title="An article", paragraphs=("<p>Ordinary words.</p>",), **fields):
        home = site.root_page
        blog = BlogIndexPage.objects.child_of(home).first()
        if blog is None:
            blog = BlogIndexPage(title="Articles", slug="articles")
            home.add_child(instance=blog)
        article = ArticlePage(
            title=title,
            summary=fields.pop("summary", "A short summary."),
            body=[("paragraph", paragraph) for paragraph in paragraphs],
            **fields,
        )
        blog.add_child(instance=article)
        article.save_revision().publish()
        return ArticlePage.objects.get(pk=article.pk)

    return make
