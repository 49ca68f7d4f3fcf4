"""Template tags for the site frame: the main navigation."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("home/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """A "Home" link, then the home page's live children marked "Show in menus" (one query)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"home": None, "menu_pages": []}
    root = site.root_page
    children = root.get_children().live().in_menu().only("id", "title", "url_path", "depth")
    return {"home": root, "menu_pages": children, "current_page": context.get("page")}
