"""``NewsletterSignupBlock``: the signup form as a StreamField block, for any page type."""

from wagtail import blocks

from practice_blog.core.blocks import HeadingLevelBlock

from .templatetags.practice_blog_newsletter import signup_form_context


class NewsletterSignupBlock(blocks.StructBlock):
    """The signup form inside a page's body. Its words come from Settings → Newsletter; the
    heading and text can be changed here for one page."""

    heading = blocks.CharBlock(
        label="Heading",
        max_length=120,
        required=False,
        help_text="Leave empty to use the heading from Settings → Newsletter.",
    )
    text = blocks.TextBlock(
        label="Text",
        max_length=500,
        required=False,
        help_text="Leave empty to use the text from Settings → Newsletter.",
    )
    heading_level = HeadingLevelBlock(
        help_text="Use level 3 when the form sits inside a section with its own heading.",
    )

    class Meta:
        icon = "mail"
        label = "Newsletter signup"
        template = "practice_blog/newsletter/blocks/newsletter_signup.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(
            signup_form_context(
                parent_context or {},
                heading=value.get("heading") or "",
                text=value.get("text") or "",
                heading_level=value.get("heading_level") or "h2",
                variant="block",
            )
        )
        return context
