"""Write votes and keep the daily rollups exact: the only way votes should be written.

The invariant every function here keeps, inside one database transaction each:

    DailyPageFeedback / DailyReasonFeedback  ==  the counts of HelpfulVote.objects.counted()
    per (page_id_at_vote, local day of created_at)

Counters change with ``F()`` expressions after an insert-if-missing, so concurrent writers
never lose an increment (SQLite serialises writers with IMMEDIATE transactions; PostgreSQL
locks the rows). :func:`rebuild_rollups` recomputes them from raw rows and
:func:`rollup_differences` says where stored and recomputed figures disagree (it should always
return nothing).

Bulk loads (benchmarks, imports): ``HelpfulVote.objects.bulk_create(...)`` then
``rebuild_rollups()``. Retention: after deleting raw rows older than a cutoff, rebuild only from
the cutoff day (``rebuild_rollups(start_day=cutoff)``) so older figures are kept.
"""

from collections import Counter
from datetime import datetime, time

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import (
    COMMENT_MAX_LENGTH,
    MAX_REASONS,
    REASON_MAX_LENGTH,
    DailyPageFeedback,
    DailyReasonFeedback,
    HelpfulVote,
)

BATCH_SIZE = 2000


class DuplicateVote(Exception):
    """The voter's current answer on this page is already exactly this one."""

    def __init__(self, vote):
        super().__init__("This answer has already been recorded.")
        self.vote = vote


def vote_day(created_at):
    """The rollup day of a vote: its local date in ``settings.TIME_ZONE``."""
    return timezone.localdate(created_at)


def clean_reasons(reasons):
    """Reasons as stored: stripped, without repeats, in the order given; ValueError if invalid."""
    cleaned = list(dict.fromkeys(str(reason).strip() for reason in reasons))
    if len(cleaned) > MAX_REASONS or any(
        not reason or len(reason) > REASON_MAX_LENGTH for reason in cleaned
    ):
        raise ValueError(f"At most {MAX_REASONS} reasons of up to {REASON_MAX_LENGTH} letters.")
    return cleaned


def _count(page_id, day, helpful, reasons, delta):
    """Add ``delta`` (+1 or -1) to the rollups of one vote."""
    if delta > 0:
        DailyPageFeedback.objects.bulk_create(
            [DailyPageFeedback(page_id=page_id, day=day)], ignore_conflicts=True
        )
    field = "helpful" if helpful else "not_helpful"
    changed = DailyPageFeedback.objects.filter(page_id=page_id, day=day).update(
        **{field: F(field) + delta}
    )
    if changed != 1:  # a decrement of a vote that was never counted: refuse, roll back
        raise RuntimeError(f"Rollup row missing for page {page_id} on {day}.")
    if not reasons:
        return
    if delta > 0:
        DailyReasonFeedback.objects.bulk_create(
            [DailyReasonFeedback(page_id=page_id, day=day, reason=r) for r in reasons],
            ignore_conflicts=True,
        )
    changed = DailyReasonFeedback.objects.filter(
        page_id=page_id, day=day, reason__in=reasons
    ).update(count=F("count") + delta)
    if changed != len(reasons):
        raise RuntimeError(f"Reason rollup rows missing for page {page_id} on {day}.")


def _count_vote(vote, delta):
    _count(vote.page_id_at_vote, vote_day(vote.created_at), vote.helpful, vote.reasons, delta)


def record_vote(
    page, *, helpful, voter_key, reasons=(), comment="", created_at=None, url=None, title=None
):
    """Record one answer and update the rollups, in one transaction; return the new vote.

    If the same voter already answered on this page, that row stops being current and its
    count moves out of the rollups (from "helpful" to "not helpful" or within a side, with its
    reasons) before the new row is counted. Raises :class:`DuplicateVote` when the new answer
    is identical to the current one (nothing is written) and ``ValueError`` for invalid
    reasons or an over-long comment.
    """
    reasons = clean_reasons(reasons)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValueError(f"A comment can be at most {COMMENT_MAX_LENGTH} characters.")
    if helpful and (reasons or comment):
        raise ValueError('Reasons and comments go with "Not quite" answers only.')
    created_at = created_at or timezone.now()
    with transaction.atomic():
        previous = (
            HelpfulVote.objects.select_for_update()
            .filter(page_id_at_vote=page.pk, voter_key=voter_key, is_current=True)
            .first()
        )
        if previous is not None:
            same = (previous.helpful, previous.reasons, previous.comment)
            if same == (helpful, reasons, comment):
                raise DuplicateVote(previous)
            HelpfulVote.objects.filter(pk=previous.pk).update(is_current=False)
            if previous.is_counted:
                _count_vote(previous, -1)
        vote = HelpfulVote.objects.create(
            page_id=page.pk,
            page_id_at_vote=page.pk,
            url_at_vote=(page.url or "") if url is None else url,
            title_at_vote=(title or page.title)[:255],
            helpful=helpful,
            reasons=reasons,
            comment=comment,
            created_at=created_at,
            voter_key=voter_key,
        )
        _count_vote(vote, +1)
    return vote


