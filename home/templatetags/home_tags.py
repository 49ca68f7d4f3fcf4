"""Template tags for the site frame: the main navigation."""

from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from practice_blog.core.memo import remembered

register = template.Library()


def menu_links(site, request):
    """``(page id, title, address)`` for "Home", then the home page's live children marked
    "Show in menus" (one query)."""
    root = site.root_page
    children = root.get_children().live().in_menu().only("id", "title", "url_path", "depth")
    pages = [root, *children]
    return [
        (page.pk, "Home" if page is root else page.title, page.get_url(request)) for page in pages
    ]


@register.inclusion_tag("home/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The main menu, remembered until public content changes."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"links": []}
    key = ("main-menu", site.pk, get_language())  # addresses follow the language
    links = remembered(request, key, lambda: menu_links(site, request))
    page = context.get("page")
    return {"links": links, "current_pk": page.pk if page else None}
