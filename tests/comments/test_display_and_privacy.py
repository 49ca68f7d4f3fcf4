"""How approved comments look on a page, what the page never shows, and what is kept how long."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practice_blog.comments import moderation
from practice_blog.comments.models import CommentSettings, ReaderComment
from practice_blog.comments.risk import matching_phrases

pytestmark = pytest.mark.django_db


def test_comment_text_is_plain_text_with_links_that_earn_nothing(
    article, make_comment, client, html
):
    make_comment(body='<script>alert("x")</script> <b>bold</b>\n\nSee https://example.org/read.')
    page = html(client.get(article.url))
    body = page.select_one(".comment__body")
    assert body.select("script") == [] and body.select("b") == []
    assert '<script>alert("x")</script>' in body.get_text()
    (link,) = body.select("a")
    assert link["href"] == "https://example.org/read"
    assert link["rel"] == ["nofollow", "ugc"]
    assert len(body.select("p")) == 2


def test_practice_replies_are_marked_and_sit_under_their_comment(
    article, make_comment, owner, client, html
):
    first = make_comment(display_name="Ana", body="Is this true for couples too?")
    moderation.reply_as_practice(first, owner, "Yes, most of it applies.", "Willow Practice")
    make_comment(display_name="Ben", body="Thanks.")
    page = html(client.get(article.url))
    items = page.select(".comment-list > li")
    assert [i.select_one(".comment__name").get_text() for i in items] == ["Ana", "Ben"]
    (reply,) = items[0].select(".comment-replies article.comment")
    assert "comment--practice" in reply["class"]
    assert reply.select_one(".comment__badge").get_text() == "Reply from the practice"
    assert reply.select_one(".comment__name").get_text() == "Willow Practice"
    assert page.select_one(".comment-count a").get_text(strip=True) == "3 comments"
    reply_link = items[0].select_one(".comment__reply a")
    assert reply_link["href"] == f"/comments/reply/{first.pk}/"


def test_only_approved_comments_and_replies_under_them_are_shown(
    article, make_comment, client, html
):
    for status in ("unconfirmed", "held", "rejected", "spam"):
        make_comment(body=f"A {status} comment.", status=status)
    hidden_parent = make_comment(body="Rejected later.", status="rejected")
    make_comment(parent=hidden_parent, body="An orphaned reply.", is_practice_reply=True)
    shown = make_comment(body="The approved one.")
    page = html(client.get(article.url))
    bodies = [b.get_text(strip=True) for b in page.select(".comment__body")]
    assert bodies == ["The approved one."]
    assert page.select_one(f"#comment-{shown.pk}")


def test_no_email_address_is_ever_in_the_public_html(article, make_comment, client):
    make_comment(email="private.reader@example.com")
    make_comment(email="held.reader@example.com", status="held")
    for address in (article.url, "/comments/policy/", "/comments/received/held/"):
        assert b"@example.com" not in client.get(address).content


def test_the_reply_page_shows_the_comment_and_a_form_for_the_reply(
    article, make_comment, client, html
):
    parent = make_comment(display_name="Ana", body="What about family?")
    page = html(client.get(f"/comments/reply/{parent.pk}/"))
    assert page.select_one("h1").get_text() == "Reply to Ana"
    assert "What about family?" in page.select_one("blockquote").get_text()
    form = page.select_one("form[data-comment-form]")
    assert form.select_one('input[name="parent"]')["value"] == str(parent.pk)
    assert form.select_one('input[name="page"]')["value"] == str(article.pk)


def test_a_closed_page_keeps_its_comments_but_loses_the_form(article, make_comment, client, html):
    make_comment(body="Still here.")
    article.comments_open = False
    article.save_revision().publish()
    page = html(client.get(article.url))
    assert page.select_one(".comment__body").get_text(strip=True) == "Still here."
    assert not page.select("form[data-comment-form]")
    assert "Comments are not open on this page." in page.select_one("#comments").get_text()


def test_a_closed_page_without_comments_shows_no_section(article, client, html):
    article.comments_open = False
    article.save_revision().publish()
    assert html(client.get(article.url)).select_one("#comments") is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_article_queries_do_not_grow_with_its_comments(blog_index, make_article, client):
    from practice_blog.comments.models import ReaderComment as Comment

    article = make_article("Many voices")

    def count():
        for _ in range(2):
            client.get(article.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.url).status_code == 200
        return len(queries.captured_queries)

    Comment.objects.create(
        page=article, display_name="One", body="One.", status="approved", created_at=timezone.now()
    )
    few = count()
    for number in range(30):
        parent = Comment.objects.create(
            page=article,
            display_name=f"Reader {number}",
            body="Thanks.",
            status="approved",
            created_at=timezone.now(),
        )
        Comment.objects.create(
            page=article,
            parent=parent,
            display_name="The practice",
            body="Thank you.",
            status="approved",
            is_practice_reply=True,
            created_at=timezone.now(),
        )
    assert count() == few


def test_unconfirmed_comments_go_after_a_day_but_urgent_ones_wait_for_a_person(
    article, make_comment
):
    old = timezone.now() - datetime.timedelta(days=2)
    make_comment(status="unconfirmed", created_at=old)
    urgent = make_comment(status="unconfirmed", created_at=old, is_urgent=True)
    recent = make_comment(status="unconfirmed")
    assert moderation.purge() == (1, 0)
    assert set(ReaderComment.objects.values_list("pk", flat=True)) == {urgent.pk, recent.pk}


def test_rejected_and_spam_comments_go_after_the_retention_period(article, make_comment):
    long_ago = timezone.now() - datetime.timedelta(days=31)
    make_comment(status="rejected", moderated_at=long_ago)
    make_comment(status="spam", moderated_at=long_ago)
    kept = make_comment(status="rejected", moderated_at=timezone.now())
    approved = make_comment(moderated_at=long_ago)
    assert moderation.purge() == (0, 2)
    assert set(ReaderComment.objects.values_list("pk", flat=True)) == {kept.pk, approved.pk}


def test_the_tick_purges_comments(article, make_comment):
    import io

    from django.core.management import call_command

    make_comment(status="spam", moderated_at=timezone.now() - datetime.timedelta(days=40))
    out = io.StringIO()
    call_command("practice_blog_tick", stdout=out)
    assert "comments: 0 unconfirmed and 1 rejected or spam comment(s) deleted" in out.getvalue()
    assert not ReaderComment.objects.exists()


def test_erasing_an_address_removes_every_comment_it_wrote_and_nothing_else(
    article, make_comment, owner
):
    mine = make_comment(email="Erase.Me@example.com")
    moderation.reply_as_practice(mine, owner, "Thanks.", "The practice")
    make_comment(email="erase.me@example.com", status="held")
    other = make_comment(email="someone@example.com")
    assert moderation.erase_by_email("  erase.me@EXAMPLE.com ") == 2
    assert list(ReaderComment.objects.all()) == [other]
    assert moderation.erase_by_email("") == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I wanna die", ["I want to die"]),
        ("Im gonna kill myself", ["I'm going to kill myself", "kill myself"]),
        ("i keep thinking about\nkilling MYSELF", ["kill myself"]),
        ("i cant take it any more", ["I can't take it anymore"]),
        ("I’m a burden to them", ["I'm a burden"]),
        ("I have been cutting myself again", ["cutting myself"]),
        ("some days I self harm", ["self-harm"]),
        ("I feel suicidal tonight", ["suicidal"]),
        ("i want to kill my self", ["kill myself"]),
        ("I took all my pills", ["take all my pills"]),
        ("I wish I were dead", ["I wish I was dead"]),
        (
            "everybody would be better off without me",
            ["better off without me", "everyone would be better off without me"],
        ),
        ("I'm such a burden", ["I'm a burden"]),
        ("i've got a plan", ["I have a plan"]),
        ("lately I keep thinking of suicide", ["thinking of suicide"]),
        ("I want to d\u00adie", ["I want to die"]),
        ("I want to d\u200cie", ["I want to die"]),
        ("my brother died by suicide last year", []),
        ("suicide prevention matters", []),
        ("the skill myself thing", []),
        ("a killer first paragraph", []),
    ],
)
def test_risk_phrases_match_whole_words_and_their_variants(text, expected):
    from practice_blog.comments.risk import active_phrases

    assert matching_phrases(text, active_phrases()) == expected


def test_staff_can_switch_a_phrase_off_and_add_their_own(article, send_comment):
    from practice_blog.comments.models import RiskPhrase

    RiskPhrase.objects.filter(phrase="suicidal").update(is_active=False)
    RiskPhrase.objects.create(phrase="no way out", group="trapped")
    send_comment(article, body="I feel suicidal")
    send_comment(article, name="Kim", body="There's no way out for me.")
    urgent = dict(ReaderComment.objects.values_list("display_name", "is_urgent"))
    assert urgent == {"Robin": False, "Kim": True}


def test_bare_domains_count_as_links(article, client, send_comment, make_comment):
    import re

    from django.core import mail

    from .conftest import SAME_ORIGIN

    CommentSettings.objects.update_or_create(
        site=article.get_site(), defaults={"policy": CommentSettings.Policy.TRUST_APPROVED}
    )
    make_comment(email="robin@example.com", confirmed_at=timezone.now())
    send_comment(article, body="cheap.com pills.net buy.org now.com")
    token = re.search(r"/comments/confirm/(\S+)/", mail.outbox[-1].body).group(1)
    client.post(f"/comments/confirm/{token}/", **SAME_ORIGIN)
    held = ReaderComment.objects.get(body__startswith="cheap")
    assert held.status == ReaderComment.Status.HELD
    assert held.hold_reason == "It has more than 2 links."


def test_a_late_reject_of_a_comment_approved_meanwhile_refreshes_the_page(
    article, make_comment, owner, django_capture_on_commit_callbacks
):
    from practice_blog.core.memo import read_version

    comment = make_comment(status="held")
    stale_copy = ReaderComment.objects.get(pk=comment.pk)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(comment, owner)
    before = read_version()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject(stale_copy, owner)
    assert read_version() != before


def test_the_confirmation_email_carries_nothing_the_sender_typed(article, send_comment):
    from django.core import mail

    send_comment(article, name="Free prizes today", body="A comment.")
    (message,) = mail.outbox
    assert "Free prizes" not in message.body and "Free prizes" not in message.subject
