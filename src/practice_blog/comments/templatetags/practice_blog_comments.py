"""``{% reader_comments page %}`` and ``{% comment_count page %}`` for any page type with
:class:`~practice_blog.comments.models.CommentsMixin`.

The markup is the same for every visitor (no per-visitor token), so pages stay cacheable whole.
A page's approved comments and replies are read in one query, shared by both tags, whatever
their number.
"""

from django import template
from django.apps import apps
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import render_to_string
from django.utils.html import urlize
from django.utils.safestring import mark_safe

from ..models import CommentSettings, ReaderComment
from ..moderation import closed_reason
from ..views import form_context

register = template.Library()
REQUEST_ATTRIBUTE = "_practice_blog_comments"
FIELDS = ("id", "parent_id", "display_name", "body", "created_at", "is_practice_reply")


def approved_thread(request, page):
    """``(comments, count)``: the page's approved top-level comments in date order, each with
    ``shown_replies``; replies to a comment that is not shown are left out."""
    cached = getattr(request, REQUEST_ATTRIBUTE, {}) if request is not None else {}
    if page.pk in cached:
        return cached[page.pk]
    rows = list(
        ReaderComment.objects.approved()
        .filter(page_id=page.pk)
        .only(*FIELDS)
        .order_by("created_at", "id")
    )
    top = [row for row in rows if row.parent_id is None]
    by_id = {row.pk: row for row in top}
    for row in top:
        row.shown_replies = []
    for row in rows:
        if row.parent_id in by_id:
            by_id[row.parent_id].shown_replies.append(row)
    count = len(top) + sum(len(row.shown_replies) for row in top)
    result = (top, count)
    if request is not None:
        cached[page.pk] = result
        setattr(request, REQUEST_ATTRIBUTE, cached)
    return result


@register.filter
def comment_text(value):
    """A comment's plain text as paragraphs, with its addresses as links that search engines
    neither follow nor credit (``rel="nofollow ugc"``)."""
    linked = urlize(value, nofollow=True, autoescape=True)
    linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc"')
    return mark_safe(linebreaks_filter(mark_safe(linked), autoescape=False))  # noqa: S308


@register.simple_tag(takes_context=True)
def comment_crisis_help(context, compact=False):
    """The crisis services beside the form and after an urgent comment: the safety app's, or
    the US lines when it is not installed."""
    if apps.is_installed("practice_blog.safety"):
        from practice_blog.safety.templatetags.practice_blog_safety import crisis_services

        services = crisis_services(context, compact=compact)
        return render_to_string(
            "practice_blog/safety/includes/crisis_services.html",
            services,
            request=context.get("request"),
        )
    return render_to_string("practice_blog/comments/includes/crisis_fallback.html")


AUTOCOMPLETE = {"name": "nickname", "email": "email", "body": "off"}


@register.simple_tag
def comment_field(field):
    """A form field's input, tied to its hint and error for screen readers."""
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-help")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
    attrs = {"autocomplete": AUTOCOMPLETE.get(field.name, "off")}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


def takes_comments(page):
    return page is not None and hasattr(page, "comments_open")


@register.inclusion_tag("practice_blog/comments/includes/comments.html", takes_context=True)
def reader_comments(context, page):
    """The page's approved comments and, while comments are open, the form."""
    request = context.get("request")
    if request is None or not takes_comments(page):
        return {"show": False}
    comment_settings = CommentSettings.for_request(request)
    comments, count = approved_thread(request, page)
    closed = closed_reason(page, comment_settings)
    if closed and not count:
        return {"show": False}
    return {
        "show": True,
        "page": page,
        "comments": comments,
        "count": count,
        "closed": closed,
        "request": request,  # for the crisis services' remembered banner
        "form_context": None if closed else form_context(request, page),
    }


@register.inclusion_tag("practice_blog/comments/includes/comment_count.html", takes_context=True)
def comment_count(context, page):
    """ "3 comments", linking to them, for the page's header; nothing without comments."""
    request = context.get("request")
    if request is None or not takes_comments(page):
        return {"count": 0}
    return {"count": approved_thread(request, page)[1]}
