"""Where the feedback app meets the Wagtail admin: the Feedback menu, the analytics URLs, the
"Readers' notes" inbox of what readers typed with their vote (wagtail-modeladmin), the admin home
panel and the export audit-log action. (Comments readers publish under articles are the comments
app's, under "Reader comments"; Wagtail's own comments are staff notes on drafts.)

Everything here is shown only to users with the ``practice_blog_feedback.view_feedback`` permission.
"""

from collections import Counter

from django.contrib.admin import SimpleListFilter
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import include, path, reverse
from django.utils.html import format_html_join
from django.utils.text import capfirst
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import modeladmin_register
from wagtail_modeladmin.views import InspectView

from practice_blog.core import spreadsheets
from practice_blog.core.modeladmin import IndexView, ModelAdmin

from . import admin_views, analytics, api
from .models import DailyPageFeedback, FeedbackSettings, HelpfulVote
from .views import PAGE_ID


@hooks.register("register_admin_urls")
def register_feedback_admin_urls():
    """Analytics screens under /admin/feedback/ (the inbox is registered by modeladmin)."""
    return [path("feedback/", include(("practice_blog.feedback.admin_urls", "feedback_analytics")))]


class FeedbackMenuItem(MenuItem):
    """A menu entry shown only to users who may see feedback."""

    def is_shown(self, request):
        return admin_views.can_view_feedback(request.user)


@hooks.register("register_admin_menu_item")
def register_feedback_menu():
    """The "Feedback" menu: overview, articles, needs attention, readers' notes, article pages."""
    items = [
        FeedbackMenuItem(
            "Overview", reverse("feedback_analytics:overview"), icon_name="view", order=100
        ),
        FeedbackMenuItem(
            "Articles", reverse("feedback_analytics:articles"), icon_name="doc-full", order=200
        ),
        FeedbackMenuItem(
            "Needs attention",
            reverse("feedback_analytics:attention"),
            icon_name="warning",
            order=300,
        ),
        FeedbackMenuItem(
            "Readers' notes",
            reverse("feedback_comments_modeladmin_index"),
            icon_name="comment",
            order=400,
        ),
    ]
    for order, model in enumerate(api.feedback_page_models(), start=500):
        items.append(
            FeedbackMenuItem(
                listing_label(model),
                reverse(f"{listing_name(model)}:index"),
                icon_name="doc-full",
                order=order,
            )
        )
    return SubmenuMenuItem(
        "Feedback", Menu(items=items), name="feedback", icon_name="help", order=450
    )


@hooks.register("register_log_actions")
def register_export_action(actions):
    """The audit-log entry written for every feedback export."""
    spreadsheets.register_export_action(
        actions,
        admin_views.EXPORT_ACTION,
        "Export feedback",
        lambda data: f"Exported the feedback {data.get('kind', '')} "
        f"({str(data.get('format', '')).upper()}, {data.get('period', '')}, "
        f"{data.get('rows', 0)} rows)",
    )


class FeedbackSummaryPanel(Component):
    """Admin home panel: the last 30 days in three figures and what needs attention."""

    name = "feedback_summary"
    template_name = "practice_blog/feedback/admin/home_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        period = analytics.parse_period({"period": "30d"})
        articles = analytics.page_figures(period, last_vote=False)
        attention = analytics.fill_titles(analytics.needs_attention(articles)[:3])
        return {"totals": analytics.totals_of(articles), "attention": attention, "period": period}


@hooks.register("construct_homepage_panels")
def add_feedback_summary_panel(request, panels):
    if admin_views.can_view_feedback(request.user):
        panels.append(FeedbackSummaryPanel())


# --- Readers' notes inbox (wagtail-modeladmin) ----------------------------------------------


