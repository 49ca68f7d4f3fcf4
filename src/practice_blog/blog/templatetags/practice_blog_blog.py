"""Template tags for articles: heading anchors, footnotes, share links and structured data."""

import json
from urllib.parse import quote, urlencode

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from wagtail.rich_text import expand_db_html

register = template.Library()

# The characters that could end a <script> element or start a comment, escaped the way
# Django's json_script escapes them, so the data cannot break out of its element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def heading_anchor(context, text):
    """A heading id unique on the page (plain slug when rendered outside an article)."""
    state = context.get("article_state")
    return state.heading_id(text) if state else slugify(text)


@register.simple_tag(takes_context=True)
def footnoted(context, rich_text):
    """Rich text with its ``[n]`` markers linked to the article's footnotes."""
    html = expand_db_html(rich_text.source)
    state = context.get("article_state")
    return state.link_markers(html) if state else mark_safe(html)


@register.simple_tag(takes_context=True)
def numbered_notes(context, notes):
    """Number the notes of a footnotes block: ``(number, note, id, back-link id)``."""
    state = context.get("article_state")
    if state is None:
        return [(n, note, f"fn-{n}", None) for n, note in enumerate(notes, start=1)]
    return state.take_notes(notes)


@register.filter
def ld_json(value):
    """Serialise ``value`` for a ``<script type="application/ld+json">`` element, safely."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        # format_html would HTML-escape the JSON; the unicode escapes above already make
        # it safe inside <script>, so mark it as safe text.
        _SafeJson(data.translate(JSON_SCRIPT_ESCAPES)),
    )


class _SafeJson(str):
    """JSON text already escaped for a script element."""

    def __html__(self):
        return self


def share_links(url, title):
    """Plain share links: nothing is loaded from these sites until a reader clicks one."""
    return [
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        (
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{title} {url}"})),
        ("Email", f"mailto:?subject={quote(title)}&body={quote(url)}"),
    ]


@register.inclusion_tag("practice_blog/blog/includes/share_links.html")
def article_share_links(url, title):
    """The "Share this article" list for ``url``."""
    return {"url": url, "title": title, "links": share_links(url, title)}


@register.simple_tag(takes_context=True)
def blog_url(context, blog_index, route_name, *args):
    """The address of one of a blog's own pages, e.g. ``{% blog_url index "tag_view" slug %}``."""
    if blog_index is None:
        return ""
    base = blog_index.get_url(context.get("request"))
    if base is None:
        return ""
    return base.rstrip("/") + "/" + blog_index.reverse_subpage(route_name, args=args).lstrip("/")
