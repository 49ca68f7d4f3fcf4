"""``{% helpful_widget page %}``: the "Was this article helpful?" section for any page.

Add :class:`practice_blog.feedback.models.HelpfulWidgetMixin` to a page type and put the tag
where the widget belongs (after the article body). It renders nothing when the page's switch or the
site-wide switch is off. The markup is the same for every visitor, so the page stays
cacheable; the only per-visitor state comes from the query string after a vote without
JavaScript (``?feedback=yes&voter=…``), or from the reader's own browser storage with it.
"""

from django import template
from django.apps import apps
from django.urls import reverse

from practice_blog.core import anonymous_posts as guard
from practice_blog.core.middleware import keep_response_private

from ..models import FeedbackSettings
from ..views import STATE_PARAM, VOTER_KEY, VOTER_PARAM

register = template.Library()

STATES = ("yes", "no", "sent")
# With no help page on the site: Find A Helpline lists free crisis lines in every country.
FALLBACK_HELP_URL = "https://findahelpline.com/"


def crisis_help_url(context):
    """The site's "get help now" page, from the safety app's public tag when it is installed.

    Falls back to findahelpline.com (the note then adds "call or text 988" itself).
    """
    if not apps.is_installed("practice_blog.safety"):
        return ""
    from practice_blog.safety.templatetags.practice_blog_safety import help_page_link

    return help_page_link(context).get("help_url") or ""


def answered_state(request):
    """The ``(state, voter)`` a no-JavaScript reader was redirected back with, if valid."""
    if request is None:
        return "", ""
    state = request.GET.get(STATE_PARAM, "")
    voter = request.GET.get(VOTER_PARAM, "")
    if state not in STATES:
        return "", ""
    return state, voter if VOTER_KEY.fullmatch(voter) else ""


@register.inclusion_tag("practice_blog/feedback/includes/helpful_widget.html", takes_context=True)
def helpful_widget(context, page):
    """The helpful widget for ``page``; empty when switched off for the page or the site."""
    request = context.get("request")
    if request is None or page is None or not getattr(page, "show_helpful_widget", False):
        return {"show": False}
    feedback_settings = FeedbackSettings.for_request(request)
    if not feedback_settings.widget_enabled:
        return {"show": False}
    state, voter = answered_state(request)
    if voter:
        # This URL shows one reader's own answer: keep it out of shared caches.
        keep_response_private(request)
    help_url = crisis_help_url(context)
    return {
        "show": True,
        "page": page,
        "settings": feedback_settings,
        "endpoint": reverse("practice_blog_feedback:vote"),
        "state": state,
        "voter": voter,
        "rendered": guard.form_timestamp(),
        "honeypot_field": guard.HONEYPOT_FIELD,
        "follow_up_href": feedback_settings.follow_up_href(request),
        "help_url": help_url or FALLBACK_HELP_URL,
        "help_from_safety_app": bool(help_url),
    }