class CommentPermissionHelper(PermissionHelper):
    """Listing and inspecting need "view feedback"; nobody edits or adds votes here, and
    deleting goes through the moderation view so the rollups stay exact."""

    def user_can_list(self, user):
        return admin_views.can_view_feedback(user)

    def user_can_inspect_obj(self, user, obj):
        return admin_views.can_view_feedback(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class CommentButtonHelper(ButtonHelper):
    """Inspect plus the moderation actions that fit the comment's status."""

    def moderation_button(self, pk, action, classname="button-secondary"):
        return {
            "url": reverse("feedback_analytics:moderate", args=[pk, action]),
            "label": admin_views.MODERATION_ACTIONS[action]["label"],
            "classname": f"button button-small {classname}",
            "title": admin_views.MODERATION_ACTIONS[action]["label"],
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if not admin_views.can_view_feedback(self.request.user):
            return buttons
        # On the comment's own screen the buttons sit in Wagtail's dark footer, where the
        # outlined "secondary" style is too faint to read: there they are solid buttons.
        style = "" if isinstance(self.view, InspectView) else "button-secondary"
        if obj.review_status == HelpfulVote.Status.NEW:
            buttons.append(self.moderation_button(obj.pk, "review", style))
        if obj.review_status == HelpfulVote.Status.SPAM:
            buttons.append(self.moderation_button(obj.pk, "restore", style))
        else:
            buttons.append(self.moderation_button(obj.pk, "spam", style))
        buttons.append(self.moderation_button(obj.pk, "delete", "no"))
        return buttons


class ArticleFilter(SimpleListFilter):
    """Filter comments by article: the articles with the most comments are offered (the
    article page's "Review these comments" link filters by any article)."""

    title = "article (most comments)"
    parameter_name = "article"
    choices_shown = 20

    def lookups(self, request, model_admin):
        # Read from the comment rows only: ordered like the partial comments index
        # (``feedback_vote_comments``), so the database reads that index alone; counted here as a
        # GROUP BY makes SQLite's planner walk every vote instead.
        rows = (
            HelpfulVote.objects.with_comment()
            .order_by("-created_at", "-id")
            .values_list("page_id_at_vote", flat=True)
        )
        counts = Counter(rows.iterator(chunk_size=5000))
        page_ids = [pk for pk, _n in counts.most_common(self.choices_shown)]
        chosen = self.value()
        if chosen and PAGE_ID.fullmatch(chosen) and int(chosen) not in page_ids:
            page_ids.append(int(chosen))
        titles = analytics.page_titles(page_ids)
        return sorted(
            ((str(pk), title) for pk, (title, _exists) in titles.items()),
            key=lambda choice: choice[1].casefold(),
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value and PAGE_ID.fullmatch(value):
            return queryset.filter(page_id_at_vote=int(value))
        return queryset


class ReasonFilter(SimpleListFilter):
    """Filter comments by a reason the reader ticked."""

    title = "reason"
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return [(reason, reason) for reason in FeedbackSettings.for_request(request).reasons]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.with_reason(self.value())
        return queryset


class CommentsIndexView(IndexView):
    """The inbox listing, titled for what it holds, with the comment downloads."""

    page_title = "Readers' notes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_export"] = admin_views.can_export_feedback(self.request.user)
        return context


class CommentInspectView(InspectView):
    """One comment, its values in words ("Not helpful") rather than Python's (False, [...])."""

    def get_field_display_value(self, field_name, field=None):
        vote = self.instance
        if field_name == "helpful":
            return CommentsAdmin.answer(vote)
        if field_name == "reasons":
            return CommentsAdmin.reason_list(vote)
        if field_name == "is_current":
            return "Yes" if vote.is_current else "No, the reader changed their answer later"
        return super().get_field_display_value(field_name, field)


class CommentsAdmin(ModelAdmin):
    """The readers' notes inbox: the free text readers add to a vote, newest first, with
    moderation."""

    model = HelpfulVote
    menu_label = "Readers' notes"
    menu_icon = "comment"
    add_to_admin_menu = False  # reached through the Feedback menu
    base_url_path = "feedback/comments"
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = ("comment", "article", "answer", "reason_list", "created_at", "review_status")
    list_filter = ("review_status", ArticleFilter, ReasonFilter, "helpful")
    search_fields = ("comment", "title_at_vote")
    ordering = ("-created_at", "-id")
    list_per_page = 50
    index_view_class = CommentsIndexView
    inspect_view_class = CommentInspectView
    index_template_name = "practice_blog/feedback/admin/comments_index.html"
    permission_helper_class = CommentPermissionHelper
    button_helper_class = CommentButtonHelper
    inspect_view_fields = [
        "created_at",
        "title_at_vote",
        "url_at_vote",
        "helpful",
        "reasons",
        "comment",
        "review_status",
        "is_current",
    ]

    def get_queryset(self, request):
        return HelpfulVote.objects.with_comment()

    @staticmethod
    def article(obj):
        return obj.title_at_vote

    @staticmethod
    def answer(obj):
        return "Helpful" if obj.helpful else "Not helpful"

    @staticmethod
    def reason_list(obj):
        return format_html_join(", ", "{}", ((reason,) for reason in obj.reasons)) or "—"


CommentsAdmin.article.short_description = "Article"
CommentsAdmin.answer.short_description = "Answer"
CommentsAdmin.reason_list.short_description = "Reasons"

modeladmin_register(CommentsAdmin)


# --- Page listing with a helpfulness column -------------------------------------------------


def rollup_sum(field, start_day):
    """Correlated subquery: a page's ``field`` total in the rollups since ``start_day``."""
    rows = (
        DailyPageFeedback.objects.filter(page_id=OuterRef("pk"), day__gte=start_day)
        .order_by()
        .values("page_id")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(rows[:1]), 0)


def helpfulness_cell(page):
    """ "80% of 10" for the listing (an em dash without votes)."""
    helpful = getattr(page, "feedback_helpful", 0)
    votes = helpful + getattr(page, "feedback_not_helpful", 0)
    if not votes:
        return "—"
    return f"{analytics.format_percent(helpful / votes)} of {votes}"


class ArticleListingIndexView(PageIndexView):
    """Article pages with their last-90-days helpfulness; the column only for permitted users."""

    def get_base_queryset(self):
        start = analytics.parse_period({"period": "90d"}).start
        return (
            super()
            .get_base_queryset()
            .annotate(
                feedback_helpful=rollup_sum("helpful", start),
                feedback_not_helpful=rollup_sum("not_helpful", start),
            )
        )

    def get_table(self, object_list):
        table = super().get_table(object_list)
        if not admin_views.can_view_feedback(self.request.user):
            table.columns = {
                name: column for name, column in table.columns.items() if name != "helpfulness"
            }
        return table


def listing_label(model):
    """The menu label of a page type's listing: "Article pages", "Blog pages"."""
    name = str(model._meta.verbose_name)
    if name.lower().endswith("page"):
        return capfirst(model._meta.verbose_name_plural)
    return f"{capfirst(name)} pages"


def listing_name(model):
    """The viewset name of a page type's listing, e.g.
    ``feedback_pages_practice_blog_blog_articlepage``."""
    return f"feedback_pages_{model._meta.app_label}_{model._meta.model_name}"


class FeedbackPageListingViewSet(PageListingViewSet):
    """Every page of one type with the widget, flat, with a "Helpful (90 days)" column
    (Feedback → "Article pages", or the name of any other page type with the mixin)."""

    icon = "doc-full"
    add_to_admin_menu = False
    index_view_class = ArticleListingIndexView
    columns = PageListingViewSet.columns + [
        Column("helpfulness", label="Helpful (90 days)", accessor=helpfulness_cell, width="12%")
    ]


@hooks.register("register_admin_viewset")
def register_feedback_page_listings():
    return [
        FeedbackPageListingViewSet(
            listing_name(model),
            model=model,
            menu_label=listing_label(model),
            url_prefix=f"feedback/pages/{model._meta.app_label}/{model._meta.model_name}",
        )
        for model in api.feedback_page_models()
    ]
