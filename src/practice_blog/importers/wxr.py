"""The WordPress adapter: reads a WXR file (WordPress → Tools → Export) as a stream.

The file is parsed with defusedxml, which refuses document types and entities (the "billion
laughs" and external-entity attacks; a real export never has either), and each ``<item>`` is
dropped once read, so memory stays flat however long the export is.
"""

import datetime
import html
import os
import re
from collections import Counter
from urllib.parse import unquote, urlsplit

from django.utils import timezone
from django.utils.text import slugify

from .records import (
    DRAFT,
    PUBLISHED,
    TRASHED,
    ImportedArticle,
    ImportedAuthor,
    ImportedComment,
    SourceError,
)
from .xmlstream import (
    MAX_FILE_BYTES,
    Refusals,
    local_name,
    plain_text,
    stream_events,
    unique_authors,
)

WP_NAMESPACE = "http://wordpress.org/export/"  # followed by the WXR version, e.g. "1.2/"
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}
WORDPRESS_DATE = "%Y-%m-%d %H:%M:%S"
# WordPress's default category, which says nothing about the article.
DEFAULT_CATEGORIES = {"uncategorized"}
UNPUBLISHED_STATUSES = {
    "private": "Was private in WordPress",
    "pending": "Was waiting for review in WordPress",
    "future": "Was scheduled in WordPress",
}

# Gutenberg stores its blocks as HTML comments around ordinary HTML: <!-- wp:quote --> … and
# <!-- wp:latest-posts {"postsToShow":3} /--> for blocks WordPress builds when the page is shown.
BLOCK_COMMENT = re.compile(r"<!--\s*(/?)wp:([a-z0-9/_-]+)(?:\s+\{.*?\})?\s*(/?)-->", re.S | re.I)
MORE_COMMENT = re.compile(r"<!--\s*(?:more|nextpage)\b.*?-->", re.S | re.I)
CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.S | re.I)
CAPTION_ATTRIBUTE = re.compile(r"""\bcaption\s*=\s*(["'])(.*?)\1""", re.S | re.I)
IMAGE_TAG = re.compile(r"(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*</a>)?", re.S | re.I)
EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.S | re.I)
SHORTCODE = re.compile(r"\[(/?)([a-z][a-z0-9_-]*)((?:\s[^\]]*)?)(/?)\]", re.I)
CLOSING_SHORTCODE = re.compile(r"\[/([a-z][a-z0-9_-]*)\]", re.I)
# Shortcodes WordPress and common plugins register, recognised even without attributes
# (otherwise "[sic]" or a footnote marker in the text would be taken for one).
KNOWN_SHORTCODES = {
    "audio", "gallery", "playlist", "video", "contact-form", "contact-form-7", "gravityform",
    "wpforms", "ninja_form", "mc4wp_form", "instagram-feed", "recent-posts", "toc",
}  # fmt: skip


def _not_an_export(name, reason):
    return (
        f"{name} is not a WordPress export ({reason}). In WordPress, use Tools → "
        "Export → Download Export File, and import the .xml file it gives you."
    )


REFUSALS = Refusals(
    too_big=(
        "Export the posts only (WordPress → Tools → Export → Posts), or by date range in "
        "several files."
    ),
    export_again="Export it again from WordPress → Tools → Export",
    never_declares="WordPress exports never do",
    not_this_kind=_not_an_export,
)


