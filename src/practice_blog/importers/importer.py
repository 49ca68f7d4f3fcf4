"""Imported records become articles under a blog: drafts by default, one transaction each.

Importing again finds each article by its source id (:class:`~.models.ImportedItem`) and
updates the same page, unless someone has edited it since. Authors are matched to existing
ones by email or name; old addresses redirect to the new article; the safe-messaging checker
reads every article. Nothing here emails anyone: the newsletter's automatic emails are paused
for the whole import.
"""

import contextlib
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.text import Truncator, slugify
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.coreutils import find_available_slug

from practice_blog.blog.models import ArticlePage, ArticlePageAuthor, Author
from practice_blog.core.spreadsheets import csv_bytes
from practice_blog.newsletter.sending import automatic_emails_paused
from practice_blog.safety.api import safe_messaging_findings

from .html_to_blocks import first_paragraph_text, html_to_blocks
from .models import ImportedItem
from .records import PUBLISHED, TRASHED

CREATED = "created"
UPDATED = "updated"
SKIPPED = "skipped"

SUMMARY_MAX = ArticlePage._meta.get_field("summary").max_length
TITLE_MAX = ArticlePage._meta.get_field("title").max_length
SLUG_MAX = 240  # leaves room for a number ("-2") within Wagtail's 255
SOURCE_ID_MAX = ImportedItem._meta.get_field("source_id").max_length
REDIRECT_PATH_MAX = Redirect._meta.get_field("old_path").max_length

CSV_HEADERS = [
    "Source id",
    "Title",
    "Outcome",
    "Needs a safe-messaging look",
    "Edit in the admin",
    "Notes",
]


@dataclass
class ReportRow:
    """What happened to one article, and why."""

    source_id: str
    title: str
    outcome: str = SKIPPED
    notes: list[str] = field(default_factory=list)
    needs_look: bool = False
    published: bool = False
    page_id: int | None = None

    @property
    def edit_path(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page_id]) if self.page_id else ""


@dataclass
class Report:
    """Every article the import read, with its outcome and notes."""

    dry_run: bool = False
    rows: list[ReportRow] = field(default_factory=list)
    pictures: object = None  # the PictureLibrary, when pictures were brought over
    notes: list[str] = field(default_factory=list)  # about the import as a whole

    @property
    def counts(self):
        return Counter(row.outcome for row in self.rows)

    @property
    def needing_a_look(self):
        return [row for row in self.rows if row.needs_look]

    def summary(self):
        """One line: how many came in, how, and how many need a safe-messaging look."""
        counts = self.counts
        imported = counts[CREATED] + counts[UPDATED]
        published = sum(1 for row in self.rows if row.published)
        if published:
            how = f"({published} published, {imported - published} as drafts)"
        else:
            how = "as drafts"
        articles = "article" if imported == 1 else "articles"
        verb = "Dry run, nothing saved: would import" if self.dry_run else "Imported"
        looks = len(self.needing_a_look)
        pictures = ""
        if self.pictures is not None and self.pictures.enabled:
            pictures = f"; {self.pictures.summary(dry_run=self.dry_run)}"
        return (
            f"{verb} {imported} {articles} {how}: {counts[CREATED]} new, {counts[UPDATED]} "
            f"updated, {counts[SKIPPED]} skipped{pictures}; {looks} need"
            f"{'s' if looks == 1 else ''} a safe-messaging look"
        )

    def csv(self):
        """The report as a CSV file's bytes (safe to open in a spreadsheet)."""
        rows = [
            [
                row.source_id,
                row.title,
                row.outcome,
                "yes" if row.needs_look else "",
                row.edit_path,
                "\n".join(row.notes),
            ]
            for row in self.rows
        ]
        return csv_bytes(CSV_HEADERS, rows)


def import_articles(
    records, into, *, publish=False, dry_run=False, progress=None, source_kind=None, pictures=None
):
    """Create or update an article under the blog ``into`` for each record; a :class:`Report`.

    ``records`` is an adapter (its ``source_kind``, e.g. "wordpress", tells articles from
    different platforms apart) or any iterable of records with ``source_kind`` given.

    Articles are saved as drafts; with ``publish`` those published in the source are
    published too. Each article has its own transaction, so one that fails leaves nothing
    behind and the others still come in. ``dry_run`` does the same work inside transactions
    it rolls back, so the report is true and nothing is kept. ``progress(number, row)`` is
    called after each article. ``pictures`` (a :class:`~.pictures.PictureLibrary`) brings the
    articles' pictures into the image library; without it they are listed in the report.

    A dry run rolls each article back before the next, so it never holds the database for
    long; it therefore checks each article against the site as it is, not against the
    articles before it in the same file.
    """
    source_kind = source_kind or records.source_kind
    report = Report(dry_run=dry_run, pictures=pictures)
    with automatic_emails_paused():
        for number, record in enumerate(records, start=1):
            with _rolled_back(dry_run, pictures):
                row = import_article(
                    record,
                    into,
                    source_kind=source_kind,
                    publish=publish and not dry_run,
                    pictures=pictures,
                )
            if dry_run:
                row.page_id = None
                if publish and record.status == PUBLISHED and row.outcome != SKIPPED:
                    row.notes.append("Would be published.")
            report.rows.append(row)
            if progress:
                progress(number, row)
    return report


