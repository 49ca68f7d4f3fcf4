"""Shared pieces of the browser harness: finding Chromium, viewport sizes, serving media, and
working the Wagtail editor at a pace its autosave and animations can follow."""

import os
import re
import shutil
from pathlib import Path

from django.conf import settings
from playwright.sync_api import expect

CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
)
# Flags for a closed network and a container: no sandbox (root), no GPU, nothing fetched.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def find_chromium():
    """Path of a Chromium to drive: ``PRACTICE_BLOG_CHROMIUM``, the system one, or None."""
    configured = os.environ.get("PRACTICE_BLOG_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_required():
    """True when a missing browser must fail the run instead of skipping (CI)."""
    return os.environ.get("PRACTICE_BLOG_REQUIRE_BROWSER", "") not in ("", "0", "false")


def serve_media(context):
    """Answer ``/media/`` requests from MEDIA_ROOT inside the browser.

    The test profile (like production) does not let Django serve uploads, so without this the
    live server would answer 404 for every image and screenshots would show broken pictures.
    """
    media_root = Path(settings.MEDIA_ROOT).resolve()

    def fulfil(route):
        relative = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?", 1)[0]
        path = (media_root / relative).resolve()
        if media_root in path.parents and path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404, body="not found")

    context.route(f"**{settings.MEDIA_URL}**", fulfil)


# tests/conftest.py gives every staff user this password.
STAFF_PASSWORD = "a-long-test-password"


def wait_until_editor_watches(page):
    """Wait until Wagtail's editor form has taken its "before" snapshot of the fields.

    Wagtail notices edits (and autosaves) by comparing the form with a snapshot it takes two
    seconds after the form loads. A person never finishes typing that fast, but a test can:
    anything typed before the snapshot counts as the starting state, autosave never fires and
    the test would wait for it forever.
    """
    page.wait_for_function(
        """() => {
            const form = document.querySelector('form[data-controller~="w-unsaved"]');
            const app = window.wagtail && window.wagtail.app;
            const watcher =
                form && app && app.getControllerForElementAndIdentifier(form, "w-unsaved");
            return Boolean(watcher && watcher.initialFormData !== undefined);
        }"""
    )


AUTOSAVE_DELAY_MS = 500  # Wagtail 8 autosaves this long after typing stops


def let_autosave_finish(page):
    """Wait, as a person pauses after naming a new draft, until Wagtail's autosave created it.

    Wagtail 8 autosaves a new page or snippet half a second after typing stops. The first save
    turns the "add" form into an "edit" form and re-renders parts of it, so a Publish click or
    rich-text typing during that save can send a second "add" or type into a stale editor.
    """
    page.wait_for_url(re.compile(r"/edit/"))
    # Typing may have stopped less than half a second ago: let the debounce run out, so the
    # save it starts is in flight (and awaited below) before the next click.
    page.wait_for_timeout(AUTOSAVE_DELAY_MS + 300)
    page.wait_for_load_state("networkidle")


def add_block(page, kind):
    """Append a block of ``kind`` to the article body."""
    body = page.locator("#panel-child-content-body-section")
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=kind, exact=True).click()
    # The new block slides in and pushes the blocks below it down; wait until it has settled
    # so the next click lands where a person would see it.
    page.wait_for_function(
        "() => document.getAnimations().every((animation) => animation.playState !== 'running')"
    )
    return body


def type_rich_text(editor, text):
    """Click into a rich-text editor, type once it has the focus, wait until the form has it.

    The editor copies its content into the form's hidden field a moment after typing stops;
    a Publish click before that would send the text as it was.
    """
    editor.click()
    expect(editor).to_be_focused()
    editor.page.keyboard.type(text)
    stored = editor.locator(
        "xpath=ancestor::*[@data-draftail-editor-wrapper][1]/preceding-sibling::input[1]"
    )
    expect(stored).to_have_value(re.compile(re.escape(text[-12:])))


def log_in(page, base_url, username, password=STAFF_PASSWORD):
    """Sign in to the Wagtail admin through its login form, as a person would."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")
