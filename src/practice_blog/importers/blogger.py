"""The Blogger adapter: reads a backup (Blogger → Settings → Back up content) as a stream.

A backup is an Atom ``<feed>`` whose entries are posts, comments, pages, settings and the
template, in either of Blogger's two forms: the classic one (the kind of each entry is a
``<category>`` of the Google "kind" scheme, comments point to their post with
``<thr:in-reply-to>``) and the newer one (``<blogger:type>``, ``<blogger:status>``,
``<blogger:parent>``). Each entry is dropped once read.

Comments can come after their post, and the file is read as a stream, so iterating reads
the file twice: a first pass keeps only the comments (small, and all a post needs from later
in the file) by post id, the second yields the posts with their comments.
"""

import datetime
import os
import re
from collections import Counter, defaultdict
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
    namespace,
    stream_events,
    unique_authors,
)

ATOM = "http://www.w3.org/2005/Atom"
BLOGGER_2018 = "http://schemas.google.com/blogger/2018"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
BLOG_ID_PREFIX = "tag:blogger.com,1999:blog-"
WORDPRESS_NAMESPACE = "http://wordpress.org/export/"
# What Blogger writes when it does not give a commenter's or author's own details.
NO_EMAIL = "noreply@blogger.com"
NO_NAME = "unknown"
DROPPED_COMMENT_STATUSES = {"deleted", "spam", "trashed"}
# Blogger's thumbnail is the post's first picture cropped to 72 pixels ("/s72-c/" or
# "=s72-c"); the same address with "s1600" gives the picture at full size.
THUMBNAIL_SIZE = re.compile(r"(?<=[/=])s\d+-c(?=/|$)")


def _not_a_backup(name, reason):
    return (
        f"{name} is not a Blogger backup ({reason}). In Blogger, use Settings → Back up "
        "content → Download, and import the .xml file it gives you."
    )


REFUSALS = Refusals(
    too_big="Delete old drafts in Blogger and back it up again, or ask us to help.",
    export_again="Back it up again from Blogger → Settings → Back up content",
    never_declares="Blogger backups never do",
    not_this_kind=_not_a_backup,
)


def is_blogger_feed_header(tag, text):
    """Whether a child of an Atom ``<feed>`` says the feed comes from Blogger."""
    text = (text or "").strip()
    if tag == f"{{{ATOM}}}id":
        return text.startswith(BLOG_ID_PREFIX)
    return tag == f"{{{ATOM}}}generator" and text.lower() == "blogger"


def entry_kind(entry):
    """ "post", "comment", "page", "settings", "template"…, or "" for an entry of no Blogger
    kind (as in an ordinary Atom feed)."""
    for child in entry:
        if child.tag == f"{{{BLOGGER_2018}}}type":
            return (child.text or "").strip().lower()
        if local_name(child.tag) == "category" and child.get("scheme") == KIND_SCHEME:
            term = child.get("term", "")
            if term.startswith(KIND_PREFIX):
                return term.removeprefix(KIND_PREFIX)
    return ""


# Blogger keeps a blog's pictures on Google's hosts, not the blog's own address.
PICTURE_HOSTS = {
    "blogger.googleusercontent.com",
    "1.bp.blogspot.com",
    "2.bp.blogspot.com",
    "3.bp.blogspot.com",
    "4.bp.blogspot.com",
}


