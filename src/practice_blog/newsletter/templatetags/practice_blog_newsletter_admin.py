"""Admin-only template tags for the newsletter (the export buttons)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def subscriber_export_links(context):
    """``(label, url)`` pairs for the export buttons the current user may use."""
    from ..wagtail_hooks import export_links

    return export_links(context["request"].user)
