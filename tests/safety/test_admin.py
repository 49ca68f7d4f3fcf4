"""Admin: who may change the banner, the stale-resources warning, the editor's safe-messaging
panel and the summary after saving."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.urls import reverse
from wagtail import hooks
from wagtail.blocks import StreamBlock, StreamValue
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from practice_blog.safety.blocks import CrisisHelpBlock
from practice_blog.safety.checker import MISSING_CONTENT_NOTE, MISSING_HELP
from practice_blog.safety.models import CrisisBannerSettings, CrisisResource, SafeMessagingRule
from practice_blog.safety.review import check_page, page_has_help_block
from practice_blog.safety.wagtail_hooks import summarise_safe_messaging

pytestmark = pytest.mark.django_db


def banner_url(site):
    return reverse(
        "wagtailsettings:edit", args=["practice_blog_safety", "crisisbannersettings", site.pk]
    )


def banner_form_data(banner, rows, **changes):
    data = {
        "is_enabled": "on",
        "message": banner.message,
        "danger_text": banner.danger_text,
        "emergency_resource": banner.emergency_resource_id or "",
        "help_page": "",
        "help_link_text": banner.help_link_text,
        "placement": banner.placement,
        "banner_resources": inline_formset(rows, initial=banner.banner_resources.count()),
        **changes,
    }
    return nested_form_data(data)


def existing_rows(banner):
    return [
        {"id": row.pk, "resource": row.resource_id, "ORDER": str(position)}
        for position, row in enumerate(banner.banner_resources.order_by("sort_order"))
    ]


def test_editor_cannot_open_or_change_the_banner(client, editor, site, banner_settings):
    client.force_login(editor)
    response = client.get(banner_url(site))
    assert response.status_code in (302, 403)
    response = client.post(
        banner_url(site),
        banner_form_data(banner_settings, existing_rows(banner_settings), message="Changed"),
    )
    assert response.status_code in (302, 403)
    assert CrisisBannerSettings.for_site(site).message == banner_settings.message
    assert "Changed" not in client.get("/").content.decode()


def test_practice_owner_can_change_the_banner(client, owner, site, banner_settings, html):
    client.force_login(owner)
    response = client.get(banner_url(site))
    assert response.status_code == 200
    assert html(response).select_one('input[name="message"]')
    response = client.post(
        banner_url(site),
        banner_form_data(
            banner_settings, existing_rows(banner_settings), message="Help is here, day and night."
        ),
    )
    assert response.status_code == 302
    client.logout()
    aside = html(client.get("/")).select_one("aside.crisis-banner")
    assert "Help is here, day and night." in aside.get_text()


def test_banner_refuses_more_than_three_services(client, owner, site, banner_settings):
    client.force_login(owner)
    extra = CrisisResource.objects.filter(name__in=["Veterans Crisis Line", "Samaritans"])
    rows = existing_rows(banner_settings) + [
        {"resource": resource.pk, "ORDER": str(3 + index)} for index, resource in enumerate(extra)
    ]
    response = client.post(banner_url(site), banner_form_data(banner_settings, rows))
    assert response.status_code == 200  # the form comes back with an error
    assert banner_settings.banner_resources.count() == 2


def test_practice_owner_can_edit_crisis_resources(client, owner):
    client.force_login(owner)
    resource = CrisisResource.objects.get(name="Crisis Text Line")
    url = reverse("wagtailsnippets_practice_blog_safety_crisisresource:edit", args=[resource.pk])
    assert client.get(url).status_code == 200


def test_editor_can_view_but_not_edit_crisis_resources(client, editor):
    client.force_login(editor)
    resource = CrisisResource.objects.get(name="Crisis Text Line")
    listing = client.get(reverse("wagtailsnippets_practice_blog_safety_crisisresource:list"))
    assert listing.status_code == 200
    edit = client.get(
        reverse("wagtailsnippets_practice_blog_safety_crisisresource:edit", args=[resource.pk])
    )
    assert edit.status_code in (302, 403)


def test_rule_with_no_words_is_refused(client, owner):
    client.force_login(owner)
    url = reverse("wagtailsnippets_practice_blog_safety_safemessagingrule:add")
    response = client.post(url, {"phrase": "   ", "suggestion": "x", "reason": "y"})
    assert response.status_code == 200
    assert not SafeMessagingRule.objects.filter(suggestion="x").exists()


# Stale resources on the dashboard -------------------------------------------------------


def make_stale(name="Crisis Text Line", days=200):
    resource = CrisisResource.objects.get(name=name)
    resource.last_verified = datetime.date.today() - datetime.timedelta(days=days)
    resource.save()
    return resource


def test_stale_resources_are_flagged_on_the_dashboard_for_owners(client, owner, html):
    CrisisResource.objects.update(last_verified=datetime.date.today())
    make_stale("Crisis Text Line")
    make_stale("Samaritans")  # switched off: not shown on the site, so not flagged
    client.force_login(owner)
    panel = html(client.get("/admin/")).find(id="safety-stale-heading")
    assert panel is not None
    items = [li.get_text(" ", strip=True) for li in panel.find_parent("section").select("li")]
    assert len(items) == 1 and items[0].startswith("Crisis Text Line")


def test_no_stale_warning_when_everything_was_checked_recently(client, owner, html):
    CrisisResource.objects.update(last_verified=datetime.date.today())
    client.force_login(owner)
    assert html(client.get("/admin/")).find(id="safety-stale-heading") is None


def test_editors_do_not_see_the_stale_warning(client, editor, html):
    make_stale()
    client.force_login(editor)
    assert html(client.get("/admin/")).find(id="safety-stale-heading") is None


# The checker in the editor ----------------------------------------------------------------

HARMFUL = "<p>Her brother committed suicide. It was called a cry for help.</p>"


def test_edit_view_shows_findings_with_suggestion_and_reason(client, owner, html, make_article):
    article = make_article("After a loss", [HARMFUL])
    client.force_login(owner)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert response.status_code == 200
    panel = html(response).select_one("[data-safe-messaging]")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in panel.select("tbody tr")
    ]
    assert len(rows) == 2
    assert "committed suicide" in rows[0][1]
    assert rows[0][2] == "died by suicide; took their own life"
    assert "crime" in rows[0][3]
    assert rows[0][0].startswith("Article text, block 1")
    assert "cry for help" in rows[1][1]
    # Not sensitive: the page-level note about a missing content note
    assert "without a content note" in panel.get_text()


def test_edit_view_of_a_calm_article_says_there_is_nothing_to_change(
    client, owner, html, make_article
):
    article = make_article("Boundaries", ["<p>Commit to a routine that includes rest.</p>"])
    client.force_login(owner)
    panel = html(client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])))
    assert "No suggestions" in panel.select_one("[data-safe-messaging]").get_text()


def test_switching_a_rule_off_removes_its_finding(client, owner, html, make_article):
    article = make_article("A loss", ["<p>Her brother killed himself in 2019.</p>"])
    client.force_login(owner)
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert "killed himself" in html(client.get(url)).select_one("[data-safe-messaging]").get_text()
    SafeMessagingRule.objects.filter(phrase__startswith="kill himself").update(is_active=False)
    panel = html(client.get(url)).select_one("[data-safe-messaging]")
    assert panel.select("tbody tr") == []


def request_for(user, rf, accept="text/html"):
    request = rf.post("/admin/pages/1/edit/", HTTP_ACCEPT=accept)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_summary_hook_is_registered_for_create_and_edit():
    assert summarise_safe_messaging in hooks.get_hooks("after_edit_page")
    assert summarise_safe_messaging in hooks.get_hooks("after_create_page")


def test_saving_summarises_findings_as_a_warning(owner, rf, make_article):
    article = make_article("After a loss", [HARMFUL], is_sensitive=True)
    request = request_for(owner, rf)
    assert summarise_safe_messaging(request, article) is None  # advice, never a block
    [message] = list(get_messages(request))
    assert message.level_tag == "warning"
    text = str(message)
    assert "2 wording suggestions" in text
    assert "“committed suicide” → died by suicide" in text
    assert "your page was saved" in text


def test_saving_a_calm_article_adds_no_message(owner, rf, make_article):
    article = make_article("Boundaries", ["<p>Commit to a routine.</p>"])
    request = request_for(owner, rf)
    summarise_safe_messaging(request, article)
    assert list(get_messages(request)) == []


def test_autosave_requests_get_no_flash_message(owner, rf, make_article):
    article = make_article("After a loss", [HARMFUL])
    request = request_for(owner, rf, accept="application/json")
    summarise_safe_messaging(request, article)
    assert list(get_messages(request)) == []


def test_pages_without_the_content_note_mixin_are_not_checked(owner, rf, site):
    request = request_for(owner, rf)
    home = site.root_page.specific
    home.title = "He committed suicide"  # not an article: the hook ignores it
    summarise_safe_messaging(request, home)
    assert list(get_messages(request)) == []


def test_article_about_suicide_without_help_is_warned_only_when_the_banner_is_off(
    banner_settings, make_article
):
    article = make_article("Suicide and the holidays", ["<p>Reach out to someone.</p>"])
    findings = check_page(article)
    assert MISSING_CONTENT_NOTE in findings and MISSING_HELP not in findings
    banner_settings.is_enabled = False
    banner_settings.save()
    assert MISSING_HELP in check_page(article)
    article.is_sensitive = True  # the help section at the end counts, and the note is shown
    findings = check_page(article)
    assert MISSING_HELP not in findings and MISSING_CONTENT_NOTE not in findings


def test_a_crisis_help_block_in_the_body_counts_as_help(banner_settings, make_article):
    banner_settings.is_enabled = False
    banner_settings.save()
    article = make_article("Suicide and the holidays")
    assert not page_has_help_block(article)
    assert MISSING_HELP in check_page(article)
    # The blog's body does not offer the help block yet (the lead wires it in), so give the
    # article a stream that contains one.
    stream_block = StreamBlock([("crisis_help", CrisisHelpBlock())])
    article.body = StreamValue(stream_block, [("crisis_help", {"use_site_defaults": True})])
    assert page_has_help_block(article)
    assert MISSING_HELP not in check_page(article)


def test_resource_listing_says_which_details_are_due_for_a_check(client, owner, html):
    CrisisResource.objects.update(last_verified=datetime.date.today())
    make_stale("Crisis Text Line")
    client.force_login(owner)
    listing = html(client.get(reverse("wagtailsnippets_practice_blog_safety_crisisresource:list")))
    rows = {
        row.select_one("td a").get_text(strip=True): row.get_text(" ", strip=True)
        for row in listing.select("tbody tr")
        if row.select_one("td a")
    }
    assert "(due for a check)" in rows["Crisis Text Line"]
    assert "(due for a check)" not in rows["Veterans Crisis Line"]


def test_editor_can_create_a_help_page_in_the_admin(client, editor, site):
    from wagtail.test.utils.form_data import rich_text

    from practice_blog.safety.models import HelpPage

    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add", args=["practice_blog_safety", "helppage", site.root_page_id]
    )
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        nested_form_data(
            {
                "title": "Urgent help",
                "slug": "urgent-help",
                "introduction": rich_text("<p>You can talk to someone now.</p>"),
                "what_to_expect": rich_text("<p>A trained person answers.</p>"),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302
    page = HelpPage.objects.get(slug="urgent-help")
    assert page.live
    client.logout()
    public = client.get(page.url)
    assert public.status_code == 200
    assert b"You can talk to someone now." in public.content
    assert b"Call 988" in public.content
