"""Screenshots of the product for the README, taken with the browser test harness.

``make screenshots`` runs ``tests/browser/make_screenshots.py``, which writes them into
``docs/screenshots/``; ``test_screenshots.py`` takes the same pictures into a temporary folder
on every test run, so the command cannot silently break.
"""

from pathlib import Path

from practice_blog.blog.models import ArticlePage

from .harness import DESKTOP, PHONE, log_in, serve_media

ARTICLE_PHONE = "article-phone.png"
ARTICLE_DESKTOP = "article-desktop.png"
ANALYTICS_OVERVIEW = "analytics-overview.png"


def wait_for_images(page):
    """Wait until every picture in view has loaded, so nothing shows half-drawn."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => Array.from(document.images).filter(img => img.loading !== 'lazy')"
        ".every(img => img.complete)"
    )


def capture_screenshots(new_context, base_url, owner_username, folder):
    """Write the article (phone and desktop) and the analytics overview as PNGs in ``folder``.

    ``new_context`` is pytest-playwright's context factory; returns the paths written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    article = ArticlePage.objects.live().order_by("pk").first()
    written = []

    for size, name, options in (
        (PHONE, ARTICLE_PHONE, {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}),
        (DESKTOP, ARTICLE_DESKTOP, {}),
    ):
        context = new_context(viewport=size, **options)
        serve_media(context)
        page = context.new_page()
        page.goto(base_url + article.url)
        wait_for_images(page)
        page.screenshot(path=folder / name)
        written.append(folder / name)
        context.close()

    context = new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    log_in(page, base_url, owner_username)
    page.get_by_role("button", name="Feedback").click()
    page.get_by_role("link", name="Overview").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=folder / ANALYTICS_OVERVIEW)
    written.append(folder / ANALYTICS_OVERVIEW)
    context.close()
    return written
