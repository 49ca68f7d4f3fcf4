"""Shared fixtures: the demo site, staff users in each group, and HTML parsing."""

import asyncio
import io
import os

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from practice_blog.core.groups import EDITORS, PRACTICE_OWNERS


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run transactional tests (live server, browser) after the others, as Django does.

    pytest-django sorts them last, but pytest then regroups tests that share a parametrized
    session fixture (pytest-playwright's ``browser_name``) and pulls the browser tests back
    into the middle, where their database flush would leave every later test without the rows
    that setup made (site, home page, groups). Sorting again last restores the order.
    """
    from pytest_django.plugin import pytest_collection_modifyitems as sort_by_database_use

    sort_by_database_use(items)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Run every test that does not drive a browser in a plain synchronous thread.

    Playwright's sync API marks an event loop as running in this thread between its calls, and
    tests/browser sets DJANGO_ALLOW_ASYNC_UNSAFE so Django accepts that. Other tests must see
    neither: with a running loop Django hands out other database connections (without the rows
    saved for serialized rollback), and a subprocess such as ``manage.py check --deploy`` must
    see the environment a real deployment has.
    """
    if "playwright" in getattr(item, "fixturenames", ()):
        yield
        return
    loop = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    allow_async_unsafe = os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    try:
        yield
    finally:
        asyncio._set_running_loop(loop)
        if allow_async_unsafe is not None:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = allow_async_unsafe


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as `make run` starts: migrated, with the demo site's home page and the
    staff groups (the plugin's migrations create neither; see README)."""
    from django.db import connections

    from home.demo import ensure_home_page

    with django_db_blocker.unblock():
        ensure_home_page()
        call_command("practice_blog_setup", "--groups", stdout=io.StringIO())
        # Transactional tests restore this snapshot after each flush, so it must include the
        # rows made here as well as those made by migrations.
        for connection in connections.all():
            creation = connection.creation
            if connection.settings_dict["TEST"].get("SERIALIZE", True):
                connection._test_serialized_contents = creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache and no memos: Wagtail keeps site root paths and
    image renditions in the cache, and rate-limit counters live there, so one test's leftovers
    must not reach the next."""
    from django.core.cache import caches

    from practice_blog.core import memo

    for cache in caches.all():
        cache.clear()
    # Test databases are rolled back or flushed between tests: nothing read in one may be
    # remembered for the next.
    memo.forget()


@pytest.fixture
def demo_site(db):
    """The full demo practice, as `make run` builds it."""
    call_command("load_demo", stdout=io.StringIO())


def make_staff_user(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.com", password="a-long-test-password"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    """A member of the Editors group."""
    return make_staff_user(django_user_model, "eddie-editor", EDITORS)


@pytest.fixture
def no_group_staff(db, django_user_model):
    """Staff who may open the admin and nothing else."""
    user = django_user_model.objects.create_user("nora-nogroup", password="a-long-password")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def owner(db, django_user_model):
    """A member of the Practice owners group."""
    return make_staff_user(django_user_model, "olivia-owner", PRACTICE_OWNERS)


@pytest.fixture
def html():
    """Parse a response's HTML: ``html(response).select(...)``."""

    def parse(response):
        return BeautifulSoup(response.content.decode(), "html.parser")

    return parse