def set_review_status(vote, status):
    """Change a vote's review status, moving it out of (spam) or back into the figures.

    Returns True when the status changed. Safe to call twice.
    """
    status = HelpfulVote.Status(status)
    with transaction.atomic():
        vote = HelpfulVote.objects.select_for_update().get(pk=vote.pk)
        if vote.review_status == status:
            return False
        was_counted = vote.is_counted
        HelpfulVote.objects.filter(pk=vote.pk).update(review_status=status)
        vote.review_status = status
        if was_counted and not vote.is_counted:
            _count_vote(vote, -1)
        elif vote.is_counted and not was_counted:
            _count_vote(vote, +1)
    return True


def exclude_vote(vote):
    """Mark a vote as spam: it leaves every figure (rollups included). True if it changed."""
    return set_review_status(vote, HelpfulVote.Status.SPAM)


def restore_vote(vote):
    """Undo :func:`exclude_vote`: the vote is "reviewed" and counts again if still current."""
    return set_review_status(vote, HelpfulVote.Status.REVIEWED)


def delete_vote(vote):
    """Delete one vote row (e.g. a comment staff remove), taking it out of the rollups first."""
    with transaction.atomic():
        vote = HelpfulVote.objects.select_for_update().filter(pk=vote.pk).first()
        if vote is None:
            return False
        if vote.is_counted:
            _count_vote(vote, -1)
        vote.delete()
    return True


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def expected_rollups(start_day=None):
    """Recompute the rollups from raw rows: ``(pages, reasons)`` dictionaries.

    ``pages`` maps ``(page_id, day)`` to ``(helpful, not_helpful)``; ``reasons`` maps
    ``(page_id, day, reason)`` to a count. Only days from ``start_day`` on when given.
    """
    votes = HelpfulVote.objects.counted()
    if start_day is not None:
        votes = votes.filter(created_at__gte=_day_start(start_day))
    rows = (
        votes.annotate(vote_day=TruncDate("created_at"))
        .values("page_id_at_vote", "vote_day")
        .annotate(yes=Count("id", filter=Q(helpful=True)), no=Count("id", filter=Q(helpful=False)))
        .order_by()
    )
    pages = {(r["page_id_at_vote"], r["vote_day"]): (r["yes"], r["no"]) for r in rows}
    reasons = Counter()
    with_reasons = votes.exclude(reasons=[]).values_list("page_id_at_vote", "created_at", "reasons")
    for page_id, created_at, labels in with_reasons.iterator(chunk_size=BATCH_SIZE):
        day = vote_day(created_at)
        for label in labels:
            reasons[(page_id, day, label)] += 1
    return pages, dict(reasons)


def stored_rollups(start_day=None):
    """The rollups as stored, in the shape :func:`expected_rollups` returns (zeros left out)."""
    page_rows = DailyPageFeedback.objects.all()
    reason_rows = DailyReasonFeedback.objects.all()
    if start_day is not None:
        page_rows = page_rows.filter(day__gte=start_day)
        reason_rows = reason_rows.filter(day__gte=start_day)
    pages = {
        (page_id, day): (yes, no)
        for page_id, day, yes, no in page_rows.values_list(
            "page_id", "day", "helpful", "not_helpful"
        )
        if yes or no
    }
    reasons = {
        (page_id, day, reason): count
        for page_id, day, reason, count in reason_rows.values_list(
            "page_id", "day", "reason", "count"
        )
        if count
    }
    return pages, reasons


def rollup_differences(start_day=None):
    """Where stored rollups differ from raw rows: a list of ``(key, stored, expected)``.

    Empty when the rollups are exact (which they always should be).
    """
    differences = []
    for stored, expected in zip(
        stored_rollups(start_day), expected_rollups(start_day), strict=True
    ):
        for key in sorted(stored.keys() | expected.keys(), key=str):
            if stored.get(key) != expected.get(key):
                differences.append((key, stored.get(key), expected.get(key)))
    return differences


def rebuild_rollups(start_day=None):
    """Recompute the rollups exactly from raw rows (from ``start_day`` on, or all days).

    Returns ``{"page_days": n, "reason_rows": m}``. Runs in one transaction, so readers see
    either the old or the new figures.
    """
    with transaction.atomic():
        pages, reasons = expected_rollups(start_day)
        page_rows = DailyPageFeedback.objects.all()
        reason_rows = DailyReasonFeedback.objects.all()
        if start_day is not None:
            page_rows = page_rows.filter(day__gte=start_day)
            reason_rows = reason_rows.filter(day__gte=start_day)
        page_rows.delete()
        reason_rows.delete()
        DailyPageFeedback.objects.bulk_create(
            (
                DailyPageFeedback(page_id=page_id, day=day, helpful=yes, not_helpful=no)
                for (page_id, day), (yes, no) in pages.items()
            ),
            batch_size=BATCH_SIZE,
        )
        DailyReasonFeedback.objects.bulk_create(
            (
                DailyReasonFeedback(page_id=page_id, day=day, reason=reason, count=count)
                for (page_id, day, reason), count in reasons.items()
            ),
            batch_size=BATCH_SIZE,
        )
    return {"page_days": len(pages), "reason_rows": len(reasons)}
