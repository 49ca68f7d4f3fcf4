"""Content notes, the help section of sensitive articles, the Get help now page, the help
block, and the seeded resources."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import RequestFactory

from practice_blog.safety.blocks import CrisisHelpBlock
from practice_blog.safety.models import (
    CrisisBannerSettings,
    CrisisResource,
    HelpPage,
    SafeMessagingRule,
)

pytestmark = pytest.mark.django_db


def test_seeded_resources_are_present_after_migration():
    active = set(CrisisResource.objects.active().values_list("name", flat=True))
    assert active == {
        "988 Suicide & Crisis Lifeline",
        "Crisis Text Line",
        "Veterans Crisis Line",
        "Emergency services",
    }
    lifeline = CrisisResource.objects.get(name="988 Suicide & Crisis Lifeline")
    assert (lifeline.phone_number, lifeline.text_number) == ("988", "988")
    assert lifeline.chat_url == "https://988lifeline.org"
    text_line = CrisisResource.objects.get(name="Crisis Text Line")
    assert (text_line.text_number, text_line.text_keyword) == ("741741", "HOME")
    presets = dict(
        CrisisResource.objects.filter(is_active=False).values_list("name", "phone_number")
    )
    assert presets["Samaritans"] == "116 123"
    assert presets["Emergency services (UK)"] == "999"
    assert presets["9-8-8 Suicide Crisis Helpline"] == "988"
    assert presets["Lifeline Australia"] == "13 11 14"
    assert presets["Emergency services (Australia)"] == "000"
    assert CrisisResource.objects.get(name="Find A Helpline").website_url == (
        "https://findahelpline.com"
    )
    assert all(resource.last_verified for resource in CrisisResource.objects.all())


def test_no_retired_988_press_3_option_is_seeded():
    for resource in CrisisResource.objects.all():
        assert "press 3" not in resource.phone_instructions.lower()
        assert "press 3" not in resource.description.lower()


def test_seeded_safe_messaging_rules_include_a_switchable_disputed_rule():
    assert SafeMessagingRule.objects.filter(phrase="commit suicide", is_active=True).exists()
    disputed = SafeMessagingRule.objects.get(phrase__startswith="kill himself")
    assert disputed.is_active and "switch this rule off" in disputed.reason


def test_default_site_banner_is_seeded_with_988_and_crisis_text_line(site):
    banner = CrisisBannerSettings.for_site(site)
    assert banner.is_enabled
    assert [row.resource.name for row in banner.banner_resources.order_by("sort_order")] == [
        "988 Suicide & Crisis Lifeline",
        "Crisis Text Line",
    ]
    assert banner.emergency_resource.phone_number == "911"


def test_demo_loader_is_idempotent(demo_site):
    call_command("load_demo", stdout=__import__("io").StringIO())
    assert HelpPage.objects.count() == 1
    assert HelpPage.objects.get().show_in_menus


def test_help_page_groups_active_resources_by_country(demo_site, client, html):
    CrisisResource.objects.filter(name__in=["Samaritans", "Emergency services (UK)"]).update(
        is_active=True
    )
    response = client.get("/get-help-now/")
    assert response.status_code == 200
    main = html(response).select_one("main")
    groups = {
        section.h2.get_text(): [h3.get_text() for h3 in section.select("h3")]
        for section in main.select("section.help-page__group")
    }
    assert list(groups) == ["United States", "UK and Ireland"]
    assert groups["United States"][0] == "In immediate danger: Emergency services"
    assert "Crisis Text Line" in groups["United States"]
    assert groups["UK and Ireland"] == [
        "In immediate danger: Emergency services (UK)",
        "Samaritans",
    ]
    assert "Lifeline Australia" not in main.get_text()  # switched off
    assert main.select_one('a[href="tel:116123"]').get_text() == "Call 116 123"
    assert "What to expect when you call or text" in main.get_text()


def test_help_page_is_in_the_menu(demo_site, client, html):
    nav = html(client.get("/")).select_one('nav[aria-label="Main"]')
    assert nav.select_one('a[href="/get-help-now/"]').get_text() == "Get help now"


def test_sensitive_article_shows_note_above_body_and_help_at_the_end(
    site, client, html, make_article
):
    article = make_article(
        "Talking about suicide",
        ["<p>Asking someone directly does not put the idea in their head.</p>"],
        is_sensitive=True,
        content_note="This article discusses suicide and self-harm.",
    )
    page = html(client.get(article.url))
    note = page.select_one("aside.content-note")
    assert note.has_attr("data-nosnippet")
    assert "This article discusses suicide and self-harm." in note.get_text()
    assert note.select_one('a[href="tel:988"]').get_text() == "Call 988"
    body = page.select_one(".article__body")
    assert note.find_next("div", class_="article__body") is body  # the note comes first
    help_section = page.select_one("section.crisis-help")
    assert help_section is not None
    assert body.find_next("section", class_="crisis-help") is help_section  # after the body
    assert help_section.select_one('a[href="sms:741741?body=HOME"]')


def test_ordinary_article_has_no_content_note_or_help_section(site, client, html, make_article):
    article = make_article("Setting boundaries")
    page = html(client.get(article.url))
    assert page.select("aside.content-note") == []
    assert page.select("section.crisis-help") == []


def test_content_note_text_is_escaped(site, client, make_article):
    article = make_article("A note", is_sensitive=True, content_note="<em>Note</em> & care")
    content = client.get(article.url).content.decode()
    assert "<em>Note</em>" not in content
    assert "&lt;em&gt;Note&lt;/em&gt; &amp; care" in content


# Help block --------------------------------------------------------------------------


def render_block(value_data):
    block = CrisisHelpBlock()
    value = block.to_python(value_data)
    request = RequestFactory().get("/")
    return BeautifulSoup(block.render(value, context={"request": request}), "html.parser")


def test_help_block_uses_the_site_defaults(site):
    section = render_block({"heading": "Need to talk?", "use_site_defaults": True})
    assert section.select_one("h2").get_text() == "Need to talk?"
    names = [p.get_text() for p in section.select(".help-list__name")]
    assert names == ["988 Suicide & Crisis Lifeline (24/7)", "Crisis Text Line (24/7)"]
    assert section.select_one('a[href="tel:911"]')


def test_help_block_shows_chosen_services_and_skips_switched_off_ones(site):
    veterans = CrisisResource.objects.get(name="Veterans Crisis Line")
    australia = CrisisResource.objects.get(name="Lifeline Australia")  # switched off
    section = render_block(
        {
            "heading": "Support for veterans",
            "heading_level": "h3",
            "use_site_defaults": False,
            "resources": [veterans.pk, australia.pk],
        }
    )
    assert section.select_one("h3").get_text() == "Support for veterans"
    names = [p.get_text() for p in section.select(".help-list__name")]
    assert names == ["Veterans Crisis Line (24/7)"]
    assert section.select_one('a[href="sms:838255"]').get_text() == "Text 838255"
    assert "then press 1" in section.get_text()


def test_help_block_refuses_no_services_without_site_defaults():
    from wagtail.blocks import StructBlockValidationError

    block = CrisisHelpBlock()
    value = block.to_python({"heading": "Help", "use_site_defaults": False, "resources": []})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


# Resources ---------------------------------------------------------------------------


def test_resource_without_any_contact_is_refused():
    from django.core.exceptions import ValidationError

    resource = CrisisResource(name="Nowhere", country="US")
    with pytest.raises(ValidationError):
        resource.full_clean()


def test_resource_is_stale_after_six_months():
    resource = CrisisResource.objects.get(name="Crisis Text Line")
    resource.last_verified = datetime.date.today() - datetime.timedelta(days=200)
    assert resource.is_stale
    resource.last_verified = datetime.date.today() - datetime.timedelta(days=30)
    assert not resource.is_stale


def test_help_page_can_be_created_once_under_a_page(site, demo_site):
    home = site.root_page
    assert HelpPage.objects.child_of(home).exists()
    assert not HelpPage.can_create_at(home)  # one per parent
    blog_like_parent = HelpPage.objects.get()
    assert not HelpPage.can_create_at(blog_like_parent)  # no pages under the help page


def test_a_rule_whose_words_cannot_be_used_is_refused():
    from django.core.exceptions import ValidationError

    rule = SafeMessagingRule(phrase="commit//suicide", suggestion="died by suicide", reason="x")
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "phrase" in error.value.message_dict
