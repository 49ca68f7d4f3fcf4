"""Another platform's article HTML, as the blocks of our article body.

The HTML is untrusted: it is sanitised with nh3 first (scripts, styles, forms and their
content go), then read into a small tree and turned into blocks: headings, paragraphs and
lists (as paragraph rich text), block quotes (as pull quotes), YouTube and Vimeo videos (as
the video block, which loads nothing until the reader asks), dividers. Anything else keeps
its text as a paragraph. Rich text holds only what our paragraph block allows (bold, italic,
links, lists, line breaks). Every change a reader could notice becomes a note for the report.
"""

import html as html_module
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from django.utils.html import escape

from practice_blog.blog.blocks import video_embed

# What the converter understands; other tags are unwrapped (their text kept).
ALLOWED_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code", "dd",
    "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "i", "iframe", "img", "li", "main", "mark", "ol", "p", "pre", "q",
    "s", "section", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul",
}  # fmt: skip
# Removed with everything inside them.
REMOVED_WITH_CONTENT = {
    "audio", "button", "canvas", "embed", "form", "map", "math", "noscript", "object",
    "script", "select", "style", "svg", "template", "textarea", "video",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "iframe": {"src", "title"},
}
# Embedded posts from social networks: a quotation in the HTML, a script on the page.
SOCIAL_EMBEDS = {"twitter-tweet", "instagram-media", "tiktok-embed", "fb-xfbml-parse-ignore"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# What the dropped tags are called in the report.
DROPPED = {
    "script": "script",
    "style": "style sheet",
    "form": "form",
    "object": "embedded object",
    "embed": "embedded object",
    "audio": "audio player",
    "video": "video file player",
    "svg": "drawing (SVG)",
}

INLINE_TAGS = {
    "a", "abbr", "b", "br", "cite", "code", "em", "i", "img", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "u",
}  # fmt: skip
VOID_TAGS = {"br", "hr", "img", "wbr"}
BOLD = {"b", "strong"}
ITALIC = {"em", "i", "cite"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Blocks whose text is kept without their markup (pictures in them follow them).
TEXT_ONLY_BLOCKS = HEADINGS | {"pre", "table"}
BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")

# Our blocks' limits (practice_blog.blog.blocks).
HEADING_MAX = 120
QUOTE_MAX = 400
ATTRIBUTION_MAX = 120
CAPTION_MAX = 250
VIDEO_TITLE_MAX = 120


@dataclass
class Element:
    """One HTML element of the sanitised article: its tag, attributes and children."""

    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """nh3's output is well-formed, so a stack of open elements is all it takes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("body")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


class _DroppedTags(HTMLParser):
    """Counts the tags sanitising will remove with their content, for the report."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.counts = {}
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED:
            self.counts[tag] = self.counts.get(tag, 0) + 1
            source = dict(attrs).get("src")
            if tag in {"video", "audio"} and source:
                self.sources.append(source)


def sanitise(html):
    """The HTML with only tags and attributes the converter understands, and notes on what
    went (scripts, styles, forms, players)."""
    scan = _DroppedTags()
    scan.feed(html)
    scan.close()
    notes = []
    for tag, count in scan.counts.items():
        if tag in {"audio", "video"} and scan.sources:
            continue  # named one by one below
        name = DROPPED[tag]
        notes.append(f"{count} {name}{'s' if count > 1 else ''} removed.")
    notes.extend(f"Video or audio file not brought over: {source}" for source in scan.sources)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes={"blockquote": SOCIAL_EMBEDS},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return cleaned, notes


def html_to_blocks(html, pictures=None):
    """``(blocks, notes)``: the article body as StreamField data (``[{"type", "value"}]``) and
    what was changed or left out on the way.

    ``pictures(address, description=…, title=…)`` gives ``(image, note)`` for a picture's
    address (e.g. :meth:`.pictures.PictureLibrary.image_for`); without it pictures are only
    listed in the notes.
    """
    cleaned, notes = sanitise(html)
    builder = _TreeBuilder()
    builder.feed(cleaned)
    builder.close()
    converter = _Converter(notes, pictures)
    converter.blocks_from(builder.root.children, autop=True)
    converter.add_waiting_pictures()
    converter.flush()
    return converter.blocks, converter.notes


def image_block_value(image, description, caption=""):
    """An image block's value; a picture the old site did not describe is marked decorative
    (readers are not read its file name) until someone describes it."""
    return {
        "image": {"image": image.pk, "alt_text": description, "decorative": not description},
        "caption": caption[:CAPTION_MAX],
    }


def first_paragraph_text(blocks):
    """The text of the body's first paragraph (for a summary when the source has none)."""
    for block in blocks:
        if block["type"] == "paragraph":
            first = re.search(r"<p>(.*?)</p>", block["value"], re.S)
            if first:
                text = re.sub(r"<[^>]+>", "", first.group(1).replace("<br/>", " "))
                return _plain(html_module.unescape(text))
    return ""


def video_page_address(url):
    """The video's public page ("https://www.youtube.com/watch?v=…") for a player or page
    address, or ``""`` when it is not a YouTube or Vimeo video."""
    found = video_embed(url)
    if found is None:
        return ""
    host, player = found
    video_id = urlsplit(player).path.rstrip("/").rpartition("/")[2]
    if host == "YouTube":
        return f"https://www.youtube.com/watch?v={video_id}"
    return f"https://vimeo.com/{video_id}"


class _Converter:
    """Walks the sanitised tree, collecting blocks; consecutive text becomes one paragraph
    block, as an editor would write it."""

    def __init__(self, notes, pictures=None):
        self.blocks = []
        self.notes = list(notes)
        self.rich_text = []
        self.pictures = pictures
        self.waiting_pictures = []  # pictures inside a paragraph, added after it

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    def flush(self):
        if self.rich_text:
            self.blocks.append({"type": "paragraph", "value": "".join(self.rich_text)})
            self.rich_text = []

    def add(self, block_type, value):
        self.flush()
        self.blocks.append({"type": block_type, "value": value})

    def blocks_from(self, children, autop=False):
        """Convert a list of nodes. Runs of inline content become paragraphs; with ``autop``
        (content outside any element, as WordPress's classic editor stores it) a blank line
        starts a new paragraph and a line break is kept."""
        run = []
        for child in children:
            if isinstance(child, str) or child.tag in INLINE_TAGS:
                run.append(child)
                continue
            self.paragraphs(run, autop)
            run = []
            self.block(child)
        self.paragraphs(run, autop)

    def block(self, element):
        tag = element.tag
        if tag in TEXT_ONLY_BLOCKS:
            # These keep their text only: their pictures come right after them.
            self.waiting_pictures.extend(_descendants(element, "img"))
        if tag in HEADINGS:
            self.heading(element)
        elif tag == "p":
            self.blocks_from(element.children)
        elif tag in {"ul", "ol"}:
            self.rich_text.append(self.list_html(element))
        elif tag == "blockquote":
            self.quote(element)
        elif tag == "figure":
            self.figure(element)
        elif tag == "iframe":
            self.embedded_frame(element)
        elif tag == "hr":
            self.add("divider", None)
        elif tag == "pre":
            self.preformatted(element)
        elif tag == "table":
            self.table(element)
        elif tag == "dl":
            self.definitions(element)
        else:  # div, section, article, header, footer, aside, a stray li or figcaption…
            self.blocks_from(element.children, autop=True)
        if tag in TEXT_ONLY_BLOCKS:
            self.add_waiting_pictures()

    def paragraphs(self, run, autop):
        """Paragraphs from a run of inline nodes (a bare video address becomes a video)."""
        for nodes in _split_on_blank_lines(run) if autop else [run]:
            content = self.inline_html(nodes, line_breaks=autop).strip()
            content = re.sub(r"^(?:<br/>\s*)+|(?:\s*<br/>)+$", "", content)
            text = _plain(_text(nodes))
            if not text:
                self.add_waiting_pictures()
                continue
            if " " not in text and video_embed(text):
                self.video(text, title="", caption="")
            else:
                self.rich_text.append(f"<p>{content}</p>")
            self.add_waiting_pictures()

    def add_waiting_pictures(self):
        waiting, self.waiting_pictures = self.waiting_pictures, []
        for element in waiting:
            self.picture(element)

    def heading(self, element):
        text = _plain(_text(element.children))
        if not text:
            return
        if len(text) > HEADING_MAX:
            self.note(
                f"A heading longer than {HEADING_MAX} characters is kept as a bold paragraph: "
                f"“{text[:40]}…”"
            )
            self.rich_text.append(f"<p><b>{escape_text(text)}</b></p>")
            return
        if element.tag == "h1":
            self.note("A level-1 heading became a section heading (only the title is level 1).")
        level = "h2" if element.tag in {"h1", "h2"} else "h3"
        self.add("heading", {"text": text, "level": level})

    def quote(self, element, attribution=""):
        if SOCIAL_EMBEDS & set(element.attrs.get("class", "").split()):
            links = [a.attrs.get("href") for a in _descendants(element, "a") if a.attrs.get("href")]
            where = f": {links[-1]}" if links else ""
            self.note(f"An embedded social media post was left out{where}")
            return
        citations = [child for child in element.children if _is(child, {"cite", "footer"})]
        quoted = [child for child in element.children if child not in citations]
        attribution = attribution or _plain(" ".join(_text(c.children) for c in citations))
        attribution = attribution.lstrip("—–-― ").strip()
        text = "\n\n".join(
            part for part in (_plain(_text([node])) for node in _block_children(quoted)) if part
        )
        if not text:
            return
        if len(text) > QUOTE_MAX:
            self.note(
                f"A quotation longer than {QUOTE_MAX} characters is kept as paragraphs: "
                f"“{text[:40]}…”"
            )
            self.blocks_from(quoted)
            return
        self.add("pull_quote", {"quote": text, "attribution": attribution[:ATTRIBUTION_MAX]})
        # A pull quote holds text only: its pictures come right after it.
        self.waiting_pictures.extend(_descendants(element, "img"))
        self.add_waiting_pictures()

    def figure(self, element):
        captions = [child for child in element.children if _is(child, {"figcaption"})]
        caption = _plain(" ".join(_text(c.children) for c in captions))
        content = [child for child in element.children if child not in captions]
        frames = list(_descendants_in(content, "iframe"))
        if frames and video_page_address(frames[0].attrs.get("src", "")):
            self.embedded_frame(frames[0], caption=caption)
            return
        quotes = list(_descendants_in(content, "blockquote"))
        if quotes:
            self.quote(quotes[0], attribution=caption)
            return
        images = list(_descendants_in(content, "img"))
        if images:
            for image in images:
                self.picture(image, caption=caption)
            return
        text = _plain(_text(content))
        if " " not in text and video_embed(text):
            self.video(text, title="", caption=caption)
            return
        self.blocks_from(element.children, autop=True)

    def embedded_frame(self, element, caption=""):
        source = element.attrs.get("src", "")
        if video_page_address(source):
            self.video(source, title=element.attrs.get("title", ""), caption=caption)
        else:
            host = urlsplit(source).hostname or "another site"
            self.note(f"Embedded content from {host} was left out.")

    def video(self, address, title, caption):
        """Our consent-first video block, with the video's public address."""
        url = video_page_address(address)
        host = video_embed(url)[0]
        title = _plain(title)
        if not title:
            title = f"Video from {host}"
            self.note(
                f"A video had no title; called it “{title}”: give it one that says what it shows."
            )
        if len(caption) > CAPTION_MAX:
            self.note(f"A video caption was shortened to {CAPTION_MAX} characters.")
        value = {"url": url, "title": title[:VIDEO_TITLE_MAX], "caption": caption[:CAPTION_MAX]}
        self.add("embed", value)

    def picture(self, element, caption=""):
        source = element.attrs.get("src", "")
        width, height = element.attrs.get("width", ""), element.attrs.get("height", "")
        if width in {"0", "1"} and height in {"0", "1"}:
            self.note(f"Tracking pixel removed ({urlsplit(source).hostname or 'no address'}).")
        elif not source:
            self.note("A picture without a usable address was left out.")
        elif self.pictures is None:
            with_caption = f" (caption: “{caption}”)" if caption else ""
            self.note(f"Picture not brought over (no media folder given): {source}{with_caption}")
        else:
            description = _plain(element.attrs.get("alt", ""))
            image, problem = self.pictures(source, description=description, title=caption)
            if image is None:
                self.note(problem)
                return
            if not description:
                self.note(
                    f"A picture had no description, so it is marked decorative for now: "
                    f"describe it in the article ({source})."
                )
            if len(caption) > CAPTION_MAX:
                self.note(f"A picture caption was shortened to {CAPTION_MAX} characters.")
            self.add("image", image_block_value(image, description, caption))

    def preformatted(self, element):
        lines = [escape_text(line) for line in _text(element.children).strip("\n").split("\n")]
        if any(line.strip() for line in lines):
            self.note("Preformatted text (code) is kept as a paragraph.")
            self.rich_text.append(f"<p>{'<br/>'.join(lines)}</p>")

    def table(self, element):
        rows = []
        for row in _descendants(element, "tr"):
            cells = [_plain(_text(c.children)) for c in row.children if _is(c, {"td", "th"})]
            if any(cells):
                rows.append(" | ".join(cells))
        if rows:
            self.note("A table is kept as paragraphs, one for each row.")
            self.rich_text.extend(f"<p>{escape_text(row)}</p>" for row in rows)

    def definitions(self, element):
        for child in element.children:
            if _is(child, {"dt", "dd"}):
                content = self.inline_html(child.children).strip()
                if content:
                    self.rich_text.append(
                        f"<p><b>{content}</b></p>" if child.tag == "dt" else f"<p>{content}</p>"
                    )

    def list_html(self, element):
        items = []
        for child in element.children:
            if not _is(child, {"li"}):
                continue
            nested = [node for node in child.children if _is(node, {"ul", "ol"})]
            inline = [node for node in child.children if node not in nested]
            content = self.inline_html(inline).strip()
            content += "".join(self.list_html(sublist) for sublist in nested)
            if content:
                items.append(f"<li>{content}</li>")
        return f"<{element.tag}>{''.join(items)}</{element.tag}>" if items else ""

    def inline_html(self, nodes, line_breaks=False):
        """Rich text for inline content: bold, italic, links and line breaks; other tags keep
        only their text; pictures wait to be added after the paragraph."""
        parts = []
        for node in nodes:
            if isinstance(node, str):
                text = escape_text(node)
                if line_breaks:
                    text = re.sub(r"[^\S\n]*\n\s*", "<br/>", text)
                parts.append(re.sub(r"\s+", " ", text))
                continue
            tag = node.tag
            if tag == "br":
                parts.append("<br/>")
            elif tag == "img":
                self.waiting_pictures.append(node)
            elif tag == "iframe":
                self.note("A video or embed inside a line of text was left out.")
            elif tag in {"ul", "ol"}:
                parts.append(" " + _plain(_text(node.children)) + " ")
            else:
                inner = self.inline_html(node.children)
                if tag in BOLD and inner.strip():
                    parts.append(f"<b>{inner}</b>")
                elif tag in ITALIC and inner.strip():
                    parts.append(f"<i>{inner}</i>")
                elif tag == "a" and node.attrs.get("href") and inner.strip():
                    parts.append(f'<a href="{escape(node.attrs["href"])}">{inner}</a>')
                elif tag == "q":
                    parts.append(f"“{inner}”")
                elif tag in INLINE_TAGS:
                    parts.append(inner)
                else:  # a block inside inline content: keep its text apart
                    parts.append(f" {inner} ")
        return re.sub(r" {2,}", " ", "".join(parts))


def _is(node, tags):
    return isinstance(node, Element) and node.tag in tags


def _descendants(element, tag):
    for child in element.children:
        if isinstance(child, Element):
            if child.tag == tag:
                yield child
            yield from _descendants(child, tag)


def _descendants_in(nodes, tag):
    for node in nodes:
        if _is(node, {tag}):
            yield node
        if isinstance(node, Element):
            yield from _descendants(node, tag)


def _block_children(nodes):
    """Nodes grouped so each paragraph inside a quotation is one part."""
    run = []
    for node in nodes:
        if isinstance(node, str) or node.tag in INLINE_TAGS:
            run.append(node)
            continue
        if run:
            yield Element("span", children=run)
            run = []
        yield node
    if run:
        yield Element("span", children=run)


def _split_on_blank_lines(nodes):
    """Inline nodes split into paragraphs where a text holds a blank line."""
    paragraphs = [[]]
    for node in nodes:
        if isinstance(node, str):
            pieces = BLANK_LINE.split(node)
            paragraphs[-1].append(pieces[0])
            for piece in pieces[1:]:
                paragraphs.append([piece])
        else:
            paragraphs[-1].append(node)
    return paragraphs


def _text(nodes):
    """All the text in some nodes, with a space where one element ends and another begins."""
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif node.tag == "br":
            parts.append("\n")
        else:
            parts.append(_text(node.children))
            if node.tag not in INLINE_TAGS:
                parts.append("\n")
    return "".join(parts)


def escape_text(text):
    """Text for rich text: ``&``, ``<`` and ``>`` escaped, quotation marks left as written."""
    return html_module.escape(text, quote=False)


def _plain(text):
    return " ".join(text.split())
