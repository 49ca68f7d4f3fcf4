"""A reader's comment from the form to the page, without JavaScript and with it: sent, confirmed
by email, held for a person, approved, shown. And a comment that shows a reader may be at risk:
held as urgent, the writer shown crisis services at once, staff emailed before any
confirmation."""

import re

import pytest
from django.core import mail
from django.test import Client

from practice_blog.comments import moderation
from practice_blog.comments.models import CommentSettings, ReaderComment
from practice_blog.core.page_cache import ENTRY_MARKER

from .conftest import SAME_ORIGIN

pytestmark = pytest.mark.django_db
CONFIRM_LINK = re.compile(r"https?://\S+/comments/confirm/(\S+)/")


def confirmation_token(message):
    return CONFIRM_LINK.search(message.body).group(1)


def test_the_form_says_what_happens_and_where_help_is(article, client, html):
    response = client.get(article.url)
    page = html(response)
    form = page.select_one("form[data-comment-form]")
    assert form["action"] == "/comments/post/"
    assert form["method"] == "post"
    text = form.get_text(" ", strip=True)
    assert "This form is not monitored for emergencies." in text
    assert "A first name or a nickname is fine." in text
    assert "Never shown." in text
    assert "do not share health details" in text
    assert form.select_one('a[href="/comments/policy/"]')
    assert form.select_one('a[href^="tel:988"]') and form.select_one('a[href^="sms:"]')
    assert page.select_one("#comments-heading").get_text(strip=True) == "Comments"
    assert "No comments yet." in page.select_one("#comments").get_text()
    assert not response.cookies


def test_journey_without_javascript_post_confirm_hold_approve_show(
    article, client, send_comment, html, owner
):
    response = send_comment(article, name="Robin", body="Saying no kindly is a skill.")
    assert response.status_code == 303
    assert response["Location"] == f"/comments/received/confirm/?page={article.pk}"
    received = html(client.get(response["Location"]))
    assert "Please check your email" in received.get_text()
    comment = ReaderComment.objects.get()
    assert comment.status == ReaderComment.Status.UNCONFIRMED
    assert comment.confirmation_token_hash  # only its hash; the link is in the email alone
    assert not html(client.get(article.url)).select(".comment")

    (message,) = mail.outbox
    assert message.to == ["robin@example.com"]
    assert "Saying no without guilt" in message.subject
    token = confirmation_token(message)
    assert token not in comment.confirmation_token_hash

    # Opening the link (or a mail scanner following it) changes nothing.
    button_page = client.get(f"/comments/confirm/{token}/")
    assert button_page.status_code == 200
    assert html(button_page).select_one("form button").get_text(strip=True) == "Confirm my comment"
    comment.refresh_from_db()
    assert comment.status == ReaderComment.Status.UNCONFIRMED

    confirmed = client.post(f"/comments/confirm/{token}/", **SAME_ORIGIN)
    assert confirmed.status_code == 303
    assert confirmed["Location"] == f"/comments/received/held/?page={article.pk}"
    comment.refresh_from_db()
    assert comment.status == ReaderComment.Status.HELD
    assert comment.confirmed_at is not None
    assert not html(client.get(article.url)).select(".comment")
    # The link works once.
    assert client.post(f"/comments/confirm/{token}/", **SAME_ORIGIN).status_code == 404

    moderation.approve(comment, owner)
    page = html(client.get(article.url))
    (shown,) = page.select("article.comment")
    assert shown["id"] == f"comment-{comment.pk}"
    assert shown.select_one(".comment__name").get_text() == "Robin"
    assert "Saying no kindly is a skill." in shown.get_text()
    assert shown.select_one(f'a[href="#comment-{comment.pk}"]')
    assert page.select_one(".comment-count a").get_text(strip=True) == "1 comment"
    assert page.select_one("#comments-heading").get_text(strip=True) == "1 comment"
    assert "robin@example.com" not in client.get(article.url).content.decode()


def test_journey_with_javascript_answers_in_place(article, send_comment):
    response = send_comment(article, headers={**SAME_ORIGIN, "HTTP_ACCEPT": "application/json"})
    assert response.status_code == 201
    answer = response.json()
    assert answer["ok"] is True and answer["state"] == "confirm"
    assert "Please check your email" in answer["html"]
    assert "data-comment-outcome" in answer["html"]
    assert ReaderComment.objects.count() == 1

    refused = send_comment(
        article, body="", headers={**SAME_ORIGIN, "HTTP_ACCEPT": "application/json"}
    )
    assert refused.status_code == 400
    assert (
        refused.json()["errors"]["body"][0]["message"] == "Please write a comment before sending."
    )
    assert ReaderComment.objects.count() == 1


