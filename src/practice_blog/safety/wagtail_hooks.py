"""How the safety app appears in the admin: snippets, the dashboard warning, save messages."""

from django.contrib import messages
from django.urls import path
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from practice_blog.core.getting_started import saved_by_a_person, setting_step

from .models import ContentNoteMixin, CrisisBannerSettings, CrisisResource, SafeMessagingRule
from .review import check_page
from .views import check_text


class CrisisResourceViewSet(SnippetViewSet):
    """Crisis lines staff keep up to date (Crisis help → Crisis resources)."""

    model = CrisisResource
    icon = "help"
    menu_label = "Crisis resources"
    list_display = [
        "name",
        "country",
        "phone_number",
        "text_number",
        "is_active",
        Column("verification_status", label="Details last checked on", sort_key="last_verified"),
    ]
    list_filter = ["country", "is_active", "is_emergency"]
    search_fields = ["name", "description"]
    ordering = ["country", "sort_order", "name"]


class SafeMessagingRuleViewSet(SnippetViewSet):
    """The checker's phrase list (Crisis help → Safe-messaging rules)."""

    model = SafeMessagingRule
    icon = "doc-full"
    menu_label = "Safe-messaging rules"
    list_display = ["phrase", "suggestion", "needs_context", "is_active"]
    list_filter = ["is_active", "needs_context"]
    search_fields = ["phrase", "suggestion", "reason"]


class CrisisHelpGroup(SnippetViewSetGroup):
    """One "Crisis help" menu for both lists."""

    items = (CrisisResourceViewSet, SafeMessagingRuleViewSet)
    menu_icon = "warning"
    menu_label = "Crisis help"
    menu_name = "crisis-help"
    menu_order = 250


register_snippet(CrisisHelpGroup)


@hooks.register("register_admin_urls")
def register_check_url():
    """The live safe-messaging check (admin only, like every admin URL)."""
    return [path("safety/check/", check_text, name="safety_check_text")]


class StaleResourcesPanel(Component):
    """Dashboard panel listing active crisis resources not checked for six months."""

    order = 50
    template_name = "practice_blog/safety/admin/stale_resources_panel.html"

    def __init__(self, resources):
        self.resources = resources

    def get_context_data(self, parent_context=None):
        return {"resources": self.resources}


@hooks.register("construct_homepage_panels")
def add_stale_resources_panel(request, panels):
    """Warn staff who can fix them about resources whose details may be out of date."""
    if not request.user.has_perm("practice_blog_safety.change_crisisresource"):
        return
    stale = list(CrisisResource.objects.stale().order_by("last_verified"))
    if stale:
        panels.append(StaleResourcesPanel(stale))


@hooks.register("register_getting_started_steps")
def crisis_banner_step(request):
    """Done once someone has saved the banner and no crisis service is overdue for a check."""
    return setting_step(
        request,
        CrisisBannerSettings,
        key="crisis_banner",
        label="Review the crisis banner and its phone numbers",
        done=lambda banner: saved_by_a_person(banner)
        and not CrisisResource.objects.stale().exists(),
        hint="The banner on every page tells readers where to get help now. Check its wording "
        "and confirm each service's number, then update its “Details last checked on” date "
        "(Crisis help → Crisis resources).",
        order=30,
    )


def _summary(findings):
    phrases = [finding for finding in findings if finding.kind == "phrase"]
    warnings = [finding for finding in findings if finding.kind == "warning"]
    if not phrases and not warnings:
        return None
    parts = format_html_join(
        "; ",
        "“{}” → {}",
        ((finding.flagged, finding.suggestion) for finding in phrases[:3]),
    )
    more = len(phrases) - 3
    return format_html(
        "Safe-messaging check: {} wording suggestion{}{}{}{}. {}See the “Safe-messaging "
        "check” panel for the reasons. This is advice; your page was saved.",
        len(phrases),
        "" if len(phrases) == 1 else "s",
        format_html(" ({})", parts) if phrases else "",
        format_html(" and {} more", more) if more > 0 else "",
        format_html(" and {} note{} about the whole page", len(warnings), "s"[: len(warnings) > 1])
        if warnings
        else "",
        format_html_join("", "{}. ", ((finding.flagged,) for finding in warnings)),
    )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def summarise_safe_messaging(request, page):
    """After saving or publishing a page with a content note, summarise the checker's advice."""
    if not isinstance(page, ContentNoteMixin) or not request.accepts("text/html"):
        return  # autosave and other JSON requests get no flash message
    message = _summary(check_page(page))
    if message:
        messages.warning(request, message)