class BloggerBackup:
    """The posts of one Blogger backup, as :class:`ImportedArticle` records.

    Iterating reads the file twice from the start (comments first, see the module); :meth:`count`
    reads it once without keeping anything. After an iteration, :attr:`left_out` counts the
    entries that are not posts ("settings", "template", "page").

    Blogger dates carry their offset from UTC; one without is read in ``time_zone``, the
    site's time zone unless given.
    """

    source_kind = "blogger"

    def __init__(self, path, *, time_zone=None, max_bytes=MAX_FILE_BYTES):
        self.path = os.fspath(path)
        self.name = os.path.basename(self.path)
        self.time_zone = time_zone or timezone.get_default_timezone()
        self.max_bytes = max_bytes
        self.left_out = Counter()
        self.picture_hosts = set(PICTURE_HOSTS)

    def count(self):
        """How many posts the backup holds (reading the whole file)."""
        return sum(1 for entry in self._entries() if entry_kind(entry) == "post")

    def __iter__(self):
        comments = self._comments_by_post()
        self.left_out = Counter()
        # Where --fetch-pictures may fetch from: the blog itself and Blogger's picture hosts.
        self.picture_hosts = set(PICTURE_HOSTS)
        for entry in self._entries():
            kind = entry_kind(entry)
            if kind == "post":
                host = _alternate_host(entry)
                if host:
                    self.picture_hosts.add(host)
                yield self._article(entry, comments)
            elif kind != "comment":
                self.left_out[kind] += 1

    def _comments_by_post(self):
        """Every kept comment of the backup, by the id of its post."""
        comments = defaultdict(list)
        for entry in self._entries():
            if entry_kind(entry) == "comment":
                post_id, comment = self._comment(entry)
                if post_id and comment is not None:
                    comments[post_id].append(comment)
        return comments

    def _entries(self):
        """Each complete ``<entry>`` of the backup; dropped afterwards."""
        events = stream_events(
            self.path,
            name=self.name,
            max_bytes=self.max_bytes,
            refusals=REFUSALS,
            events=("start-ns", "start", "end"),
        )
        depth = 0
        feed = None
        namespaces = set()
        is_blogger = False
        for event, element in events:
            if event == "start-ns":
                namespaces.add(element[1])
                is_blogger = is_blogger or element[1] == BLOGGER_2018
                continue
            if event == "start":
                depth += 1
                if depth == 1:
                    feed = element
                    self._check_root(element, namespaces)
                continue
            depth -= 1
            if depth != 1:
                continue
            if element.tag == f"{{{ATOM}}}entry":
                if not is_blogger and not entry_kind(element):
                    raise SourceError(self._a_feed())
                is_blogger = True
                yield element
            elif is_blogger_feed_header(element.tag, element.text):
                is_blogger = True
            feed.remove(element)
        if feed is None or not is_blogger:
            raise SourceError(_not_a_backup(self.name, "it has no Blogger posts or settings"))

    def _check_root(self, root, namespaces):
        if root.tag == f"{{{ATOM}}}feed":
            return
        if local_name(root.tag) == "rss":
            if any(uri.startswith(WORDPRESS_NAMESPACE) for uri in namespaces):
                raise SourceError(
                    _not_a_backup(self.name, "it is a WordPress export")
                    + " A WordPress export is imported as such."
                )
            raise SourceError(self._a_feed())
        found = f"its content is <{local_name(root.tag)}>"
        raise SourceError(_not_a_backup(self.name, found))

    def _a_feed(self):
        return (
            f"{self.name} is a news feed, not a Blogger backup. It can be imported as a feed "
            "(it holds only recent posts, often shortened); for the whole blog, use Blogger → "
            "Settings → Back up content → Download, and import that file."
        )

    def _article(self, entry, comments):
        """The record for one post entry."""
        fields = _fields(entry)
        notes = []
        source_id = fields.get("id", "")
        title = fields.get("title", "").strip()
        if not title:
            title = "Untitled article"
            notes.append("The post has no title; called it “Untitled article”.")
        path = _post_path(entry, fields)
        return ImportedArticle(
            source_id=source_id,
            title=title,
            slug=_slug(path, title),
            published_at=self._date(fields.get("published"), notes),
            body_html=fields.get("content", ""),
            tags=_tags(entry),
            authors=_authors(entry),
            old_paths=[path] if path else [],
            status=_status(entry, fields, notes),
            comments=comments.get(source_id, []),
            featured_image_url=_thumbnail(entry),
            notes=notes,
        )

    def _comment(self, entry):
        """``(post id, comment)``; the comment is ``None`` when deleted or spam."""
        fields = _fields(entry)
        post_id = fields.get("parent", "")
        for child in entry:
            if local_name(child.tag) == "in-reply-to":
                post_id = child.get("ref", "")
            elif local_name(child.tag) == "extendedProperty" and (
                child.get("name") == "blogger.contentRemoved" and child.get("value") == "true"
            ):
                return post_id, None
        status = fields.get("status", "live").strip().lower()
        if status in DROPPED_COMMENT_STATUSES:
            return post_id, None
        authors = _authors(entry) or [ImportedAuthor(name="")]
        author = authors[0]
        return post_id, ImportedComment(
            author_name=author.name,
            author_email=author.email,
            posted_at=self._date(fields.get("published"), []),
            body_html=fields.get("content", ""),
            approved=status == "live",
        )

    def _date(self, value, notes):
        """An RFC 3339 date with its own offset; one without is read in :attr:`time_zone`."""
        try:
            date = datetime.datetime.fromisoformat((value or "").strip())
        except ValueError:
            notes.append("The backup gives no date.")
            return None
        if date.tzinfo is None:
            notes.append(
                f"The backup gives the date without a time zone; read it as {self.time_zone} time."
            )
            return timezone.make_aware(date, self.time_zone)
        return date


