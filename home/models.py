"""The home page and the practice's contact details (a site setting)."""

from django.db import models
from django.db.models.signals import post_delete
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page

from practice_blog.core.links import phone_uri
from practice_blog.core.memo import RememberedSiteSetting
from practice_blog.core.page_editing import PROMOTE_PANELS, PlainPageForm
from practice_blog.core.routes import RememberedRestrictionsMixin
from practice_blog.newsletter.blocks import NewsletterSignupBlock
from practice_blog.safety.blocks import CrisisHelpBlock

from .blocks import (
    CallToActionBlock,
    HeadingBlock,
    ImageWithCaptionBlock,
    SocialLinkBlock,
)


class HomeBodyBlock(blocks.StreamBlock):
    """The blocks an editor can use on the home page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label="Paragraph",
        features=["bold", "italic", "link", "ol", "ul"],
        template="home/blocks/paragraph.html",
    )
    image = ImageWithCaptionBlock()
    call_to_action = CallToActionBlock()
    crisis_help = CrisisHelpBlock()
    newsletter_signup = NewsletterSignupBlock()


class HomePage(RememberedRestrictionsMixin, Page):
    """The practice's front page: a short introduction, then blocks the editor arranges."""

    introduction = RichTextField(
        verbose_name="Introduction",
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A few sentences welcoming visitors: who you help and how.",
    )
    body = StreamField(
        HomeBodyBlock(),
        verbose_name="Page content",
        blank=True,
        help_text="Add headings, paragraphs, pictures and invitations in any order.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    promote_panels = PROMOTE_PANELS
    base_form_class = PlainPageForm

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "Home page"


@register_setting(icon="home")
class PracticeSettings(RememberedSiteSetting, BaseSiteSetting):
    """Who the practice is and how to reach it; shown in the header and footer of every page.

    A site setting rather than a page so staff find it under Settings and every template can
    read it without a query per field. Empty fields are simply left out of the footer.
    """

    # Read with the setting, so the remembered copy needs no query for the logo.
    select_related = ["logo"]

    name = models.CharField(
        verbose_name="Practice name",
        max_length=120,
        default="Our practice",
        help_text="Shown at the top of every page and in the footer.",
    )
    tagline = models.CharField(
        verbose_name="Tagline",
        max_length=160,
        blank=True,
        help_text='A short line under the name, e.g. "Counselling in Maple Falls".',
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Logo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. Shown beside the practice name, which already says who you are, so "
        "the logo needs no picture description.",
    )
    street_address = models.TextField(
        verbose_name="Street address",
        blank=True,
        help_text="As you would write it on an envelope; one line per line of the address.",
    )
    phone = models.CharField(
        verbose_name="Phone number",
        max_length=40,
        blank=True,
        help_text="The number clients call to book. Shown as a tappable link.",
    )
    email = models.EmailField(
        verbose_name="Email address",
        blank=True,
        help_text="A general inbox, not a personal one. Shown as a link.",
    )
    website = models.URLField(
        verbose_name="Main website",
        blank=True,
        help_text="Only if the practice has a separate main website.",
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        verbose_name="Social links",
        blank=True,
        help_text="Profiles on any network, in the order you want them shown.",
    )
    copyright_line = models.CharField(
        verbose_name="Copyright line",
        max_length=160,
        blank=True,
        help_text='Shown at the very bottom, e.g. "© 2026 Maple Falls Counselling".',
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("tagline"), FieldPanel("logo")], "Name"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
            ],
            "Contact details",
        ),
        FieldPanel("social_links"),
        FieldPanel("copyright_line"),
    ]

    class Meta:
        verbose_name = "Practice details"
        verbose_name_plural = "Practice details"

    def __str__(self):
        return self.name

    @property
    def phone_href(self):
        """The phone number as a ``tel:`` URI (digits and a leading +)."""
        return phone_uri(self.phone)


class DemoRecord(models.Model):
    """One thing ``load_demo`` made, remembered so the demo can be removed again.

    ``load_demo`` writes a record for each article, author, picture, subscriber and newsletter
    email it makes (kind "content": removed with the demo) and for each page or setting the
    owner's own work lives under (kind "structure": kept, only its demo wording reset). The
    fingerprint and revision say what the object looked like when the demo left it, so that
    removal can tell the owner's edits from the demo's own content; ``wording`` holds the demo's
    value of each field that removal puts back to neutral wording. Records point at objects
    loosely (content type and id) because the objects live in other apps.
    """

    class Kind(models.TextChoices):
        CONTENT = "content", "Demo content, removed with the demo"
        STRUCTURE = "structure", "Kept; only its demo wording is reset"

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name="Type", on_delete=models.CASCADE
    )
    object_id = models.CharField(verbose_name="Object id", max_length=64)
    kind = models.CharField(verbose_name="Kind", max_length=10, choices=Kind.choices)
    revision_id = models.PositiveIntegerField(
        verbose_name="Latest revision when loaded",
        null=True,
        blank=True,
        help_text="For pages and authors: a newer revision means someone has edited it since.",
    )
    fingerprint = models.CharField(
        verbose_name="Fingerprint when loaded",
        max_length=64,
        blank=True,
        help_text="A hash of the fields as the demo left them.",
    )
    wording = models.JSONField(
        verbose_name="Demo wording",
        default=dict,
        blank=True,
        help_text="For kept pages and settings: the demo's value of each field to reset.",
    )
    kept = models.BooleanField(
        verbose_name="Kept by the owner",
        default=False,
        help_text="Set when a removal kept it because it had been edited: it is the owner's now.",
    )
    recorded_at = models.DateTimeField(verbose_name="Recorded at", auto_now=True)

    class Meta:
        verbose_name = "demo record"
        verbose_name_plural = "demo records"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="home_demo_record_object"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} ({self.kind})"


def forget_deleted_demo_object(sender, instance, **kwargs):
    """Drop the record of a demo object someone deleted, so the demo no longer counts it."""
    from django.contrib.contenttypes.models import ContentType

    if isinstance(instance, Page):
        content_type_id = instance.content_type_id
    else:
        content_type_id = ContentType.objects.get_for_model(instance, for_concrete_model=False).pk
    DemoRecord.objects.filter(content_type_id=content_type_id, object_id=str(instance.pk)).delete()


# Everything the demo records as content; a page is deleted as a ``Page`` row whatever its type.
for demo_model in (
    "wagtailcore.Page",
    "practice_blog_blog.Author",
    get_image_model_string(),
    "wagtailcore.Collection",
    "practice_blog_newsletter.Subscriber",
    "practice_blog_newsletter.Dispatch",
):
    post_delete.connect(
        forget_deleted_demo_object, sender=demo_model, dispatch_uid=f"home-demo-{demo_model}"
    )
