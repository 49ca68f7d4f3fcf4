"""Where reader comments meet Wagtail: the "Reader comments" menu and its screens, the canned
replies and risk phrases, the dashboard panel, the audit-log actions and the minute tick's purge.

"Reader comments" are readers' comments under articles, moderated here. They are neither
Wagtail's own comments (staff notes on a draft) nor the feedback app's "Readers' notes" (what
readers typed into "Was this article helpful?").
"""

from django.db.models import Q
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import SubMenuItem as SubMenuItemComponent
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from practice_blog.core.spreadsheets import register_export_action

from . import admin_views
from .admin_views import CHANGE_SETTINGS, ERASE, EXPORT, MODERATE
from .models import CannedReply, ReaderComment, RiskPhrase, shortened
from .moderation import purge

URGENT_ON_DASHBOARD = 5


@hooks.register("practice_blog_tick")
def purge_old_comments(now):
    """Unconfirmed comments after a day (never urgent ones); rejected and spam after the
    site's retention period."""
    unconfirmed, rejected = purge(now)
    return f"comments: {unconfirmed} unconfirmed and {rejected} rejected or spam comment(s) deleted"


def urgent_waiting_under(pages):
    """How many urgent comments nobody has acted on sit on ``pages`` or pages under them."""
    under = Q()
    for page in pages:
        under |= Q(page__path__startswith=page.path)
    return ReaderComment.objects.urgent().filter(under).count() if under else 0


def refuse_to_delete(request, what, waiting, parent):
    messages.error(
        request,
        f"{what} not deleted: {waiting} urgent reader comment(s) on it (or on a page under "
        "it) wait for a person. Read them under Reader comments → Urgent and approve, reject "
        "or delete them first; deleting the page would delete them unread.",
    )
    if request.user.has_perm(MODERATE):
        return redirect(reverse("reader_comments:list", args=["urgent"]))
    return redirect("wagtailadmin_explore", parent.pk)


@hooks.register("before_delete_page")
def keep_pages_with_urgent_comments(request, page):
    """A page whose urgent reader comments nobody has acted on is not deleted (that would
    delete the comments too): staff are sent to read them first."""
    waiting = urgent_waiting_under([page])
    if waiting:
        return refuse_to_delete(request, f"“{page.title}” was", waiting, page.get_parent())
    return None


@hooks.register("before_bulk_action")
def keep_pages_with_urgent_comments_in_bulk(request, action_type, objects, action_class):
    """The same for several pages deleted at once from a listing."""
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    waiting = urgent_waiting_under(objects)
    if waiting:
        return refuse_to_delete(request, "The pages were", waiting, objects[0].get_parent())
    return None


@hooks.register("register_admin_urls")
def register_reader_comment_urls():
    """The moderation screens under /admin/reader-comments/ (login required by Wagtail)."""
    return [path("reader-comments/", include("practice_blog.comments.admin_urls"))]


# --- Canned replies and risk phrases --------------------------------------------------------


class CannedReplyViewSet(ModelViewSet):
    """Reader comments → Canned replies: answers staff use often, offered when replying as the
    practice. Editors may read them; Practice owners add, change and delete them."""

    model = CannedReply
    name = "reader_comments_canned_replies"
    url_prefix = "reader-comments/canned-replies"
    icon = "comment-add"
    menu_label = "Canned replies"
    form_fields = ["title", "text"]
    list_display = [
        "title",
        Column("text", label="Reply", accessor=lambda reply: shortened(reply.text, 100)),
    ]
    search_fields = ["title", "text"]
    inspect_view_enabled = True
    copy_view_enabled = False


class RiskPhraseViewSet(ModelViewSet):
    """Reader comments → Risk phrases: a comment containing one is held as urgent and staff are
    emailed. Practice owners only."""

    model = RiskPhrase
    name = "reader_comments_risk_phrases"
    url_prefix = "reader-comments/risk-phrases"
    icon = "warning"
    menu_label = "Risk phrases"
    form_fields = ["phrase", "group", "is_active"]
    list_display = [
        "phrase",
        "group",
        Column(
            "is_active",
            label="Holds comments",
            accessor=lambda phrase: "Yes" if phrase.is_active else "No, switched off",
        ),
    ]
    list_filter = ["is_active"]
    search_fields = ["phrase", "group"]
    copy_view_enabled = False


canned_replies = CannedReplyViewSet()
risk_phrases = RiskPhraseViewSet()


@hooks.register("register_admin_viewset")
def register_reader_comment_viewsets():
    """Reached from the Reader comments menu, not the top of the sidebar."""
    return [canned_replies, risk_phrases]