class WordPressExport:
    """The posts of one WordPress export, as :class:`ImportedArticle` records.

    Iterating reads the file from the start each time; :meth:`count` reads it once without
    keeping anything, which also proves the whole file is readable before anything is
    written. After an iteration, :attr:`left_out` counts the items that are not posts
    ("page", "attachment", "nav_menu_item", …).

    Dates without a time zone (drafts have only local time) are read in ``time_zone``, the
    site's time zone unless given: WordPress does not export its own.
    """

    source_kind = "wordpress"

    def __init__(self, path, *, time_zone=None, max_bytes=MAX_FILE_BYTES):
        self.path = os.fspath(path)
        self.name = os.path.basename(self.path)
        self.time_zone = time_zone or timezone.get_default_timezone()
        self.max_bytes = max_bytes
        self.left_out = Counter()
        self.base_url = ""  # the blog's address, once the export has given it
        self.picture_hosts = set()  # the old site's own, as the export names them

    def count(self):
        """How many posts the export holds (reading the whole file)."""
        return sum(1 for kind, element in self._channel_children() if _is_post(kind, element))

    def __iter__(self):
        self.left_out = Counter()
        self.picture_hosts = set()
        authors = {}
        base_url = ""
        # Featured images name an attachment, which the export usually lists after its post.
        attachments = self.attachment_addresses()
        for kind, element in self._channel_children():
            if kind == "wp:author":
                login, author = _author(element)
                authors[login] = author
            elif kind in {"wp:base_blog_url", "wp:base_site_url", "link"}:
                address = (element.text or "").strip()
                if kind == "wp:base_blog_url":
                    base_url = self.base_url = address
                if urlsplit(address).hostname:
                    self.picture_hosts.add(urlsplit(address).hostname)
            elif kind == "item":
                post_type = _child_text(element, "wp:post_type") or "post"
                if post_type == "post":
                    yield self._article(element, authors, base_url, attachments)
                else:
                    self.left_out[post_type] += 1

    def attachment_addresses(self):
        """``{attachment id: picture address}`` for the export's media (reading the file)."""
        addresses = {}
        for kind, element in self._channel_children():
            if kind == "item" and _child_text(element, "wp:post_type") == "attachment":
                address = _child_text(element, "wp:attachment_url")
                if address:
                    addresses[_child_text(element, "wp:post_id")] = address
        return addresses

    def _channel_children(self):
        """``(kind, element)`` for each complete child of ``<channel>``; dropped afterwards."""
        yield from self._walk(
            stream_events(self.path, name=self.name, max_bytes=self.max_bytes, refusals=REFUSALS)
        )

    def _walk(self, events):
        depth = 0
        channel = None
        inside_channel = False  # only the channel's own children are items and metadata
        is_export = False
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    found = f"its content is <{local_name(element.tag)}>"
                    raise SourceError(self._not_an_export(found))
                if depth == 2:
                    inside_channel = element.tag == "channel"
                    if inside_channel:
                        channel = element
                continue
            if depth == 3 and inside_channel:
                kind = _kind(element.tag)
                if kind == "wp:wxr_version":
                    is_export = True
                elif kind == "item" and not is_export:
                    raise SourceError(self._not_an_export("it is an RSS feed"))
                yield kind, element
                channel.remove(element)
            depth -= 1
        if channel is None or not is_export:
            raise SourceError(self._not_an_export("it has no WordPress export version"))

    def _not_an_export(self, reason):
        return _not_an_export(self.name, reason)

    def _article(self, item, authors, base_url, attachments):
        """The record for one ``<item>`` of type post."""
        fields = {}
        categories = []
        comments = []
        meta = {}
        for child in item:
            kind = _kind(child.tag)
            if kind == "category":
                categories.append((child.get("domain", ""), html.unescape(child.text or "")))
            elif kind == "wp:comment":
                comments.append(_comment(child))
            elif kind == "wp:postmeta":
                meta[_child_text(child, "wp:meta_key")] = _child_text(child, "wp:meta_value")
            else:
                fields.setdefault(kind, child.text or "")
        notes = []
        title = html.unescape(fields.get("title", "")).strip()
        if not title:
            title = "Untitled article"
            notes.append("The post has no title; called it “Untitled article”.")
        published_at = self._published_at(fields, notes)
        body_html, body_notes = clean_wordpress_markup(fields.get("content:encoded", ""))
        notes.extend(body_notes)
        status = self._status(fields, notes)
        creator = fields.get("dc:creator", "").strip()
        article_authors = [authors.get(creator) or ImportedAuthor(name=creator)] if creator else []
        # Co-Authors Plus lists further authors as categories of the "author" domain.
        article_authors += [ImportedAuthor(name) for kind, name in categories if kind == "author"]
        return ImportedArticle(
            source_id=_source_id(fields, base_url),
            title=title,
            slug=_slug(fields.get("wp:post_name", ""), title, notes),
            published_at=published_at,
            excerpt=plain_text(fields.get("excerpt:encoded", "")),
            body_html=body_html,
            tags=_tags(categories),
            authors=unique_authors(article_authors),
            old_paths=_old_paths(fields.get("link", "")),
            status=status,
            comments=[comment for comment in comments if comment is not None],
            featured_image_url=self._featured_image(meta, attachments, notes),
            post_number=_post_number(fields.get("wp:post_id", "")),
            notes=notes,
        )

    def _featured_image(self, meta, attachments, notes):
        attachment_id = meta.get("_thumbnail_id", "")
        if not attachment_id:
            return ""
        address = attachments.get(attachment_id, "")
        if not address:
            notes.append("Its featured image is not in the export (export “All content”).")
        return address

    def _published_at(self, fields, notes):
        """The post's date at the blog's own offset from UTC (so its date is the one readers
        saw); a date WordPress gives only in local time is read in :attr:`time_zone`."""
        utc = _wordpress_date(fields.get("wp:post_date_gmt"))
        local = _wordpress_date(fields.get("wp:post_date"))
        if utc is not None:
            offset = (local - utc) if local is not None else datetime.timedelta(0)
            if abs(offset) >= datetime.timedelta(days=1):
                offset = datetime.timedelta(0)
            return (utc + offset).replace(tzinfo=datetime.timezone(offset))
        if local is not None:
            notes.append(
                f"The export gives the date without a time zone; read it as {self.time_zone} time."
            )
            return timezone.make_aware(local, self.time_zone)
        notes.append("The export gives no date.")
        return None

    def _status(self, fields, notes):
        status = fields.get("wp:status", "").strip()
        if status == "trash":
            return TRASHED
        if fields.get("wp:post_password", "").strip():
            notes.append(
                "Had a password in WordPress: kept as a draft. Choose who may see it (Privacy) "
                "before publishing."
            )
            return DRAFT
        if status in UNPUBLISHED_STATUSES:
            notes.append(f"{UNPUBLISHED_STATUSES[status]}: kept as a draft.")
        return PUBLISHED if status == "publish" else DRAFT


