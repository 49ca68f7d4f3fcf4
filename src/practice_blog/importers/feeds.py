"""The feed adapter: any RSS 2.0 or Atom feed file, for platforms with no export of their own.

Wix (``/blog-feed.xml``), Squarespace (``?format=rss``), Substack (``/feed``) and most other
blog platforms offer a feed. A feed is a poor export: it usually holds only the latest posts,
often shortened, so :attr:`FeedFile.feed_notice` says so, with how many of this feed's
articles came as a summary only. Each item is dropped once read.
"""

import datetime
import email.utils
import html
import os
import re
from collections import Counter
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import tostring

from django.utils import timezone
from django.utils.text import slugify

from .blogger import BLOGGER_2018, is_blogger_feed_header
from .records import PUBLISHED, ImportedArticle, ImportedAuthor, SourceError
from .xmlstream import (
    MAX_FILE_BYTES,
    Refusals,
    local_name,
    namespace,
    plain_text,
    stream_events,
    unique_authors,
)

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"
XHTML = "http://www.w3.org/1999/xhtml"
WORDPRESS_NAMESPACE = "http://wordpress.org/export/"
ONLY_A_SUMMARY = "The feed gives only a summary of this article: paste the rest in the admin."
FEED_NOTICE = (
    "A feed usually holds only the latest 20–25 posts, often as excerpts: check the old blog "
    "for older posts and longer texts, and bring those over by hand or from a full export."
)
# RSS's author is "email (Name)"; some feeds write only the name or only the address.
RSS_AUTHOR = re.compile(r"^\s*(?P<email>[^\s()]+@[^\s()]+)\s*(?:\((?P<name>[^)]*)\))?\s*$")
IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|\?)", re.I)


def _not_a_feed(name, reason):
    return (
        f"{name} is not a feed ({reason}). Save the blog's RSS or Atom feed (often at /feed, "
        "/rss or /blog-feed.xml) as a file, and import that."
    )


REFUSALS = Refusals(
    too_big="A feed is rarely more than a few hundred kilobytes: check it is the right file.",
    export_again="Save the feed from the blog's address again",
    never_declares="Feeds from blog platforms never do",
    not_this_kind=_not_a_feed,
)


# Hosted platforms keep a blog's pictures on hosts of their own.
PICTURE_HOSTS = {
    "static.wixstatic.com",  # Wix
    "images.squarespace-cdn.com",  # Squarespace
    "substackcdn.com",  # Substack
    "cdn-images-1.medium.com",  # Medium
    "miro.medium.com",  # Medium
}


