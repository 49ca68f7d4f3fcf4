"""StreamField building blocks several Practice Blog apps share: social links, headings whose
level an editor chooses (so the page outline stays correct for screen readers) and pictures."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

PAGE_OR_ADDRESS = "Choose a page or enter an address."


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
        template = "practice_blog/core/blocks/social_link.html"


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
        template = "practice_blog/core/blocks/heading.html"


def require_page_or_address(value, page="page", url="url"):
    """For a link block with a page chooser and an address field: one of them must be filled.

    Raises the error on the page field, so the editor sees it where the choice starts.
    """
    if not value.get(page) and not value.get(url):
        raise StructBlockValidationError(block_errors={page: ValidationError(PAGE_OR_ADDRESS)})


class PictureBlock(ImageBlock):
    """Wagtail's image block in the words the rest of the admin uses: a "Picture description"
    (Wagtail says "Alt text") that readers who cannot see the picture hear instead.

    Stored exactly like :class:`~wagtail.images.blocks.ImageBlock` (it deconstructs as one),
    so switching to it needs no data change.
    """

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["alt_text"].label = "Picture description"
        self.child_blocks["alt_text"].field.help_text = (
            "What the picture shows, for readers who cannot see it. Leave empty to use the "
            "description saved with the picture."
        )
        self.child_blocks["decorative"].label = "Decorative only (no description needed)"
