"""Journey 6: a reader on a phone comments under an article, confirms from the email, and sees
the comment once a person at the practice has approved it. With JavaScript the form is sent in
place; without it, the same form posts and redirects. A comment that shows the writer may be at
risk is held as urgent: the writer sees the crisis services at once and staff are emailed.

Every public page of the journey passes axe-core (WCAG 2.2 A/AA), sets no cookie and asks no
other origin for anything. The live server runs in this process with the locmem email backend,
so the emails the reader and staff would receive are in ``django.core.mail.outbox``.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from practice_blog.blog.models import ArticlePage
from practice_blog.comments import moderation
from practice_blog.comments.models import CommentSettings, ReaderComment

from .audits import axe_violations, describe_violations, html_errors, java_available
from .harness import DESKTOP, PHONE, serve_media
from .test_keyboard import assert_focus_visible, tab_to

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ARTICLE_SLUG = "working-with-other-providers"  # the demo article with approved comments
NAME = "Robin"
EMAIL = "robin.reader@example.org"
BODY = "Asking who talks to whom made my first session much less daunting. Thank you."
CRISIS_BODY = "Some nights I want to die."
FILL_TIME_MS = 3300  # a person takes longer than the form's minimum fill time (3 seconds)
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/comments/confirm/[A-Za-z0-9_-]+/)")
COUNT = re.compile(r"^(\d+) comments?$")


def commented_article():
    return ArticlePage.objects.live().get(slug=ARTICLE_SLUG)


def record_other_origins(context, site):
    """Collect every request the context makes to an origin other than the live server's."""
    own = urlsplit(site)
    others = []

    def check(request):
        url = urlsplit(request.url)
        if url.scheme in ("http", "https") and (url.scheme, url.netloc) != (own.scheme, own.netloc):
            others.append(request.url)

    context.on("request", check)
    return others


def header_count(page):
    """The number in the article header's "N comments" link."""
    text = page.locator(".article__header .comment-count").inner_text().strip()
    return int(COUNT.match(text).group(1))


def comment_form(page):
    form = page.locator("#comments form[data-comment-form]")
    form.scroll_into_view_if_needed()
    return form


def write_comment(page, body=BODY):
    """Fill the form under the article as a person would, taking their time, and send it."""
    form = comment_form(page)
    form.get_by_label("Name shown with your comment", exact=True).fill(NAME)
    form.get_by_label("Email", exact=True).fill(EMAIL)
    form.get_by_label("Your comment", exact=True).fill(body)
    page.wait_for_timeout(FILL_TIME_MS)
    form.get_by_role("button", name="Send my comment").click()


def confirmation_path(email=EMAIL):
    """The confirm link's path from the one email sent to ``email``."""
    (message,) = [message for message in mail.outbox if message.to == [email]]
    return CONFIRM_LINK.search(message.body).group(1)


def assert_accessible(page, where):
    found = axe_violations(page)
    assert not found, f"axe, {where}:\n{describe_violations(found)}"


def confirm_from_the_email(page, site):
    """Open the link in the email (changing nothing), then press the button."""
    page.goto(site + confirmation_path())
    assert ReaderComment.objects.get(email=EMAIL).status == ReaderComment.Status.UNCONFIRMED
    page.get_by_role("button", name="Confirm my comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your comment")
    expect(page.locator(".comment-outcome")).to_contain_text(
        "A person at the practice reads it before it appears"
    )


def test_phone_reader_comments_in_place_confirms_and_sees_it_once_approved(
    site, phone_context, editor
):
    article = commented_article()
    others = record_other_origins(phone_context, site)
    page = phone_context.new_page()
    page.goto(site + article.url)
    before = header_count(page)

    write_comment(page)
    # In place: the form makes way for what happens next, and focus goes there.
    outcome = page.locator("#comments [data-comment-outcome]")
    expect(outcome).to_contain_text("Please check your email")
    expect(outcome).to_be_focused()
    expect(page.locator("#comments form[data-comment-form]")).to_have_count(0)
    assert page.url == site + article.url
    assert_accessible(page, "article after the in-place outcome")
    comment = ReaderComment.objects.get(email=EMAIL)
    assert (comment.status, comment.is_urgent) == (ReaderComment.Status.UNCONFIRMED, False)

    confirm_from_the_email(page, site)
    comment.refresh_from_db()
    assert comment.status == ReaderComment.Status.HELD
    page.goto(site + article.url)
    expect(page.locator(f"#{comment.anchor}")).to_have_count(0)  # not before a person says so

    moderation.approve(comment, editor)
    page.goto(site + article.url)
    shown = page.locator(f"#comments article.comment#{comment.anchor}")
    expect(shown).to_contain_text(BODY)
    expect(shown).to_contain_text(NAME)
    assert EMAIL not in page.content()
    assert header_count(page) == before + 1
    expect(page.locator("#comments-heading")).to_have_text(f"{before + 1} comments")

    # The comment's own link points at it, and following it brings it into view.
    page.goto(site + article.url)
    link = shown.locator("a.comment__link")
    expect(link).to_have_attribute("href", f"#{comment.anchor}")
    link.click()
    assert page.url == f"{site}{article.url}#{comment.anchor}"
    expect(shown).to_be_in_viewport()
    assert shown.evaluate("element => element.matches(':target')")

    assert phone_context.cookies() == []
    assert others == []


