"""The shared protection for anonymous POST endpoints."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.core.signing import dumps
from django.test import RequestFactory

from practice_blog.core import anonymous_posts as guard

factory = RequestFactory()
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0"


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://testserver"},
        {"Referer": "http://testserver/blog/an-article/"},
    ],
)
def test_same_origin_posts_are_accepted(headers):
    assert guard.cross_site_reason(factory.post("/vote/", headers=headers)) is None


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "http://testserver.evil.example/"},
        {},
    ],
)
def test_cross_site_or_unattributed_posts_are_refused(headers):
    assert guard.cross_site_reason(factory.post("/vote/", headers=headers))


def test_bots_and_scripts_are_recognised_but_browsers_are_not():
    def request(agent):
        return factory.post("/", headers={"User-Agent": agent})

    assert guard.is_known_bot(request("Googlebot/2.1 (+http://www.google.com/bot.html)"))
    assert guard.is_known_bot(request("python-requests/2.32"))
    assert guard.is_known_bot(factory.post("/"))  # no user agent at all
    assert not guard.is_known_bot(request(BROWSER))
    assert not guard.is_known_bot(request(BROWSER.replace("Chrome", "HeadlessChrome")))


def test_honeypot():
    assert guard.honeypot_filled({"website": "http://spam.example"})
    assert not guard.honeypot_filled({"website": ""})
    assert not guard.honeypot_filled({})


def test_minimum_fill_time_uses_a_signed_render_time():
    fresh = guard.form_timestamp()
    assert guard.submitted_too_fast({"rendered": fresh}, minimum_seconds=2)
    old = dumps(int(time.time()) - 10, salt=guard.TIMESTAMP_SALT)
    assert not guard.submitted_too_fast({"rendered": old}, minimum_seconds=2)
    assert guard.submitted_too_fast({"rendered": "12345"}, minimum_seconds=2)  # forged
    assert guard.submitted_too_fast({}, minimum_seconds=2)


def test_rate_limit_counts_per_client_and_per_scope():
    alice = factory.post("/", REMOTE_ADDR="198.51.100.7")
    bob = factory.post("/", REMOTE_ADDR="203.0.113.9")
    results = [guard.rate_limited(alice, "votes", limit=3, window_seconds=60) for _ in range(4)]
    assert results == [False, False, False, True]
    assert not guard.rate_limited(bob, "votes", limit=3, window_seconds=60)
    assert not guard.rate_limited(alice, "signups", limit=3, window_seconds=60)


def test_client_key_hides_the_ip_and_changes_every_day():
    request = factory.post("/", REMOTE_ADDR="198.51.100.7")
    today = datetime.now(UTC)
    key_today = guard.client_key(request, now=today)
    assert "198.51.100.7" not in key_today
    assert key_today == guard.client_key(request, now=today)
    assert key_today != guard.client_key(request, now=today + timedelta(days=1))


def test_client_ip_ignores_forwarded_header_unless_proxies_are_trusted(settings):
    request = factory.post(
        "/", REMOTE_ADDR="10.0.0.2", headers={"X-Forwarded-For": "1.1.1.1, 198.51.100.7"}
    )
    settings.PRACTICE_BLOG = {"TRUSTED_PROXY_COUNT": 0}
    assert guard.client_ip(request) == "10.0.0.2"
    settings.PRACTICE_BLOG = {"TRUSTED_PROXY_COUNT": 1}
    assert guard.client_ip(request) == "198.51.100.7"  # the address our proxy saw
    settings.PRACTICE_BLOG = {
        "TRUSTED_PROXY_COUNT": 3
    }  # fewer entries than proxies: fall back to the socket
    assert guard.client_ip(request) == "10.0.0.2"


def test_behind_a_proxy_visitors_get_separate_rate_limits(settings):
    settings.PRACTICE_BLOG = {"TRUSTED_PROXY_COUNT": 1}

    def visitor(address):
        return factory.post("/", REMOTE_ADDR="10.0.0.2", headers={"X-Forwarded-For": address})

    assert not guard.rate_limited(visitor("198.51.100.7"), "votes", limit=1, window_seconds=60)
    assert guard.rate_limited(visitor("198.51.100.7"), "votes", limit=1, window_seconds=60)
    assert not guard.rate_limited(visitor("203.0.113.9"), "votes", limit=1, window_seconds=60)
