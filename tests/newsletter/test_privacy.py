"""No IP address or user agent stored anywhere; no cookies; constant query counts."""

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client, RequestFactory

from practice_blog.newsletter.models import ConsentText, OutgoingEmail, Subscriber

from .conftest import CONFIRM_LINK, UNSUBSCRIBE_LINK, link_path
from .test_admin import text_in_database

pytestmark = pytest.mark.django_db

IP = "198.51.100.77"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) UniqueTestAgent/9.9.9"


def cache_keys():
    """Every key in the cache, for the local-memory and the Redis backend."""
    store = cache._cache
    if isinstance(store, dict):  # LocMemCache
        return [str(key) for key in store]
    return [key.decode() for key in store.get_client().keys("*")]  # RedisCache


def test_no_ip_address_or_user_agent_is_stored_anywhere(sign_up, outbox):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=IP)
    headers = {"Origin": "http://testserver", "User-Agent": USER_AGENT}
    assert sign_up(client=client, headers=headers).status_code == 303
    confirm_path = link_path(CONFIRM_LINK, outbox[0])
    client.post(confirm_path, headers={"Sec-Fetch-Site": "same-origin", "User-Agent": USER_AGENT})
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE

    assert text_in_database("reader@example.org")  # the scan does find stored text
    assert text_in_database(IP) == []
    assert text_in_database("UniqueTestAgent") == []
    # The rate-limit counter in the cache is keyed by an HMAC, not by the address.
    keys = " ".join(cache_keys())
    assert "newsletter-signup" in keys
    assert IP not in keys


def test_raw_tokens_are_not_stored(sign_up, outbox):
    sign_up()
    confirm_token = link_path(CONFIRM_LINK, outbox[0]).split("/")[-2]
    unsubscribe_token = link_path(UNSUBSCRIBE_LINK, outbox[0]).split("/")[-2]
    assert text_in_database(confirm_token) == []
    assert text_in_database(unsubscribe_token) == []


def test_public_newsletter_pages_set_no_cookie(sign_up, outbox):
    sign_up()
    client = Client()
    paths = [
        "/newsletter/thanks/",
        "/newsletter/confirmed/",
        "/newsletter/unsubscribed/",
        link_path(CONFIRM_LINK, outbox[0]),
        link_path(UNSUBSCRIBE_LINK, outbox[0]),
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.cookies == {}, path
        assert "cookie" not in response.get("Vary", "").lower(), path
    # Result pages are cacheable; pages behind a secret link are not kept by any cache.
    assert "public" in client.get("/newsletter/thanks/")["Cache-Control"]
    assert "no-store" in client.get(paths[3])["Cache-Control"]


def test_signup_form_tag_costs_two_queries_however_often_it_is_used(
    newsletter_settings, django_assert_num_queries
):
    template = Template(
        "{% load practice_blog_newsletter %}{% newsletter_signup %}"
        "{% newsletter_signup variant='x' %}"
    )
    request = RequestFactory().get("/")
    with django_assert_num_queries(2):  # the site for the request, then its settings
        output = template.render(Context({"request": request}))
    assert output.count("<form") == 2
    assert 'id="newsletter-1-email"' in output and 'id="newsletter-2-email"' in output
    assert output.count("practice_blog/newsletter/js/signup.js") == 1  # assets linked once per page


@pytest.mark.parametrize(
    "path", ["/newsletter/thanks/", "/newsletter/confirmed/", "/newsletter/unsubscribed/"]
)
def test_result_pages_have_a_constant_query_count(path, newsletter_settings, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    count()  # the first request creates each app's settings row for the site
    few = count()
    consent = ConsentText.objects.get(pk=newsletter_settings.consent_version())
    for number in range(25):
        subscriber = Subscriber.objects.create(email=f"r{number}@example.org", consent_text=consent)
        OutgoingEmail.objects.create(subscriber=subscriber)
    assert count() == few