def _fields(entry):
    """The text of an entry's simple children by local name ("id", "title", "status"…)."""
    fields = {}
    for child in entry:
        fields.setdefault(local_name(child.tag), child.text or "")
    return fields


def _alternate_host(entry):
    for child in entry:
        if local_name(child.tag) == "link" and child.get("rel") == "alternate":
            return (urlsplit(child.get("href", "")).hostname or "").lower()
    return ""


def _post_path(entry, fields):
    """The path of the post's address: from ``<blogger:filename>``, else its alternate link."""
    filename = fields.get("filename", "").strip()
    if filename:
        return urlsplit(filename).path
    for child in entry:
        if local_name(child.tag) == "link" and child.get("rel") == "alternate":
            path = urlsplit(child.get("href", "")).path
            if path not in {"", "/"}:
                return path
    return ""


def _slug(path, title):
    """``/2023/05/slug.html`` → ``slug``; from the title when the post has no address yet."""
    last = unquote(path.rstrip("/").rpartition("/")[2]).removesuffix(".html")
    return slugify(last, allow_unicode=True) or slugify(title, allow_unicode=True) or "article"


def _tags(entry):
    """Labels: every category that is not the entry's kind, each once."""
    tags = []
    seen = set()
    for child in entry:
        if local_name(child.tag) != "category" or child.get("scheme") == KIND_SCHEME:
            continue
        name = " ".join(child.get("term", "").split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            tags.append(name[:100])
    return tags


def _authors(entry):
    """The entry's authors, without Blogger's stand-in name and address."""
    authors = []
    for child in entry:
        if local_name(child.tag) != "author":
            continue
        values = {local_name(part.tag): (part.text or "").strip() for part in child}
        name = values.get("name", "")
        email = values.get("email", "")
        authors.append(
            ImportedAuthor(
                name="" if name.lower() == NO_NAME else name,
                email="" if email.lower() == NO_EMAIL else email,
            )
        )
    return unique_authors(authors)


def _status(entry, fields, notes):
    status = fields.get("status", "").strip().lower()
    if status == "deleted":
        return TRASHED
    if status == "draft" or _is_classic_draft(entry):
        return DRAFT
    if status in {"", "live"}:
        return PUBLISHED
    notes.append(f"Was “{status}” in Blogger: kept as a draft.")
    return DRAFT


def _is_classic_draft(entry):
    for child in entry:
        if local_name(child.tag) == "control":
            return any(
                local_name(part.tag) == "draft" and (part.text or "").strip() == "yes"
                for part in child
            )
    return False


def _thumbnail(entry):
    for child in entry:
        if local_name(child.tag) == "thumbnail" and namespace(child.tag).endswith("/mrss/"):
            return THUMBNAIL_SIZE.sub("s1600", child.get("url", ""))
    return ""
