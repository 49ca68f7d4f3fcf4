"""A read-only "Reader feedback" panel for the page editor, shown only to users who may see
feedback analytics. Add it to any page type's panels: ``ArticleFeedbackPanel()``."""

from wagtail.admin.panels import Panel

from . import analytics

EDITOR_PERIOD = {"period": "90d"}


class ArticleFeedbackPanel(Panel):
    """The page's votes, helpful share, score and top reasons for the last 90 days."""

    def __init__(self, heading="Reader feedback, last 90 days", **kwargs):
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "practice_blog/feedback/admin/editor_panel.html"

        def is_shown(self):
            from .admin_views import can_view_feedback

            return bool(self.instance.pk) and can_view_feedback(self.request.user)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            period = analytics.parse_period(EDITOR_PERIOD)
            ids = [self.instance.pk]
            totals = analytics.period_totals(period, ids)
            context.update(
                page_id=self.instance.pk,
                totals=totals,
                score=analytics.format_percent(
                    analytics.wilson_lower_bound(totals.helpful, totals.votes)
                    if totals.votes
                    else None
                ),
                reasons=analytics.reason_counts(period, ids)[:3],
                period_query="period=90d",
            )
            return context
