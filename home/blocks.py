"""StreamField blocks for the home page, and building blocks other apps reuse (social links,
heading levels). The home page body itself is composed in ``home.models``, where it can include
other apps' blocks without an import cycle."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class SocialLinkBlock(blocks.StructBlock):
    """A link to a profile on any network, named by the editor (no network list to maintain)."""

    network = blocks.CharBlock(
        label="Network",
        max_length=40,
        help_text='The name readers see, e.g. "Instagram", "LinkedIn" or "Psychology Today".',
    )
    url = blocks.URLBlock(label="Address (URL)", help_text="The full address of the profile page.")

    class Meta:
        icon = "link"
        label = "Social link"
        template = "home/blocks/social_link.html"


class HeadingLevelBlock(blocks.ChoiceBlock):
    """Level 2 or 3, for any block with a heading: editors keep the page outline correct for
    screen readers without knowing HTML. Used by other apps' blocks too."""

    choices = [("h2", "Section (level 2)"), ("h3", "Subsection (level 3)")]

    def __init__(self, default="h2", label="Heading level", **kwargs):
        # ChoiceBlock takes its default as an argument (a Meta default would be overwritten).
        super().__init__(default=default, label=label, **kwargs)


class HeadingBlock(blocks.StructBlock):
    """A section heading; the level keeps the page outline correct for screen readers."""

    text = blocks.CharBlock(label="Heading text", max_length=120)
    level = HeadingLevelBlock(help_text="Use level 2 for main sections and level 3 inside them.")

    class Meta:
        icon = "title"
        template = "home/blocks/heading.html"


class ImageWithCaptionBlock(blocks.StructBlock):
    """An image with alternative text (from the image block) and an optional caption."""

    image = ImageBlock(
        label="Image",
        help_text="Describe the picture in the alternative text for readers who cannot see it.",
    )
    caption = blocks.CharBlock(label="Caption", required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "home/blocks/image.html"


class CallToActionBlock(blocks.StructBlock):
    """A short invitation with one link, e.g. "Book a free consultation"."""

    heading = blocks.CharBlock(label="Heading", max_length=120)
    text = blocks.TextBlock(label="Text", required=False, max_length=400)
    link_text = blocks.CharBlock(label="Button text", max_length=60)
    page = blocks.PageChooserBlock(label="Link to a page on this site", required=False)
    url = blocks.URLBlock(label="…or to another address", required=False)

    class Meta:
        icon = "pick"
        label = "Call to action"
        template = "home/blocks/call_to_action.html"

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page or enter an address.")}
            )
        return value
