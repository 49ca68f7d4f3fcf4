"""What the importer remembers between runs."""

from django.db import models


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
