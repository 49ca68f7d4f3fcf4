"""A frontend-cache backend that records what would be purged (for the CDN purge tests)."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

PURGED = []
EVERYTHING = "(the whole site)"


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)

    def purge_batch(self, urls):
        PURGED.extend(urls)


class RecordingPurgeEverythingBackend(RecordingBackend):
    def purge_everything(self):
        PURGED.append(EVERYTHING)