def test_a_crisis_phrase_holds_the_comment_shows_help_and_emails_staff_at_once(
    article, client, send_comment, html, owner, editor
):
    body = "I read this twice.\nHonestly I cant take it any more and I wanna die."
    response = send_comment(article, body=body)
    assert response["Location"] == f"/comments/received/urgent/?page={article.pk}"
    page = html(client.get(response["Location"]))
    text = page.get_text(" ", strip=True)
    assert "Thank you for writing." in text
    assert "This form is not monitored for emergencies." in text
    assert page.select_one('.comment-outcome a[href^="tel:988"]')
    assert page.select_one('.comment-outcome a[href^="sms:741741"]')
    assert page.select_one('.comment-outcome a[href="tel:911"]')

    comment = ReaderComment.objects.get()
    assert comment.is_urgent
    assert comment.status == ReaderComment.Status.UNCONFIRMED
    assert set(comment.matched_phrases) == {"I want to die", "I can't take it anymore"}
    # Staff hear of it before the writer has confirmed anything; the email names no detail.
    alert = next(m for m in mail.outbox if m.subject.startswith("Urgent"))
    assert set(alert.to) >= {owner.email, editor.email}
    assert f"/admin/reader-comments/{comment.pk}/" in alert.body
    assert "wanna die" not in alert.body and "robin@example.com" not in alert.body
    # Staff see it at once, confirmed or not; it is never published automatically.
    assert ReaderComment.objects.urgent().get() == comment
    confirmation = next(m for m in mail.outbox if m.to == ["robin@example.com"])
    assert "988" in confirmation.body


def test_an_urgent_comment_is_held_even_from_a_trusted_address(
    article, client, send_comment, make_comment, html
):
    CommentSettings.objects.update_or_create(
        site=article.get_site(), defaults={"policy": CommentSettings.Policy.TRUST_APPROVED}
    )
    make_comment(email="robin@example.com", confirmed_at=article.first_published_at)
    send_comment(article, body="I feel trapped and I have a plan.")
    token = confirmation_token(next(m for m in mail.outbox if m.to == ["robin@example.com"]))
    response = client.post(f"/comments/confirm/{token}/", **SAME_ORIGIN)
    assert response["Location"].startswith("/comments/received/urgent-confirmed/")
    assert ReaderComment.objects.get(is_urgent=True).status == ReaderComment.Status.HELD
    page = html(client.get(response["Location"])).get_text(" ", strip=True)
    assert "This form is not monitored for emergencies." in page
    assert "We have sent you an email" not in page


def test_a_trusted_address_publishes_at_once_when_the_site_allows_it(
    article, client, send_comment, make_comment, html
):
    CommentSettings.objects.update_or_create(
        site=article.get_site(), defaults={"policy": CommentSettings.Policy.TRUST_APPROVED}
    )
    make_comment(email="Robin@Example.com", confirmed_at=article.first_published_at)
    send_comment(article, body="Back again: the second part helped too.")
    token = confirmation_token(mail.outbox[-1])
    response = client.post(f"/comments/confirm/{token}/", **SAME_ORIGIN)
    assert response["Location"].startswith("/comments/received/published/")
    bodies = [c.get_text() for c in html(client.get(article.url)).select(".comment__body")]
    assert any("second part helped" in body for body in bodies)


def test_too_many_links_wait_for_a_person_even_from_a_trusted_address(
    article, client, send_comment, make_comment
):
    CommentSettings.objects.update_or_create(
        site=article.get_site(), defaults={"policy": CommentSettings.Policy.TRUST_APPROVED}
    )
    make_comment(email="robin@example.com", confirmed_at=article.first_published_at)
    send_comment(article, body="See https://a.example https://b.example and www.c.example")
    token = confirmation_token(mail.outbox[-1])
    client.post(f"/comments/confirm/{token}/", **SAME_ORIGIN)
    held = ReaderComment.objects.get(body__startswith="See")
    assert held.status == ReaderComment.Status.HELD
    assert held.hold_reason == "It has more than 2 links."


def test_the_policy_page_shows_what_staff_wrote(client, html):
    page = html(client.get("/comments/policy/"))
    assert page.select_one("h1").get_text() == "Comment policy"
    text = page.get_text(" ")
    assert "not monitored for emergencies" in text
    assert "call or text 988" in text


def test_approving_a_comment_makes_the_next_cached_request_fresh(
    article, make_comment, owner, settings, django_capture_on_commit_callbacks
):
    settings.PRACTICE_BLOG = {**settings.PRACTICE_BLOG, "PAGE_CACHE": "pages"}
    reader = Client()
    comment = make_comment(status=ReaderComment.Status.HELD, body="Held until a person looks.")
    reader.get(article.url)
    cached = reader.get(article.url)
    assert cached[ENTRY_MARKER] == "hit"
    assert b"Held until a person looks." not in cached.content

    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(comment, owner)
    fresh = reader.get(article.url)
    assert fresh[ENTRY_MARKER] == "miss"
    assert b"Held until a person looks." in fresh.content

    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject(comment, owner)
    assert b"Held until a person looks." not in reader.get(article.url).content
