"""The StreamField block in isolation, versioned consent texts, demo content and commands."""

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from practice_blog.newsletter.blocks import NewsletterSignupBlock
from practice_blog.newsletter.forms import CONSENT_SALT, signed_consent_version
from practice_blog.newsletter.models import ConsentText, OutgoingEmail, Subscriber

SETTINGS_URL = "/admin/settings/practice_blog_newsletter/newslettersettings/"

pytestmark = pytest.mark.django_db


def test_block_renders_the_form_with_its_own_heading(newsletter_settings):
    block = NewsletterSignupBlock()
    value = block.to_python({"heading": "Stay in touch", "text": "", "heading_level": "h3"})
    request = RequestFactory().get("/")
    page = BeautifulSoup(block.render(value, context={"request": request}), "html.parser")
    section = page.select_one("section.newsletter-signup--block")
    assert section.select_one("h3").get_text() == "Stay in touch"
    assert section["aria-labelledby"] == section.select_one("h3")["id"]
    assert newsletter_settings.introduction in section.get_text()
    assert section.select_one("button").get_text() == "Sign up!"
    assert section.select_one("form")["action"] == "/newsletter/signup/"


def test_block_renders_without_a_request_using_the_default_site(newsletter_settings):
    block = NewsletterSignupBlock()
    html = block.render(block.to_python({}))
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one("h2").get_text() == newsletter_settings.heading
    signed = page.select_one("input[name=consent_version]")["value"]
    assert signing.loads(signed, salt=CONSENT_SALT) == newsletter_settings.consent_version()


def test_block_validates_and_round_trips():
    block = NewsletterSignupBlock()
    value = block.clean(block.to_python({"heading": "", "text": "", "heading_level": "h2"}))
    assert block.get_prep_value(value) == {"heading": "", "text": "", "heading_level": "h2"}


def test_staff_wording_shows_in_the_footer_form(newsletter_settings, client, html):
    newsletter_settings.heading = "Letters from the practice"
    newsletter_settings.button_label = "Count me in"
    newsletter_settings.save()
    footer = html(client.get("/")).select_one("footer .newsletter-signup")
    assert footer.select_one("h2").get_text() == "Letters from the practice"
    assert footer.select_one("button").get_text() == "Count me in"


def test_changing_the_consent_wording_creates_a_new_version(newsletter_settings, sign_up):
    first = newsletter_settings.consent_version()
    sign_up(email="early@example.org")
    newsletter_settings.consent_text = "Yes, email me new articles."
    newsletter_settings.save()
    second = newsletter_settings.consent_version()
    assert second != first
    assert ConsentText.objects.get(pk=first).text.startswith("I would like")
    # A reader on a cached page still records the version they actually saw (the form carries
    # it signed, so a reader cannot pick another).
    sign_up(email="cached@example.org", consent_version=signed_consent_version(first))
    sign_up(email="fresh@example.org", consent_version=signed_consent_version(second))
    versions = dict(Subscriber.objects.values_list("email", "consent_text_id"))
    assert versions == {
        "early@example.org": first,
        "cached@example.org": first,
        "fresh@example.org": second,
    }
    # Going back to an earlier wording reuses its version; versions are never edited.
    newsletter_settings.consent_text = ConsentText.objects.get(pk=first).text
    newsletter_settings.save()
    assert newsletter_settings.consent_version() == first
    version = ConsentText.objects.get(pk=first)
    version.text = "Something else"
    with pytest.raises(ValueError):
        version.save()


def test_purge_removes_only_pending_signups_older_than_30_days(sign_up, outbox):
    sign_up(email="old@example.org")
    sign_up(email="recent@example.org")
    Subscriber.objects.create(
        email="old-but-active@example.org",
        status=Subscriber.Status.ACTIVE,
        consent_text_id=Subscriber.objects.first().consent_text_id,
    )
    long_ago = timezone.now() - timedelta(days=31)
    Subscriber.objects.filter(email__startswith="old").update(signed_up_at=long_ago)

    out = io.StringIO()
    call_command("purge_pending_subscribers", "--dry-run", stdout=out)
    assert "1 would be removed" in out.getvalue()
    assert Subscriber.objects.count() == 3

    out = io.StringIO()
    call_command("purge_pending_subscribers", stdout=out)
    assert "[1/1] removed" in out.getvalue()
    assert "Done: 1 pending sign-up(s) removed." in out.getvalue()
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "old-but-active@example.org",
        "recent@example.org",
    ]
    assert OutgoingEmail.objects.count() == 1


def test_demo_is_idempotent_and_keeps_one_signup_block_on_the_home_page(demo_site):
    from home.demo import home_page
    from home.demo import newsletter as demo

    counts = (Subscriber.objects.count(), ConsentText.objects.count())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert (Subscriber.objects.count(), ConsentText.objects.count()) == counts == (3, 1)
    assert "newsletter:" in out.getvalue()
    blocks = [block.block_type for block in home_page().body]
    assert blocks.count(demo.BLOCK_NAME) == 1


def test_owner_edits_the_wording_in_the_admin_and_a_new_consent_version_starts(
    client, owner, newsletter_settings
):
    from django.forms.models import model_to_dict

    client.force_login(owner)
    url = f"{SETTINGS_URL}{newsletter_settings.site_id}/"
    assert client.get(url).status_code == 200
    data = model_to_dict(newsletter_settings, exclude=["id", "site", "current_consent"])
    data.update(consent_text="Please email me new articles.", require_consent_tick="on")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    newsletter_settings.refresh_from_db()
    assert newsletter_settings.current_consent.text == "Please email me new articles."
    assert ConsentText.objects.count() == 2


def test_editors_cannot_open_the_newsletter_settings(client, editor, newsletter_settings):
    client.force_login(editor)
    url = f"{SETTINGS_URL}{newsletter_settings.site_id}/"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_demo_puts_the_signup_block_on_the_home_page_once(demo_site, client):
    """``load_demo`` (run by the fixture) added the block; running it again adds no second one."""
    from home.demo import home_page
    from home.demo import newsletter as demo

    assert demo.add_signup_block_to_home_page() == "signup block already on the home page"
    home = home_page()
    assert [b.block_type for b in home.body].count(demo.BLOCK_NAME) == 1

    page = BeautifulSoup(client.get("/").content, "html.parser")
    in_body = page.select("main section.newsletter-signup--block")
    assert len(in_body) == 1
    assert in_body[0].select_one("h2").get_text() == demo.SIGNUP_BLOCK["heading"]
    assert in_body[0].select_one("input[name=page]")["value"] == str(home.pk)
    assert len(page.select("footer section.newsletter-signup")) == 1
