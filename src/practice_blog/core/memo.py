"""What every public page reads, kept in each process's memory until public content changes.

Every public page shows the same site-wide things (the practice's details, the main menu, the
crisis banner and its services, the newsletter and feedback settings) and is found the same
way (its Site, the route to it, whether a view restriction covers it). Reading those on every
request costs a dozen queries; :func:`remembered` reads them once per *content version* instead.

The version is :class:`~practice_blog.core.models.PublicContentVersion`, the row the page cache
files its entries under: every save or delete of anything public pages show moves it on once
the transaction commits, in whichever process made the change. Each request reads it once (one
query) and a memo made under another version is dropped, so a change is seen by every worker on
its next request, never later than the page cache sees it.

Rules that keep memos correct:

- A value is built *after* the version was read, so it is never older than that version.
- Nothing is remembered inside a database transaction (``ATOMIC_REQUESTS``, or a test that
  never commits): such a transaction may see rows nobody else can, or be rolled back.
- Values are shared by every thread of a process: callers store plain data, or model instances
  that they copy (:func:`copy.copy`) before handing them to a request.
- A memo holds at most :data:`MAX_ENTRIES` keys (least recently used go first), so keys made of
  what a visitor sends (host names, paths) cannot make it grow without bound.
"""

import copy
import threading
from collections import OrderedDict

from django.db import connection

MAX_ENTRIES = 2000
REQUEST_ATTRIBUTE = "_practice_blog_content_version"

_lock = threading.Lock()
_memo = {"version": None, "entries": OrderedDict()}


def version_row():
    """``(counter, changed_at)`` of the public content version, or ``None`` before anything
    has changed."""
    from .models import PublicContentVersion

    return PublicContentVersion.objects.filter(pk=1).values_list("version", "changed_at").first()


def read_version():
    """The version of public content as text: its counter and when it last moved ("1" before
    anything has changed). The time tells apart two databases that reached the same counter,
    as test databases flushed between tests do."""
    row = version_row()
    if row is None:
        return "1"
    version, changed_at = row
    return f"{version}.{changed_at.timestamp():.6f}" if changed_at else str(version)


def request_version(request):
    """The version of public content for this request, read once per request."""
    version = getattr(request, REQUEST_ATTRIBUTE, None)
    if version is None:
        version = read_version()
        setattr(request, REQUEST_ATTRIBUTE, version)
    return version


def remembered(request, key, build, keep=None):
    """``build()``'s result, made at most once per content version and process.

    ``key`` must name everything the result depends on besides public content (the site, the
    language, the path). Without a request, or inside a transaction, ``build()`` runs every time.
    A result for which ``keep(result)`` is false is returned but not remembered.
    """
    if request is None or connection.in_atomic_block:
        return build()
    version = request_version(request)
    entries = _memo["entries"]
    with _lock:
        if _memo["version"] == version and key in entries:
            entries.move_to_end(key)
            return entries[key]
    value = build()
    if keep is not None and not keep(value):
        return value
    with _lock:
        if _memo["version"] != version:
            _memo["version"] = version
            entries.clear()
        entries[key] = value
        while len(entries) > MAX_ENTRIES:
            entries.popitem(last=False)
    return value


def forget():
    """Drop every memo (for tests, whose databases are rolled back under the same version)."""
    with _lock:
        _memo["version"] = None
        _memo["entries"].clear()


class RememberedSiteSetting:
    """For a ``BaseSiteSetting`` that public pages show: ``for_request`` reads it once per
    content version (each request gets its own copy). Put it before ``BaseSiteSetting``."""

    @classmethod
    def for_request(cls, request):
        from wagtail.models import Site

        attribute = cls.get_cache_attr_name()
        if hasattr(request, attribute):
            return getattr(request, attribute)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)  # Wagtail's own error for "no site"
        key = ("site-setting", cls._meta.label, site.pk)
        instance = copy.copy(remembered(request, key, lambda: cls.for_site(site)))
        instance._request = request
        instance._page_url_cache = {}
        setattr(request, attribute, instance)
        return instance
