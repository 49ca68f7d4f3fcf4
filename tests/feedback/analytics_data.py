"""A small fixed data set for the analytics tests, with figures computed by hand.

Last 30 days (days 0–29 ago):
  "Setting boundaries"  8 helpful, 2 not (both "Hard to understand")      score 0.4902
  "Endings & <goodbyes>" 2 helpful, 10 not (6 × "Seems out of date",
                         3 × "Hard to understand", 1 × "Something else"
                         with a comment)                                  score 0.0470
  "Two votes only"       2 helpful, 0 not                                 score 0.3424
  total 12 helpful, 12 not: 24 votes, 50% helpful.
Previous 30 days (days 30–59 ago): "Setting boundaries" 3 helpful, 1 not: 4 votes, 75%.
Comparison: +20 votes (+500%), −25 points.
"""

import datetime
import itertools

from django.utils import timezone

from home.demo import home_page
from practice_blog.blog.models import ArticlePage, ArticlePageAuthor, Author, BlogIndexPage
from practice_blog.feedback.rollups import record_vote

XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://example.com/steal","Click")'
KEYS = itertools.count(1)


def at_days_ago(days, hour=12):
    """Noon (local time) ``days`` days before today."""
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def vote(page, helpful, days_ago, reasons=(), comment=""):
    """Record one new reader's answer ``days_ago`` days ago."""
    return record_vote(
        page,
        helpful=helpful,
        voter_key=f"test-{next(KEYS)}",
        reasons=list(reasons),
        comment=comment,
        created_at=at_days_ago(days_ago),
    )


def make_articles():
    """Three published articles with tags and authors; returns them as a dict by short name."""
    index = home_page().add_child(instance=BlogIndexPage(title="Articles", slug="articles"))
    maya = Author.objects.create(name="Maya Okafor", slug="maya-okafor", live=True)
    sam = Author.objects.create(name="Sam Reyes", slug="sam-reyes", live=True)
    pages = {}
    for key, title, slug, author, tag in [
        ("boundaries", "Setting boundaries", "setting-boundaries", maya, "boundaries"),
        ("endings", "Endings & <goodbyes>", "endings", sam, "endings"),
        ("two", "Two votes only", "two-votes", maya, "boundaries"),
    ]:
        page = ArticlePage(
            title=title,
            slug=slug,
            summary="A short summary.",
            body=[("paragraph", "<p>Some careful words.</p>")],
        )
        page.article_authors = [ArticlePageAuthor(author=author)]
        index.add_child(instance=page)
        page.tags.add(tag)
        page.save_revision().publish()
        pages[key] = ArticlePage.objects.get(pk=page.pk)
    return pages


def make_votes(pages):
    """The votes described in the module docstring; returns the two comment votes."""
    boundaries, endings, two = pages["boundaries"], pages["endings"], pages["two"]
    for days in range(8):
        vote(boundaries, True, days)
    vote(boundaries, False, 3, ["Hard to understand"])
    vote(boundaries, False, 4, ["Hard to understand"])
    for days in (1, 2):
        vote(endings, True, days)
    for n in range(6):
        vote(endings, False, 5 + n, ["Seems out of date"])
    for n in range(3):
        vote(endings, False, 12 + n, ["Hard to understand"])
    xss_vote = vote(endings, False, 20, ["Something else"], comment=XSS)
    vote(two, True, 1)
    vote(two, True, 2)
    # The previous 30 days: 3 helpful, 1 not helpful, with a formula-like comment.
    for days in (31, 40, 50):
        vote(boundaries, True, days)
    formula_vote = vote(boundaries, False, 45, comment=FORMULA)
    return {"xss": xss_vote, "formula": formula_vote}
