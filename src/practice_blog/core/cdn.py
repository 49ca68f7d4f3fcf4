"""Purges of a CDN configured through ``wagtail.contrib.frontend_cache``.

Wagtail purges a page's own addresses when it is published or unpublished. What else a change
touches is purged here, through the task queue and after the transaction commits:

- a page that says which other pages show it (``cdn_related_pages()``, e.g. an article: its
  blog's lists, tag and author pages and feeds, and the home page) purges those and the sitemap;
- any other change (a setting such as the banner or practice details, a snippet, a redirect,
  a picture, a move or a deletion) touches every page, so the whole site is purged: with the
  provider's purge-everything where the backend offers it (the two backends below), else every
  live page's addresses.
"""

import json
import logging
from urllib.request import Request, urlopen

from django.db import transaction
from django_tasks import task
from wagtail.contrib.frontend_cache.backends import CloudflareBackend as WagtailCloudflare
from wagtail.contrib.frontend_cache.backends import CloudfrontBackend as WagtailCloudfront

from .middleware import cdn_purges_configured

logger = logging.getLogger(__name__)


class CloudflareBackend(WagtailCloudflare):
    """Wagtail's Cloudflare backend, plus Cloudflare's "purge everything" for a zone."""

    def purge_everything(self):
        headers = {"Content-Type": "application/json"}
        if self.cloudflare_token:
            headers["Authorization"] = f"Bearer {self.cloudflare_token}"
        else:
            headers["X-Auth-Email"] = self.cloudflare_email
            headers["X-Auth-Key"] = self.cloudflare_api_key
        body = json.dumps({"purge_everything": True}).encode()
        request = Request(self.cloudflare_purge_endpoint_url, body, headers, method="POST")
        with urlopen(request, timeout=20) as response:  # noqa: S310 (a fixed https address)
            response.read()


class CloudfrontBackend(WagtailCloudfront):
    """Wagtail's CloudFront backend, plus an invalidation of ``/*`` for every distribution."""

    def purge_everything(self):
        distributions = self.cloudfront_distribution_id
        if isinstance(distributions, dict):
            distributions = set(distributions.values())
        else:
            distributions = {distributions}
        for distribution_id in distributions:
            self._create_invalidation(distribution_id, ["/*"])


@task()
def purge_whole_site_task():
    """Drop every page of every site from each configured CDN."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
    from wagtail.models import Page

    backends = get_backends()
    every_page = None
    for name, backend in backends.items():
        if hasattr(backend, "purge_everything"):
            logger.info("[%s] Purging the whole site", name)
            backend.purge_everything()
            continue
        if every_page is None:
            batch = PurgeBatch()
            batch.add_pages(Page.objects.live().public().specific().iterator())
            every_page = sorted(batch.urls)
        backend.purge_batch(every_page)


def purge_whole_site():
    """Purge the whole site from the CDN once the current transaction commits."""
    if cdn_purges_configured():
        transaction.on_commit(purge_whole_site_task.enqueue)


def purge_after_page_change(page):
    """After ``page`` was published or unpublished: purge what else shows it."""
    if not cdn_purges_configured():
        return
    specific = page.specific_deferred
    related = getattr(specific, "cdn_related_pages", None)
    if related is None:
        purge_whole_site()  # a menu, the home page or a help page: every page may show it
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages(related())
    site = page.get_site()
    if site is not None:
        batch.add_url(site.root_url + "/sitemap.xml")
    transaction.on_commit(batch.purge)


def purge_page(page):
    """Purge ``page``'s own addresses once the transaction commits: for a change shown on that
    page alone (e.g. a reader comment approved or removed)."""
    if not cdn_purges_configured():
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_page(page.specific_deferred)
    transaction.on_commit(batch.purge)
