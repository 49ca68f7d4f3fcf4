"""Load what the crisis banner, content notes and help blocks show, once per request.

Every public page calls :func:`load_banner`; it makes the same small number of queries
whatever the page (setting, chosen resources, emergency fallback, help page fallback) and keeps
the result on the request so the banner, the footer link and a content note share it.
"""

from dataclasses import dataclass, field

from django.utils.translation import get_language
from wagtail.models import Site

from ..core.memo import remembered
from .models import (
    BANNER_MAX_RESOURCES,
    COUNTRY_ORDER,
    Country,
    CrisisBannerSettings,
    CrisisResource,
    HelpPage,
    Placement,
    banner_version,
)

_CACHE_ATTRIBUTE = "_safety_crisis_banner"


@dataclass
class Banner:
    """The crisis banner's content for one site, ready for a template."""

    is_enabled: bool
    message: str
    resources: list
    emergency: CrisisResource | None
    danger_text: str
    help_url: str
    help_link_text: str
    placement: str
    allow_dismiss: bool
    version: str = field(default="")

    @property
    def shows_at_end(self):
        """True when staff asked for the banner at the end of articles too."""
        return self.placement == Placement.TOP_AND_END


def _site_for(request):
    if request is not None:
        return Site.find_for_request(request)
    return Site.objects.filter(is_default_site=True).select_related("root_page").first()


def _settings_for(site, request):
    if site is None:
        # No site matches (e.g. a test host): show the defaults without writing a row.
        return CrisisBannerSettings()
    if request is not None:
        return CrisisBannerSettings.for_request(request)
    return CrisisBannerSettings.for_site(site)


def default_resources():
    """The first three active, non-emergency resources: used when staff chose none."""
    return list(
        CrisisResource.objects.active()
        .filter(is_emergency=False)
        .in_display_order()[:BANNER_MAX_RESOURCES]
    )


def _chosen_resources(settings):
    if settings.pk is None:
        return []
    rows = (
        settings.banner_resources.filter(resource__is_active=True)
        .select_related("resource")
        .order_by("sort_order")
    )
    return [row.resource for row in rows[:BANNER_MAX_RESOURCES]]


def _emergency_for(settings):
    chosen = settings.emergency_resource
    if chosen is not None and chosen.is_active:
        return chosen
    return CrisisResource.objects.active().filter(is_emergency=True).in_display_order().first()


def _help_url(settings, site, request):
    page = settings.help_page
    if page is None or not page.live:
        pages = HelpPage.objects.live()
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        page = pages.only("id", "url_path", "depth", "path").first()
    if page is None:
        return ""
    return page.get_url(request) or ""


def load_banner(request=None):
    """The banner for the request's site (or the default site), cached on the request and
    remembered until public content changes (a banner or service save changes it).

    Raises ``DatabaseError`` if the database is unreachable; callers show the static fallback.
    """
    if request is not None and hasattr(request, _CACHE_ATTRIBUTE):
        return getattr(request, _CACHE_ATTRIBUTE)
    site = _site_for(request)
    key = ("crisis-banner", site.pk if site else None, get_language())
    banner = remembered(request, key, lambda: _build_banner(site, request))
    if request is not None:
        setattr(request, _CACHE_ATTRIBUTE, banner)
    return banner


def _build_banner(site, request):
    settings = _settings_for(site, request)
    resources = _chosen_resources(settings) or default_resources()
    emergency = _emergency_for(settings)
    banner = Banner(
        is_enabled=settings.is_enabled,
        message=settings.message,
        resources=resources,
        emergency=emergency,
        danger_text=settings.danger_text,
        help_url=_help_url(settings, site, request),
        help_link_text=settings.help_link_text,
        placement=settings.placement,
        allow_dismiss=settings.allow_dismiss,
    )
    banner.version = banner_version(
        [
            banner.message,
            banner.danger_text,
            banner.help_link_text,
            *[resource.fingerprint() for resource in resources],
            emergency.fingerprint() if emergency else "",
        ]
    )
    return banner


def resources_by_country():
    """Every active resource grouped by country: ``[(country label, [resources]), …]``.

    Emergency numbers come first in each group so "in immediate danger" is read first.
    """
    groups = {}
    for resource in CrisisResource.objects.active().in_display_order():
        groups.setdefault(resource.country, []).append(resource)
    labels = dict(Country.choices)
    return [(labels[code], groups[code]) for code in COUNTRY_ORDER if code in groups]
