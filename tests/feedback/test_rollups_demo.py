"""Demo votes: a few hundred, clearly marked, idempotent, with exact rollups."""

import io

import pytest

from home.demo import feedback as demo
from practice_blog.feedback import rollups
from practice_blog.feedback.models import HelpfulVote

from .conftest import make_article

pytestmark = pytest.mark.django_db


def test_demo_votes_are_marked_idempotent_and_leave_real_votes_alone(blog_index):
    articles = [make_article(blog_index, f"Article {n}", f"article-{n}") for n in range(5)]
    real = rollups.record_vote(articles[0], helpful=True, voter_key="1" * 32)

    first = demo.load(io.StringIO())
    demo_votes = HelpfulVote.objects.demo()
    count, counted = demo_votes.count(), demo_votes.counted().count()
    assert 300 <= counted <= count
    assert f"{count} demo votes ({counted} counted) on 5 articles" in first
    assert demo_votes.filter(review_status=HelpfulVote.Status.SPAM).count() == 1
    assert demo_votes.exclude(comment="").count() > 10
    assert demo_votes.filter(is_current=False).exists()  # some readers changed their mind
    assert rollups.rollup_differences() == []

    second = demo.load(io.StringIO())
    assert HelpfulVote.objects.demo().count() == count
    assert HelpfulVote.objects.demo().counted().count() == counted
    assert f"replaced {count} earlier ones" in second
    assert list(HelpfulVote.objects.counted().exclude(pk__in=HelpfulVote.objects.demo())) == [real]
    assert rollups.rollup_differences() == []


def test_demo_without_articles_writes_nothing(db):
    assert "no demo votes" in demo.load(io.StringIO())
    assert not HelpfulVote.objects.exists()
