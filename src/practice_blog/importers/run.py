"""One import from start to finish, the same from the command line and the admin screen:
open the source, find the pictures (a folder, a zip extracted safely, or the old site), import
every article and say what happened."""

import contextlib
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .archive import ArchiveError, extract_pictures
from .feeds import FeedFile
from .fetch import FetchError, fetch_to_file
from .importer import import_articles
from .pictures import PictureLibrary
from .records import SourceError
from .sources import open_source
from .xmlstream import MAX_FILE_BYTES

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
)
FEED_TIMEOUT = 30


def is_address(source):
    """Whether the command was given a web address rather than a file."""
    return urlsplit(str(source)).scheme in {"http", "https"}


@contextlib.contextmanager
def opened_source(source, *, time_zone=None):
    """The adapter for a file, or for a feed at a web address (fetched once, safely, into a
    temporary file that is removed afterwards). :class:`SourceError` when it cannot be read."""
    if not is_address(source):
        yield open_source(source, time_zone=time_zone)
        return
    with tempfile.NamedTemporaryFile(prefix="practice-blog-feed-", suffix=".xml") as file:
        fetch_feed(str(source), file)
        yield open_source_at(file.name, address=str(source), time_zone=time_zone)


def fetch_feed(address, file):
    """Download the feed at ``address`` into ``file`` (open, binary), or :class:`SourceError`."""
    try:
        fetch_to_file(
            address, file, allowed_types=FEED_TYPES, max_bytes=MAX_FILE_BYTES, timeout=FEED_TIMEOUT
        )
    except FetchError as error:
        raise SourceError(str(error)) from error
    file.flush()


def open_source_at(path, *, address="", time_zone=None):
    """The adapter for a file; a feed fetched from ``address`` is named by its address."""
    adapter = open_source(path, time_zone=time_zone)
    if address and isinstance(adapter, FeedFile):
        adapter.address = address
        adapter.name = address
    return adapter


@contextlib.contextmanager
def media_folder(path):
    """``(folder, notes)`` for the old site's media: a folder as it is, or a zip extracted
    into a temporary folder that is removed afterwards. :class:`SourceError` for a zip that is
    not safe to open."""
    if not path:
        yield None, []
        return
    path = Path(path)
    if path.is_dir():
        yield path, []
        return
    if not path.is_file():
        raise SourceError(f"The media folder or zip {path} does not exist.")
    with tempfile.TemporaryDirectory(prefix="practice-blog-media-") as target:
        try:
            extracted = extract_pictures(path, target)
        except ArchiveError as error:
            raise SourceError(str(error)) from error
        yield Path(target), list(extracted.notes)


def run_import(
    source, blog, *, media=None, fetch_pictures=False, publish=False, dry_run=False, progress=None
):
    """Import ``source`` (an adapter) into ``blog``; its :class:`~.importer.Report`, whose
    ``notes`` say what was left out of the media."""
    with media_folder(media) as (folder, notes):
        pictures = PictureLibrary(
            source_kind=source.source_kind,
            folder=folder,
            fetch=fetch_pictures,
            site_hosts=lambda: getattr(source, "picture_hosts", set()),
            site_base=lambda: getattr(source, "base_url", ""),
        )
        report = import_articles(
            source, blog, publish=publish, dry_run=dry_run, progress=progress, pictures=pictures
        )
    if source.left_out:
        items = ", ".join(f"{count} {kind}" for kind, count in sorted(source.left_out.items()))
        notes.append(f"Left out, as they are not posts: {items}.")
    if getattr(source, "feed_notice", ""):
        notes.append(source.feed_notice)
    report.notes = notes + report.notes
    return report
