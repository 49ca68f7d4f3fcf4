"""The newsletter signup in a real browser: in place with JavaScript (live region), by
post/redirect/get without it, the confirm button, and axe-core on every newsletter page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from practice_blog.newsletter.models import Subscriber

from .audits import axe_violations, describe_violations, html_errors, java_executable

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THANKS = "Thank you! Please check your inbox"
CONFIRM_PATH = re.compile(r"http://[^/]+(/newsletter/confirm/[A-Za-z0-9_-]+/)")
UNSUBSCRIBE_PATH = re.compile(r"http://[^/]+(/newsletter/unsubscribe/[A-Za-z0-9_-]+/)")


def fill_footer_form(page, email):
    form = page.locator("footer form[data-newsletter-signup]")
    form.get_by_label("Email address").fill(email)
    form.get_by_label("First name").fill("Robin")
    form.get_by_label("I would like to receive new articles").check()
    page.wait_for_timeout(2100)  # a person takes longer than the minimum fill time
    return form


def test_signup_in_place_announces_the_result_and_confirming_works(site, page):
    page.goto(site + "/")
    form = fill_footer_form(page, "robin@example.org")
    form.get_by_role("button", name="Sign up!").click()
    status = form.get_by_role("status")
    expect(status).to_contain_text(THANKS)
    assert page.url == site + "/"
    assert page.evaluate("document.cookie") == ""
    assert Subscriber.objects.get(email="robin@example.org").status == Subscriber.Status.PENDING
    assert [message.to for message in mail.outbox] == [["robin@example.org"]]

    confirm_path = CONFIRM_PATH.search(mail.outbox[0].body).group(1)
    page.goto(site + confirm_path)
    page.get_by_role("button", name="Yes, subscribe me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
    assert Subscriber.objects.get(email="robin@example.org").status == Subscriber.Status.ACTIVE


def test_signup_without_javascript_uses_post_redirect_get(site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site + "/")
    form = fill_footer_form(page, "no-script@example.org")
    form.get_by_role("button", name="Sign up!").click()
    page.wait_for_url(site + "/newsletter/thanks/")
    expect(page.locator("main")).to_contain_text(THANKS)
    assert Subscriber.objects.filter(email="no-script@example.org").exists()


def test_enhanced_form_announces_errors_and_marks_the_field(site, page):
    page.goto(site + "/")
    form = page.locator("footer form[data-newsletter-signup]")
    form.get_by_label("Email address").fill("robin@example.org")
    form.get_by_label("First name").fill("Robin http://spam.example")
    form.get_by_label("I would like to receive new articles").check()
    page.wait_for_timeout(2100)
    form.get_by_role("button", name="Sign up!").click()
    expect(form.get_by_role("status")).to_contain_text("Please enter just your first name.")
    expect(form.get_by_label("First name")).to_have_attribute("aria-invalid", "true")
    assert not Subscriber.objects.filter(email="robin@example.org").exists()


def test_newsletter_pages_are_accessible_and_valid_html(site, page):
    page.goto(site + "/")
    fill_footer_form(page, "audit@example.org").get_by_role("button", name="Sign up!").click()
    expect(page.locator("footer [role=status]")).to_contain_text(THANKS)
    body = mail.outbox[0].body
    paths = [
        "/newsletter/thanks/",
        CONFIRM_PATH.search(body).group(1),
        UNSUBSCRIBE_PATH.search(body).group(1),
        "/newsletter/confirm/not-a-real-token/",
    ]
    report, documents = [], {}
    for path in paths:
        documents[path] = page.goto(site + path).text()
        found = axe_violations(page)
        if found:
            report.append(f"axe, {path}:\n{describe_violations(found)}")
    # The page a reader without JavaScript sees when the form needs correcting.
    page.goto(site + "/")
    with page.expect_navigation():
        page.locator("footer form[data-newsletter-signup]").evaluate("form => form.submit()")
    documents["signup problem"] = page.content()
    assert "Your sign-up was not sent" in documents["signup problem"]
    found = axe_violations(page)
    if found:
        report.append(f"axe, signup problem:\n{describe_violations(found)}")
    java_executable()
    errors = {name: found for name, found in html_errors(documents).items() if found}
    report += [f"vnu, {name}:\n" + "\n".join(found) for name, found in errors.items()]
    assert not report, "\n\n".join(report)
