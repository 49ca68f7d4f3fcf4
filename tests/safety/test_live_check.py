"""The live safe-messaging check behind the editor's panel: admin only, CSRF-protected,
clear 400s for bad input, and the same findings as the saved-page check."""

import json

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/admin/safety/check/"


def post(client, payload, **extra):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(URL, body, content_type="application/json", **extra)


def test_url_is_inside_the_admin():
    assert reverse("safety_check_text") == URL


def test_editor_gets_findings_for_the_text_being_typed(client, editor):
    client.force_login(editor)
    response = post(
        client,
        {
            "chunks": [
                {"where": "Title", "text": "When a friend committed suicide"},
                {"where": "Article text", "text": "It was not a cry for help."},
            ],
            "is_sensitive": False,
        },
    )
    assert response.status_code == 200
    findings = response.json()["findings"]
    phrases = [
        (f["where"], f["flagged"], f["suggestion"]) for f in findings if f["kind"] == "phrase"
    ]
    assert phrases == [
        ("Title", "committed suicide", "died by suicide; took their own life"),
        ("Article text", "cry for help", "A sign someone needs support."),
    ]
    warnings = [f["flagged"] for f in findings if f["kind"] == "warning"]
    assert warnings == ["Mentions suicide or self-harm without a content note"]


def test_sensitive_article_gets_no_missing_note_warning(client, editor):
    client.force_login(editor)
    response = post(
        client, {"chunks": [{"where": "Title", "text": "Suicide"}], "is_sensitive": True}
    )
    assert [f["kind"] for f in response.json()["findings"]] == ["tip"]


def test_ordinary_text_has_no_findings(client, editor):
    client.force_login(editor)
    response = post(client, {"chunks": [{"where": "Title", "text": "Commit to a routine"}]})
    assert response.json() == {"findings": []}


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = post(client, {"chunks": []})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_get_is_refused(client, editor):
    client.force_login(editor)
    assert client.get(URL).status_code == 405


def test_post_without_csrf_token_is_refused(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = post(client, {"chunks": [{"where": "Title", "text": "x"}]})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        b"\xff\xfe",
        "[]",
        {"chunks": "text"},
        {"chunks": ["text"]},
        {"chunks": [{"where": "Title"}]},
        {"chunks": [{"where": 1, "text": "x"}]},
        {"chunks": [{"where": "Title", "text": "x"}] * 1001},
        {"chunks": [{"where": "Title", "text": "x" * 500_001}]},
    ],
)
def test_bad_input_gets_a_clear_400(client, editor, payload):
    client.force_login(editor)
    response = post(client, payload)
    assert response.status_code == 400
    assert response.json()["error"]
