"""What the importer remembers between runs, and the imports started in the admin."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from practice_blog.core.conf import setting


class ImportFiles(FileSystemStorage):
    """Where uploaded exports and media wait for their import: ``PRACTICE_BLOG["IMPORT_DIR"]``,
    a private folder that is never the public media (exports hold readers' email addresses).
    Read each time, so the setting can change without a migration."""

    @property
    def base_location(self):
        return str(setting("IMPORT_DIR") or Path.home() / "practice-blog-imports")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Uploaded imports are private and have no address.")


class ImportedItem(models.Model):
    """Which page an article from another platform became, so importing again updates that
    page instead of making a second one.

    ``revision`` is the revision the last import saved: when the page's latest revision is a
    different one, someone has edited the article since, and a new import leaves it alone.
    """

    source_kind = models.CharField(
        verbose_name="Source", max_length=40, help_text='The platform, e.g. "wordpress".'
    )
    source_id = models.CharField(
        verbose_name="Identifier in the source",
        max_length=255,
        help_text="How the source platform identifies the article.",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Article",
        null=True,
        blank=True,
        # Kept when staff delete the article, so importing again does not bring it back.
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name="Revision saved by the import",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    post_number = models.PositiveBigIntegerField(
        verbose_name="Number in old links",
        null=True,
        blank=True,
        db_index=True,
        help_text="The number old links ask for, as in WordPress's /?p=123.",
    )
    imported_at = models.DateTimeField(verbose_name="Last imported", auto_now=True)

    class Meta:
        verbose_name = "Imported article"
        verbose_name_plural = "Imported articles"
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id"], name="importers_unique_source_item"
            )
        ]

    def __str__(self):
        return f"{self.source_kind}: {self.source_id}"


class ImportedPicture(models.Model):
    """Which image a picture from another platform became, so it is imported once however
    many articles (or imports) use it."""

    source_kind = models.CharField(verbose_name="Source", max_length=40)
    url_hash = models.CharField(
        verbose_name="Address hash", max_length=64, help_text="SHA-256 of the old address."
    )
    url = models.TextField(verbose_name="Old address")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "Imported picture"
        verbose_name_plural = "Imported pictures"
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "url_hash"], name="importers_unique_source_picture"
            )
        ]

    def __str__(self):
        return self.url


class ImportRun(models.Model):
    """One import started from the admin: the uploaded file, what the check found, and how far
    the import has got. The files are deleted as soon as the import ends, whichever way."""

    class Status(models.TextChoices):
        CHECKING = "checking", "Checking"
        CHECKED = "checked", "Checked: waiting for you"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Could not be read"
        CANCELLED = "cancelled", "Cancelled"

    created_at = models.DateTimeField(verbose_name="Started", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Started by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    blog = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Blog",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_name = models.CharField(verbose_name="File or address", max_length=500)
    source_kind = models.CharField(verbose_name="Source", max_length=40, blank=True)
    source_file = models.FileField(storage=ImportFiles(), upload_to="exports/", blank=True)
    media_file = models.FileField(storage=ImportFiles(), upload_to="media/", blank=True)
    feed_address = models.URLField(verbose_name="Feed address", max_length=2000, blank=True)
    fetch_pictures = models.BooleanField(default=False)
    publish = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CHECKING)
    total = models.PositiveIntegerField(verbose_name="Articles in the file", default=0)
    done_count = models.PositiveIntegerField(verbose_name="Articles read so far", default=0)
    summary = models.TextField(blank=True)
    notes = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Blog import"
        verbose_name_plural = "Blog imports"
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        permissions = [("import_blog", "Can import a blog from another platform")]

    def __str__(self):
        return f"{self.source_name} ({self.get_status_display()})"

    @property
    def in_progress(self):
        return self.status in {self.Status.CHECKING, self.Status.IMPORTING}

    def delete_files(self):
        """Remove the uploaded files (their import is over, or never happens)."""
        for field in (self.source_file, self.media_file):
            if field:
                field.delete(save=False)
