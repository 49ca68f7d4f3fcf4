"""The demo practice shows reader comments at work, and takes them away with the demo."""

import io

import pytest
from django.core.management import call_command

from home.demo import home_page
from home.demo.removal import plan_removal, remove_demo
from practice_blog.blog.models import ArticlePage
from practice_blog.comments.models import ReaderComment

pytestmark = pytest.mark.django_db


def test_the_demo_has_approved_comments_a_practice_reply_and_one_waiting(demo_site, client, html):
    article = ArticlePage.objects.get(slug="working-with-other-providers")
    page = html(client.get(article.url))
    assert page.select_one(".comment-count a").get_text(strip=True) == "3 comments"
    (reply,) = page.select(".comment--practice")
    assert reply.select_one(".comment__name").get_text() == "Harbor Light Counselling"
    assert ReaderComment.objects.awaiting_review().count() == 1
    assert b"demo-readers.example" not in client.get(article.url).content


def test_loading_the_demo_again_does_not_double_its_comments(demo_site):
    before = ReaderComment.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert ReaderComment.objects.count() == before


def test_removing_the_demo_removes_its_comments_and_says_so(demo_site):
    own = home_page()  # the home page stays after removal
    kept = ReaderComment.objects.create(
        page=own,
        display_name="A reader",
        email="reader@example.org",
        body="Mine.",
        status="approved",
        created_at=own.first_published_at,
    )
    plan = plan_removal()
    assert plan.reader_comments == 5
    done = remove_demo(expected=plan.token())
    assert "5 made-up reader comments" in done.summary()
    assert list(ReaderComment.objects.all()) == [kept]


def test_a_demo_article_a_real_reader_commented_on_is_kept_with_the_comment(demo_site):
    article = ArticlePage.objects.get(slug="knowing-your-role")
    real = ReaderComment.objects.create(
        page=article,
        display_name="A reader",
        email="reader@example.org",
        body="I want to die.",
        status="held",
        is_urgent=True,
        created_at=article.first_published_at,
    )
    plan = plan_removal()
    kept = {item.obj.pk: item.reason for item in plan.unsure if isinstance(item.obj, ArticlePage)}
    assert "readers have commented on it" in kept[article.pk]
    remove_demo(expected=plan.token())
    assert ReaderComment.objects.filter(pk=real.pk).exists()
    assert not ReaderComment.objects.filter(email__endswith="@demo-readers.example").exists()
