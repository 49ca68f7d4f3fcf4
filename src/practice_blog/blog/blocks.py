"""StreamField blocks for articles.

Other apps add their own blocks to :class:`ArticleBodyBlock` with a one-line edit (for
example the newsletter signup and the crisis help block), so the body is a named
``StreamBlock`` subclass rather than a list of tuples inside the model.
"""

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from practice_blog.core import blocks as core_blocks
from practice_blog.newsletter.blocks import NewsletterSignupBlock
from practice_blog.safety.blocks import CrisisHelpBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
NOTE_FEATURES = ["bold", "italic", "link"]

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
VIMEO_ID = re.compile(r"^\d{4,12}$")


def video_embed(url):
    """Return ``(host name, player URL)`` for a YouTube or Vimeo address, or ``None``.

    The player URLs use the hosts' privacy modes (youtube-nocookie.com, Vimeo's ``dnt=1``);
    they are only ever loaded after the reader asks for the video.
    """
    parsed = urlparse(url or "")
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = [part for part in parsed.path.split("/") if part]
    video_id = None
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if path[:1] == ["watch"]:
            video_id = parse_qs(parsed.query).get("v", [None])[0]
        elif len(path) >= 2 and path[0] in {"embed", "shorts", "live"}:
            video_id = path[1]
        if video_id and YOUTUBE_ID.match(video_id):
            return "YouTube", f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be" and path:
        if YOUTUBE_ID.match(path[0]):
            return "YouTube", f"https://www.youtube-nocookie.com/embed/{path[0]}"
    elif host in {"vimeo.com", "player.vimeo.com"}:
        video_id = path[-1] if path else ""
        if VIMEO_ID.match(video_id):
            return "Vimeo", f"https://player.vimeo.com/video/{video_id}?dnt=1"
    return None


class HeadingBlock(core_blocks.HeadingBlock):
    """A section heading with an anchor, so readers can link to a part of the article."""

    class Meta:
        icon = "title"
        label = "Heading"
        template = "practice_blog/blog/blocks/heading.html"


FOOTNOTE_HINT = (
    "To add a footnote, type [1] where it applies (then [2], and so on) and write the notes "
    "in a “Footnotes” block at the end of the article."
)


