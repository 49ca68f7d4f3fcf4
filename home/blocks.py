"""StreamField blocks for the demo site's home page. The shared building blocks (headings, social
links) come from ``practice_blog.core.blocks``."""

from wagtail import blocks

from practice_blog.core.blocks import (
    HeadingBlock,
    HeadingLevelBlock,
    PictureBlock,
    SocialLinkBlock,
    require_page_or_address,
)

__all__ = ["HeadingBlock", "HeadingLevelBlock", "SocialLinkBlock"]


class ImageWithCaptionBlock(blocks.StructBlock):
    """A picture with its description (from the picture block) and an optional caption."""

    image = PictureBlock(
        label="Picture",
        help_text="Describe the picture under “Picture description” for readers who cannot see it.",
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
        value = super().clean(value)
        require_page_or_address(value)
        return value
