"""Real-browser harness: one system Chromium per test session, driven by Playwright.

The tests run against pytest-django's ``live_server`` (a real HTTP server in a thread of this
process). The test database is a SQLite file, so the server thread sees what each test writes,
and mail sent by the server lands in ``django.core.mail.outbox`` (locmem backend).

Chromium comes from the operating system (Debian's ``chromium`` package): Playwright's own
browser download is not reachable from every network. Without a Chromium the tests are
skipped with a one-line reason, unless ``PRACTICE_BLOG_REQUIRE_BROWSER=1`` (set by ``.ci/run``)
turns that into a failure, so CI can never pass by skipping them.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.database import restore_migrated_rows

from .harness import CHROMIUM_ARGS, DESKTOP, PHONE, browser_required, find_chromium, serve_media

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from it ("SynchronousOnlyOperation"). The tests never run async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder ``browser`` so ``-m "not browser"`` can leave them out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch the system Chromium (pytest-playwright's ``browser`` fixture uses these)."""
    executable = find_chromium()
    if executable is None:
        reason = "no Chromium found (install Debian's `chromium` or set PRACTICE_BLOG_CHROMIUM)"
        if browser_required():
            pytest.fail(f"PRACTICE_BLOG_REQUIRE_BROWSER is set but {reason}", pytrace=False)
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Every browser context is in English, with reduced motion."""
    return {
        **browser_context_args,
        "locale": "en-US",
        "reduced_motion": "reduce",
    }


@pytest.fixture
def context(new_context):
    """A fresh desktop-sized context (no cookies, no storage) that can show uploaded images."""
    ctx = new_context(viewport=DESKTOP)
    serve_media(ctx)
    return ctx


@pytest.fixture
def phone_context(new_context):
    """A phone-sized (390×844) touch browser context."""
    ctx = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    serve_media(ctx)
    return ctx


@pytest.fixture
def no_js_context(new_context):
    """A phone-sized context with JavaScript switched off."""
    ctx = new_context(viewport=PHONE, java_script_enabled=False)
    serve_media(ctx)
    return ctx


@pytest.fixture
def site(live_server):
    """The demo practice, loaded into the live server's database; returns the base URL.

    Tests that use it are transactional (``live_server``) and must be marked
    ``django_db(transaction=True, serialized_rollback=True)`` so the rows made by data
    migrations (home page, groups, crisis resources) come back for the next test.
    """
    restore_migrated_rows()
    # Rate limits and repeat guards live in the cache, which the live server shares with
    # this process: every test starts as a fresh site would.
    cache.clear()
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url
