"""Response headers for public pages: caching that lets a CDN keep them whole, and a strict
Content-Security-Policy."""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

from .conf import setting


@cache
def admin_prefixes():
    """Where Wagtail's and Django's admin screens live on this site (they decide their own
    headers), e.g. ``("/admin/", "/django-admin/")``. Read from the site's URLs, so a host
    that mounts the admin at ``/cms/`` is recognised; compared with ``path_info``, so a site
    deployed under a sub-path still matches."""
    prefixes = []
    for name in ("wagtailadmin_home", "admin:index"):
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue
        script_prefix = get_script_prefix()
        if path.startswith(script_prefix):
            path = "/" + path[len(script_prefix) :]
        prefixes.append(path)
    return tuple(prefixes)


def keep_response_private(request):
    """Ask :class:`PublicCacheHeadersMiddleware` to mark this response ``private``.

    For the rare public page that shows one reader's own state (e.g. "thanks for your answer"
    after a no-JavaScript vote): browsers may keep it, shared caches must not.
    """
    request.keep_response_private = True


def cdn_purges_configured():
    """True when ``wagtail.contrib.frontend_cache`` is installed with a purge backend, so a
    CDN that keeps pages can be told to drop them."""
    return apps.is_installed("wagtail.contrib.frontend_cache") and bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
    )


class PublicCacheHeadersMiddleware:
    """Mark anonymous, cookie-free GET responses as publicly cacheable, with an ``ETag``.

    Pages are identical for every visitor (no per-visitor token, no cookie), so caches may
    keep them, but browsers must ask again every time (``max-age=0``) and get a 304 when the
    ``ETag`` still matches: an owner who saves a change sees it on the next load. Shared caches
    get ``s-maxage=PUBLIC_CACHE_SECONDS`` only when a CDN purge backend is configured, so no
    CDN keeps crisis numbers it cannot be told to drop. Anything that sets a cookie, varies on
    the cookie, already decides its own caching, or is not a plain successful GET is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "keep_response_private", False):
            patch_cache_control(response, private=True, max_age=0)
        elif self.is_public(request, response):
            shared = {}
            if cdn_purges_configured():
                shared["s_maxage"] = setting("PUBLIC_CACHE_SECONDS")
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True, **shared)
            if not response.streaming and not response.has_header("ETag"):
                set_response_etag(response)
            return get_conditional_response(request, etag=response.get("ETag"), response=response)
        return response

    @staticmethod
    def is_public(request, response):
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return False
        if response.has_header("Cache-Control") or response.cookies:
            return False
        if "cookie" in response.get("Vary", "").lower():
            return False
        return not request.path_info.startswith(admin_prefixes())


class ContentSecurityPolicyMiddleware:
    """Send the ``CONTENT_SECURITY_POLICY`` setting with every page outside the admin.

    Public templates have no inline script or style and load nothing from another site, so the
    policy allows only the site's own files (and the video players a reader chooses to load). If
    markup ever slipped into a public page, say through an article's rich text, the browser
    would still refuse to run its scripts or load its styles, pictures and frames from another
    site. The admin is left out: Wagtail's screens rely on inline scripts, and so do Django's
    technical error pages shown when ``DEBUG`` is on. So are previews: Wagtail renders them
    through this middleware with a stand-in request for the public address (``is_dummy``), and
    the admin must be able to frame them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = setting("CONTENT_SECURITY_POLICY")
        if (
            policy
            and not request.path_info.startswith(admin_prefixes())
            and not getattr(request, "is_dummy", False)
            and not (settings.DEBUG and response.status_code >= 400)
            and not response.has_header("Content-Security-Policy")
        ):
            response["Content-Security-Policy"] = policy
        return response
