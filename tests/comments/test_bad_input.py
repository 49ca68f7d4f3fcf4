"""Bad input to the public comment form: a clear message, and nothing stored or sent."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from practice_blog.comments.models import CommentSettings, ReaderComment
from practice_blog.comments.views import COMMENTS_PER_WINDOW

from .conftest import SAME_ORIGIN, rendered_ago

pytestmark = pytest.mark.django_db


def refused(response, html, status, words):
    """The response is a refusal with ``status`` whose page says ``words``; nothing stored."""
    assert response.status_code == status, response.content[:500]
    assert words in html(response).get_text(" ", strip=True)
    assert not ReaderComment.objects.filter(display_name="Robin").exists()
    assert not mail.outbox
    assert not response.cookies


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"body": ""}, "Please write a comment before sending."),
        ({"body": "   \n  "}, "Please write a comment before sending."),
        ({"body": "x" * 3001}, "Please shorten your comment to 3,000 characters or fewer"),
        ({"body": "Fine until \u202egnirts desrever"}, "change the direction of the text"),
        ({"body": "Hidden\u200bword"}, "contains invisible characters"),
        ({"body": "Bell \x07 here"}, "invisible control characters"),
        ({"name": ""}, "Please give a name to show with your comment."),
        ({"name": "Robin\r\nBcc: everyone@example.com"}, "Please keep the name on one line."),
        ({"name": "R" * 61}, "Please shorten the name to 60 characters or fewer."),
        ({"name": "Visit www.cheap.example"}, "Please leave web and email addresses out"),
        ({"name": "me@example.org"}, "Please leave web and email addresses out"),
        ({"email": "a" * 250 + "@example.org"}, "longer than any address can be"),
        (
            {"body": "x" * 3001, "name": "R\nB"},
            "Please keep the name on one line.",
        ),
        ({"email": "robin@example.com\nBcc: x@example.com"}, "Please check your email address"),
        ({"email": ""}, "Please give your email address"),
    ],
)
def test_invalid_fields_are_explained_and_the_form_comes_back(
    article, send_comment, html, fields, words
):
    response = send_comment(article, **fields)
    refused(response, html, 400, words)
    page = html(response)
    form = page.select_one("form[data-comment-form]")
    assert form is not None  # the form again, with what was typed
    assert page.select_one(f'a[href="{article.url}"]')


def test_a_cross_site_post_is_refused(article, send_comment, html):
    headers = {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_USER_AGENT": "Mozilla/5.0"}
    response = send_comment(article, headers=headers)
    refused(response, html, 403, "only be sent from this site's own pages")


def test_a_forged_origin_is_refused(article, send_comment, html):
    headers = {"HTTP_ORIGIN": "https://evil.example", "HTTP_USER_AGENT": "Mozilla/5.0"}
    refused(send_comment(article, headers=headers), html, 403, "this site's own pages")


def test_a_post_without_origin_or_referer_is_refused(article, send_comment, html):
    response = send_comment(article, headers={"HTTP_USER_AGENT": "Mozilla/5.0"})
    refused(response, html, 403, "this site's own pages")


def test_csrf_checks_stay_on_for_everything_else(article, html):
    """The endpoint replaces the cookie token with the same-origin check, nothing more."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/comments/post/", {"page": article.pk}, HTTP_USER_AGENT="Mozilla")
    refused(response, html, 403, "this site's own pages")


def test_a_filled_honeypot_is_refused(article, send_comment, html):
    refused(send_comment(article, website="http://spam.example"), html, 400, "could not be")


def test_a_form_sent_too_fast_is_refused(article, send_comment, html):
    response = send_comment(article, rendered=rendered_ago(0))
    refused(response, html, 400, "quicker than we expected")


def test_a_tampered_timestamp_is_refused(article, send_comment, html):
    refused(send_comment(article, rendered="12345:forged"), html, 400, "quicker than")


def test_a_known_bot_is_refused(article, send_comment, html):
    headers = {**SAME_ORIGIN, "HTTP_USER_AGENT": "curl/8.0"}
    refused(send_comment(article, headers=headers), html, 403, "Automated comments")


def test_the_rate_limit_answers_429(article, send_comment, html):
    for number in range(COMMENTS_PER_WINDOW):
        send_comment(article, name=f"Reader {number}")
    mail.outbox.clear()
    refused(send_comment(article), html, 429, "try again in a few minutes")


