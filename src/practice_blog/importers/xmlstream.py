"""Reading an uploaded XML export safely, as a stream: shared by the source adapters.

The file is parsed with defusedxml, which refuses document types and entities (the "billion
laughs" and external-entity attacks; no platform's export has either). Every way a file can
fail to be read becomes a :class:`~.records.SourceError` worded for the person importing it,
in the words of the platform they exported from (:class:`Refusals`).
"""

import html
import os
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import iterparse
from django.template.defaultfilters import filesizeformat
from django.utils.html import strip_tags

from .records import SourceError

#: Exports bigger than this are refused before reading (a small practice's blog is a few MB).
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Refusals:
    """The platform's own words for a file that cannot be read.

    ``too_big`` follows "… more than the 200 MB an export may be."; ``export_again`` is the
    way to get a fresh file ("Export it again from WordPress → Tools → Export");
    ``never_declares`` says the platform's files have no document type ("WordPress exports
    never do"); ``not_this_kind(name, reason)`` is the whole sentence for a file of another
    kind.
    """

    too_big: str
    export_again: str
    never_declares: str
    not_this_kind: Callable[[str, str], str]


def stream_events(path, *, name, max_bytes, refusals, events=("start", "end")):
    """``(event, element)`` for each of ``events`` in the file at ``path``, read as a stream.

    The caller drops each element once read, so memory stays flat however long the file is.
    """
    try:
        with open(path, "rb") as source:
            size = os.fstat(source.fileno()).st_size
            if size > max_bytes:
                raise SourceError(
                    f"{name} is {filesizeformat(size)}, more than the "
                    f"{filesizeformat(max_bytes)} an export may be. {refusals.too_big}"
                )
            yield from _parse(source, name, refusals, events)
    except OSError as error:
        raise SourceError(f"{path} cannot be read: {error.strerror}.") from error
    except (LookupError, ValueError) as error:
        # LookupError: an unknown encoding; UnicodeError (a ValueError): bytes that are not
        # in the encoding declared; ValueError: one the parser cannot read (Shift_JIS, Big5…).
        raise SourceError(
            f"{name} says it is written in an encoding that cannot be read "
            f"({error}). {refusals.export_again}, or save it as UTF-8."
        ) from error


def _parse(source, name, refusals, events):
    try:
        yield from iterparse(source, events=events, forbid_dtd=True)
    except DTDForbidden as error:
        if (error.name or "").lower() == "html":
            raise SourceError(refusals.not_this_kind(name, "it is a web page")) from error
        raise SourceError(forbidden_declarations(name, refusals)) from error
    except DefusedXmlException as error:
        raise SourceError(forbidden_declarations(name, refusals)) from error
    except ParseError as error:
        line, column = error.position
        raise SourceError(
            f"{name} is not a readable XML file (line {line}, column {column}: "
            f"{parse_problem(error)}). {refusals.export_again}; if it was edited, save it as "
            "UTF-8."
        ) from error


def forbidden_declarations(name, refusals):
    """The refusal of a file with a document type or entities."""
    return (
        f"{name} declares a document type or entities (<!DOCTYPE> or <!ENTITY>). "
        f"{refusals.never_declares}, and such files can be used to attack the importer, "
        "so it is not read."
    )


def parse_problem(error):
    """The parser's complaint without its position (which the message gives in words)."""
    # "not well-formed (invalid token): line 3, column 4" → "not well-formed (invalid token)"
    return str(error).split(":")[0]


def local_name(tag):
    """An element's name without its namespace: "{http://www.w3.org/2005/Atom}feed" → "feed"."""
    return tag.rpartition("}")[2]


def namespace(tag):
    """An element's namespace, or "" for none."""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def plain_text(markup):
    """Markup as one line of plain text."""
    return " ".join(html.unescape(strip_tags(markup)).split())


def unique_authors(authors):
    """Authors with a name, each once (names compared case-insensitively)."""
    seen = set()
    unique = []
    for author in authors:
        if author.name and author.name.lower() not in seen:
            seen.add(author.name.lower())
            unique.append(author)
    return unique