class FeedFile:
    """The items of one RSS 2.0 or Atom feed, as :class:`ImportedArticle` records.

    Every item is published (a feed shows nothing else). ``address`` is the blog's address,
    for the notice; old paths come from each item's link. Dates without a time zone are read
    in ``time_zone``, the site's time zone unless given. After an iteration,
    :attr:`summaries_only` counts the articles that came as a summary only.
    """

    source_kind = "feed"

    def __init__(self, path, *, time_zone=None, max_bytes=MAX_FILE_BYTES, address=""):
        self.path = os.fspath(path)
        self.name = os.path.basename(self.path)
        self.time_zone = time_zone or timezone.get_default_timezone()
        self.max_bytes = max_bytes
        self.address = address
        self.left_out = Counter()
        self.picture_hosts = set(PICTURE_HOSTS)
        self.summaries_only = None

    @property
    def feed_notice(self):
        """What to tell the person importing about feeds, and about this one once read."""
        where = f" ({self.address})" if self.address else ""
        notice = FEED_NOTICE.replace("the old blog", f"the old blog{where}")
        if self.summaries_only is not None:
            articles = "article" if self.summaries_only == 1 else "articles"
            notice += f" In this feed, {self.summaries_only} {articles} came as a summary only."
        return notice

    def count(self):
        """How many items the feed holds (reading the whole file)."""
        return sum(1 for _ in self._items())

    def __iter__(self):
        self.left_out = Counter()
        # Where --fetch-pictures may fetch from: the blog itself and the platforms' own
        # picture hosts.
        self.picture_hosts = set(PICTURE_HOSTS)
        summaries_only = 0
        for kind, item in self._items():
            article = self._rss_article(item) if kind == "rss" else self._atom_article(item)
            summaries_only += ONLY_A_SUMMARY in article.notes
            yield article
        self.summaries_only = summaries_only

    def _items(self):
        """``("rss"|"atom", element)`` for each complete item or entry; dropped afterwards."""
        events = stream_events(
            self.path,
            name=self.name,
            max_bytes=self.max_bytes,
            refusals=REFUSALS,
            events=("start-ns", "start", "end"),
        )
        depth = 0
        kind = None
        parents = []
        namespaces = set()
        for event, element in events:
            if event == "start-ns":
                namespaces.add(element[1])
                continue
            if event == "start":
                depth += 1
                parents.append(element)
                if depth == 1:
                    kind = self._kind_of_root(element, namespaces)
                continue
            depth -= 1
            parents.pop()
            # Items are children of <channel> in RSS and of <feed> in Atom.
            if depth != (2 if kind == "rss" else 1):
                continue
            if kind == "atom" and is_blogger_feed_header(element.tag, element.text):
                raise SourceError(self._from_blogger())
            if kind == "rss" and local_name(element.tag) == "wxr_version":
                raise SourceError(self._from_wordpress())
            if element.tag in {"item", f"{{{ATOM}}}entry"}:
                yield kind, element
            parents[-1].remove(element)
        if kind is None:
            raise SourceError(_not_a_feed(self.name, "it is empty"))

    def _kind_of_root(self, root, namespaces):
        if root.tag == "rss":
            if any(uri.startswith(WORDPRESS_NAMESPACE) for uri in namespaces):
                raise SourceError(self._from_wordpress())
            return "rss"
        if root.tag == f"{{{ATOM}}}feed":
            if BLOGGER_2018 in namespaces:
                raise SourceError(self._from_blogger())
            return "atom"
        raise SourceError(_not_a_feed(self.name, f"its content is <{local_name(root.tag)}>"))

    def _from_wordpress(self):
        return (
            f"{self.name} is a WordPress export, not a feed. Import it as a WordPress export: "
            "it holds every post in full."
        )

    def _from_blogger(self):
        return (
            f"{self.name} comes from Blogger. Import it as a Blogger backup (Blogger → "
            "Settings → Back up content): it holds every post in full, with its comments."
        )

    def _rss_article(self, item):
        """The record for one RSS ``<item>``."""
        fields = {}
        tags = []
        authors = []
        images = []
        for child in item:
            tag = child.tag
            text = child.text or ""
            if tag == "category":
                tags.append(text)
            elif tag == f"{{{DUBLIN_CORE}}}creator":
                authors.append(ImportedAuthor(name=text.strip()))
            elif tag == "author":
                authors.append(_rss_author(text))
            elif tag == "enclosure" or namespace(tag) == MEDIA:
                images.append(_image_url(child))
            else:
                fields.setdefault(tag, text)
        notes = []
        link = fields.get("link", "").strip()
        self._remember_host(link)
        title = self._title(html.unescape(fields.get("title", "")), notes)
        content = fields.get(f"{{{CONTENT}}}encoded", "")
        description = fields.get("description", "")
        return ImportedArticle(
            source_id=fields.get("guid", "").strip() or link,
            title=title,
            slug=_slug(link, title),
            published_at=self._rss_date(fields.get("pubDate"), notes),
            excerpt=plain_text(description) if content.strip() else "",
            body_html=content if content.strip() else self._only_summary(description, notes),
            tags=_unique_tags(tags),
            authors=unique_authors(authors),
            old_paths=_old_paths(link),
            status=PUBLISHED,
            featured_image_url=next((url for url in images if url), ""),
            notes=notes,
        )

    def _atom_article(self, entry):
        """The record for one Atom ``<entry>``."""
        fields = {}
        tags = []
        authors = []
        images = []
        link = ""
        for child in entry:
            name = local_name(child.tag) if namespace(child.tag) == ATOM else child.tag
            if name == "category":
                tags.append(child.get("term", ""))
            elif name == "author":
                values = {local_name(part.tag): (part.text or "").strip() for part in child}
                authors.append(ImportedAuthor(values.get("name", ""), values.get("email", "")))
            elif name == "link" and child.get("rel", "alternate") == "alternate":
                link = link or child.get("href", "").strip()
            elif name == "link" and child.get("rel") == "enclosure":
                images.append(_image_url(child, url=child.get("href", "")))
            elif namespace(child.tag) == MEDIA:
                images.append(_image_url(child))
            elif name in {"content", "summary"}:
                fields.setdefault(name, _atom_text(child))
            else:
                fields.setdefault(name, child.text or "")
        notes = []
        self._remember_host(link)
        title = self._title(html.unescape(fields.get("title", "")), notes)
        content = fields.get("content", "")
        summary = fields.get("summary", "")
        date = fields.get("published") or fields.get("updated")
        return ImportedArticle(
            source_id=fields.get("id", "").strip() or link,
            title=title,
            slug=_slug(link, title),
            published_at=self._atom_date(date, notes),
            excerpt=plain_text(summary) if content.strip() else "",
            body_html=content if content.strip() else self._only_summary(summary, notes),
            tags=_unique_tags(tags),
            authors=unique_authors(authors),
            old_paths=_old_paths(link),
            status=PUBLISHED,
            featured_image_url=next((url for url in images if url), ""),
            notes=notes,
        )

    def _remember_host(self, link):
        host = (urlsplit(link).hostname or "").lower()
        if host:
            self.picture_hosts.add(host)

    def _title(self, text, notes):
        title = " ".join(text.split())
        if not title:
            notes.append("The item has no title; called it “Untitled article”.")
        return title or "Untitled article"

    def _only_summary(self, summary, notes):
        if summary.strip():
            notes.append(ONLY_A_SUMMARY)
        return summary

    def _rss_date(self, value, notes):
        """An RFC 822 date ("Tue, 14 May 2024 09:30:00 +0200") at its own offset."""
        try:
            date = email.utils.parsedate_to_datetime((value or "").strip())
        except (TypeError, ValueError):
            date = None
        return self._aware(date, notes)

    def _atom_date(self, value, notes):
        """An RFC 3339 date ("2024-05-14T09:30:00+02:00") at its own offset."""
        try:
            date = datetime.datetime.fromisoformat((value or "").strip())
        except ValueError:
            date = None
        return self._aware(date, notes)

    def _aware(self, date, notes):
        if date is None:
            notes.append("The feed gives no date.")
            return None
        if date.tzinfo is None:
            notes.append(
                f"The feed gives the date without a time zone; read it as {self.time_zone} time."
            )
            return timezone.make_aware(date, self.time_zone)
        return date