def _is_post(kind, element):
    return kind == "item" and (_child_text(element, "wp:post_type") or "post") == "post"


def _kind(tag):
    """An element's name as WordPress writes it: "item", "wp:post_name", "excerpt:encoded"."""
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    if namespace.startswith(WP_NAMESPACE):
        prefix = "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    else:
        prefix = NAMESPACES.get(namespace, namespace)
    return f"{prefix}:{local}"


def _child_text(element, kind):
    for child in element:
        if _kind(child.tag) == kind:
            return (child.text or "").strip()
    return ""


def _author(element):
    """``(login, author)`` from a channel's ``<wp:author>``."""
    values = {_kind(child.tag): (child.text or "").strip() for child in element}
    login = values.get("wp:author_login", "")
    full_name = f"{values.get('wp:author_first_name', '')} {values.get('wp:author_last_name', '')}"
    name = values.get("wp:author_display_name") or full_name.strip() or login
    return login, ImportedAuthor(name=html.unescape(name), email=values.get("wp:author_email", ""))


def _comment(element):
    """A reader's comment, or ``None`` for pingbacks, trackbacks and spam."""
    values = {_kind(child.tag): child.text or "" for child in element}
    approved = values.get("wp:comment_approved", "").strip()
    if values.get("wp:comment_type", "").strip() in {"pingback", "trackback"} or approved == "spam":
        return None
    posted_at = _wordpress_date(values.get("wp:comment_date_gmt"))
    return ImportedComment(
        author_name=values.get("wp:comment_author", "").strip(),
        author_email=values.get("wp:comment_author_email", "").strip(),
        posted_at=posted_at.replace(tzinfo=datetime.UTC) if posted_at else None,
        body_html=values.get("wp:comment_content", ""),
        approved=approved == "1",
    )


