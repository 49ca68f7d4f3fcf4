"""Which platforms we import from, and which adapter reads a given file.

Each source is one module (``wxr``, ``blogger``, ``feeds``) with an adapter class; adding a
platform is one module and one line in :data:`SOURCES`. :func:`open_source` looks at the
start of a file only (its root element, the namespaces it declares and the first few
children) to choose the adapter, with the same defused parser the adapters use.
"""

import contextlib
import os
from dataclasses import dataclass

from .blogger import ATOM, BLOGGER_2018, BloggerBackup, entry_kind, is_blogger_feed_header
from .feeds import FeedFile
from .records import SourceError
from .wxr import WP_NAMESPACE, WordPressExport
from .xmlstream import MAX_FILE_BYTES, Refusals, local_name, stream_events


@dataclass(frozen=True)
class Source:
    """A platform we import from, as an admin screen describes it: ``file`` is what to upload
    (it follows the name and a colon), ``where`` how to get it from that platform."""

    kind: str
    name: str
    file: str
    where: str
    adapter: type


SOURCES = [
    Source(
        kind="wordpress",
        name="WordPress",
        file="the export file (.xml)",
        where="In WordPress: Tools → Export → All content (or Posts) → Download Export File.",
        adapter=WordPressExport,
    ),
    Source(
        kind="blogger",
        name="Blogger",
        file="the backup file (.xml)",
        where="In Blogger: Settings → Manage blog → Back up content → Download.",
        adapter=BloggerBackup,
    ),
    Source(
        kind="feed",
        name="Wix, Squarespace, Substack and other blogs (feed)",
        file="the blog's RSS or Atom feed, saved as a file (.xml)",
        where=(
            "Open the blog's feed in a browser and save the page: Wix /blog-feed.xml, "
            "Squarespace /blog?format=rss, Substack /feed, others often /feed or /rss. A feed "
            "holds only the latest posts, often shortened."
        ),
        adapter=FeedFile,
    ),
]

# Reading stops after this many children of the root: a file's kind shows in its first lines.
SNIFF_CHILDREN = 50


def open_source(path, *, time_zone=None):
    """The adapter that reads the file at ``path``, or :class:`SourceError` saying which
    files can be imported."""
    kind = sniff(path)
    adapter = next(source.adapter for source in SOURCES if source.kind == kind)
    return adapter(path, time_zone=time_zone)


def sniff(path):
    """The kind of source the file at ``path`` is ("wordpress", "blogger", "feed")."""
    name = os.path.basename(os.fspath(path))
    events = stream_events(
        os.fspath(path),
        name=name,
        max_bytes=MAX_FILE_BYTES,
        refusals=REFUSALS,
        events=("start-ns", "start", "end"),
    )
    with contextlib.closing(events):  # the file is closed as soon as its kind is known
        return _kind_of(events, name)


def _kind_of(events, name):
    namespaces = set()
    root = None
    depth = children = 0
    for event, element in events:
        if event == "start-ns":
            namespaces.add(element[1])
            continue
        if event == "start":
            depth += 1
            if depth == 1:
                root = element.tag
                kind = _kind_from_root(root, namespaces)
                if kind is not None:
                    return kind
                if root not in {"rss", f"{{{ATOM}}}feed"}:
                    raise SourceError(_not_understood(name, f"its content is <{local_name(root)}>"))
            continue
        depth -= 1
        if root == "rss" and depth == 2 and local_name(element.tag) == "wxr_version":
            return "wordpress"
        if root == "rss" and depth == 2 and element.tag == "item":
            return "feed"
        if root == f"{{{ATOM}}}feed" and depth == 1:
            if is_blogger_feed_header(element.tag, element.text):
                return "blogger"
            if element.tag == f"{{{ATOM}}}entry":
                return "blogger" if entry_kind(element) else "feed"
        if depth == (2 if root == "rss" else 1):
            children += 1
            if children > SNIFF_CHILDREN:
                return "feed"
    if root is None:
        raise SourceError(_not_understood(name, "it is empty"))
    return "feed"


def _kind_from_root(root, namespaces):
    """The kind when the root element and its namespaces alone tell it, else ``None``."""
    if root == "rss" and any(uri.startswith(WP_NAMESPACE) for uri in namespaces):
        return "wordpress"
    if root == f"{{{ATOM}}}feed" and BLOGGER_2018 in namespaces:
        return "blogger"
    return None


def _understood():
    names = "; ".join(f"{source.name}: {source.file}" for source in SOURCES)
    return f"Check which files can be imported: {names}."


def _not_understood(name, reason):
    return f"{name} is not a file the importer understands ({reason}). {_understood()}"


REFUSALS = Refusals(
    too_big="Export the posts in several smaller files.",
    export_again="Export it again from the old blog",
    never_declares="Blog exports and feeds never do",
    not_this_kind=_not_understood,
)