def test_a_page_that_does_not_exist_or_takes_no_comments_is_refused(send_comment, html):
    from wagtail.models import Page

    home = Page.objects.get(depth=2)
    refused(send_comment(home), html, 404, "does not take comments")


def test_a_missing_page_number_is_refused(article, send_comment, html):
    response = send_comment(article, page="²")
    refused(response, html, 400, "The page this comment is for is missing")


def test_get_is_not_a_way_to_post(client, html):
    response = client.get("/comments/post/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_comments_closed_on_the_page_are_refused(article, send_comment, html):
    article.comments_open = False
    article.save_revision().publish()
    refused(send_comment(article), html, 400, "Comments are not open on this page.")


def test_comments_switched_off_on_the_site_are_refused(article, send_comment, html):
    CommentSettings.objects.update_or_create(site=article.get_site(), defaults={"enabled": False})
    refused(send_comment(article), html, 400, "Comments are switched off on this site.")


def test_comments_close_by_themselves_after_the_set_days(article, send_comment, html, client):
    long_ago = timezone.now() - datetime.timedelta(days=91)
    type(article).objects.filter(pk=article.pk).update(first_published_at=long_ago)
    refused(send_comment(article), html, 400, "Comments on this page are now closed.")
    assert not html(client.get(article.url)).select("form[data-comment-form]")


def test_a_reply_to_a_comment_on_another_page_is_refused(
    article, make_article, make_comment, send_comment, html
):
    other = make_comment(page=make_article("Another article"))
    refused(send_comment(article, parent=other.pk), html, 400, "on the same page")


def test_a_reply_to_an_unapproved_comment_is_refused(article, make_comment, send_comment, html):
    held = make_comment(status=ReaderComment.Status.HELD)
    refused(send_comment(article, parent=held.pk), html, 400, "cannot be replied to")


def test_a_reply_to_a_reply_is_refused(article, make_comment, send_comment, html):
    reply = make_comment(parent=make_comment())
    refused(send_comment(article, parent=reply.pk), html, 400, "a reply cannot be answered")


def test_a_reply_to_a_comment_that_is_gone_is_refused(article, send_comment, html):
    refused(send_comment(article, parent=999999), html, 400, "no longer exists")


def test_a_json_refusal_says_why(article, send_comment):
    headers = {**SAME_ORIGIN, "HTTP_ACCEPT": "application/json"}
    response = send_comment(article, name="", headers=headers)
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "message": "Please give a name to show with your comment.",
        "errors": {
            "name": [
                {"message": "Please give a name to show with your comment.", "code": "required"}
            ]
        },
    }


@pytest.mark.parametrize("token", ["nope", "x" * 500, "a.b-c_d"])
def test_an_unknown_confirmation_link_says_so(client, html, token):
    response = client.get(f"/comments/confirm/{token}/")
    assert response.status_code == 404
    assert "This confirmation link does not work" in html(response).get_text()


def test_a_cross_site_confirmation_is_refused(article, send_comment, client, html):
    import re

    send_comment(article)
    token = re.search(r"/comments/confirm/(\S+)/", mail.outbox[0].body).group(1)
    response = client.post(
        f"/comments/confirm/{token}/", HTTP_SEC_FETCH_SITE="cross-site", HTTP_USER_AGENT="M"
    )
    assert response.status_code == 403
    assert ReaderComment.objects.get().status == ReaderComment.Status.UNCONFIRMED


def test_a_confirmation_link_older_than_a_day_does_not_work(article, send_comment, client):
    import re

    send_comment(article)
    token = re.search(r"/comments/confirm/(\S+)/", mail.outbox[0].body).group(1)
    ReaderComment.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    assert client.post(f"/comments/confirm/{token}/", **SAME_ORIGIN).status_code == 404
    assert ReaderComment.objects.get().status == ReaderComment.Status.UNCONFIRMED


@pytest.mark.parametrize("address", ["/comments/received/nope/", "/comments/reply/999999/"])
def test_addresses_that_lead_nowhere_are_404s(client, address):
    assert client.get(address).status_code == 404


def test_the_received_page_ignores_a_bad_page_number(client):
    response = client.get("/comments/received/held/?page=%C2%B2")
    assert response.status_code == 200


def test_mistakes_do_not_count_against_the_rate_limit(article, send_comment):
    for _ in range(COMMENTS_PER_WINDOW + 2):
        assert send_comment(article, body="").status_code == 400
    assert send_comment(article).status_code == 303
