"""Fixtures for the newsletter tests: a browser-like client, valid form data, mail helpers."""

import re
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.signing import dumps
from django.test import Client
from wagtail.models import Site

from practice_blog.core import anonymous_posts
from practice_blog.newsletter.forms import signed_consent_version
from practice_blog.newsletter.models import NewsletterSettings
from tests.blog.conftest import blog_index, make_article  # noqa: F401  (articles to email)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
SAME_ORIGIN = {"Origin": "http://testserver", "User-Agent": BROWSER}
CONFIRM_LINK = re.compile(r"http://testserver(/newsletter/confirm/[A-Za-z0-9_-]+/)")
UNSUBSCRIBE_LINK = re.compile(r"http://testserver(/newsletter/unsubscribe/[A-Za-z0-9_-]+/)")


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    cache.clear()


@pytest.fixture
def newsletter_settings(db):
    """The default site's newsletter settings (created with their default wording)."""
    return NewsletterSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def visitor():
    """A cookie-less browser on our own pages, with Django's CSRF checks enforced."""
    return Client(enforce_csrf_checks=True, headers={"User-Agent": BROWSER})


def rendered_long_ago(seconds=30):
    """The signed "form rendered at" value of a page loaded ``seconds`` ago."""
    return dumps(int(time.time()) - seconds, salt=anonymous_posts.TIMESTAMP_SALT)


@pytest.fixture
def form_data(newsletter_settings):
    """Build valid signup form data; keyword arguments override fields."""

    def build(**overrides):
        data = {
            "email": "reader@example.org",
            "first_name": "Sam",
            "consent": "yes",
            "consent_version": signed_consent_version(newsletter_settings.consent_version()),
            "page": "",
            anonymous_posts.TIMESTAMP_FIELD: rendered_long_ago(),
            anonymous_posts.HONEYPOT_FIELD: "",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return build


@pytest.fixture
def sign_up(visitor, form_data, django_capture_on_commit_callbacks):
    """POST the signup form from our own site and run the after-commit send task."""

    def post(headers=SAME_ORIGIN, client=None, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return (client or visitor).post(
                "/newsletter/signup/", form_data(**overrides), headers=headers
            )

    return post


def link_path(pattern, message):
    """The path of the confirm or unsubscribe link in an email body."""
    match = pattern.search(message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def outbox():
    """Django's in-memory outbox (reset for every test by pytest-django)."""
    return mail.outbox
