"""Whole public pages kept in a cache of their own, never stale after a change.

:class:`PageCacheMiddleware` answers anonymous, cookie-less GET and HEAD requests for live
pages from the cache alias named by the ``PAGE_CACHE`` setting (off when that alias is not in
``CACHES``), before the page is routed. It stores only what
:class:`~practice_blog.core.middleware.PublicCacheHeadersMiddleware` marked ``public``: 200
responses from Wagtail's page view that set no cookie and do not vary on it. Previews, private
and password-protected pages, staff and readers with any cookie never reach it.

Every entry is filed under the current :class:`~practice_blog.core.models.PublicContentVersion`.
Saving or deleting anything public pages show (pages, view restrictions, snippets, settings,
redirects, Sites, pictures, documents, tags and their inline rows) moves that version on once
the transaction commits, so the next request renders afresh in every process.
"""

import hashlib
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from modelcluster.fields import ParentalKey

from .cdn import purge_after_page_change, purge_whole_site
from .conf import setting
from .memo import request_version, version_row
from .middleware import admin_prefixes
from .routes import remember_route

ENTRY_MARKER = "X-Page-Cache"
# Saves that only touch a draft, a revision pointer or an edit lock change nothing a reader sees.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def page_cache():
    """The cache that holds whole pages, or ``None`` when the page cache is off."""
    alias = setting("PAGE_CACHE")
    if not alias or alias not in settings.CACHES:
        return None
    try:
        return caches[alias]
    except InvalidCacheBackendError:
        return None


def content_version():
    """The current version's counter (1 before anything has changed)."""
    row = version_row()
    return row[0] if row else 1


def bump_content_version():
    """Move the version on now: every cached page is fresh on its next request."""
    from .models import PublicContentVersion

    rows = PublicContentVersion.objects.filter(pk=1)
    if rows.update(version=F("version") + 1, changed_at=timezone.now()):
        return
    try:
        with transaction.atomic():
            PublicContentVersion.objects.create(pk=1, version=2)
    except IntegrityError:  # created by another process meanwhile
        rows.update(version=F("version") + 1, changed_at=timezone.now())


def content_changed():
    """Say that something public pages show has changed.

    The version moves on after the current transaction commits (at once outside one), so no
    request can render the old content under the new version, and a rolled-back change moves
    nothing.
    """
    transaction.on_commit(bump_content_version)


def is_public_content(model):
    """True for models whose rows public pages show (see the module's docstring)."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    # A new view restriction makes pages private: they must leave every cache at once.
    public = [Page, PageViewRestriction, Site, BaseSiteSetting, BaseGenericSetting]
    public.append(get_image_model())
    if apps.is_installed("wagtail.documents"):
        public.append(get_document_model())
    if apps.is_installed("wagtail.contrib.redirects"):
        public.append(apps.get_model("wagtailredirects", "Redirect"))
    if apps.is_installed("taggit"):
        public.append(apps.get_model("taggit", "Tag"))
    public += get_snippet_models()
    if issubclass(model, tuple(public)):
        return True
    return any(
        isinstance(field, ParentalKey) and is_public_content(field.related_model)
        for field in model._meta.concrete_fields
    )


# Rows that hang off pages but readers never see: Wagtail's staff comments on drafts.
NOT_PUBLIC = frozenset({"wagtailcore.comment", "wagtailcore.commentreply"})


def _public_models():
    if not hasattr(_public_models, "found"):
        _public_models.found = frozenset(
            model
            for model in apps.get_models()
            if model._meta.label_lower not in NOT_PUBLIC and is_public_content(model)
        )
    return _public_models.found


def is_page(model):
    from wagtail.models import Page

    return issubclass(model, Page) or any(
        isinstance(field, ParentalKey) and issubclass(field.related_model, Page)
        for field in model._meta.concrete_fields
    )


def on_save(sender, update_fields=None, raw=False, **kwargs):
    if raw or sender not in _public_models():
        return
    if update_fields and DRAFT_ONLY_FIELDS.issuperset(update_fields):
        return
    content_changed()
    if not is_page(sender):  # pages purge on publish and unpublish (cdn.on_page_published)
        purge_whole_site()


def on_delete(sender, **kwargs):
    if sender in _public_models():
        content_changed()
        purge_whole_site()


def on_page_moved(sender, **kwargs):
    content_changed()
    purge_whole_site()


def on_page_published(sender, instance, **kwargs):
    purge_after_page_change(instance)


def connect_signals():
    """Called from the core app's ``ready()``."""
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(on_save, dispatch_uid="practice_blog_page_cache_save")
    post_delete.connect(on_delete, dispatch_uid="practice_blog_page_cache_delete")
    post_page_move.connect(on_page_moved, dispatch_uid="practice_blog_page_cache_move")
    page_published.connect(on_page_published, dispatch_uid="practice_blog_cdn_publish")
    page_unpublished.connect(on_page_published, dispatch_uid="practice_blog_cdn_unpublish")


