"""How other apps extend the feedback admin without the feedback app knowing them.

Any page type with :class:`~practice_blog.feedback.models.HelpfulWidgetMixin` gets its votes
counted and a page listing with a "Helpful (90 days)" column; adding
:class:`~practice_blog.feedback.panels.ArticleFeedbackPanel` to its panels shows editors the
page's own figures. Apps that know
more about their pages (the blog knows tags and authors) add filters to the "Articles" table
with the ``register_practice_blog_feedback_filters`` hook::

    from wagtail import hooks
    from practice_blog.feedback.api import FeedbackFilter

    @hooks.register("register_practice_blog_feedback_filters")
    def topic_filter():
        return FeedbackFilter(
            name="topic",
            label="Topic",
            any_label="Any topic",
            choices=lambda: [(t.slug, t.name) for t in Topic.objects.all()],
            page_ids=lambda slug: TopicPage.objects.filter(topic__slug=slug).values("pk"),
        )
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks
from wagtail.models import Page, get_page_models

FILTERS_HOOK = "register_practice_blog_feedback_filters"
# Longest filter value read from the query string; longer input is cut, never an error.
VALUE_MAX_LENGTH = 120
SEARCH_PARAM = "q"


@dataclass(frozen=True)
class FeedbackFilter:
    """One drop-down above the "Articles" table."""

    name: str  # the query-string parameter, e.g. "tag"
    label: str  # the visible label, e.g. "Tag"
    any_label: str  # the first option, meaning no filter, e.g. "Any tag"
    choices: Callable[[], list]  # () -> [(value, label)]
    page_ids: Callable[[str], object]  # (value) -> ids (or a ``values("pk")`` queryset)


def registered_filters():
    """Every filter registered through the hook, in registration order."""
    filters = []
    for hook in hooks.get_hooks(FILTERS_HOOK):
        result = hook()
        filters.extend(result if isinstance(result, list | tuple) else [result])
    return filters


def chosen_filter_values(query):
    """``{name: value}`` for the title search and every registered filter (bounded lengths)."""
    names = [SEARCH_PARAM, *(f.name for f in registered_filters())]
    return {name: query.get(name, "").strip()[:VALUE_MAX_LENGTH] for name in names}


def filtered_page_ids(chosen):
    """Page ids matching every chosen filter and the title search (None: no filter chosen)."""
    if not any(chosen.values()):
        return None
    pages = Page.objects.all()
    for feedback_filter in registered_filters():
        value = chosen.get(feedback_filter.name)
        if value:
            pages = pages.filter(pk__in=feedback_filter.page_ids(value))
    if chosen.get(SEARCH_PARAM):
        pages = pages.filter(title__icontains=chosen[SEARCH_PARAM])
    return list(pages.values_list("pk", flat=True).distinct())


def filter_controls(chosen):
    """What the "Articles" template shows for each registered filter."""
    return [
        {
            "name": f.name,
            "label": f.label,
            "any_label": f.any_label,
            "choices": f.choices(),
            "value": chosen.get(f.name, ""),
        }
        for f in registered_filters()
    ]


def feedback_page_models():
    """Every page type that shows the helpful widget (has the mixin), in a stable order."""
    from .models import HelpfulWidgetMixin

    models = [model for model in get_page_models() if issubclass(model, HelpfulWidgetMixin)]
    return sorted(models, key=lambda model: model._meta.label_lower)
