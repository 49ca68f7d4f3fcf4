"""The feedback analytics screens in the Wagtail admin: overview, articles, needs attention,
article detail, comment moderation and exports.

Every view needs the ``practice_blog_feedback.view_feedback`` permission (exports need
``practice_blog_feedback.export_feedback``); Wagtail's admin URL wrapper already sends
anonymous visitors to the login page. Figures come from :mod:`practice_blog.feedback.analytics`,
which reads only the rollups.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from practice_blog.core import spreadsheets

from . import analytics, api
from .charts import bucket_label, render_trend_chart
from .models import FeedbackSettings, HelpfulVote
from .rollups import delete_vote, exclude_vote, restore_vote, set_review_status

VIEW_PERMISSION = "practice_blog_feedback.view_feedback"
EXPORT_PERMISSION = "practice_blog_feedback.export_feedback"
EXPORT_ACTION = "feedback.export"
ARTICLES_PER_PAGE = 50
COMMENTS_ON_DETAIL = 50
SEARCH_MAX_LENGTH = 200


def can_view_feedback(user):
    """Whether ``user`` may see the feedback analytics."""
    return user.is_active and user.has_perm(VIEW_PERMISSION)


def can_export_feedback(user):
    """Whether ``user`` may download feedback exports."""
    return user.is_active and user.has_perm(EXPORT_PERMISSION)


def chart_context(chart, *, chart_id, title, markers=()):
    """Chart SVG plus the same figures as table rows, for the templates; ``chart`` is what
    :func:`analytics.chart_series` returns."""
    series, size, _first, _last = chart
    return {
        "chart_svg": render_trend_chart(
            series, size, chart_id=chart_id, title=title, markers=markers
        ),
        "chart_rows": [
            {
                "label": bucket_label(bucket.start, size),
                "helpful": bucket.helpful,
                "not_helpful": bucket.not_helpful,
                "votes": bucket.votes,
                "share": analytics.format_percent(bucket.share),
            }
            for bucket in series
        ],
        "chart_bucket": size,
    }


def article_rows(articles, period_query):
    """The rows of an articles table, as the template shows them: every cell worked out here
    once, so the template reads plain values (a row of :class:`analytics.ArticleFigures`
    properties and filters costs the template engine several times as much)."""
    days = {}  # most rows share a last vote day or two: format each day once

    def day_text(day):
        if day not in days:
            days[day] = date_format(day, "j M Y") if day else "—"
        return days[day]

    return [
        {
            "url": f"{reverse('feedback_analytics:article', args=[a.page_id])}?{period_query}",
            "title": a.title,
            "votes": a.votes,
            "helpful": a.helpful,
            "not_helpful": a.not_helpful,
            "share": a.share_display,
            "score": a.score_display,
            "top_reason": a.top_reason or "—",
            "last_vote": day_text(a.last_vote),
        }
        for a in articles
    ]


class FeedbackAdminView(WagtailAdminTemplateMixin, TemplateView):
    """Base for the analytics screens: permission check, chosen period, navigation."""

    permission = VIEW_PERMISSION
    header_icon = "help"
    nav_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.period_error = ""
        try:
            self.period = analytics.parse_period(request.GET)
        except analytics.PeriodError as error:
            self.period_error = str(error)
            self.period = analytics.parse_period({})
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        # No breadcrumbs: the classic header shows the title as a visible heading.
        return []

    def get_page_subtitle(self):
        return self.period.label

    def period_query(self, **extra):
        """The query string that keeps the chosen period (plus ``extra``) in a link."""
        return urlencode({**self.period.query(), **extra})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            period=self.period,
            period_error=self.period_error,
            period_choices=analytics.PERIOD_CHOICES,
            period_query=self.period_query(),
            nav_name=self.nav_name,
            can_export=can_export_feedback(self.request.user),
            raw_start=self.request.GET.get("start", "")[:20],
            raw_end=self.request.GET.get("end", "")[:20],
            keep_fields=[],
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        # A period the user typed wrongly: show the page with the reason, as a 400.
        if self.period_error:
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)


class OverviewView(FeedbackAdminView):
    """How helpful the blog is in the chosen period, compared with the period before."""

    template_name = "practice_blog/feedback/admin/overview.html"
    page_title = "Feedback overview"
    nav_name = "overview"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.period
        # Every article's votes give the totals and both rankings; only the ten articles
        # listed need a title (and those needing attention their top reason), and the reason
        # counts are summed per reason by the database.
        articles = analytics.page_figures(period, last_vote=False)
        totals = analytics.totals_of(articles)
        previous_period = period.previous()
        previous = analytics.period_totals(previous_period) if previous_period else None
        ranked, _sort = analytics.sort_articles(articles, "-score")
        best = ranked[:5]
        attention = analytics.needs_attention(articles)[:5]
        analytics.fill_titles([*best, *attention])
        analytics.fill_top_reasons(attention, period)
        context.update(
            totals=totals,
            previous=previous,
            previous_period=previous_period,
            comparison=analytics.compare_periods(totals, previous),
            reasons=analytics.reason_counts(period)[:5],
            best=best,
            attention=attention,
            article_count=len(articles),
            **chart_context(
                analytics.chart_series(period),
                chart_id="overview-chart",
                title=f"Votes, {period.label.lower()}",
            ),
        )
        return context


class ArticlesView(FeedbackAdminView):
    """Every article with votes in the period, ranked, filterable, searchable, paginated."""

    template_name = "practice_blog/feedback/admin/articles.html"
    page_title = "Articles by helpfulness"
    nav_name = "articles"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chosen = api.chosen_filter_values(self.request.GET)
        page_ids = api.filtered_page_ids(chosen)
        # Rank every article by its votes, then read titles, last votes and top reasons for
        # the 50 rows shown only (all titles or last votes when sorting by them).
        articles, sort = analytics.ranked_articles(
            self.period, page_ids, self.request.GET.get("sort", "")
        )
        paginator = Paginator(articles, ARTICLES_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        keep = {k: v for k, v in chosen.items() if v}
        articles = analytics.complete_articles(list(page.object_list), self.period, sort)
        context.update(
            articles=articles,
            rows=article_rows(articles, self.period_query()),
            page_obj=page,
            paginator=paginator,
            sort=sort,
            filters=chosen,
            filter_controls=api.filter_controls(chosen),
            columns=sort_columns(sort, self.period_query(**keep)),
            page_query=self.period_query(**keep, sort=sort),
            export_query=self.period_query(**keep),
            keep_fields=[*keep.items(), ("sort", sort)],
        )
        return context


SORTABLE_COLUMNS = [
    ("title", "Article"),
    ("votes", "Votes"),
    ("helpful", "Helpful"),
    ("not_helpful", "Not helpful"),
    ("share", "Helpful share"),
    ("score", "Score"),
    ("last_vote", "Last vote"),
]


def sort_columns(current, base_query):
    """Column headers with the link that sorts by them (clicking again reverses)."""
    columns = []
    for name, label in SORTABLE_COLUMNS:
        descending = current == f"-{name}"
        ascending = current == name
        next_sort = name if descending else f"-{name}"
        if name == "title" and not ascending:
            next_sort = "title"
        columns.append(
            {
                "label": label,
                "query": f"{base_query}&{urlencode({'sort': next_sort})}",
                "aria_sort": "descending" if descending else "ascending" if ascending else "",
            }
        )
    return columns


class NeedsAttentionView(FeedbackAdminView):
    """Articles with enough votes and a low score, worst first."""

    template_name = "practice_blog/feedback/admin/needs_attention.html"
    page_title = "Needs attention"
    nav_name = "attention"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = analytics.needs_attention(analytics.page_figures(self.period))
        analytics.fill_titles(articles)
        analytics.fill_top_reasons(articles, self.period)
        context.update(
            articles=articles,
            rows=article_rows(articles, self.period_query()),
            min_votes=analytics.NEEDS_ATTENTION_MIN_VOTES,
            max_score=analytics.format_percent(analytics.NEEDS_ATTENTION_SCORE),
        )
        return context


class ArticleDetailView(FeedbackAdminView):
    """One article: trend with its edit dates marked, reasons, and its comments."""

    template_name = "practice_blog/feedback/admin/article_detail.html"
    nav_name = "articles"

    def get_page_title(self):
        return self.article_title

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page_id = kwargs["page_id"]
        self.page = Page.objects.filter(pk=self.page_id).first()
        if self.page is not None:
            self.article_title = self.page.title
        else:
            last = HelpfulVote.objects.filter(page_id_at_vote=self.page_id).first()
            self.article_title = f"{last.title_at_vote} (deleted page)" if last else ""

    def get(self, request, *args, **kwargs):
        if not self.article_title:
            raise Http404("No votes for this page.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period, ids = self.period, [self.page_id]
        totals = analytics.period_totals(period, ids)
        previous_period = period.previous()
        previous = analytics.period_totals(previous_period, ids) if previous_period else None
        chart = analytics.chart_series(period, ids)
        _series, _size, first, last = chart
        markers = analytics.edit_markers(self.page, first, last) if self.page else []
        comments = HelpfulVote.objects.filter(page_id_at_vote=self.page_id).with_comment()
        comments = comments_in_period(comments, period)
        context.update(
            page=self.page,
            page_id=self.page_id,
            totals=totals,
            score_display=analytics.format_percent(
                analytics.wilson_lower_bound(totals.helpful, totals.votes) if totals.votes else None
            ),
            comparison=analytics.compare_periods(totals, previous),
            previous_period=previous_period,
            reasons=analytics.reason_counts(period, ids),
            markers=markers,
            comments=comments[:COMMENTS_ON_DETAIL],
            comment_count=comments.count(),
            **chart_context(
                chart,
                chart_id="article-chart",
                title=f"Votes on “{self.article_title}”, {period.label.lower()}",
                markers=markers,
            ),
        )
        return context


def comments_in_period(comments, period):
    """Restrict a vote queryset to the local days of ``period``."""
    end = analytics.day_end(period.end)
    comments = comments.filter(created_at__lt=end)
    if period.start is not None:
        comments = comments.filter(created_at__gte=analytics.day_start(period.start))
    return comments


# --- Comment moderation ---------------------------------------------------------------------

MODERATION_ACTIONS = {
    "review": {
        "label": "Mark as reviewed",
        "question": "Mark this comment as reviewed?",
        "done": "Comment marked as reviewed.",
    },
    "spam": {
        "label": "Mark as spam",
        "question": "Mark this comment as spam? Its vote is taken out of every figure.",
        "done": "Comment marked as spam; its vote no longer counts.",
    },
    "restore": {
        "label": "Not spam",
        "question": "Count this vote again? It is marked as reviewed.",
        "done": "Vote counted again.",
    },
    "delete": {
        "label": "Delete",
        "question": "Delete this comment and its vote for good? This cannot be undone.",
        "done": "Comment deleted.",
    },
}


def apply_moderation(action, vote):
    """Perform one moderation action through the rollup functions (figures stay exact)."""
    if action == "review":
        set_review_status(vote, HelpfulVote.Status.REVIEWED)
    elif action == "spam":
        exclude_vote(vote)
    elif action == "restore":
        restore_vote(vote)
    elif action == "delete":
        delete_vote(vote)


class ModerateCommentView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm (GET) and apply (POST) one moderation action on one comment."""

    template_name = "practice_blog/feedback/admin/moderate_comment.html"
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        self.action = kwargs["action"]
        if self.action not in MODERATION_ACTIONS:
            raise Http404("Unknown action.")
        self.vote = get_object_or_404(HelpfulVote.objects.with_comment(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return MODERATION_ACTIONS[self.action]["label"]

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(vote=self.vote, action=MODERATION_ACTIONS[self.action])
        return context

    def post(self, request, *args, **kwargs):
        apply_moderation(self.action, self.vote)
        messages.success(request, MODERATION_ACTIONS[self.action]["done"])
        return redirect(comments_index_url())


def comments_index_url():
    """The comments inbox (the wagtail-modeladmin listing)."""
    return reverse("feedback_comments_modeladmin_index")


# --- Exports --------------------------------------------------------------------------------

ARTICLE_HEADERS = [
    "Page id",
    "Article",
    "Votes",
    "Helpful",
    "Not helpful",
    "Helpful share (%)",
    "Score (Wilson lower bound, %)",
    "Top reason",
    "Last vote (day)",
]
COMMENT_HEADERS = [
    "Answered at (UTC)",
    "Page id",
    "Article",
    "Page address",
    "Answer",
    "Reasons",
    "Comment",
    "Review status",
]


def article_export_rows(period, page_ids=None):
    """The articles table as rows, highest score first."""
    articles, _sort = analytics.sort_articles(analytics.article_figures(period, page_ids), "-score")
    return [
        [
            a.page_id,
            a.title,
            a.votes,
            a.helpful,
            a.not_helpful,
            round(100 * a.share, 1) if a.share is not None else None,
            round(100 * a.score, 1),
            a.top_reason,
            a.last_vote,
        ]
        for a in articles
    ]


def comment_export_rows(period):
    """Comments in the period, newest first (spam included, marked as such)."""
    votes = comments_in_period(HelpfulVote.objects.with_comment(), period)
    return [
        [
            vote.created_at,
            vote.page_id_at_vote,
            vote.title_at_vote,
            vote.url_at_vote,
            "Helpful" if vote.helpful else "Not helpful",
            "; ".join(vote.reasons),
            vote.comment,
            vote.get_review_status_display(),
        ]
        for vote in votes.iterator(chunk_size=2000)
    ]


EXPORT_KINDS = {"articles": "articles table", "comments": "comments"}


class ExportView(FeedbackAdminView):
    """Download the articles table or the comments for the period as CSV or XLSX.

    Needs the export permission; every download is written to Wagtail's audit log.
    """

    permission = EXPORT_PERMISSION

    def get(self, request, kind, fmt):
        if kind not in EXPORT_KINDS or fmt not in ("csv", "xlsx"):
            raise Http404("Unknown export.")
        if self.period_error:
            return HttpResponseBadRequest(
                f"{self.period_error} Nothing was exported.", content_type="text/plain"
            )
        if kind == "articles":
            ids = api.filtered_page_ids(api.chosen_filter_values(request.GET))
            headers, rows = ARTICLE_HEADERS, article_export_rows(self.period, ids)
        else:
            headers, rows = COMMENT_HEADERS, comment_export_rows(self.period)
        stamp = self.period.end.isoformat()
        return spreadsheets.logged_export(
            request,
            instance=FeedbackSettings.for_request(request),
            action=EXPORT_ACTION,
            title="Article feedback",
            data={"kind": kind, "period": self.period.label, "rows": len(rows)},
            file_format=fmt,
            headers=headers,
            rows=rows,
            basename=f"feedback-{kind}-{self.period.key}-{stamp}",
            sheet_title=kind.title(),
        )
