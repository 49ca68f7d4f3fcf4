"""Every public page type passes axe-core (WCAG 2.2 A/AA) and the Nu HTML Checker."""

import pytest

from practice_blog.blog.models import ArticlePage, BlogIndexPage
from practice_blog.safety.models import HelpPage

from .audits import axe_violations, describe_violations, html_errors, java_available
from .harness import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def public_pages():
    """``{page type: (path, expected status)}`` for one page of every public type in the demo."""
    blog = BlogIndexPage.objects.live().get()
    article = ArticlePage.objects.live().order_by("pk").first()
    author = article.article_authors.select_related("author").first().author
    tag = article.tags.order_by("slug").first()
    return {
        "home page": ("/", 200),
        "blog index": (blog.url, 200),
        "article": (article.url, 200),
        "author page": (f"{blog.url}authors/{author.slug}/", 200),
        "tag page": (f"{blog.url}tags/{tag.slug}/", 200),
        "search results": (f"{blog.url}search/?q=boundaries", 200),
        "search without results": (f"{blog.url}search/?q=zzzzqqq", 200),
        "help page": (HelpPage.objects.live().get().url, 200),
        "newsletter thank-you page": ("/newsletter/thanks/", 200),
        "newsletter link that is not valid": ("/newsletter/confirm/not-a-real-token/", 404),
        "404 page": ("/this-page-does-not-exist/", 404),
    }


def test_every_public_page_type_is_accessible_and_valid_html(site, page):
    """axe-core finds no WCAG 2.2 A/AA violation, on a desktop screen and on a phone, and vnu
    finds no HTML error, on any page type."""
    documents, violations = {}, {}
    for screen, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        for name, (path, status) in public_pages().items():
            response = page.goto(site + path)
            assert response.status == status, f"{name} at {path} answered {response.status}"
            documents[name] = response.text()
            found = axe_violations(page)
            if found:
                violations[f"{name} ({screen})"] = describe_violations(found)

    report = [f"axe, {name}:\n{text}" for name, text in violations.items()]
    # Report axe's findings even on a machine without Java (where vnu cannot run).
    assert not report or java_available(), "\n\n".join(report)

    errors = {name: found for name, found in html_errors(documents).items() if found}
    report += [f"vnu, {name}:\n" + "\n".join(found) for name, found in errors.items()]
    assert not report, "\n\n".join(report)


# Collects every Content-Security-Policy violation the page reports, from the first byte.
RECORD_VIOLATIONS = """
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
        window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
"""

# The violations so far, once reports already queued have arrived (they come as later tasks).
REPORTED_VIOLATIONS = """() => new Promise((resolve) => {
    setTimeout(() => resolve(window.cspViolations), 200);
})"""

INJECT_INLINE_SCRIPT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.injectedScriptRan = true";
    document.body.append(script);
    return window.injectedScriptRan === true;
}"""


def test_public_pages_work_under_their_content_security_policy(site, page):
    """Nothing on a public page breaks the policy, the video a reader asks for may load, and a
    script that slipped into the page would not run."""
    article = ArticlePage.objects.live().order_by("pk").first()
    article.body.append(
        ("embed", {"url": "https://youtu.be/dQw4w9WgXcQ", "title": "Breathing together"})
    )
    article.save_revision().publish()
    page.add_init_script(RECORD_VIOLATIONS)
    for name, (path, _status) in public_pages().items():
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(REPORTED_VIOLATIONS) == [], name

    page.goto(site + article.url)
    page.get_by_role("button", name="Load and play the video here").click()
    frame = page.locator("iframe.video-embed__frame")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    assert page.evaluate(REPORTED_VIOLATIONS) == []

    assert page.evaluate(INJECT_INLINE_SCRIPT) is False
    assert page.evaluate(REPORTED_VIOLATIONS) == ["script-src-elem inline"]
