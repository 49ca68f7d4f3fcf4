"""The one row the page cache needs: the version of everything public pages show."""

from django.db import models


class PublicContentVersion(models.Model):
    """A counter that every change to public content moves on (see ``core.page_cache``).

    Cached pages are filed under the version they were rendered at, so a new version makes
    every page fresh on its next request. It lives in the database rather than in one
    process's memory, so a change saved in one web worker, the task worker or a management
    command is seen by every process at once, and no cache eviction can bring an old version
    back.
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "public content version"

    def __str__(self):
        return f"Public content version {self.version}"