@contextlib.contextmanager
def _rolled_back(dry_run, pictures=None):
    if not dry_run:
        yield
        return
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        if pictures is not None:
            pictures.discard_created()  # their rows were rolled back; so go their files


def import_article(record, into, *, source_kind, publish=False, pictures=None):
    """Create or update one article in its own transaction; its :class:`ReportRow`."""
    row = ReportRow(source_id=record.source_id, title=record.title, notes=list(record.notes))
    if record.status == TRASHED:
        row.notes.append("Deleted or in the trash on the old blog.")
        return row
    if not record.source_id:
        row.notes.append("The file gives it no identifier, so a new import could not find it.")
        return row
    try:
        with transaction.atomic():
            _save_article(
                record, into, row, source_kind=source_kind, publish=publish, pictures=pictures
            )
        if pictures is not None:
            pictures.keep()
    except (ValidationError, IntegrityError) as error:
        if pictures is not None:
            pictures.forget()
        # Everything the row said was done was rolled back with the article.
        row = ReportRow(source_id=record.source_id, title=record.title, notes=list(record.notes))
        row.notes.append(f"Not imported, nothing of it was saved: {_message(error)}")
    except (RecursionError, ValueError, TypeError) as error:
        if pictures is not None:
            pictures.forget()
        # Markup too odd to convert (e.g. nested hundreds deep): this article only.
        row = ReportRow(source_id=record.source_id, title=record.title, notes=list(record.notes))
        row.notes.append(
            f"Not imported, nothing of it was saved: its text could not be read "
            f"({type(error).__name__})."
        )
    except BaseException:
        if pictures is not None:
            pictures.forget()  # the article's pictures were rolled back: so go their files
        raise
    return row


def _save_article(record, into, row, *, source_kind, publish, pictures):
    source_id = _stored_source_id(record.source_id)
    item = (
        ImportedItem.objects.select_for_update()
        .filter(source_kind=source_kind, source_id=source_id)
        .first()
    )
    if item is None:
        page = ArticlePage(live=False)
        page.slug = _available_slug(into, record.slug, row)
    else:
        page = _page_to_update(item, row)
        if page is None:
            return
    _fill_article(page, record, row, pictures)
    should_publish = _should_publish(record, page, publish, row)
    if should_publish and page.first_published_at is None and record.published_at:
        page.first_published_at = record.published_at  # readers see the original date

    if item is None:
        into.add_child(instance=page)
        row.outcome = CREATED
    else:
        row.outcome = UPDATED
    revision = page.save_revision(clean=True, log_action=True)
    if should_publish:
        revision.publish()
        row.published = True
    ImportedItem.objects.update_or_create(
        source_kind=source_kind,
        source_id=source_id,
        defaults={"page": page, "revision": revision, "post_number": record.post_number},
    )
    row.page_id = page.pk
    _redirect_old_addresses(record.old_paths, page, into, row)
    _check_safe_messaging(page, row)
    _hold_comments(record.comments, page, row)


def _fill_article(page, record, row, pictures):
    """Set the article's fields from the record (nothing is saved yet)."""
    find_picture = pictures.image_for if pictures is not None and pictures.enabled else None
    body, body_notes = html_to_blocks(record.body_html, pictures=find_picture)
    row.notes.extend(body_notes)
    if record.featured_image_url:
        _set_main_picture(page, record.featured_image_url, find_picture, row)
    page.title = _shortened(record.title, TITLE_MAX, "title", row)
    page.summary = _summary(record, body, row)
    page.body = body
    if record.published_at is not None:
        page.publication_date = record.published_at.date()  # as the old blog showed it
    page.article_authors = [ArticlePageAuthor(author=a) for a in _authors(record, row)]
    page.tags.set(_tag_names(record.tags))
    # Old posts are not news: never emailed to subscribers, now or when published later.
    page.email_subscribers = False


def _set_main_picture(page, address, find_picture, row):
    if find_picture is None:
        row.notes.append(f"Main picture not brought over (no media folder given): {address}")
        return
    image, problem = find_picture(address)
    if image is None:
        row.notes.append(f"Main picture: {problem}")
        return
    page.hero_image = image
    if not (page.hero_alt_text or image.description):
        row.notes.append("The main picture has no description: add one before publishing.")


def _page_to_update(item, row):
    """The article as last imported, or ``None`` (with a note) when it must be left alone."""
    if item.page is None:
        row.notes.append("Deleted in the admin since the last import, so not brought back.")
        return None
    page = item.page.specific
    if not isinstance(page, ArticlePage):
        row.notes.append("The page it was imported as is no longer an article; left alone.")
        return None
    if item.revision_id is None or page.latest_revision_id != item.revision_id:
        row.notes.append("Changed in the admin since the last import, so left as it is.")
        return None
    return page.get_latest_revision_as_object()


