"""What an outside security review found in the vote endpoint and the editors' checker, each
fixed: IPv6 /64 rate limits, deep JSON, expiring form timestamps, invisible characters, and a
rate-limit secret that never sits in the cache."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from practice_blog.core import anonymous_posts
from practice_blog.feedback.models import HelpfulVote

from .conftest import BROWSER, ORIGIN, aged_timestamp, vote_data

pytestmark = pytest.mark.django_db

VOTE_URL = "/feedback/vote/"
DEEP_JSON = "[" * 8000


def reader_at(address):
    return Client(
        enforce_csrf_checks=True,
        headers={"User-Agent": BROWSER, "Origin": ORIGIN},
        REMOTE_ADDR=address,
    )


def test_addresses_in_one_ipv6_64_share_the_vote_limit(article, feedback_settings):
    feedback_settings.votes_per_hour = 3
    feedback_settings.save()
    statuses = [
        reader_at(f"2001:db8:1:2::{n}")
        .post(VOTE_URL, vote_data(article, voter=f"{n:032x}"))
        .status_code
        for n in range(2, 10)
    ]
    assert statuses[:3] == [303] * 3
    assert set(statuses[3:]) == {429}
    assert HelpfulVote.objects.count() == 3
    other = reader_at("2001:db8:1:3::2")
    assert other.post(VOTE_URL, vote_data(article, voter="e" * 32)).status_code == 303


def test_the_repeat_answer_guard_keys_on_the_64_too(article):
    # Without a voter key (no JavaScript, no earlier answer) the same answer from the same
    # client within seconds is a double click; another address in its /64 is the same client.
    first = reader_at("2001:db8:5:6::10").post(VOTE_URL, vote_data(article))
    assert first.status_code == 303
    again = reader_at("2001:db8:5:6::11").post(VOTE_URL, vote_data(article))
    assert again.status_code == 409
    assert HelpfulVote.objects.count() == 1


def test_client_keys_for_ipv4_and_mapped_addresses_are_the_address_itself():
    assert anonymous_posts.client_network("203.0.113.7") == "203.0.113.7"
    assert anonymous_posts.client_network("::ffff:203.0.113.7") == "203.0.113.7"
    assert anonymous_posts.client_network("2001:db8:1:2::9") == "2001:db8:1:2::/64"
    # Proxies that append the port still name one client.
    assert anonymous_posts.client_network("203.0.113.7:5678") == "203.0.113.7"
    assert anonymous_posts.client_network("[2001:db8:1:2::9]:443") == "2001:db8:1:2::/64"


def test_deeply_nested_json_is_a_clear_400(article):
    response = reader_at("198.51.100.4").post(
        VOTE_URL, DEEP_JSON, content_type="application/json", headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert "invalid JSON" in response.json()["error"]
    assert not HelpfulVote.objects.exists()


def test_deeply_nested_json_to_the_safe_messaging_check_is_a_400(client, editor):
    client.force_login(editor)
    response = client.post(reverse("safety_check_text"), DEEP_JSON, content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]


def test_a_form_timestamp_older_than_two_days_is_refused_kindly(article, html):
    old = aged_timestamp(anonymous_posts.TIMESTAMP_MAX_AGE_SECONDS + 60)
    response = reader_at("198.51.100.5").post(VOTE_URL, vote_data(article, rendered=old))
    assert response.status_code == 400
    assert "reload the page and try again" in html(response).get_text()
    assert not HelpfulVote.objects.exists()


@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\u061c", "\x1b", "\u200b", "\u2028"])
def test_direction_overrides_and_control_characters_are_refused_in_comments(article, char):
    reader = reader_at("198.51.100.6")
    voter = "cd" * 16
    assert reader.post(VOTE_URL, vote_data(article, answer="no", voter=voter)).status_code == 303
    details = vote_data(
        article, answer="no", step="details", voter=voter, comment=f"fine{char}txt.exe"
    )
    response = reader.post(VOTE_URL, details, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "invisible" in response.json()["error"]
    assert not HelpfulVote.objects.exclude(comment="").exists()


def test_the_rate_limit_secret_is_derived_never_stored(article, settings):
    cache.clear()
    reader_at("198.51.100.7").post(VOTE_URL, vote_data(article))
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7")
    first = anonymous_posts.client_key(request)
    cache.clear()  # whatever the cache held, the key does not change...
    assert anonymous_posts.client_key(request) == first
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789abcdef"
    assert anonymous_posts.client_key(request) != first  # ...it follows the site's secret


def test_emoji_joined_with_a_zero_width_joiner_are_still_welcome(article):
    reader = reader_at("198.51.100.8")
    voter = "ef" * 16
    assert reader.post(VOTE_URL, vote_data(article, answer="no", voter=voter)).status_code == 303
    comment = "Thank you \U0001f469\u200d\U0001f467 for this"
    details = vote_data(article, answer="no", step="details", voter=voter, comment=comment)
    assert reader.post(VOTE_URL, details).status_code == 303
    assert HelpfulVote.objects.counted().get().comment == comment
