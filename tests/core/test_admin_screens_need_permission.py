"""Every admin screen the plugin registers that shows subscriber, email, consent, feedback or
comment data, walked as anonymous, no-group staff, Editor and Practice owner.

The screens are found from the URL configuration, not listed by hand, so a screen added later
without a permission check fails here.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from practice_blog.feedback.models import HelpfulVote
from practice_blog.newsletter.models import ConsentText, Dispatch, OutgoingEmail, Subscriber
from tests.conftest import make_staff_user

pytestmark = pytest.mark.django_db

# Admin URL prefixes whose screens show personal or feedback data. The per-type page listings
# (admin/feedback/pages/) are Wagtail's page listings, open to anyone who may edit pages; their
# helpfulness column is shown only with the permission (tests/feedback/test_admin_analytics.py).
SENSITIVE_PREFIXES = ("admin/feedback/", "admin/newsletter/")
PAGE_LISTINGS = "admin/feedback/pages/"
# Screens an owner opens with GET; every other one must at least not fail.
OWNER_READS = ("_index", "_inspect", "_history", "overview", "articles", "article", "attention")
PARAM = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def sensitive_routes():
    """``(route, name)`` for every admin URL under the sensitive prefixes."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}".lstrip(":") if pattern.name else ""
                yield route, name

    routes = walk(get_resolver().url_patterns, "", "")
    return sorted(
        {
            (r, n)
            for r, n in routes
            if r.startswith(SENSITIVE_PREFIXES) and not r.startswith(PAGE_LISTINGS)
        }
    )


@pytest.fixture
def sensitive_rows(demo_site):
    """One row of each kind the screens show (the demo has articles, votes and comments)."""
    consent = ConsentText.objects.first()
    subscriber = Subscriber.objects.first() or Subscriber.objects.create(
        email="reader@example.com", consent_text=consent
    )
    email = OutgoingEmail.objects.first() or OutgoingEmail.objects.create(subscriber=subscriber)
    comment = HelpfulVote.objects.with_comment().first()
    dispatch = Dispatch.objects.first() or Dispatch.objects.create(
        kind=Dispatch.Kind.ARTICLE, page_id=comment.page_id, subject="An article"
    )
    return {
        "newsletter/dispatch/": dispatch.pk,
        "dispatch": dispatch.pk,
        "newsletter/subscriber/": subscriber.pk,
        "newsletter/outgoingemail/": email.pk,
        "newsletter/consenttext/": consent.pk,
        "feedback/comments/": comment.pk,
        "comment": comment.pk,
        "page": comment.page_id,
    }


def url_for(route, rows):
    """The route with real values: the row of its own listing, a page, a comment, a format."""

    def value(match):
        name = match.group(1) or match.group(2)
        if name == "instance_pk":
            listing = next(key for key in rows if key in route)
            return str(rows[listing])
        return {
            "page_id": str(rows["page"]),
            "dispatch_id": str(rows["dispatch"]),
            "pk": str(rows["comment"]),
            "action": "spam",
            "kind": "comments",
            "fmt": "csv",
            "file_format": "csv",
        }[name]

    return "/" + PARAM.sub(value, route)


def test_the_walk_finds_every_kind_of_screen():
    names = {name for _, name in sensitive_routes()}
    for expected in (
        "newsletter_subscriber_modeladmin_history",
        "newsletter_outgoingemail_modeladmin_history",
        "newsletter_consenttext_modeladmin_history",
        "newsletter_subscriber_modeladmin_inspect",
        "newsletter_dispatch_modeladmin_index",
        "newsletter_dispatch",
        "newsletter_dispatch_preview",
        "newsletter_send_page",
        "newsletter_export_subscribers",
        "feedback_comments_modeladmin_inspect",
        "feedback_analytics:export",
        "feedback_analytics:overview",
    ):
        assert expected in names


def test_anonymous_visitors_are_sent_to_the_login_page(client, sensitive_rows):
    for route, name in sensitive_routes():
        response = client.get(url_for(route, sensitive_rows))
        assert response.status_code == 302, name
        assert "/admin/login/" in response["Location"], name


@pytest.mark.parametrize("who", ["no-group staff", "editor"])
def test_staff_without_the_permission_see_none_of_it(
    who, client, sensitive_rows, no_group_staff, django_user_model
):
    from practice_blog.core.groups import EDITORS

    user = no_group_staff if who == "no-group staff" else None
    if user is None:
        user = make_staff_user(django_user_model, "eddie-walk", EDITORS)
    client.force_login(user)
    for route, name in sensitive_routes():
        response = client.get(url_for(route, sensitive_rows))
        assert response.status_code in (302, 403), f"{who} got {response.status_code}: {name}"
        if response.status_code == 302:
            assert response["Location"] != url_for(route, sensitive_rows), name


def test_practice_owners_read_every_screen(client, sensitive_rows, owner):
    client.force_login(owner)
    for route, name in sensitive_routes():
        response = client.get(url_for(route, sensitive_rows))
        assert response.status_code < 500, name
        if name.endswith(OWNER_READS) or name in (
            "newsletter_export_subscribers",
            "newsletter_dispatch",
            "newsletter_dispatch_preview",
            "newsletter_send_page",
            "feedback_analytics:export",
        ):
            assert response.status_code == 200, f"owner got {response.status_code}: {name}"