def test_phone_reader_without_javascript_comments_the_same_way(site, no_js_context):
    article = commented_article()
    others = record_other_origins(no_js_context, site)
    page = no_js_context.new_page()
    page.goto(site + article.url)

    write_comment(page)
    # Post/redirect/get: a page of its own says what happens next (nothing personal in its URL).
    expect(page).to_have_url(f"{site}/comments/received/confirm/?page={article.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your comment")
    expect(page.locator(".comment-outcome")).to_contain_text("Please check your email")
    comment = ReaderComment.objects.get(email=EMAIL)
    assert comment.status == ReaderComment.Status.UNCONFIRMED

    confirm_from_the_email(page, site)
    expect(page).to_have_url(f"{site}/comments/received/held/?page={article.pk}")
    comment.refresh_from_db()
    assert comment.status == ReaderComment.Status.HELD
    page.get_by_role("link", name=f"Back to “{article.title}”").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(page.locator(f"#{comment.anchor}")).to_have_count(0)

    assert no_js_context.cookies() == []
    assert others == []


def test_with_javascript_mistakes_are_explained_in_place_and_can_be_put_right(site, phone_context):
    article = commented_article()
    page = phone_context.new_page()
    page.goto(site + article.url)
    form = comment_form(page)
    email = form.get_by_label("Email", exact=True)
    email.fill("not-an-address")
    page.wait_for_timeout(FILL_TIME_MS)
    form.get_by_role("button", name="Send my comment").click()

    # One summary, each error once, linked to its field; each field described by its error.
    summary = form.locator("[data-comment-errors]")
    expect(summary).to_be_focused()
    expect(summary.locator("p")).to_have_text("Please check what you wrote:")
    expect(summary.get_by_role("link")).to_have_count(3)
    body = form.get_by_label("Your comment", exact=True)
    expect(body).to_have_attribute("aria-invalid", "true")
    expect(body).to_have_accessible_description("Please write a comment before sending.")
    expect(email).to_have_accessible_description(re.compile(r"^Never shown\..*name@example\.com"))
    assert_accessible(page, "article with the form's errors shown in place")
    summary.get_by_role("link", name=re.compile("^Please check your email address")).click()
    expect(email).to_be_focused()

    form.get_by_label("Name shown with your comment", exact=True).fill(NAME)
    email.fill(EMAIL)
    body.fill(BODY)
    form.get_by_role("button", name="Send my comment").click()
    expect(page.locator("#comments [data-comment-outcome]")).to_be_focused()
    assert ReaderComment.objects.get(email=EMAIL).body == BODY


def test_a_comment_about_wanting_to_die_shows_crisis_help_at_once_and_alerts_staff(
    site, phone_context, editor
):
    article = commented_article()
    others = record_other_origins(phone_context, site)
    page = phone_context.new_page()
    page.goto(site + article.url)
    before = header_count(page)

    write_comment(page, body=CRISIS_BODY)
    outcome = page.locator("#comments [data-comment-outcome]")
    expect(outcome).to_contain_text("This form is not monitored for emergencies")
    expect(outcome).to_be_focused()
    expect(outcome.locator('a[href^="tel:"]').first).to_be_visible()
    expect(outcome.locator('a[href^="sms:"]').first).to_be_visible()
    assert_accessible(page, "article after the urgent in-place outcome")

    comment = ReaderComment.objects.get(email=EMAIL)
    assert comment.is_urgent
    assert comment.status == ReaderComment.Status.UNCONFIRMED
    assert comment in ReaderComment.objects.urgent()
    # Staff hear of it at once, before any confirmation; the alert carries neither the words
    # nor the writer.
    (alert,) = [message for message in mail.outbox if message.subject.startswith("Urgent")]
    assert alert.to == [editor.email]
    assert CRISIS_BODY not in alert.body and EMAIL not in alert.body
    assert confirmation_path()  # the writer still gets their confirmation link

    page.goto(site + article.url)
    expect(page.locator(f"#{comment.anchor}")).to_have_count(0)
    expect(page.locator("#comments")).not_to_contain_text(CRISIS_BODY)
    assert header_count(page) == before

    # Confirming changes nothing for the reader: it waits for a person, crisis help in view.
    page.goto(site + confirmation_path())
    page.get_by_role("button", name="Confirm my comment").click()
    expect(page).to_have_url(f"{site}/comments/received/urgent-confirmed/?page={article.pk}")
    outcome = page.locator(".comment-outcome")
    expect(outcome).to_contain_text("This form is not monitored for emergencies")
    expect(outcome.locator('a[href^="tel:"]').first).to_be_visible()
    comment.refresh_from_db()
    assert (comment.status, comment.is_urgent) == (ReaderComment.Status.HELD, True)
    assert comment in ReaderComment.objects.urgent()
    page.goto(site + article.url)
    expect(page.locator(f"#{comment.anchor}")).to_have_count(0)

    assert phone_context.cookies() == []
    assert others == []


