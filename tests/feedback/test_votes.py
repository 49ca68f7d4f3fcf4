"""The vote endpoint: the flow with and without JavaScript, protection, and bad input."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client

from home.demo import home_page
from practice_blog.feedback.models import DailyPageFeedback, DailyReasonFeedback, HelpfulVote
from practice_blog.feedback.rollups import rollup_differences

from .conftest import BROWSER, ORIGIN, aged_timestamp, make_article, vote_data

pytestmark = pytest.mark.django_db

VOTE_URL = "/feedback/vote/"
VOTER = "5f0c3a9e" * 4


def post_json(client, payload, **headers):
    return client.post(
        VOTE_URL,
        data=json.dumps(payload),
        content_type="application/json",
        headers={"Accept": "application/json", **headers},
    )


def redirect_state(response):
    parts = urlsplit(response["Location"])
    return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}, parts.fragment


def figures(article):
    rows = DailyPageFeedback.objects.filter(page_id=article.pk)
    return sum(r.helpful for r in rows), sum(r.not_helpful for r in rows)


# --- Without JavaScript: plain forms, post/redirect/get --------------------------------------


def test_yes_without_javascript_redirects_back_with_the_thank_you(visitor, article, html):
    response = visitor.post(VOTE_URL, vote_data(article, "yes"))
    assert response.status_code == 303
    path, query, fragment = redirect_state(response)
    assert path == article.url and fragment == "helpful-feedback"
    assert query["feedback"] == "yes" and len(query["voter"]) == 32
    assert not response.cookies

    page = html(visitor.get(response["Location"]))
    thanks = page.select_one("[data-helpful-panel=yes]")
    assert not thanks.has_attr("hidden")
    assert thanks.select_one(".helpful__thanks").get_text(strip=True) == (
        "Thank you for letting us know."
    )
    assert page.select_one("[data-helpful-panel=question]").has_attr("hidden")

    vote = HelpfulVote.objects.get()
    assert (vote.helpful, vote.voter_key, vote.page_id, vote.is_current) == (
        True,
        query["voter"],
        article.pk,
        True,
    )
    assert figures(article) == (1, 0)


def test_not_quite_then_reasons_and_comment_without_javascript(visitor, article, html):
    response = visitor.post(VOTE_URL, vote_data(article, "no"))
    _, query, _ = redirect_state(response)
    assert query["feedback"] == "no"
    page = html(visitor.get(response["Location"]))
    details = page.select_one("[data-helpful-panel=no] form")
    assert details.select_one("input[name=voter]")["value"] == query["voter"]

    # The reader ticks two reasons and writes a comment in the follow-up form.
    fields = {i["name"]: i.get("value", "") for i in details.select("input[type=hidden]")}
    fields.update(
        {
            "reason": ["Hard to understand", "Seems out of date"],
            "comment": "The part about\r\nfees is old.",
            "rendered": aged_timestamp(),
            "website": "",
        }
    )
    response = visitor.post(VOTE_URL, fields)
    assert response.status_code == 303
    _, query_after, _ = redirect_state(response)
    assert query_after == {"feedback": "sent", "voter": query["voter"]}
    page = html(visitor.get(response["Location"]))
    assert not page.select_one("[data-helpful-panel=sent]").has_attr("hidden")

    current = HelpfulVote.objects.counted().get()
    assert current.reasons == ["Hard to understand", "Seems out of date"]
    assert current.comment == "The part about\nfees is old."
    assert HelpfulVote.objects.count() == 2  # the bare "no" row is kept, superseded
    assert figures(article) == (0, 1)
    reasons = dict(DailyReasonFeedback.objects.values_list("reason", "count"))
    assert reasons == {"Hard to understand": 1, "Seems out of date": 1}


def test_change_of_answer_counts_once(visitor, article):
    response = visitor.post(VOTE_URL, vote_data(article, "yes"))
    voter = redirect_state(response)[1]["voter"]
    response = visitor.post(VOTE_URL, vote_data(article, "no", voter=voter))
    assert response.status_code == 303
    assert figures(article) == (0, 1)
    response = visitor.post(VOTE_URL, vote_data(article, "yes", voter=voter))
    assert figures(article) == (1, 0)
    assert HelpfulVote.objects.counted().count() == 1
    assert HelpfulVote.objects.count() == 3
    assert rollup_differences() == []


def test_the_same_answer_twice_is_refused_and_writes_nothing(visitor, article, html):
    assert visitor.post(VOTE_URL, vote_data(article, "yes", voter=VOTER)).status_code == 303
    response = visitor.post(VOTE_URL, vote_data(article, "yes", voter=VOTER))
    assert response.status_code == 409
    assert "already given this answer" in html(response).get_text()
    assert html(response).select_one(f"a[href='{article.url}']")
    assert HelpfulVote.objects.count() == 1


def test_a_double_click_without_a_voter_key_counts_once(visitor, article):
    assert visitor.post(VOTE_URL, vote_data(article, "yes")).status_code == 303
    assert visitor.post(VOTE_URL, vote_data(article, "yes")).status_code == 409
    assert HelpfulVote.objects.count() == 1


def test_votes_on_different_articles_are_separate(visitor, article, blog_index):
    other = make_article(blog_index, "Endings", "endings")
    visitor.post(VOTE_URL, vote_data(article, "yes", voter=VOTER))
    visitor.post(VOTE_URL, vote_data(other, "no", voter=VOTER))
    assert figures(article) == (1, 0) and figures(other) == (0, 1)


# --- With JavaScript: the same fields, JSON back ---------------------------------------------


def test_javascript_vote_gets_json_and_no_redirect(visitor, article):
    response = visitor.post(
        VOTE_URL, vote_data(article, "no", voter=VOTER), headers={"Accept": "application/json"}
    )
    assert response.status_code == 201
    assert response.json() == {
        "ok": True,
        "state": "no",
        "voter": VOTER,
        "message": "Thank you for letting us know. If you have a moment, tell us what was missing.",
    }
    assert not response.cookies
    response = post_json(
        visitor,
        {
            "page": article.pk,
            "answer": "no",
            "step": "details",
            "voter": VOTER,
            "reasons": ["Not relevant to me"],
            "comment": "",
            "rendered": aged_timestamp(),
        },
    )
    assert response.status_code == 201 and response.json()["state"] == "sent"
    assert HelpfulVote.objects.counted().get().reasons == ["Not relevant to me"]
    assert figures(article) == (0, 1)


def test_fetch_with_sec_fetch_site_same_origin_is_accepted(article):
    client = Client(enforce_csrf_checks=True, headers={"User-Agent": BROWSER})
    response = client.post(
        VOTE_URL,
        vote_data(article),
        headers={"Sec-Fetch-Site": "same-origin", "Accept": "application/json"},
    )
    assert response.status_code == 201


# --- Protection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "cross-site", "Origin": ORIGIN},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
    ],
)
def test_cross_site_posts_are_refused(article, headers):
    client = Client(enforce_csrf_checks=True, headers={"User-Agent": BROWSER})
    response = client.post(VOTE_URL, vote_data(article), headers=headers)
    assert response.status_code == 403
    assert not HelpfulVote.objects.exists()


def test_post_without_origin_or_referer_is_refused(article):
    client = Client(enforce_csrf_checks=True, headers={"User-Agent": BROWSER})
    assert client.post(VOTE_URL, vote_data(article)).status_code == 403


def test_honeypot_submissions_are_dropped(visitor, article):
    response = visitor.post(VOTE_URL, vote_data(article, website="http://spam.example"))
    assert response.status_code == 303  # looks normal to the bot
    assert not HelpfulVote.objects.exists() and not DailyPageFeedback.objects.exists()


def test_known_bots_are_ignored(article):
    bot = Client(headers={"User-Agent": "Googlebot/2.1", "Origin": ORIGIN})
    assert bot.post(VOTE_URL, vote_data(article)).status_code == 303
    assert not HelpfulVote.objects.exists()


def test_too_fast_submissions_are_dropped_with_a_message(visitor, article, html):
    response = visitor.get(article.url)
    rendered = html(response).select_one("input[name=rendered]")["value"]
    response = visitor.post(VOTE_URL, vote_data(article, rendered=rendered))
    assert response.status_code == 400
    assert "quicker than we expected" in html(response).get_text()
    assert not HelpfulVote.objects.exists()


def test_follow_up_form_needs_only_a_second_not_the_full_reading_time(visitor, article):
    """A reader who ticks a reason and presses Send quickly on the follow-up page is not
    refused: they already passed the reading-time check with their first answer."""
    voter = "ab" * 16
    assert visitor.post(VOTE_URL, vote_data(article, answer="no", voter=voter)).status_code == 303
    two_seconds_ago = aged_timestamp(seconds=2)
    details = vote_data(article, answer="no", step="details", voter=voter, rendered=two_seconds_ago)
    details["reason"] = "Hard to understand"
    assert visitor.post(VOTE_URL, details).status_code == 303
    assert HelpfulVote.objects.counted().get().reasons == ["Hard to understand"]
    just_now = aged_timestamp(seconds=0)
    details.update(rendered=just_now, reason="Seems out of date")
    assert visitor.post(VOTE_URL, details).status_code == 400


def test_rate_limit_per_connection(visitor, article, feedback_settings, html):
    feedback_settings.votes_per_hour = 3
    feedback_settings.save()
    for index in range(3):
        voter = f"{index:032x}"
        assert visitor.post(VOTE_URL, vote_data(article, voter=voter)).status_code == 303
    response = visitor.post(VOTE_URL, vote_data(article, voter="f" * 32))
    assert response.status_code == 429
    assert "Too many answers" in html(response).get_text()
    other = Client(
        enforce_csrf_checks=True,
        headers={"User-Agent": BROWSER, "Origin": ORIGIN},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.post(VOTE_URL, vote_data(article, voter="e" * 32)).status_code == 303
    assert HelpfulVote.objects.count() == 4


def test_no_personal_data_is_stored(article):
    client = Client(
        enforce_csrf_checks=True,
        headers={"User-Agent": BROWSER, "Origin": ORIGIN},
        REMOTE_ADDR="198.51.100.77",
    )
    voter = redirect_state(client.post(VOTE_URL, vote_data(article, "no")))[1]["voter"]
    details = {"step": "details", "comment": "Clearer please", "reason": "Something else"}
    response = client.post(
        VOTE_URL,
        vote_data(article, "no", voter=voter, **details),
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 201
    forbidden = ["198.51.100.77", "198.51.100", BROWSER, "Chrome/156", "Mozilla"]
    checked = 0
    with connection.cursor() as cursor:
        for table in (
            "practice_blog_feedback_helpfulvote",
            "practice_blog_feedback_dailypagefeedback",
            "practice_blog_feedback_dailyreasonfeedback",
        ):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            columns = [c[0] for c in cursor.description]
            assert not {"ip", "ip_address", "user_agent", "user_id", "session_key"} & set(columns)
            for row in cursor.fetchall():
                for value in row:
                    checked += 1
                    assert not any(bad in str(value) for bad in forbidden), (table, value)
    assert checked > 20
    assert [f.name for f in HelpfulVote._meta.get_fields() if f.is_relation] == ["page"]


def test_get_and_other_methods_are_not_allowed(visitor):
    for method in ("get", "put", "delete"):
        response = getattr(visitor, method)(VOTE_URL)
        assert response.status_code == 405
        assert response["Allow"] == "POST"


# --- Bad input: a clear 4xx and nothing written ----------------------------------------------


BAD_FORMS = {
    "no page": ({"page": ""}, 400, "page number"),
    "page not a number": ({"page": "12abc"}, 400, "page number"),
    "page in superscript digits": ({"page": "\u00b2"}, 400, "page number"),
    "unknown page": ({"page": "999999"}, 404, "does not take feedback"),
    "page without the widget (home)": ({"page": "HOME"}, 404, "does not take feedback"),
    "answer missing": ({"answer": ""}, 400, "yes"),
    "answer malformed": ({"answer": "maybe"}, 400, "yes"),
    "reason not on the list": ({"answer": "no", "reason": "Buy now"}, 400, "not on the list"),
    "reason with yes": ({"answer": "yes", "reason": "Hard to understand"}, 400, "Not quite"),
    "comment too long": ({"answer": "no", "comment": "x" * 501}, 400, "500 characters"),
    "comment with NUL": ({"answer": "no", "comment": "a\x00b"}, 400, "characters"),
    "empty details": ({"answer": "no", "step": "details"}, 400, "Tick a reason"),
    "unknown step": ({"step": "later"}, 400, "step"),
    "malformed voter": ({"voter": "not-a-key"}, 400, "voter key"),
    "voter with a trailing newline": ({"voter": "0123456789abcdef" * 2 + "\n"}, 400, "voter key"),
    "demo voter": ({"voter": "demo-00000000000000000000000000"}, 400, "voter key"),
    "unexpected field": ({"user_id": "1"}, 400, "Unexpected field"),
    "answer twice": ({"answer": ["yes", "no"]}, 400, "more than once"),
}


@pytest.mark.parametrize("case", BAD_FORMS.keys())
def test_bad_form_input_is_refused_clearly(visitor, article, case):
    changes, status, message = BAD_FORMS[case]
    data = vote_data(article)
    data.update(changes)
    if data["page"] == "HOME":
        data["page"] = str(home_page().pk)
    response = visitor.post(VOTE_URL, data, headers={"Accept": "application/json"})
    assert response.status_code == status
    assert response.json()["ok"] is False
    assert message in response.json()["error"]
    assert not HelpfulVote.objects.exists() and not DailyPageFeedback.objects.exists()


def test_bad_form_input_without_javascript_gets_a_page_with_the_message(visitor, article, html):
    response = visitor.post(VOTE_URL, vote_data(article, answer="maybe"))
    assert response.status_code == 400
    page = html(response)
    assert page.select_one("h1").get_text(strip=True) == "Your answer was not recorded"
    assert "Choose “yes” or “no”." in page.get_text()


def test_unpublished_page_is_refused(visitor, article):
    article.unpublish()
    response = visitor.post(VOTE_URL, vote_data(article), headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert not HelpfulVote.objects.exists()


def test_page_with_the_widget_switched_off_is_refused(visitor, article, feedback_settings):
    article.show_helpful_widget = False
    article.save_revision().publish()
    assert visitor.post(VOTE_URL, vote_data(article)).status_code == 404
    article.show_helpful_widget = True
    article.save_revision().publish()
    feedback_settings.widget_enabled = False
    feedback_settings.save()
    assert visitor.post(VOTE_URL, vote_data(article)).status_code == 404
    assert not HelpfulVote.objects.exists()


BAD_JSON = {
    "not JSON": ("{answer: yes", 400, "invalid JSON"),
    "a list": ("[1, 2]", 400, "JSON object"),
    "reasons not a list": ('{"page": 0, "answer": "no", "reasons": "Hard"}', 400, "list"),
    "answer a number": ('{"page": 0, "answer": 1}', 400, "yes"),
    "answer an object": ('{"page": 0, "answer": {"a": 1}}', 400, "wrong type"),
    "page a boolean": ('{"page": true, "answer": "yes"}', 400, "wrong type"),
    "unknown key": ('{"page": 0, "answer": "yes", "ip": "1.2.3.4"}', 400, "Unexpected"),
    "invalid UTF-8": (b'{"page": 0, "answer": "\xff"}', 400, "invalid JSON"),
}


@pytest.mark.parametrize("case", BAD_JSON.keys())
def test_json_bodies_of_the_wrong_shape_are_refused(visitor, article, case):
    body, status, message = BAD_JSON[case]
    if isinstance(body, str):
        body = body.replace('"page": 0', f'"page": {article.pk}')
    response = visitor.post(
        VOTE_URL, data=body, content_type="application/json", headers={"Accept": "application/json"}
    )
    assert response.status_code == status
    assert message in response.json()["error"]
    assert not HelpfulVote.objects.exists()


def test_other_content_types_are_refused(visitor, article):
    response = visitor.post(VOTE_URL, data="page=1", content_type="text/plain")
    assert response.status_code == 415
    assert not HelpfulVote.objects.exists()


def test_oversized_bodies_are_refused(visitor, article):
    response = visitor.post(
        VOTE_URL,
        vote_data(article, "no", comment="x" * 9000),
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 413
    assert "too long" in response.json()["error"]
    assert not HelpfulVote.objects.exists()


def test_a_500_character_comment_in_any_script_fits(visitor, article):
    comment = "ó漢" * 250
    response = visitor.post(
        VOTE_URL,
        vote_data(article, "no", comment=comment),
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 201
    assert HelpfulVote.objects.get().comment == comment


def test_a_vote_costs_a_fixed_number_of_queries(visitor, blog_index, article, feedback_settings):
    """Budget: 12 queries for a new answer (site, settings, page checks, then one transaction:
    current answer, the lock on the page's all-time row, insert, and one increment each of the
    page's day, month and all-time rows and of the month's row for every page); 17 for a
    changed answer (supersede and four decrements too); each reason adds one increment each of
    its day, month and month-for-every-page rows. A row the vote is the first of (a page's
    first vote of the day) costs two more queries: its insert and the increment again; for a
    page's first vote ever, the all-time row's two are its insert and the lock again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(data):
        with CaptureQueriesContext(connection) as captured:
            assert visitor.post(VOTE_URL, data).status_code == 303
        return [q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]

    # Warms Wagtail's site root paths cache and creates today's rows, as earlier readers would.
    queries(vote_data(article, "yes", voter="0" * 32))
    queries(vote_data(article, "no", voter="1" * 32))
    queries(vote_data(article, "no", voter="1" * 32, step="details", reason="Hard to understand"))
    assert len(queries(vote_data(article, "yes", voter=VOTER))) == 12
    assert len(queries(vote_data(article, "no", voter=VOTER))) == 17
    details = vote_data(article, "no", voter=VOTER, step="details", reason="Hard to understand")
    assert len(queries(details)) == 20
    # A page's first vote: its day, month and all-time rows are new (the month's row for every
    # page is not).
    first = make_article(blog_index, "Never voted on", "never-voted-on")
    assert len(queries(vote_data(first, "yes", voter=VOTER))) == 12 + 3 * 2
    assert rollup_differences() == []
