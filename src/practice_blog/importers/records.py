"""The common record every source adapter produces, whatever the platform.

An adapter knows its platform's export format and nothing about our pages; the importer knows
our pages and nothing about any platform. This record (and :class:`SourceError`) is all they
share.
"""

import datetime
from dataclasses import dataclass, field

PUBLISHED = "published"
DRAFT = "draft"
TRASHED = "trashed"


class SourceError(Exception):
    """An export that cannot be read at all, said in words for the person importing it.

    Adapters raise it before they yield anything they could not read, so a bad file never
    leaves a half-imported article.
    """


@dataclass
class ImportedAuthor:
    """Who wrote an article, as the source names them (the email is only used for matching)."""

    name: str
    email: str = ""


@dataclass
class ImportedComment:
    """A reader's comment as the source holds it (brought over in a later version)."""

    author_name: str
    author_email: str
    posted_at: datetime.datetime | None
    body_html: str
    approved: bool


@dataclass
class ImportedArticle:
    """One article from another platform, in that platform's words.

    ``source_id`` identifies the article within its source for good (importing again updates
    the same page). ``published_at`` is time-zone aware, in the source's own time zone where
    it is known (its date is the one readers saw), or ``None`` when the source has no usable
    date. ``status`` is :data:`PUBLISHED`, :data:`DRAFT` or :data:`TRASHED` as the
    source had it. ``excerpt`` is plain text; ``body_html`` is the source's HTML, not yet
    sanitised. ``old_paths`` are the addresses (paths only) where readers found it before.
    ``featured_image_url`` is the address of the article's main picture, if it has one
    (pictures in the body are found in ``body_html``). ``post_number`` is the number old links
    ask for, as in WordPress's ``/?p=123``. ``notes`` say what the adapter changed or left out,
    for the report.
    """

    source_id: str
    title: str
    slug: str = ""
    published_at: datetime.datetime | None = None
    excerpt: str = ""
    body_html: str = ""
    tags: list[str] = field(default_factory=list)
    authors: list[ImportedAuthor] = field(default_factory=list)
    old_paths: list[str] = field(default_factory=list)
    status: str = DRAFT
    comments: list[ImportedComment] = field(default_factory=list)
    featured_image_url: str = ""
    post_number: int | None = None
    notes: list[str] = field(default_factory=list)