def _wordpress_date(value):
    """A naive datetime from WordPress's "2023-05-14 09:30:00" (drafts have all zeros)."""
    try:
        return datetime.datetime.strptime((value or "").strip(), WORDPRESS_DATE)
    except ValueError:
        return None


def _post_number(post_id):
    post_id = post_id.strip()
    return int(post_id) if post_id.isascii() and post_id.isdigit() and len(post_id) < 19 else None


def _source_id(fields, base_url):
    """WordPress's permanent identifier: the guid, else the blog's address and the post id."""
    guid = fields.get("guid", "").strip()
    if guid:
        return guid
    post_id = fields.get("wp:post_id", "").strip()
    return f"{base_url}?p={post_id}" if post_id else ""


def _slug(post_name, title, notes):
    slug = slugify(unquote(post_name.strip()), allow_unicode=True)
    if not slug:
        slug = slugify(title, allow_unicode=True) or "article"
        if post_name.strip() == "":
            notes.append(f"The post has no address name; made “{slug}” from the title.")
    return slug


def _tags(categories):
    """Categories and tags, as our tags (case-insensitively unique, WordPress's default out)."""
    tags = []
    seen = set()
    for domain, name in categories:
        name = " ".join(name.split())
        if domain not in {"category", "post_tag"} or not name:
            continue
        if name.lower() in DEFAULT_CATEGORIES or name.lower() in seen:
            continue
        seen.add(name.lower())
        tags.append(name[:100])
    return tags


def _old_paths(link):
    """The path of the post's old address; none for "/?p=12" (drafts have no address)."""
    path = urlsplit(link.strip()).path
    return [path] if path not in {"", "/"} else []


def clean_wordpress_markup(content):
    """WordPress's own markup turned into plain HTML, and notes on what was left out.

    Gutenberg block comments and ``<!--more-->`` go; ``[caption]`` becomes a figure with its
    caption; ``[embed]`` keeps its address (a video address on its own becomes a video);
    other shortcodes are removed, keeping any text between an opening and closing one.
    """
    notes = []
    dynamic = []

    def block_comment(match):
        closing, name, self_closing = match.groups()
        if self_closing and name not in dynamic:
            dynamic.append(name)
        return ""

    content = MORE_COMMENT.sub("", content)
    content = BLOCK_COMMENT.sub(block_comment, content)
    for name in dynamic:
        notes.append(
            f"WordPress block “{name}” is built by WordPress when the page is shown, so the "
            "export has nothing of it to bring over; left out."
        )
    content = CAPTION.sub(_caption_as_figure, content)
    content = EMBED.sub(lambda match: f"\n\n{match.group(1).strip()}\n\n", content)
    content, removed = _remove_shortcodes(content)
    notes.extend(f"WordPress shortcode [{name}] removed." for name in removed)
    return content, notes


def _caption_as_figure(match):
    attributes, inner = match.group(2), match.group(3)
    image = IMAGE_TAG.search(inner)
    caption = CAPTION_ATTRIBUTE.search(attributes)
    text = caption.group(2) if caption else IMAGE_TAG.sub("", inner)
    picture = image.group(0) if image else ""
    return f"<figure>{picture}<figcaption>{text.strip()}</figcaption></figure>"


def _remove_shortcodes(content):
    """Remove ``[name …]`` and ``[/name]``; returns the text and the names removed."""
    closed = {name.lower() for name in CLOSING_SHORTCODE.findall(content)}
    removed = []

    def replace(match):
        closing, name, attributes, self_closing = match.groups()
        name = name.lower()
        is_shortcode = (
            closing or self_closing or attributes.strip() or name in closed
        ) or name in KNOWN_SHORTCODES
        if not is_shortcode:
            return match.group(0)
        if name not in removed:
            removed.append(name)
        return ""

    return SHORTCODE.sub(replace, content), removed
