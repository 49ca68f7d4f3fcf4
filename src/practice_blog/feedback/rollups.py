"""Write votes and keep the rollups exact: the only way votes should be written.

The invariants every function here keeps, inside one database transaction each:

    DailyPageFeedback / DailyReasonFeedback  ==  the counts of HelpfulVote.objects.counted()
    per (page_id_at_vote, local day of created_at)

    MonthlyPageFeedback / MonthlyReasonFeedback  ==  the sums of the daily rows per
    (page_id, first day of the local month); ``last_day`` is the month's latest daily row

    MonthlyFeedbackTotal / MonthlyReasonTotal  ==  the sums of the monthly rows per month
    (every page together)

    PageFeedbackTotal  ==  the sums of the monthly rows per page (all time); ``last_day`` is
    the page's latest daily row

Counters change with ``F()`` expressions: an UPDATE of the rows a vote belongs to, and only
when one is missing (a page's first vote of the day, say) an insert-if-missing of it at zero and
the UPDATE again. Concurrent writers never lose an increment and never deadlock. SQLite
serialises writers with IMMEDIATE transactions. On PostgreSQL every transaction that changes a
page's counts first locks that page's :class:`PageFeedbackTotal` row (inserting it at zero if
missing; :func:`_lock_page`), after the vote rows it reads and before any other rollup row, so
the writers of one page queue there; a changed answer touches two days (the old vote's and the
new one's) and this is what keeps it from deadlocking with a new vote on the same page. The
only rows pages share, a month's rows for every page, are taken month by month in ascending
order, the month's :class:`MonthlyFeedbackTotal` row before its reason rows.
:func:`rebuild_rollups` recomputes the rollups from raw rows (locking the whole all-time table
first, so votes queue behind it too) and :func:`rollup_differences` says where stored and
recomputed figures disagree (it should always return nothing).

Bulk loads (benchmarks, imports): ``HelpfulVote.objects.bulk_create(...)`` then
``rebuild_rollups()``. Retention: after deleting raw rows older than a cutoff, rebuild only from
the cutoff day (``rebuild_rollups(start_day=cutoff)``) so older figures are kept. Months are
always rebuilt from the daily rows, never from raw votes: a month cut by the cutoff keeps the
daily figures of its purged days; the totals are always rebuilt from the months.
"""

from collections import Counter
from datetime import datetime, time

from django.db import connection, transaction
from django.db.models import Count, DateField, F, Q, Value
from django.db.models.functions import Greatest, TruncDate
from django.utils import timezone

