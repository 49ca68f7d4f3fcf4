"""Finding the page for a request from per-version memos (see :mod:`practice_blog.core.memo`).

Wagtail finds a page by looking up the request's Site (one query), walking the tree from the
site's home page one slug at a time (two queries per level: the child, then its specific
type) and checking the page and its ancestors for view restrictions (two more). Between two
changes to public content the answers cannot change, so :class:`PageCacheMiddleware` hands
Wagtail what an earlier request found: the Site, the page's type and id (loaded in one query
and asked to route what is left of the path, as a routable page does), and the fact that no
view restriction covers it. Wagtail reads them through its own per-request attributes
(``request._wagtail_site``, ``request._wagtail_route_for_request``).

Routes are remembered for the site's home page and for the plugin's own page types when every
page above them routes with Wagtail's own tree walk; anything else (a host page type with its
own ``route()``, which may check more) is routed by Wagtail as always. Under an alias the
view-restriction check is left to Wagtail too (it looks at the alias's original).
"""

import copy
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site

from .memo import remembered

PLUGIN_MODULE = "practice_blog."


class Recipe(NamedTuple):
    """How to find a routed page again: its specific model and id, and the path components
    it routes itself (a routable page's sub-path)."""

    model: type
    pk: int
    remaining: tuple


def _find_site(request):
    site = Site._find_for_request(request)
    if site is not None:
        # Wagtail reads the home page with the Site; leave it out, so that no page instance
        # (and its cached ``specific``) is shared by the threads that get copies of this Site.
        site._state.fields_cache.pop("root_page", None)
    return site


def remember_site(request):
    """Give Wagtail the request's Site from the memo (a copy: memos are shared by threads)."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    key = ("site", hostname, request.get_port())
    site = remembered(request, key, lambda: _find_site(request))
    request._wagtail_site = copy.copy(site) if site is not None else None
    return request._wagtail_site


def _within(page, sections):
    return any(page.path.startswith(path) and page.depth >= depth for path, depth in sections)


def _remembered_sections(request, name, rows):
    """``rows()`` (a ``values_list`` of path and depth), remembered as a sorted tuple."""
    return remembered(request, (name,), lambda: tuple(sorted(set(rows()))))


def restricted_sections(request):
    """``(path, depth)`` of every page with a view restriction: it and its descendants are
    private (what Wagtail's ``public()`` excludes)."""

    def rows():
        return PageViewRestriction.objects.values_list("page__path", "page__depth")

    return _remembered_sections(request, "restricted-sections", rows)


def alias_sections(request):
    """``(path, depth)`` of every alias page: under one, Wagtail checks the restrictions of
    the alias's original instead, so the memo leaves the answer to Wagtail."""

    def rows():
        return Page.objects.filter(alias_of__isnull=False).values_list("path", "depth")

    return _remembered_sections(request, "alias-sections", rows)


def is_outside_private_sections(request, page):
    """True when no view restriction can cover ``page``; ``False`` when one does or when only
    Wagtail's own lookup can tell (under an alias)."""
    sections = restricted_sections(request)
    return not _within(page, sections) and not _within(page, alias_sections(request))


def public_pages(queryset, request=None):
    """``queryset.public()``, with the view restrictions from the memo when there is a request
    (no query for them)."""
    if request is None:
        return queryset.public()
    sections = restricted_sections(request)
    if not sections:
        return queryset
    private = Q()
    for path, depth in sections:
        private |= Q(path__startswith=path, depth__gte=depth)
    return queryset.exclude(private)


# Ancestors whose route() only walks the tree (a routable page's own sub-paths aside).
PLAIN_ROUTES = (Page.route, RoutablePageMixin.route)


def _ancestors_route_plainly(page, root):
    """True when every page from the home page down to ``page``'s parent routes with
    Wagtail's own tree walk: a host page type's ``route()`` may check more (e.g. who is
    logged in), and replaying only the last page's route would skip that."""
    types = (
        page.get_ancestors().filter(depth__gte=root.depth).values_list("content_type_id", flat=True)
    )
    for content_type_id in types:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or model.route not in PLAIN_ROUTES:
            return False
    return True


def _recipe(request, site, path_components, route_result):
    """The recipe for a route Wagtail just found, or ``None`` when it must not be replayed."""
    page = route_result[0]
    root = site.root_page
    is_home = page.pk == site.root_page_id
    if not (is_home or type(page).__module__.startswith(PLUGIN_MODULE)):
        return None
    own_depth = page.depth - root.depth
    walked = path_components[:own_depth]
    # Found by walking the tree slug by slug, not by an ancestor's own route().
    if page.url_path != root.url_path + "".join(f"{slug}/" for slug in walked):
        return None
    if not is_home and not _ancestors_route_plainly(page, root):
        return None
    return Recipe(type(page), page.pk, tuple(path_components[own_depth:]))


def routed_queryset(model):
    """Where a remembered route loads its page from: the model's ``routed_queryset()`` if it
    has one (e.g. to read its main picture in the same query), else its default manager."""
    custom = getattr(model, "routed_queryset", None)
    return custom() if custom is not None else model._default_manager.all()


def remember_route(request, path):
    """Give Wagtail the route for ``path`` from the memo, or let it route and remember that.

    Sets ``request._wagtail_route_for_request`` (and, for :class:`RememberedRestrictionsMixin`,
    whether the page is outside every private section); leaves both unset to let Wagtail do its
    own lookups when the memo cannot answer.
    """
    if hasattr(request, "_wagtail_route_for_request"):
        return
    site = remember_site(request)
    if site is None:
        return
    components = [component for component in path.split("/") if component]

    def build():
        route_result = Page.route_for_request(request, path)
        if route_result is None:
            return None
        return _recipe(request, site, components, route_result)

    key = ("route", site.pk, get_language(), tuple(components))
    # A path that finds no page is not kept: scanners would push out the useful entries.
    recipe = remembered(request, key, build, keep=lambda recipe: recipe is not None)
    if recipe is None:
        return
    if not hasattr(request, "_wagtail_route_for_request"):  # remembered: replay it
        page = routed_queryset(recipe.model).filter(pk=recipe.pk).first()
        if page is None:
            return
        try:
            request._wagtail_route_for_request = page.route(request, list(recipe.remaining))
        except Http404:  # let Wagtail route and answer
            return
    route_result = request._wagtail_route_for_request
    if route_result is not None:
        page = route_result[0]
        page.is_outside_private_sections = is_outside_private_sections(request, page)


class RememberedRestrictionsMixin:
    """For page types: Wagtail's view-restriction check costs no query when the memo says no
    restriction covers the page (aliases keep Wagtail's lookup of their original's)."""

    def get_view_restrictions(self):
        if getattr(self, "is_outside_private_sections", False) and not self.alias_of_id:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
