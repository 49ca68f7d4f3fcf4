"""Template tags any page template can use: the crisis banner, content notes, help sections.

All three survive a database outage: if loading the banner fails with ``DatabaseError`` they
render the static crisis text (``practice_blog/safety/includes/crisis_fallback.html``)
instead of failing.
"""

import logging

from django import template
from django.db import DatabaseError
from django.templatetags.static import static
from django.utils.html import format_html

from practice_blog.safety.banner import load_banner

register = template.Library()
STYLESHEET = "practice_blog/safety/css/safety.css"
logger = logging.getLogger(__name__)


def _banner_or_none(context):
    """The request's banner, or ``None`` if the database is unreachable (logged)."""
    try:
        return load_banner(context.get("request"))
    except DatabaseError:
        logger.exception("Crisis banner: database unavailable, showing the static fallback")
        return None


def _stylesheet(context):
    """True the first time a tag in this request shows something: that one links the
    stylesheet next to its markup (so a host's base.html needs no block for it), the rest
    do not repeat it. Without a request every tag links it."""
    request = context.get("request")
    if request is None:
        return True
    if getattr(request, "_practice_blog_safety_css", False):
        return False
    request._practice_blog_safety_css = True
    return True


@register.simple_tag(takes_context=True)
def safety_stylesheet(context):
    """The safety stylesheet's link, unless a safety tag already linked it in this request;
    for templates that show crisis help without one of the tags (the block, the help page)."""
    if not _stylesheet(context):
        return ""
    return format_html('<link rel="stylesheet" href="{}">', static(STYLESHEET))


def _is_sensitive(page):
    return bool(getattr(page, "is_sensitive", False))


@register.inclusion_tag("practice_blog/safety/includes/crisis_banner.html", takes_context=True)
def crisis_banner(context, position="top"):
    """The crisis banner. ``position`` is "top" (every page) or "end" (end of an article,
    shown only when staff chose that placement). Never dismissible on sensitive pages."""
    banner = _banner_or_none(context)
    if banner is None:
        if position != "top":
            return {}
        return {"fallback": True, "stylesheet": safety_stylesheet(context)}
    if not banner.is_enabled or (position == "end" and not banner.shows_at_end):
        return {}
    return {
        "banner": banner,
        "position": position,
        "dismissible": banner.allow_dismiss and not _is_sensitive(context.get("page")),
        "stylesheet": safety_stylesheet(context),
    }


@register.inclusion_tag("practice_blog/safety/includes/content_note.html", takes_context=True)
def content_note(context, page):
    """The page's content note with crisis resources beside it; nothing unless it is sensitive."""
    if not _is_sensitive(page):
        return {}
    return {
        "note": page.content_note,
        "show": True,
        "banner": _banner_or_none(context),
        "stylesheet": safety_stylesheet(context),
    }


@register.inclusion_tag(
    "practice_blog/safety/includes/sensitive_page_help.html", takes_context=True
)
def sensitive_page_help(context, page):
    """The help section at the end of a sensitive page; on other pages, the end-of-article
    banner when staff placed the banner there."""
    if _is_sensitive(page):
        return {
            "show": True,
            "banner": _banner_or_none(context),
            "stylesheet": safety_stylesheet(context),
        }
    return {"end_banner": crisis_banner(context, position="end")}


@register.inclusion_tag("practice_blog/safety/includes/help_page_link.html", takes_context=True)
def help_page_link(context):
    """A "Get help now" link to the site's help page, e.g. for the footer."""
    banner = _banner_or_none(context)
    help_url = banner.help_url if banner else ""
    return {"help_url": help_url, "stylesheet": safety_stylesheet(context) if help_url else ""}


@register.inclusion_tag("practice_blog/safety/includes/crisis_services.html", takes_context=True)
def crisis_services(context, compact=False):
    """The site's crisis services for other apps' forms and messages (e.g. "This form is not
    monitored for emergencies" beside a comment box): the full list with the help page link,
    or with ``compact`` one short line of call and text links."""
    banner = _banner_or_none(context)
    return {"banner": banner, "compact": compact, "stylesheet": safety_stylesheet(context)}
