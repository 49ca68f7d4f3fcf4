"""Public pages carry a strict Content-Security-Policy; the admin decides its own headers."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def policy_of(response):
    """The Content-Security-Policy header as ``{directive: [sources]}``."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/blog/", 200),
        ("/blog/boundaries-in-helping-relationships/", 200),
        ("/blog/search/?q=care", 200),
        ("/get-help-now/", 200),
        ("/no-such-page/", 404),
    ],
)
def test_public_pages_allow_only_the_sites_own_scripts_and_styles(demo_site, path, status):
    response = Client().get(path)
    assert response.status_code == status
    policy = policy_of(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]  # no site may frame a public page
    # Only the privacy-mode players a reader asks for may be framed.
    assert policy["frame-src"] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


def test_admin_screens_get_no_policy_from_the_site(client, owner):
    assert not Client().get("/admin/login/").has_header("Content-Security-Policy")
    client.force_login(owner)
    assert not client.get("/admin/").has_header("Content-Security-Policy")


def test_previews_shown_in_the_admin_carry_no_policy(demo_site, rf, owner):
    """Wagtail renders a preview through the middleware for the page's public address; with
    the public policy (frame-ancestors 'none') the admin's preview panel would stay blank."""
    from django.contrib.sessions.backends.db import SessionStore

    from practice_blog.blog.models import ArticlePage

    article = ArticlePage.objects.live().order_by("pk").first()
    request = rf.get(f"/admin/pages/{article.pk}/edit/preview/")
    request.user, request.session = owner, SessionStore()
    response = article.make_preview_request(request, article.default_preview_mode)
    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert not response.has_header("Content-Security-Policy")


def test_the_policy_can_be_switched_off(demo_site, settings):
    settings.PRACTICE_BLOG = {"CONTENT_SECURITY_POLICY": ""}
    assert not Client().get("/").has_header("Content-Security-Policy")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("off", ""),
        ("default-src 'self' https://cdn.example", "default-src 'self' https://cdn.example"),
    ],
)
def test_the_environment_variable_sets_or_removes_the_policy(value, expected):
    from .test_settings_profiles import run_manage

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(repr(settings.PRACTICE_BLOG['CONTENT_SECURITY_POLICY']))",
        env={"CONTENT_SECURITY_POLICY": value, "DJANGO_SETTINGS_MODULE": "website.settings.dev"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == repr(expected)