from .models import (
    COMMENT_MAX_LENGTH,
    MAX_REASONS,
    REASON_MAX_LENGTH,
    DailyPageFeedback,
    DailyReasonFeedback,
    HelpfulVote,
    MonthlyFeedbackTotal,
    MonthlyPageFeedback,
    MonthlyReasonFeedback,
    MonthlyReasonTotal,
    PageFeedbackTotal,
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


def month_of(day):
    """The monthly rollup key of a day: the first day of its month."""
    return day.replace(day=1)


def clean_reasons(reasons):
    """Reasons as stored: stripped, without repeats, in the order given; ValueError if invalid."""
    cleaned = list(dict.fromkeys(str(reason).strip() for reason in reasons))
    if len(cleaned) > MAX_REASONS or any(
        not reason or len(reason) > REASON_MAX_LENGTH for reason in cleaned
    ):
        raise ValueError(f"At most {MAX_REASONS} reasons of up to {REASON_MAX_LENGTH} letters.")
    return cleaned


def _add(rows, new_rows, changes, undo=None):
    """Apply ``changes`` (``F()`` increments) to the rollup rows ``rows``, a queryset that
    names the rows of ``new_rows`` (unsaved, at zero), creating those that are missing.

    One UPDATE when every row exists, which is almost always. Otherwise the missing rows are
    inserted (ignoring any another transaction inserted meanwhile) and the UPDATE runs again;
    ``undo`` first takes back the change from the rows that did exist (when there can be more
    than one), so every row changes exactly once.
    """
    changed = rows.update(**changes)
    if changed == len(new_rows):
        return
    if changed:
        rows.update(**undo)
    type(new_rows[0]).objects.bulk_create(new_rows, ignore_conflicts=True)
    if rows.update(**changes) != len(new_rows):
        raise RuntimeError(f"Rollup rows missing after creating them: {new_rows}.")


def _subtract(rows, expected, changes):
    """Apply ``changes`` (``F()`` decrements) to ``expected`` existing rollup rows; a missing
    row means the vote was never counted: refuse (the caller's transaction rolls back)."""
    if rows.update(**changes) != expected:
        raise RuntimeError(f"{rows.model.__name__} row missing for a vote being taken out.")


def _lock_page(page_id, day, *, create=True):
    """Lock the page's all-time row, inserting it at zero if missing (unless ``create`` is
    false: a vote being taken out needs it to exist): the first rollup write of every
    transaction that counts votes of the page, so they queue here one at a time.

    A no-op lock on SQLite, whose IMMEDIATE transactions already serialise writers. Looks
    again only if :func:`rebuild_rollups` deleted the row (and made a new one) while this
    waited.
    """
    rows = PageFeedbackTotal.objects.select_for_update().filter(page_id=page_id)
    for attempt in range(5):
        if rows.values_list("pk", flat=True):
            return
        if create:
            PageFeedbackTotal.objects.bulk_create(
                [PageFeedbackTotal(page_id=page_id, last_day=day)], ignore_conflicts=True
            )
        elif attempt:
            break
    raise RuntimeError(f"PageFeedbackTotal row of page {page_id} missing (a vote not counted?).")


def _count(page_id, day, helpful, reasons, delta):
    """Add ``delta`` (+1 or -1) to every rollup of one vote: its page's day, month and all-time
    rows, its month's row for every page, and the same for its reasons.

    The caller holds the page's lock (:func:`_lock_page`), so no other transaction writes this
    page's rows meanwhile. The month's row for every page comes after the page's own rows and
    before any reason row, so on PostgreSQL it is locked as late as possible and serialises
    the writers of that month's reason rows (no two transactions wait for each other).
    """
    month = month_of(day)
    field = "helpful" if helpful else "not_helpful"
    tally = {field: F(field) + delta}
    day_rows = DailyPageFeedback.objects.filter(page_id=page_id, day=day)
    month_rows = MonthlyPageFeedback.objects.filter(page_id=page_id, month=month)
    page_total_rows = PageFeedbackTotal.objects.filter(page_id=page_id)
    month_total_rows = MonthlyFeedbackTotal.objects.filter(month=month)
    if delta > 0:
        # A new daily row may be the latest: the same rule as Max("day") of the days.
        latest = {**tally, "last_day": Greatest("last_day", Value(day, output_field=DateField()))}
        _add(day_rows, [DailyPageFeedback(page_id=page_id, day=day)], tally)
        _add(month_rows, [MonthlyPageFeedback(page_id=page_id, month=month, last_day=day)], latest)
        _add(page_total_rows, [PageFeedbackTotal(page_id=page_id, last_day=day)], latest)
        _add(month_total_rows, [MonthlyFeedbackTotal(month=month)], tally)
    else:
        for rows in (day_rows, month_rows, page_total_rows, month_total_rows):
            _subtract(rows, 1, tally)
    if not reasons:
        return
    reasons = sorted(reasons)
    reason_rows = [
        (
            DailyReasonFeedback.objects.filter(page_id=page_id, day=day, reason__in=reasons),
            [DailyReasonFeedback(page_id=page_id, day=day, reason=r) for r in reasons],
        ),
        (
            MonthlyReasonFeedback.objects.filter(page_id=page_id, month=month, reason__in=reasons),
            [MonthlyReasonFeedback(page_id=page_id, month=month, reason=r) for r in reasons],
        ),
        (
            MonthlyReasonTotal.objects.filter(month=month, reason__in=reasons),
            [MonthlyReasonTotal(month=month, reason=r) for r in reasons],
        ),
    ]
    count = {"count": F("count") + delta}
    for rows, new_rows in reason_rows:
        if delta > 0:
            _add(rows, new_rows, count, undo={"count": F("count") - delta})
        else:
            _subtract(rows, len(new_rows), count)


def _count_vote(vote, delta):
    _count(vote.page_id_at_vote, vote_day(vote.created_at), vote.helpful, vote.reasons, delta)


def _count_votes(changes):
    """Apply ``(vote, delta)`` changes of one page (whose lock the caller holds) in the order
    of their days, so the rows every page shares are locked in ascending months."""
    for vote, delta in sorted(changes, key=lambda change: vote_day(change[0].created_at)):
        _count_vote(vote, delta)


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
        _lock_page(page.pk, vote_day(created_at))
        changes = []
        if previous is not None:
            HelpfulVote.objects.filter(pk=previous.pk).update(is_current=False)
            if previous.is_counted:
                changes.append((previous, -1))
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
        _count_votes([*changes, (vote, +1)])
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
        if was_counted != vote.is_counted:
            day = vote_day(vote.created_at)
            _lock_page(vote.page_id_at_vote, day, create=vote.is_counted)
            _count_vote(vote, +1 if vote.is_counted else -1)
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
            _lock_page(vote.page_id_at_vote, vote_day(vote.created_at), create=False)
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


def monthly_from_daily(start_month=None):
    """Sum the stored daily rollups per month: ``(pages, reasons)`` dictionaries.

    ``pages`` maps ``(page_id, month)`` to ``(helpful, not_helpful, last_day)`` and ``reasons``
    maps ``(page_id, month, reason)`` to a count; daily rows at zero count (as in the monthly
    rows, whose ``last_day`` they may set). Only months from ``start_month`` on when given.
    """
    page_rows = DailyPageFeedback.objects.order_by()
    reason_rows = DailyReasonFeedback.objects.order_by()
    if start_month is not None:
        page_rows = page_rows.filter(day__gte=start_month)
        reason_rows = reason_rows.filter(day__gte=start_month)
    pages = {}
    for page_id, day, yes, no in page_rows.values_list(
        "page_id", "day", "helpful", "not_helpful"
    ).iterator(chunk_size=BATCH_SIZE):
        key = (page_id, month_of(day))
        old_yes, old_no, last = pages.get(key, (0, 0, day))
        pages[key] = (old_yes + yes, old_no + no, max(last, day))
    reasons = Counter()
    for page_id, day, reason, count in reason_rows.values_list(
        "page_id", "day", "reason", "count"
    ).iterator(chunk_size=BATCH_SIZE):
        reasons[(page_id, month_of(day), reason)] += count
    return pages, dict(reasons)


def stored_monthly(start_month=None):
    """The monthly rollups as stored, in the shape :func:`monthly_from_daily` returns."""
    page_rows = MonthlyPageFeedback.objects.order_by()
    reason_rows = MonthlyReasonFeedback.objects.order_by()
    if start_month is not None:
        page_rows = page_rows.filter(month__gte=start_month)
        reason_rows = reason_rows.filter(month__gte=start_month)
    pages = {
        (page_id, month): (yes, no, last)
        for page_id, month, yes, no, last in page_rows.values_list(
            "page_id", "month", "helpful", "not_helpful", "last_day"
        )
    }
    reasons = {
        (page_id, month, reason): count
        for page_id, month, reason, count in reason_rows.values_list(
            "page_id", "month", "reason", "count"
        )
    }
    return pages, reasons


def totals_from_monthly(start_month=None):
    """Sum the stored monthly rollups over every page (per month, from ``start_month`` on
    when given) and over every month (per page, always all time): ``(months, reasons,
    pages)`` dictionaries.

    ``months`` maps ``(month,)`` to ``(helpful, not_helpful)``, ``reasons`` maps
    ``(month, reason)`` to a count and ``pages`` maps ``(page_id,)`` to ``(helpful,
    not_helpful, last_day)``; rows at zero count, as in the stored totals.
    """
    page_rows = MonthlyPageFeedback.objects.order_by()
    reason_rows = MonthlyReasonFeedback.objects.order_by()
    if start_month is not None:
        reason_rows = reason_rows.filter(month__gte=start_month)
    months, pages = {}, {}
    for page_id, month, yes, no, last in page_rows.values_list(
        "page_id", "month", "helpful", "not_helpful", "last_day"
    ).iterator(chunk_size=BATCH_SIZE):
        old_yes, old_no, old_last = pages.get((page_id,), (0, 0, last))
        pages[(page_id,)] = (old_yes + yes, old_no + no, max(old_last, last))
        if start_month is None or month >= start_month:
            old_yes, old_no = months.get((month,), (0, 0))
            months[(month,)] = (old_yes + yes, old_no + no)
    reasons = Counter()
    for month, reason, count in reason_rows.values_list("month", "reason", "count").iterator(
        chunk_size=BATCH_SIZE
    ):
        reasons[(month, reason)] += count
    return months, dict(reasons), pages


def stored_totals(start_month=None):
    """The stored totals, in the shape :func:`totals_from_monthly` returns."""
    month_rows = MonthlyFeedbackTotal.objects.order_by()
    reason_rows = MonthlyReasonTotal.objects.order_by()
    if start_month is not None:
        month_rows = month_rows.filter(month__gte=start_month)
        reason_rows = reason_rows.filter(month__gte=start_month)
    months = {
        (month,): (yes, no)
        for month, yes, no in month_rows.values_list("month", "helpful", "not_helpful")
    }
    reasons = {
        (month, reason): count
        for month, reason, count in reason_rows.values_list("month", "reason", "count")
    }
    pages = {
        (page_id,): (yes, no, last)
        for page_id, yes, no, last in PageFeedbackTotal.objects.values_list(
            "page_id", "helpful", "not_helpful", "last_day"
        )
    }
    return months, reasons, pages


def _differences(stored_pair, expected_pair, prefix=()):
    differences = []
    for stored, expected in zip(stored_pair, expected_pair, strict=True):
        for key in sorted(stored.keys() | expected.keys(), key=str):
            if stored.get(key) != expected.get(key):
                differences.append((prefix + key, stored.get(key), expected.get(key)))
    return differences


def rollup_differences(start_day=None):
    """Where stored rollups differ from what they should be: a list of
    ``(key, stored, expected)``.

    Daily rows are compared with the raw rows (from ``start_day`` on), monthly rows with the
    sums of the daily rows (from the month of ``start_day`` on) and the totals with the sums
    of the monthly rows (per month from that month on, per page all time); monthly keys start
    with ``"month"``, totals with ``"total"``. Empty when the rollups are exact (which they
    always should be).
    """
    start_month = month_of(start_day) if start_day is not None else None
    return (
        _differences(stored_rollups(start_day), expected_rollups(start_day))
        + _differences(
            stored_monthly(start_month), monthly_from_daily(start_month), prefix=("month",)
        )
        + _differences(
            stored_totals(start_month), totals_from_monthly(start_month), prefix=("total",)
        )
    )


def rebuild_totals(start_month=None):
    """Recompute the totals from the monthly rollups: every page's per month (from
    ``start_month`` on, or all) and every page's all time.

    Call inside the transaction that changed the monthly rows. Returns the number of months.
    """
    months, reasons, pages = totals_from_monthly(start_month)
    month_rows = MonthlyFeedbackTotal.objects.all()
    reason_rows = MonthlyReasonTotal.objects.all()
    if start_month is not None:
        month_rows = month_rows.filter(month__gte=start_month)
        reason_rows = reason_rows.filter(month__gte=start_month)
    month_rows.delete()
    reason_rows.delete()
    PageFeedbackTotal.objects.all().delete()
    MonthlyFeedbackTotal.objects.bulk_create(
        MonthlyFeedbackTotal(month=month, helpful=yes, not_helpful=no)
        for (month,), (yes, no) in months.items()
    )
    MonthlyReasonTotal.objects.bulk_create(
        MonthlyReasonTotal(month=month, reason=reason, count=count)
        for (month, reason), count in reasons.items()
    )
    PageFeedbackTotal.objects.bulk_create(
        (
            PageFeedbackTotal(page_id=page_id, helpful=yes, not_helpful=no, last_day=last)
            for (page_id,), (yes, no, last) in pages.items()
        ),
        batch_size=BATCH_SIZE,
    )
    return len(months)


def rebuild_monthly(start_month=None):
    """Recompute the monthly rollups from the daily ones (from ``start_month`` on, or all),
    and the totals from them (:func:`rebuild_totals`).

    Call inside the transaction that changed the daily rows. Returns the number of page-months.
    """
    pages, reasons = monthly_from_daily(start_month)
    page_rows = MonthlyPageFeedback.objects.all()
    reason_rows = MonthlyReasonFeedback.objects.all()
    if start_month is not None:
        page_rows = page_rows.filter(month__gte=start_month)
        reason_rows = reason_rows.filter(month__gte=start_month)
    page_rows.delete()
    reason_rows.delete()
    MonthlyPageFeedback.objects.bulk_create(
        (
            MonthlyPageFeedback(
                page_id=page_id, month=month, helpful=yes, not_helpful=no, last_day=last
            )
            for (page_id, month), (yes, no, last) in pages.items()
        ),
        batch_size=BATCH_SIZE,
    )
    MonthlyReasonFeedback.objects.bulk_create(
        (
            MonthlyReasonFeedback(page_id=page_id, month=month, reason=reason, count=count)
            for (page_id, month, reason), count in reasons.items()
        ),
        batch_size=BATCH_SIZE,
    )
    rebuild_totals(start_month)
    return len(pages)


def _lock_all_pages():
    """On PostgreSQL, lock the all-time table against every writer (plain reads go on): the
    first thing :func:`rebuild_rollups` does, so votes, which start by locking their page's row
    there (:func:`_lock_page`), wait for the rebuild instead of deadlocking with its deletes.
    SQLite's IMMEDIATE transactions already serialise writers."""
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(PageFeedbackTotal._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")


def rebuild_rollups(start_day=None):
    """Recompute the rollups exactly from raw rows (from ``start_day`` on, or all days).

    Days come from the raw rows; months from the daily rows, so the month that ``start_day``
    falls in keeps the figures of its days before ``start_day`` (whose raw rows a retention
    purge may have deleted). Returns ``{"page_days": n, "reason_rows": m, "page_months": k}``.
    Runs in one transaction, so readers see either the old or the new figures.
    """
    with transaction.atomic():
        _lock_all_pages()
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
        months = rebuild_monthly(month_of(start_day) if start_day is not None else None)
    return {"page_days": len(pages), "reason_rows": len(reasons), "page_months": months}
