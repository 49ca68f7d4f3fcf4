"""What other apps may ask the comments app (its public surface besides the mixin and tags).

The importers use it to bring an old blog's comments into the moderation queue.
"""

import html

import nh3
from django.utils import timezone

from .models import BODY_MAX_LENGTH, NAME_MAX_LENGTH, ReaderComment
from .risk import active_phrases, matching_phrases

IMPORTED_REASON = "Imported from the old blog: waiting for review before it appears here."


def plain_text(markup):
    """A comment's HTML from another platform as plain text (tags dropped, entities read)."""
    text = nh3.clean(markup.replace("</p>", "\n\n").replace("<br", "\n<br"), tags=set())
    lines = [" ".join(line.split()) for line in html.unescape(text).splitlines()]
    return "\n".join(lines).strip()


def hold_imported_comment(page, *, name, email, markup, written_at):
    """Put a comment from an old blog in the moderation queue, never on the page.

    Returns ``(comment, created)``: importing the same comment again (same page, address,
    time and text) finds the one already there. A comment that matches a risk phrase is
    marked urgent, so staff see it first; nobody is emailed about an old comment.
    """
    body = plain_text(markup)[:BODY_MAX_LENGTH]
    if not body:
        return None, False
    written_at = written_at or timezone.now()
    existing = ReaderComment.objects.filter(
        page=page, email__iexact=email, created_at=written_at, body=body
    ).first()
    if existing is not None:
        return existing, False
    matched = matching_phrases(f"{name}\n{body}", active_phrases())
    comment = ReaderComment.objects.create(
        page=page,
        display_name=(" ".join(name.split()) or "A reader")[:NAME_MAX_LENGTH],
        email=email.strip()[:254],
        body=body,
        status=ReaderComment.Status.HELD,
        is_urgent=bool(matched),
        matched_phrases=matched,
        hold_reason="It may show the writer is at risk." if matched else IMPORTED_REASON,
        created_at=written_at,
    )
    return comment, True