def _should_publish(record, page, publish, row):
    if not publish:
        return False
    if record.status != PUBLISHED:
        row.notes.append("Not published in the source: kept as a draft.")
        return False
    if page.pk and page.first_published_at is not None and not page.live:
        row.notes.append("Unpublished in the admin since the last import: left unpublished.")
        return False
    return True


def _stored_source_id(source_id):
    """The id as stored: ids longer than the column are kept as their SHA-256."""
    if len(source_id) <= SOURCE_ID_MAX:
        return source_id
    return "sha256:" + hashlib.sha256(source_id.encode()).hexdigest()


def _available_slug(into, wanted, row):
    wanted = (slugify(wanted, allow_unicode=True) or "article")[:SLUG_MAX].strip("-")
    slug = find_available_slug(into, wanted)
    if slug != wanted:
        row.notes.append(f"The address name “{wanted}” was taken in this blog; used “{slug}”.")
    return slug


def _shortened(text, limit, what, row):
    if len(text) <= limit:
        return text
    row.notes.append(f"The {what} was shortened to {limit} characters.")
    return Truncator(text).chars(limit)


def _summary(record, body, row):
    """The article's summary: the source's excerpt, else its first paragraph, else its title."""
    text = record.excerpt
    if not text:
        text = first_paragraph_text(body)
        if text:
            row.notes.append("No excerpt in the source: the summary is the first paragraph.")
    if not text:
        text = record.title
        row.notes.append("No excerpt or text: the summary is the title. Write a real one.")
    return _shortened(text, SUMMARY_MAX, "summary", row)


def _authors(record, row):
    """Existing authors matched by email or name; others created as draft authors.

    A source's author email is only used to match: it may be a private address, and ours is
    shown publicly, so it is never copied.
    """
    authors = []
    for imported in record.authors:
        author = None
        if imported.email:
            author = Author.objects.filter(email__iexact=imported.email).first()
        if author is None:
            author = Author.objects.filter(name__iexact=imported.name).first()
        if author is None:
            author = _new_author(imported.name)
            row.notes.append(
                f"New author “{author.name}” created as a draft: articles name them once "
                "their bio is published (Authors menu)."
            )
        if author not in authors:
            authors.append(author)
    if not authors:
        row.notes.append("No author in the source: choose one before publishing.")
    return authors


def _new_author(name):
    name = name[: Author._meta.get_field("name").max_length]
    base = slugify(name)[:100] or "author"
    slug, number = base, 1
    while Author.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    author = Author.objects.create(name=name, slug=slug, live=False)
    author.save_revision()
    return author


def _tag_names(names):
    """The source's tags, spelt as this site already spells them (tags are case-sensitive)."""
    spelt = []
    for name in names:
        existing = Tag.objects.filter(name__iexact=name).values_list("name", flat=True).first()
        spelt.append(existing or name)
    return spelt


def _redirect_old_addresses(old_paths, page, into, row):
    """A permanent redirect from each old address to the article; a site's own redirects
    are never replaced."""
    site = into.get_site()
    parts = page.get_url_parts()
    new_path = Redirect.normalise_path(parts[2]) if parts else None
    for old_path in old_paths:
        path = Redirect.normalise_path(old_path)
        if path == new_path:
            continue  # the article answers at its old address itself
        if len(path) > REDIRECT_PATH_MAX:
            row.notes.append(f"The old address is too long for a redirect: {old_path}")
            continue
        existing = Redirect.get_for_site(site).filter(old_path=path).first()
        if existing is None:
            Redirect.add_redirect(path, redirect_to=page, is_permanent=True, site=site)
        elif existing.redirect_page_id != page.pk:
            row.notes.append(f"{old_path} already redirects elsewhere; that redirect is kept.")


def _check_safe_messaging(page, row):
    """Add the checker's phrases and warnings (not its general tips) to the report."""
    findings, _needs_content_note = safe_messaging_findings(page)
    for finding in findings:
        if finding.kind == "tip":
            continue
        row.needs_look = True
        if finding.kind == "phrase":
            row.notes.append(
                f"Safe messaging, {finding.where}: “{finding.flagged}” (suggested wording: "
                f"{finding.suggestion})."
            )
        else:
            row.notes.append(f"Safe messaging: {finding.flagged}. {finding.suggestion}")


def _message(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _hold_comments(comments, page, row):
    """The post's readers' comments go into Reader comments, waiting for review (never shown
    straight away; their addresses stay private)."""
    if not comments:
        return
    if not apps.is_installed("practice_blog.comments"):
        row.notes.append(
            f"{len(comments)} comment{pluralize(len(comments))} left out (no comments app)."
        )
        return
    from practice_blog.comments.api import hold_imported_comment

    added = urgent = 0
    for comment in comments:
        held, created = hold_imported_comment(
            page,
            name=comment.author_name,
            email=comment.author_email,
            markup=comment.body_html,
            written_at=comment.posted_at,
        )
        added += created
        urgent += bool(held and created and held.is_urgent)
    if added:
        note = f"{added} comment{pluralize(added)} waiting for review under Reader comments"
        if urgent:
            note += f", {urgent} of them urgent"
        row.notes.append(note + ".")
