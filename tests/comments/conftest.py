"""Fixtures for reader comments: an article that takes them, comments in any state, and a way
to send the public form as a browser on this site would."""

import time

import pytest
from django.core import signing
from django.utils import timezone

from practice_blog.comments.models import ReaderComment
from practice_blog.core import anonymous_posts as guard
from tests.blog.conftest import blog_index, make_article  # noqa: F401  (fixtures)

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_USER_AGENT": "Mozilla/5.0 (Test)"}


def rendered_ago(seconds=30):
    """The form's signed "rendered at" value, as if the page was loaded ``seconds`` ago."""
    return signing.dumps(int(time.time()) - seconds, salt=guard.TIMESTAMP_SALT)


@pytest.fixture
def article(make_article):  # noqa: F811
    """A published article that takes comments."""
    return make_article("Saying no without guilt")


@pytest.fixture
def make_comment(article):
    """Create a comment directly: ``make_comment(status="approved", body="…")``."""

    def create(page=None, **fields):
        values = {
            "page": page or article,
            "display_name": "Sam",
            "email": "sam@example.com",
            "body": "This helped me think about my week.",
            "status": ReaderComment.Status.APPROVED,
            "created_at": timezone.now(),
        }
        values.update(fields)
        return ReaderComment.objects.create(**values)

    return create


@pytest.fixture
def send_comment(client, django_capture_on_commit_callbacks):
    """POST the public form like a browser on this site, running what waits for the commit
    (the queued emails); returns the response."""

    def send(target, *, headers=None, rendered=None, **fields):
        data = {
            "page": str(target.pk),
            "name": "Robin",
            "email": "robin@example.com",
            "body": "Thank you, this was kind and clear.",
            "rendered": rendered if rendered is not None else rendered_ago(),
            guard.HONEYPOT_FIELD: "",
        }
        data.update({key: value for key, value in fields.items() if value is not None})
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/comments/post/", data, **(SAME_ORIGIN if headers is None else headers)
            )

    return send