def test_comment_pages_are_accessible_valid_and_private(site, new_context):
    """axe finds no WCAG 2.2 A/AA violation on a phone or a desktop on any comment page, vnu no
    HTML error, and none of them sets a cookie or asks another origin for anything."""
    article = commented_article()
    answered = ReaderComment.objects.approved().filter(page=article, parent=None).first()
    moderation.submit(
        article,
        display_name=NAME,
        email=EMAIL,
        body=BODY,
        comment_settings=CommentSettings.for_site(article.get_site()),
    )
    paths = {
        "article with comments": article.url,
        "reply page": f"/comments/reply/{answered.pk}/",
        **{
            f"received page ({state})": f"/comments/received/{state}/?page={article.pk}"
            for state in ("confirm", "urgent", "urgent-confirmed", "held", "published")
        },
        "confirm page": confirmation_path(),
        "comment policy": "/comments/policy/",
    }
    documents, violations = {}, {}
    for screen, size in (("phone", PHONE), ("desktop", DESKTOP)):
        # axe runs in the page, so these contexts have JavaScript (axe never finishes without).
        context = new_context(viewport=size)
        serve_media(context)
        others = record_other_origins(context, site)
        page = context.new_page()
        for name, path in paths.items():
            response = page.goto(site + path)
            assert response.status == 200, f"{name} at {path} answered {response.status}"
            documents[name] = response.text()
            if name == "article with comments":
                page.locator("#comments").scroll_into_view_if_needed()
            if found := axe_violations(page):
                violations[f"{name} ({screen})"] = describe_violations(found)

        # An empty comment, sent as a browser without the form's script would: the form comes
        # back with its errors on a page of its own.
        page.route("**/comments/comments.js", lambda route: route.abort())
        page.goto(site + article.url)
        form = comment_form(page)
        page.wait_for_timeout(FILL_TIME_MS)
        with page.expect_response(re.compile(r"/comments/post/$")) as sent:
            form.get_by_role("button", name="Send my comment").click()
        assert sent.value.status == 400
        documents["problem page"] = sent.value.text()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your comment was not sent")
        expect(page.locator("[data-comment-errors]")).to_contain_text(
            "Please write a comment before sending."
        )
        body = page.get_by_label("Your comment", exact=True)
        expect(body).to_have_attribute("aria-invalid", "true")
        if found := axe_violations(page):
            violations[f"problem page ({screen})"] = describe_violations(found)

        assert context.cookies() == [], screen
        assert others == [], screen

    report = [f"axe, {name}:\n{text}" for name, text in violations.items()]
    assert not report or java_available(), "\n\n".join(report)
    errors = {name: found for name, found in html_errors(documents).items() if found}
    report += [f"vnu, {name}:\n" + "\n".join(found) for name, found in errors.items()]
    assert not report, "\n\n".join(report)


def test_comment_with_the_keyboard_only(site, page):
    article = commented_article()
    page.goto(site + article.url)
    form = page.locator("#comments form[data-comment-form]")

    name = form.get_by_label("Name shown with your comment", exact=True)
    tab_to(page, name)
    assert_focus_visible(name)
    page.keyboard.type(NAME)
    page.keyboard.press("Tab")
    email = form.get_by_label("Email", exact=True)
    expect(email).to_be_focused()
    assert_focus_visible(email)
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    body = form.get_by_label("Your comment", exact=True)
    expect(body).to_be_focused()
    assert_focus_visible(body)
    page.keyboard.type(BODY)
    button = form.get_by_role("button", name="Send my comment")
    tab_to(page, button)
    assert_focus_visible(button)
    page.wait_for_timeout(FILL_TIME_MS)
    page.keyboard.press("Enter")

    outcome = page.locator("#comments [data-comment-outcome]")
    expect(outcome).to_be_focused()
    assert_focus_visible(outcome)
    expect(outcome).to_contain_text("Please check your email")
    assert ReaderComment.objects.get(email=EMAIL).body == BODY
