"""Per-render state of an article: unique heading anchors and footnote links.

Blocks are rendered one at a time, but heading ids must be unique across the whole page and
footnote markers in any paragraph must link to notes in a later block. The article's
``get_context`` creates one :class:`ArticleRenderState` per render; block templates reach it
through the template context (``article_state``).
"""

import re

from django.utils.safestring import mark_safe
from django.utils.text import slugify

# Ids the page frame and the article template already use.
RESERVED_IDS = {"main", "footnotes", "footnotes-heading", "article-title", "about-the-author"}

# A tag (left alone) or a [n] marker in the text between tags.
MARKER_OR_TAG = re.compile(r"<[^>]*>|\[(\d{1,3})\]")


def footnote_id(number):
    """The id of note ``number`` in the footnotes list."""
    return f"fn-{number}"


def footnote_ref_id(number, occurrence=1):
    """The id of the ``occurrence``-th marker pointing at note ``number``."""
    return f"fnref-{number}" if occurrence == 1 else f"fnref-{number}-{occurrence}"


class ArticleRenderState:
    """Remembers the anchors and footnote markers used so far while one article renders."""

    def __init__(self, note_count=0):
        self.note_count = note_count
        self.used_ids = set(RESERVED_IDS)
        self.marker_counts = {}
        self.next_note = 1

    @classmethod
    def for_body(cls, body):
        """State for a StreamField body: counts the notes of every footnotes block."""
        notes = sum(len(block.value["notes"]) for block in body if block.block_type == "footnotes")
        return cls(note_count=notes)

    def heading_id(self, text):
        """A unique id for a heading: its slug, with -2, -3… added when already used."""
        base = slugify(text) or "section"
        if base[0].isdigit():
            base = f"section-{base}"
        candidate, number = base, 2
        while candidate in self.used_ids:
            candidate, number = f"{base}-{number}", number + 1
        self.used_ids.add(candidate)
        return candidate

    def link_markers(self, html):
        """Turn ``[n]`` in rendered rich text into superscript links to note ``n``.

        Only numbers that have a note are linked; anything else (``[2024]``, ``[sic]``) is left
        as the editor wrote it. Text inside HTML tags is never touched.
        """

        def replace(match):
            if match.group(1) is None:
                return match.group(0)
            number = int(match.group(1))
            if not 1 <= number <= self.note_count:
                return match.group(0)
            occurrence = self.marker_counts.get(number, 0) + 1
            self.marker_counts[number] = occurrence
            return (
                f'<sup class="footnote-ref"><a id="{footnote_ref_id(number, occurrence)}" '
                f'href="#{footnote_id(number)}" aria-describedby="footnotes-heading">'
                f"[{number}]</a></sup>"
            )

        return mark_safe(MARKER_OR_TAG.sub(replace, str(html)))

    def take_notes(self, notes):
        """Number the notes of one footnotes block, continuing from earlier blocks.

        Returns ``(number, note, note id, id of the first marker or None)`` for each note.
        """
        numbered = []
        for note in notes:
            number = self.next_note
            self.next_note += 1
            back = footnote_ref_id(number) if number in self.marker_counts else None
            numbered.append((number, note, footnote_id(number), back))
        return numbered
