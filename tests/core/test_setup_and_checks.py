"""What a host site meets first: settings with defaults, the system checks that name what is
missing, the staff-groups command, and moving an old-layout database aside."""

import io
import sqlite3

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from practice_blog.core import checks, conf
from practice_blog.core.groups import EDITORS, PRACTICE_OWNERS

OUR_MIDDLEWARE = list(checks.MIDDLEWARE)


def test_a_missing_practice_blog_setting_takes_its_documented_default(settings):
    del settings.PRACTICE_BLOG
    assert conf.setting("TRUSTED_PROXY_COUNT") == 0
    assert conf.setting("PUBLIC_CACHE_SECONDS") == 300
    assert conf.setting("CONTENT_SECURITY_POLICY") == conf.DEFAULT_CONTENT_SECURITY_POLICY
    settings.PRACTICE_BLOG = {"PUBLIC_CACHE_SECONDS": 60}
    assert conf.setting("PUBLIC_CACHE_SECONDS") == 60
    assert conf.setting("TRUSTED_PROXY_COUNT") == 0


def test_a_misspelt_or_mistyped_setting_is_named(settings):
    settings.PRACTICE_BLOG = {"TRUSTED_PROXY_COUNTS": 1, "TRUSTED_PROXY_COUNT": "1"}
    messages = checks.check_practice_blog_setting()
    assert [m.id for m in messages] == ["practice_blog.W004", "practice_blog.E004"]
    assert "'TRUSTED_PROXY_COUNTS'" in messages[0].msg
    assert "must be int, not str ('1')" in messages[1].msg
    settings.PRACTICE_BLOG = {"TRUSTED_PROXY_COUNT": -1, "PUBLIC_CACHE_SECONDS": 3 * 86400}
    messages = checks.check_practice_blog_setting()
    assert [m.id for m in messages] == ["practice_blog.E004", "practice_blog.W005"]
    assert "cannot be negative" in messages[0].msg


def test_the_demo_site_passes_every_check():
    assert checks.check_required_apps() == []
    assert checks.check_url_includes() == []
    assert checks.check_middleware() == []
    assert checks.check_context_processor() == []
    assert checks.check_practice_blog_setting() == []


def test_missing_middleware_is_named_with_the_line_to_add(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m not in OUR_MIDDLEWARE]
    warnings = checks.check_middleware()
    assert [w.id for w in warnings] == ["practice_blog.W001", "practice_blog.W001"]
    assert f'Add "{OUR_MIDDLEWARE[0]}", to MIDDLEWARE' in warnings[0].hint


@override_settings(ROOT_URLCONF="tests.core.urls_without_plugin")
def test_a_missing_url_include_is_named_with_the_line_to_add():
    errors = checks.check_url_includes()
    assert {e.id for e in errors} == {"practice_blog.E002"}
    assert len(errors) == 3  # the vote, the signup and the comment form
    assert 'path("", include("practice_blog.urls"))' in errors[0].hint


@override_settings(ROOT_URLCONF="tests.core.urls_plugin_last")
def test_urls_behind_wagtails_catch_all_are_named_too():
    errors = checks.check_url_includes()
    assert {e.id for e in errors} == {"practice_blog.E002"}
    assert "before include(wagtail_urls)" in errors[0].hint


def test_email_links_pointing_at_a_placeholder_host_are_a_warning(settings):
    settings.PRACTICE_BLOG = {}
    settings.WAGTAILADMIN_BASE_URL = "http://example.com"  # what `wagtail start` writes
    warnings = checks.check_public_base_url()
    assert [w.id for w in warnings] == ["practice_blog.W002"]
    assert '"PUBLIC_BASE_URL"' in warnings[0].hint
    settings.PRACTICE_BLOG = {"PUBLIC_BASE_URL": "https://practice.example.org"}
    assert checks.check_public_base_url() == []


def test_a_missing_required_app_is_named_once(monkeypatch):
    from django.apps import apps

    installed = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "wagtail_modeladmin" and installed(name)
    )
    errors = checks.check_required_apps()
    assert [e.msg for e in errors] == [
        "practice_blog.feedback and practice_blog.newsletter need 'wagtail_modeladmin' in "
        "INSTALLED_APPS."
    ]
    assert errors[0].hint == 'Add "wagtail_modeladmin", to INSTALLED_APPS.'


def test_a_missing_request_context_processor_is_an_error(settings):
    engine = dict(settings.TEMPLATES[0])
    options = dict(engine["OPTIONS"])
    options["context_processors"] = [
        p for p in options["context_processors"] if p != checks.REQUEST_CONTEXT_PROCESSOR
    ]
    engine["OPTIONS"] = options
    settings.TEMPLATES = [engine]
    assert [e.id for e in checks.check_context_processor()] == ["practice_blog.E003"]


@pytest.mark.django_db
def test_the_groups_command_only_adds_and_can_run_again():
    editors = Group.objects.get(name=EDITORS)
    unrelated = Permission.objects.get(codename="delete_redirect")
    editors.permissions.add(unrelated)  # a permission a site gave its editors itself
    before = set(editors.permissions.values_list("pk", flat=True))
    out = io.StringIO()
    call_command("practice_blog_setup", "--groups", stdout=out)
    call_command("practice_blog_setup", "--groups", stdout=out)
    assert set(editors.permissions.values_list("pk", flat=True)) == before
    assert "Staff groups ready." in out.getvalue()
    owners = Group.objects.get(name=PRACTICE_OWNERS)
    assert owners.permissions.filter(codename="export_feedback").exists()
    assert not editors.permissions.filter(codename="view_subscriber").exists()


def test_the_setup_command_says_what_it_can_set_up():
    with pytest.raises(CommandError, match="--groups"):
        call_command("practice_blog_setup")


def old_layout_database(path):
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE django_migrations (app TEXT, name TEXT, applied TEXT)")
    connection.execute("INSERT INTO django_migrations VALUES ('feedback', '0001_initial', '')")
    connection.commit()
    connection.close()


def test_an_old_layout_database_is_moved_aside_never_deleted(tmp_path, settings):
    database = tmp_path / "db.sqlite3"
    old_layout_database(database)
    settings.DATABASES = {**settings.DATABASES, "default": {**settings.DATABASES["default"]}}
    settings.DATABASES["default"].update(ENGINE="django.db.backends.sqlite3", NAME=str(database))
    out = io.StringIO()
    call_command("move_old_database", stdout=out)
    moved = list(tmp_path.glob("db.sqlite3.old-layout-*"))
    assert not database.exists() and len(moved) == 1
    assert moved[0].name in out.getvalue() and "kept, unchanged" in out.getvalue()
    rows = sqlite3.connect(moved[0]).execute("SELECT app FROM django_migrations").fetchall()
    assert rows == [("feedback",)]


def test_a_current_database_is_left_where_it_is(tmp_path, settings):
    database = tmp_path / "db.sqlite3"
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE django_migrations (app TEXT, name TEXT, applied TEXT)")
    connection.execute(
        "INSERT INTO django_migrations VALUES ('practice_blog_feedback', '0001', '')"
    )
    connection.commit()
    connection.close()
    settings.DATABASES = {**settings.DATABASES, "default": {**settings.DATABASES["default"]}}
    settings.DATABASES["default"].update(ENGINE="django.db.backends.sqlite3", NAME=str(database))
    out = io.StringIO()
    call_command("move_old_database", stdout=out)
    assert database.exists() and out.getvalue() == ""