class ParagraphBlock(blocks.RichTextBlock):
    """Body text. Write [1], [2]… where a footnote applies; they link to the footnotes block."""

    def __init__(self, *args, help_text=FOOTNOTE_HINT, **kwargs):
        super().__init__(*args, help_text=help_text, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Paragraph"
        template = "practice_blog/blog/blocks/paragraph.html"


class ArticleImageBlock(blocks.StructBlock):
    """A picture in the article with alternative text (from the image block) and a caption."""

    image = core_blocks.PictureBlock(
        label="Picture",
        help_text="Describe the picture under “Picture description” for readers who cannot "
        "see it, or tick “Decorative only” if it adds nothing to the text.",
    )
    caption = blocks.CharBlock(
        label="Caption",
        required=False,
        max_length=250,
        help_text="Optional. Shown under the picture, e.g. what it shows or who made it.",
    )

    class Meta:
        icon = "image"
        label = "Image"
        template = "practice_blog/blog/blocks/image.html"


class PullQuoteBlock(blocks.StructBlock):
    """A short quotation set apart from the text, with who said it."""

    quote = blocks.TextBlock(label="Quotation", max_length=400)
    attribution = blocks.CharBlock(
        label="Who said it",
        required=False,
        max_length=120,
        help_text='Optional, e.g. "A client, shared with permission".',
    )

    class Meta:
        icon = "openquote"
        label = "Pull quote"
        template = "practice_blog/blog/blocks/pull_quote.html"


class CalloutBlock(blocks.StructBlock):
    """A boxed note or key takeaway that stands out from the text."""

    heading = blocks.CharBlock(
        label="Box heading",
        max_length=80,
        default="Key takeaway",
        help_text='A few words, e.g. "Key takeaway" or "Try this".',
    )
    text = blocks.RichTextBlock(label="Text", features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "help"
        label = "Callout / key takeaway"
        template = "practice_blog/blog/blocks/callout.html"


class FootnotesBlock(blocks.StructBlock):
    """The notes for the [1], [2]… markers in the text, numbered in order.

    One block at the end of the article is usual; when there are several, numbering
    continues from one block to the next.
    """

    notes = blocks.ListBlock(
        blocks.RichTextBlock(label="Note", features=NOTE_FEATURES),
        label="Notes",
        help_text="The first note is [1] in the text, the second [2], and so on.",
    )

    class Meta:
        icon = "list-ol"
        label = "Footnotes"
        template = "practice_blog/blog/blocks/footnotes.html"


class VideoEmbedBlock(blocks.StructBlock):
    """A YouTube or Vimeo video that only loads after the reader chooses to play it."""

    url = blocks.URLBlock(
        label="Video address",
        help_text="A YouTube or Vimeo link. Nothing is loaded from that site until a reader "
        "clicks to play the video.",
    )
    title = blocks.CharBlock(
        label="Video title",
        max_length=120,
        help_text="Says what the video is, for readers and screen readers.",
    )
    caption = blocks.CharBlock(label="Caption", required=False, max_length=250)

    class Meta:
        icon = "media"
        label = "Video"
        template = "practice_blog/blog/blocks/video_embed.html"

    def clean(self, value):
        """Only YouTube and Vimeo addresses have a known privacy-mode player."""
        value = super().clean(value)
        if video_embed(value.get("url")) is None:
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        "Use a YouTube or Vimeo video address, e.g. https://youtu.be/…"
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        """Add ``video``: the host's name and the player address."""
        context = super().get_context(value, parent_context=parent_context)
        context["video"] = video_embed(value.get("url"))
        return context


class RelatedLinkBlock(blocks.StructBlock):
    """A "For more on this, read …" pointer to another page on this site or elsewhere."""

    lead_in = blocks.CharBlock(
        label="Lead-in",
        max_length=120,
        default="For more on this, read",
        help_text='The words before the link, e.g. "For more on boundaries, read".',
    )
    page = blocks.PageChooserBlock(label="Page on this site", required=False)
    url = blocks.URLBlock(label="…or another address", required=False)
    link_text = blocks.CharBlock(
        label="Link text",
        required=False,
        max_length=160,
        help_text="Leave empty to use the chosen page's title.",
    )

    class Meta:
        icon = "link"
        label = "Related link"
        template = "practice_blog/blog/blocks/related_link.html"

    def clean(self, value):
        """A page or an address is needed, and an address needs link text."""
        value = super().clean(value)
        core_blocks.require_page_or_address(value)
        if not value.get("page") and not value.get("link_text"):
            raise StructBlockValidationError(
                block_errors={"link_text": ValidationError("Say what the address is.")}
            )
        return value


class DividerBlock(blocks.StaticBlock):
    """A quiet line between two parts of the article."""

    class Meta:
        icon = "minus"
        label = "Divider"
        admin_text = "A line between two parts of the article."
        template = "practice_blog/blog/blocks/divider.html"


class ArticleBodyBlock(blocks.StreamBlock):
    """The blocks an editor can use in an article's body."""

    paragraph = ParagraphBlock(features=PARAGRAPH_FEATURES)
    heading = HeadingBlock()
    image = ArticleImageBlock()
    pull_quote = PullQuoteBlock()
    callout = CalloutBlock()
    footnotes = FootnotesBlock()
    embed = VideoEmbedBlock()
    related_link = RelatedLinkBlock()
    divider = DividerBlock()
    crisis_help = CrisisHelpBlock()
    newsletter_signup = NewsletterSignupBlock()


def block_words(block):
    """The words a reader reads in one body block (for the reading time)."""
    value = block.value
    if block.block_type == "paragraph":
        return strip_tags(value.source).split()
    if block.block_type == "heading":
        return value["text"].split()
    if block.block_type == "pull_quote":
        return f"{value['quote']} {value['attribution'] or ''}".split()
    if block.block_type == "callout":
        return f"{value['heading']} {strip_tags(value['text'].source)}".split()
    if block.block_type == "footnotes":
        return " ".join(strip_tags(note.source) for note in value["notes"]).split()
    return []