def _rss_author(text):
    """``ImportedAuthor`` from RSS's "email (Name)", or a name on its own."""
    match = RSS_AUTHOR.match(text)
    if match:
        return ImportedAuthor(name=(match["name"] or "").strip(), email=match["email"])
    return ImportedAuthor(name=text.strip())


def _image_url(element, url=None):
    """The address of an enclosure or media element that is a picture, else ""."""
    url = (element.get("url", "") if url is None else url).strip()
    kind = element.get("type", "") or element.get("medium", "")
    if local_name(element.tag) == "thumbnail" or kind.startswith("image"):
        return url
    return url if not kind and IMAGE_FILE.search(url) else ""


def _atom_text(element):
    """An Atom text construct as HTML: html as it is, xhtml serialised, text escaped."""
    kind = element.get("type", "text")
    if kind == "html":
        return element.text or ""
    if kind == "xhtml":
        return _inner_xhtml(element)
    paragraphs = re.split(r"\n\s*\n", (element.text or "").strip())
    return "".join(
        "<p>" + "<br>".join(html.escape(line.strip()) for line in paragraph.splitlines()) + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )


def _inner_xhtml(element):
    """The markup inside an xhtml construct's ``<div>``, without its namespace."""
    (div,) = list(element) or [element]
    for part in div.iter():
        part.tag = local_name(part.tag)
    return (div.text or "") + "".join(
        tostring(child, encoding="unicode", method="html") for child in div
    )


def _slug(link, title):
    """The last part of the item's address (Wix's ``/post/slug``), else from the title."""
    last = unquote(urlsplit(link).path.rstrip("/").rpartition("/")[2])
    last = re.sub(r"\.html?$", "", last)
    return slugify(last, allow_unicode=True) or slugify(title, allow_unicode=True) or "article"


def _old_paths(link):
    path = urlsplit(link).path
    return [path] if path not in {"", "/"} else []


def _unique_tags(names):
    tags = []
    seen = set()
    for name in names:
        name = " ".join(html.unescape(name).split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            tags.append(name[:100])
    return tags