# --- The "Reader comments" menu -------------------------------------------------------------


class PermissionMenuItem(MenuItem):
    """A menu entry shown only to users with ``permission``."""

    def __init__(self, label, url, permission, **kwargs):
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class CountedMenuItem(PermissionMenuItem):
    """A list whose label carries how many comments it holds, e.g. "Urgent (2)"."""

    def __init__(self, label, url, permission, count_of, **kwargs):
        super().__init__(label, url, permission, **kwargs)
        self.count_of = count_of

    def render_component(self, request, counts=None):
        component = super().render_component(request)
        if counts is not None:
            component.label = f"{self.label} ({getattr(counts, self.count_of)})"
        return component


class ReaderCommentsMenuItem(SubmenuMenuItem):
    """The "Reader comments" menu, for moderators: the counts for all its labels come from one
    grouped query each time the sidebar is drawn."""

    def is_shown(self, request):
        return request.user.has_perm(MODERATE)

    def render_component(self, request):
        counts = admin_views.waiting_counts()
        items = sorted(self.menu.menu_items_for_request(request), key=lambda item: item.order)
        rendered = [
            item.render_component(request, counts)
            if isinstance(item, CountedMenuItem)
            else item.render_component(request)
            for item in items
        ]
        return SubMenuItemComponent(
            self.name,
            self.label,
            rendered,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


def list_item(key, order, icon_name, count_of=None):
    comment_list = admin_views.LISTS[key]
    if count_of:
        return CountedMenuItem(
            comment_list.title,
            comment_list.url(),
            MODERATE,
            count_of,
            icon_name=icon_name,
            order=order,
        )
    return PermissionMenuItem(
        comment_list.title, comment_list.url(), MODERATE, icon_name=icon_name, order=order
    )


@hooks.register("register_admin_menu_item")
def register_reader_comments_menu():
    """Reader comments: the lists to moderate, then what Practice owners set up and do."""
    settings_url = reverse(
        "wagtailsettings:edit", args=["practice_blog_comments", "commentsettings"]
    )
    items = [
        list_item("urgent", 100, "warning", count_of="urgent"),
        list_item("held", 200, "time", count_of="waiting"),
        list_item("approved", 300, "check"),
        list_item("rejected", 400, "cross"),
        list_item("spam", 500, "bin"),
        canned_replies.get_menu_item(order=600),
        risk_phrases.get_menu_item(order=700),
        PermissionMenuItem("Settings", settings_url, CHANGE_SETTINGS, icon_name="cog", order=800),
        PermissionMenuItem(
            "Export",
            reverse("reader_comments:export"),
            EXPORT,
            icon_name="download",
            order=900,
        ),
        PermissionMenuItem(
            "Erase a reader's comments",
            reverse("reader_comments:erase"),
            ERASE,
            icon_name="user",
            order=1000,
        ),
    ]
    return ReaderCommentsMenuItem(
        "Reader comments",
        Menu(items=items),
        name="reader-comments",
        icon_name="comment",
        order=460,
    )


# --- Dashboard and audit log ----------------------------------------------------------------


class WaitingCommentsPanel(Component):
    """Admin home panel: how many reader comments wait, urgent ones first and linked."""

    name = "reader_comments_waiting"
    template_name = "practice_blog/comments/admin/home_panel.html"
    order = 90

    def __init__(self, counts):
        self.counts = counts

    def get_context_data(self, parent_context):
        urgent = []
        if self.counts.urgent:
            comments = ReaderComment.objects.urgent().select_related("page")
            urgent = list(comments.order_by("created_at", "id")[:URGENT_ON_DASHBOARD])
        return {
            "counts": self.counts,
            "urgent": urgent,
            "held_url": admin_views.LISTS["held"].url(),
            "urgent_url": admin_views.LISTS["urgent"].url(),
        }


@hooks.register("construct_homepage_panels")
def add_waiting_comments_panel(request, panels):
    """Only for moderators, and only when something waits."""
    if not admin_views.can_moderate(request.user):
        return
    counts = admin_views.waiting_counts()
    if counts.waiting:
        panels.append(WaitingCommentsPanel(counts))


@hooks.register("register_log_actions")
def register_reader_comment_log_actions(actions):
    """The audit-log entries for exports and erasures (Reports → Site history)."""
    register_export_action(
        actions, admin_views.EXPORT_ACTION, "Export reader comments", admin_views.describe_export
    )
    register_export_action(
        actions,
        admin_views.ERASE_ACTION,
        "Erase a reader's comments",
        admin_views.describe_erasure,
    )