def request_key(request):
    """The cache key's text for a request, or ``None`` when the request must bypass the cache:
    scheme, host, path and only the allowed query parameters (each at most once)."""
    query = {}
    allowed = setting("PAGE_CACHE_QUERY_PARAMETERS")
    for name, values in request.GET.lists():
        if name not in allowed or len(values) != 1:
            return None
        query[name] = values[0]
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: let the normal path answer it
        return None
    return f"{request.scheme}://{host}{request.path}?{urlencode(sorted(query.items()))}"


def may_use_cache(request):
    """Anonymous, cookie-less GET or HEAD outside the admin and static files."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.META.get("HTTP_COOKIE") or request.META.get("HTTP_AUTHORIZATION"):
        return False
    path = request.path_info
    skipped = [*admin_prefixes(), settings.STATIC_URL or "/static/", settings.MEDIA_URL or ""]
    return not any(prefix.startswith("/") and path.startswith(prefix) for prefix in skipped)


def is_storable(request, response):
    """Only public 200s of Wagtail's page view, rendered for nobody in particular and the same
    for every request with this key."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and match is not None
        and match.url_name == "wagtail_serve"
        and "public" in response.get("Cache-Control", "")
        and not response.cookies
        # A response that varies on anything (cookies, compression, language) is not the same
        # for every request with this key.
        and not response.has_header("Vary")
        and not response.has_header("Content-Encoding")
        and not (user is not None and user.is_authenticated)
        and not getattr(request, "is_preview", False)
        and len(response.content) <= setting("PAGE_CACHE_MAX_BYTES")
    )


def as_entry(response):
    headers = [(k, v) for k, v in response.items() if k.lower() != ENTRY_MARKER.lower()]
    return {"content": response.content, "headers": headers}


def from_entry(entry):
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    response[ENTRY_MARKER] = "hit"
    return response


class PageCacheMiddleware:
    """Serve and store whole public pages (see the module's docstring). Goes directly before
    ``PublicCacheHeadersMiddleware`` in ``MIDDLEWARE``.

    Pages it cannot serve from the cache are found from per-version memos
    (:mod:`practice_blog.core.routes`), which saves Wagtail's lookups whether the page cache is
    on or off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cache = page_cache()
        text = request_key(request) if cache is not None and may_use_cache(request) else None
        if text is None:
            return self.get_response(request)
        digest = hashlib.sha256(text.encode()).hexdigest()
        key = f"practice-blog:page:{request_version(request)}:{digest}"
        entry = cache.get(key)
        if entry is not None:
            response = from_entry(entry)
            return get_conditional_response(request, etag=response.get("ETag"), response=response)
        response = self.get_response(request)
        if is_storable(request, response):
            cache.set(key, as_entry(response), timeout=setting("PAGE_CACHE_SECONDS"))
            response[ENTRY_MARKER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match.url_name == "wagtail_serve" and request.method in ("GET", "HEAD"):
            path = view_kwargs.get("path", view_args[0] if view_args else "")
            remember_route(request, path)
