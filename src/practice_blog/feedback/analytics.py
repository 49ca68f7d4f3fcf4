"""The figures behind the feedback analytics screens, read from the daily rollups.

Two layers:

* pure functions (:func:`wilson_lower_bound`, :func:`compare_periods`, :func:`parse_period`,
  :func:`bucket_series`) that know nothing about the database and are tested against
  hand-computed values;
* query functions (:func:`period_totals`, :func:`chart_series`, :func:`article_figures`, ...)
  that read only the pre-aggregated rollup tables kept by :mod:`practice_blog.feedback.rollups`,
  never the raw vote rows, so every screen costs the same few queries whether the site has a
  hundred votes or millions. Whole calendar months of a period are read from the monthly
  rollups and only the days at its ends from the daily ones; figures of every page together
  come from the month totals (one row per month) and "all time" per article from the all-time
  totals (one row per page), however many days and months there are.

Votes marked as spam are removed from the rollups by ``exclude_vote``, so every figure here
leaves them out without any extra filtering.
"""

import datetime
import functools
import math
import operator
from dataclasses import dataclass, field

from django.db.models import Max, Min, Q, Sum
from django.utils import timezone

# 95% confidence: the usual choice for ranking by "helpful" share.
WILSON_Z = 1.96

# An article needs at least this many votes in the period before it can "need attention",
# and its Wilson lower bound must be under NEEDS_ATTENTION_SCORE.
NEEDS_ATTENTION_MIN_VOTES = 10
NEEDS_ATTENTION_SCORE = 0.4

EARLIEST_DATE = datetime.date(2000, 1, 1)
MAX_CUSTOM_DAYS = 366 * 20


def wilson_lower_bound(helpful, total, z=WILSON_Z):
    """Lower bound of the Wilson score interval for the share of helpful votes.

    Ranks articles by how sure we can be that readers find them helpful: 2 of 2 votes scores
    lower than 95 of 100. Returns 0.0 when there are no votes.
    """
    if total <= 0:
        return 0.0
    share = helpful / total
    z2 = z * z
    centre = share + z2 / (2 * total)
    margin = z * math.sqrt((share * (1 - share) + z2 / (4 * total)) / total)
    return max(0.0, (centre - margin) / (1 + z2 / total))


def helpful_share(helpful, total):
    """Helpful votes as a fraction of all votes, or None when there are no votes."""
    return helpful / total if total else None


def format_percent(value):
    """A share (0..1) as a whole percentage, or an em dash when there is none."""
    return "—" if value is None else f"{round(value * 100)}%"


def format_change(value, unit=""):
    """A signed change ("+4", "−2.5 points"), or "—" when it cannot be said."""
    if value is None:
        return "—"
    rounded = round(value, 1)
    if rounded == int(rounded):
        rounded = int(rounded)
    sign = "+" if rounded > 0 else "−" if rounded < 0 else "±"
    return f"{sign}{abs(rounded)}{unit}"


@dataclass(frozen=True)
class Totals:
    """Votes in one period: helpful, not helpful, and the derived share."""

    helpful: int = 0
    not_helpful: int = 0

    @property
    def votes(self):
        return self.helpful + self.not_helpful

    @property
    def share(self):
        return helpful_share(self.helpful, self.votes)

    @property
    def share_display(self):
        return format_percent(self.share)


@dataclass(frozen=True)
class Comparison:
    """How a period compares with the one before it (None where it cannot be said)."""

    votes_change: int | None
    votes_change_percent: float | None
    share_change_points: float | None

    @property
    def votes_display(self):
        text = format_change(self.votes_change)
        if self.votes_change_percent is not None:
            text += f" ({format_change(self.votes_change_percent, '%')})"
        return text

    @property
    def share_display(self):
        return format_change(self.share_change_points, " points")


def compare_periods(current, previous):
    """Compare two :class:`Totals`: vote count change (absolute and %) and helpful-share
    change in percentage points. ``previous`` is None for "all time"."""
    if previous is None:
        return Comparison(None, None, None)
    votes_change = current.votes - previous.votes
    percent = 100.0 * votes_change / previous.votes if previous.votes else None
    points = None
    if current.share is not None and previous.share is not None:
        points = 100.0 * (current.share - previous.share)
    return Comparison(votes_change, percent, points)


# --- Periods -------------------------------------------------------------------------------

PERIOD_CHOICES = [
    ("7d", "Last 7 days"),
    ("30d", "Last 30 days"),
    ("90d", "Last 90 days"),
    ("12m", "Last 12 months"),
    ("all", "All time"),
    ("custom", "Custom dates"),
]
PERIOD_DAYS = {"7d": 7, "30d": 30, "90d": 90, "12m": 365}
DEFAULT_PERIOD = "30d"


class PeriodError(ValueError):
    """The period asked for in the query string is not valid; the message says why."""


@dataclass(frozen=True)
class Period:
    """A range of whole days, both ends included. ``start`` is None for "all time"."""

    key: str
    start: datetime.date | None
    end: datetime.date

    @property
    def label(self):
        if self.key == "custom":
            return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}"
        return dict(PERIOD_CHOICES)[self.key]

    @property
    def days(self):
        """Length in days, or None for all time."""
        return None if self.start is None else (self.end - self.start).days + 1

    def previous(self):
        """The period of the same length just before this one (None for all time)."""
        if self.start is None:
            return None
        end = self.start - datetime.timedelta(days=1)
        return Period(self.key, end - datetime.timedelta(days=self.days - 1), end)

    def query(self):
        """Query-string parameters that select this period again (for links and exports)."""
        if self.key == "custom":
            return {
                "period": "custom",
                "start": self.start.isoformat(),
                "end": self.end.isoformat(),
            }
        return {"period": self.key}


def parse_date(value, name):
    """A YYYY-MM-DD date from the query string, or a PeriodError naming the field."""
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        raise PeriodError(f"Enter the {name} date as YYYY-MM-DD, e.g. 2025-03-31.") from None


def parse_period(params, today=None):
    """Read ``period`` (and ``start`` / ``end`` for custom dates) from a query dict.

    Missing ``period`` means the last 30 days. Raises :class:`PeriodError` for an unknown
    period or invalid custom dates, so the view can answer 400 with the reason.
    """
    today = today or timezone.localdate()
    key = params.get("period") or DEFAULT_PERIOD
    if key in PERIOD_DAYS:
        return Period(key, today - datetime.timedelta(days=PERIOD_DAYS[key] - 1), today)
    if key == "all":
        return Period("all", None, today)
    if key != "custom":
        raise PeriodError("Choose a period from the list.")
    start = parse_date(params.get("start"), "start")
    end = parse_date(params.get("end"), "end")
    if start > end:
        raise PeriodError("The start date must be on or before the end date.")
    if end > today:
        raise PeriodError("The end date cannot be in the future.")
    if start < EARLIEST_DATE or (end - start).days > MAX_CUSTOM_DAYS:
        raise PeriodError("Choose a start date after 1 January 2000.")
    return Period("custom", start, end)


# --- Chart series --------------------------------------------------------------------------


# Under a year a chart has at most 53 weekly bars; a year or longer ("last 12 months", "all
# time") groups by month, which the monthly rollups give exactly: a weekly bar would need every
# day of it, a monthly bar reads whole months and only the partial months at the ends as days.
WEEKLY_MAX_DAYS = 364


def bucket_size(first_day, last_day):
    """Days per chart bar: one per day up to ~3 months, weekly under a year, then monthly."""
    days = (last_day - first_day).days + 1
    if days <= 92:
        return "day"
    if days <= WEEKLY_MAX_DAYS:
        return "week"
    return "month"


def bucket_start(day, size):
    """The first day of the bucket that ``day`` falls in."""
    if size == "week":
        return day - datetime.timedelta(days=day.weekday())
    if size == "month":
        return day.replace(day=1)
    return day


def next_bucket(day, size):
    if size == "day":
        return day + datetime.timedelta(days=1)
    if size == "week":
        return day + datetime.timedelta(days=7)
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Bucket:
    """One bar of a chart: votes whose day falls in [start, start + size)."""

    start: datetime.date
    helpful: int
    not_helpful: int

    @property
    def votes(self):
        return self.helpful + self.not_helpful

    @property
    def share(self):
        return helpful_share(self.helpful, self.votes)


def bucket_series(daily, first_day, last_day, size=None):
    """Group ``{day: (helpful, not_helpful)}`` into consecutive buckets covering the range,
    with empty buckets where there were no votes (so the chart's time axis is honest)."""
    size = size or bucket_size(first_day, last_day)
    sums = {}
    for day, (helpful, not_helpful) in daily.items():
        if first_day <= day <= last_day:
            key = bucket_start(day, size)
            h, n = sums.get(key, (0, 0))
            sums[key] = (h + helpful, n + not_helpful)
    series = []
    cursor = bucket_start(first_day, size)
    while cursor <= last_day:
        helpful, not_helpful = sums.get(cursor, (0, 0))
        series.append(Bucket(cursor, helpful, not_helpful))
        cursor = next_bucket(cursor, size)
    return series, size


def day_start(day):
    """The aware datetime at which a local day starts (settings ``TIME_ZONE``)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def day_end(day):
    """The aware datetime at which a local day ends (the start of the next day)."""
    return day_start(day + datetime.timedelta(days=1))


# --- Queries (rollups only) ----------------------------------------------------------------


def month_start(day):
    """The first day of the month ``day`` is in (the key of the monthly rollups)."""
    return day.replace(day=1)


@dataclass(frozen=True)
class RollupSplit:
    """Which rollup rows make up a range of days: the daily rows of ``days`` (a Q filter, or
    None for no daily rows) plus the monthly rows of ``months`` (a Q filter; ``Q()`` for every
    month, None for none)."""

    days: Q | None
    months: Q | None


def split_range(start, end):
    """Split the days ``start``..``end`` (``start`` None: every day up to ``end``) into whole
    months and the partial months at its ends."""
    if start is None:
        # "All time": every monthly row (rollup days are never in the future).
        return RollupSplit(days=None, months=Q())
    first_whole = start if start.day == 1 else next_bucket(month_start(start), "month")
    after_whole = month_start(end + datetime.timedelta(days=1))  # first month not whole
    if first_whole >= after_whole:
        return RollupSplit(days=Q(day__gte=start, day__lte=end), months=None)
    edges = []
    if start < first_whole:
        edges.append(Q(day__gte=start, day__lt=first_whole))
    if after_whole <= end:
        edges.append(Q(day__gte=after_whole, day__lte=end))
    return RollupSplit(
        days=functools.reduce(operator.or_, edges) if edges else None,
        months=Q(month__gte=first_whole, month__lt=after_whole),
    )


def _rollup_parts(daily_model, monthly_model, period, page_ids=None):
    """Querysets (daily, monthly) covering ``period``; either may be None when not needed."""
    split = split_range(period.start, period.end)
    parts = []
    for model, condition in ((daily_model, split.days), (monthly_model, split.months)):
        if condition is None:
            parts.append(None)
            continue
        rows = model.objects.filter(condition)
        if page_ids is not None:
            rows = rows.filter(page_id__in=page_ids)
        parts.append(rows.order_by())
    return parts


def _page_parts(period, page_ids=None, *, by_page=False):
    """The page rollups (daily, monthly) covering ``period``.

    Unless the caller groups by page (``by_page``) or asks for some pages only, whole months
    come from the totals of every page per month: one row per month, not per page and month.
    """
    from .models import DailyPageFeedback, MonthlyFeedbackTotal, MonthlyPageFeedback

    every_page = page_ids is None and not by_page
    monthly_model = MonthlyFeedbackTotal if every_page else MonthlyPageFeedback
    return _rollup_parts(DailyPageFeedback, monthly_model, period, page_ids)


def _reason_parts(period, page_ids=None, *, by_page=False):
    """The reason rollups (daily, monthly) covering ``period``, as :func:`_page_parts`."""
    from .models import DailyReasonFeedback, MonthlyReasonFeedback, MonthlyReasonTotal

    every_page = page_ids is None and not by_page
    monthly_model = MonthlyReasonTotal if every_page else MonthlyReasonFeedback
    return _rollup_parts(DailyReasonFeedback, monthly_model, period, page_ids)


def _page_totals(page_ids=None):
    """Every page's all-time rollup row (one per page), or those of ``page_ids``."""
    from .models import PageFeedbackTotal

    rows = PageFeedbackTotal.objects.order_by()
    if page_ids is not None:
        rows = rows.filter(page_id__in=page_ids)
    return rows


def period_totals(period, page_ids=None):
    """Helpful and not-helpful votes in ``period`` (two queries at most)."""
    helpful = not_helpful = 0
    if period.start is None and page_ids is not None:
        parts = [_page_totals(page_ids)]  # one all-time row per page
    else:
        parts = _page_parts(period, page_ids)
    for rows in parts:
        if rows is not None:
            sums = rows.aggregate(helpful=Sum("helpful"), not_helpful=Sum("not_helpful"))
            helpful += sums["helpful"] or 0
            not_helpful += sums["not_helpful"] or 0
    return Totals(helpful, not_helpful)


def first_vote_day(page_ids=None):
    """The earliest day with a rollup row (None without any), one indexed lookup."""
    from .models import DailyPageFeedback

    rows = DailyPageFeedback.objects.all()
    if page_ids is not None:
        rows = rows.filter(page_id__in=page_ids)
    return rows.aggregate(first=Min("day"))["first"]


def _daily_sums(rows):
    """``{day: (helpful, not_helpful)}`` of daily rollup rows, summed over pages."""
    rows = rows.values("day").annotate(h=Sum("helpful"), n=Sum("not_helpful"))
    return {row["day"]: (row["h"], row["n"]) for row in rows}


def chart_series(period, page_ids=None):
    """The chart of ``period``: ``(buckets, size, first_day, last_day)``.

    The chart spans the period, or for "all time" the first day with votes to today. Day and
    week bars read the daily rollups (a year at most); month bars read whole months from the
    monthly rollups (for every page: the month totals, one row per month) and only the partial
    months at the ends from the daily ones.
    """
    from .models import DailyPageFeedback

    first = period.start
    if first is None:
        first = first_vote_day(page_ids) or period.end
    last = period.end
    size = bucket_size(first, last)
    if size != "month":
        rows = DailyPageFeedback.objects.filter(day__gte=first, day__lte=last).order_by()
        if page_ids is not None:
            rows = rows.filter(page_id__in=page_ids)
        series, size = bucket_series(_daily_sums(rows), first, last, size)
        return series, size, first, last
    daily_rows, monthly_rows = _page_parts(period, page_ids)
    sums = _daily_sums(daily_rows) if daily_rows is not None else {}
    if monthly_rows is not None:
        rows = monthly_rows.values("month").annotate(h=Sum("helpful"), n=Sum("not_helpful"))
        sums.update({row["month"]: (row["h"], row["n"]) for row in rows})
    # Month keys are first days, which may fall before "all time"'s first vote day: start
    # the range at its month (the same buckets either way).
    series, size = bucket_series(sums, month_start(first), last, size)
    return series, size, first, last


def page_reason_counts(period, page_ids=None):
    """``[(page_id, reason, count)]`` for ``period``: one pass over the reason rollups (whole
    months from the monthly ones), from which both the per-article top reason and the overall
    reason counts are derived."""
    totals = {}
    for rows in _reason_parts(period, page_ids, by_page=True):
        if rows is None:
            continue
        grouped = rows.values_list("page_id", "reason").annotate(total=Sum("count"))
        for page_id, reason, total in grouped:
            totals[(page_id, reason)] = totals.get((page_id, reason), 0) + total
    return [(page_id, reason, total) for (page_id, reason), total in totals.items() if total]


def reason_counts(period, page_ids=None):
    """``[(reason, count)]`` most frequent first (ties alphabetically), for ``period``.

    Summed per reason by the database (two queries at most), so the overview reads a handful
    of rows instead of one per article and reason; whole months of every page come from the
    month totals (one row per month and reason).
    """
    totals = {}
    for rows in _reason_parts(period, page_ids):
        if rows is None:
            continue
        for reason, total in rows.values_list("reason").annotate(total=Sum("count")):
            totals[reason] = totals.get(reason, 0) + total
    return sorted(
        ((reason, count) for reason, count in totals.items() if count),
        key=lambda item: (-item[1], item[0]),
    )


def top_reasons(reason_rows):
    """``{page_id: most chosen reason}`` from :func:`page_reason_counts` rows (ties go
    alphabetically)."""
    best = {}
    for page_id, reason, count in reason_rows:
        current = best.get(page_id)
        if current is None or (-count, reason) < (-current[1], current[0]):
            best[page_id] = (reason, count)
    return {page_id: reason for page_id, (reason, _count) in best.items()}


@dataclass
class ArticleFigures:
    """One row of the articles table."""

    page_id: int
    title: str
    helpful: int
    not_helpful: int
    last_vote: datetime.date | None
    top_reason: str = ""
    exists: bool = True
    # Sorting, "needs attention" and the template each ask for it: worked out once, with the
    # votes (a plain attribute: on Python 3.11 ``functools.cached_property`` takes a lock on every
    # read).
    score: float = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        self.score = wilson_lower_bound(self.helpful, self.helpful + self.not_helpful)

    @property
    def votes(self):
        return self.helpful + self.not_helpful

    @property
    def share(self):
        return helpful_share(self.helpful, self.votes)

    @property
    def share_display(self):
        return format_percent(self.share)

    @property
    def score_display(self):
        return format_percent(self.score)

    @property
    def needs_attention(self):
        return self.votes >= NEEDS_ATTENTION_MIN_VOTES and self.score < NEEDS_ATTENTION_SCORE


def page_titles(page_ids):
    """``{page_id: (title, exists)}``: live titles from the page tree, and for deleted pages
    the title they had when last voted on (two queries at most)."""
    from wagtail.models import Page

    from .models import HelpfulVote

    titles = {
        pk: (title, True)
        for pk, title in Page.objects.filter(pk__in=page_ids).order_by().values_list("pk", "title")
    }
    missing = [pk for pk in page_ids if pk not in titles]
    if missing:
        rows = (
            HelpfulVote.objects.filter(page_id_at_vote__in=missing)
            .order_by("page_id_at_vote", "-created_at")
            .values_list("page_id_at_vote", "title_at_vote")
        )
        for pk, title in rows:
            titles.setdefault(pk, (f"{title} (deleted page)", False))
        for pk in missing:
            titles.setdefault(pk, (f"Deleted page #{pk}", False))
    return titles


def page_figures(period, page_ids=None, *, last_vote=True):
    """Every page with votes in ``period``, as :class:`ArticleFigures` with its votes (and its
    last vote day unless ``last_vote`` is false) but no title or top reason (two queries at
    most; "all time" reads one row per page from the all-time totals).

    Enough to count, total and rank every article; a screen then fills in the other columns
    for the few rows it shows (:func:`fill_titles`, :func:`fill_top_reasons`,
    :func:`fill_last_votes`) instead of reading them for every article.
    """
    if period.start is None:
        columns = ["page_id", "helpful", "not_helpful"] + (["last_day"] if last_vote else [])
        return [
            ArticleFigures(
                page_id=row[0],
                title="",
                helpful=row[1],
                not_helpful=row[2],
                last_vote=row[3] if last_vote else None,
            )
            for row in _page_totals(page_ids).values_list(*columns)
            if row[1] or row[2]
        ]
    daily_rows, monthly_rows = _page_parts(period, page_ids, by_page=True)
    pages = {}
    for rows, last_field in ((daily_rows, "day"), (monthly_rows, "last_day")):
        if rows is None:
            continue
        sums = {"h": Sum("helpful"), "n": Sum("not_helpful")}
        if last_vote:
            sums["last"] = Max(last_field)
        for row in rows.values("page_id").annotate(**sums):
            seen = pages.get(row["page_id"])
            if seen is not None:
                row["h"] += seen["h"]
                row["n"] += seen["n"]
                if last_vote:
                    row["last"] = max(row["last"], seen["last"])
            pages[row["page_id"]] = row
    return [
        ArticleFigures(
            page_id=row["page_id"],
            title="",
            helpful=row["h"],
            not_helpful=row["n"],
            last_vote=row.get("last"),
        )
        for row in pages.values()
        if row["h"] or row["n"]
    ]


def fill_titles(articles):
    """Set the ``title`` and ``exists`` of :class:`ArticleFigures` (two queries at most)."""
    titles = page_titles([article.page_id for article in articles])
    for article in articles:
        article.title, article.exists = titles[article.page_id]
    return articles


def fill_top_reasons(articles, period, reason_rows=None):
    """Set the ``top_reason`` of :class:`ArticleFigures` in ``period``: from ``reason_rows``
    (:func:`page_reason_counts`) when given, else read for these articles only."""
    if reason_rows is None:
        if not articles:
            return articles
        reason_rows = page_reason_counts(period, [article.page_id for article in articles])
    reasons = top_reasons(reason_rows)
    for article in articles:
        article.top_reason = reasons.get(article.page_id, "")
    return articles


def fill_last_votes(articles, period):
    """Set the ``last_vote`` day of :class:`ArticleFigures` in ``period`` (two queries at
    most, for these articles only)."""
    if not articles:
        return articles
    last = {}
    page_ids = [article.page_id for article in articles]
    if period.start is None:
        parts = [None, _page_totals(page_ids)]  # one row per page: its latest day of all
    else:
        parts = _page_parts(period, page_ids, by_page=True)
    for rows, day_field in zip(parts, ("day", "last_day"), strict=True):
        if rows is None:
            continue
        for page_id, day in rows.values_list("page_id").annotate(last=Max(day_field)):
            last[page_id] = max(day, last.get(page_id, day))
    for article in articles:
        article.last_vote = last.get(article.page_id)
    return articles


def article_figures(period, page_ids=None, reason_rows=None):
    """Every page with votes in ``period``, as :class:`ArticleFigures` with every column
    (six queries at most, whatever the number of pages or votes). Pass ``reason_rows`` from
    :func:`page_reason_counts` when the caller needs them too, to read them only once."""
    articles = page_figures(period, page_ids)
    if not articles:
        return []
    if reason_rows is None:
        reason_rows = page_reason_counts(period, page_ids)
    fill_top_reasons(articles, period, reason_rows)
    return fill_titles(articles)


def ranked_articles(period, page_ids=None, sort=""):
    """``(articles, sort)``: every page with votes in ``period``, sorted as
    :func:`sort_articles` does, with the title and last vote day read only when the sort
    needs them; fill in the rest for the rows shown with :func:`complete_articles`."""
    sort = normalise_sort(sort)
    column = sort.lstrip("-")
    articles = page_figures(period, page_ids, last_vote=column == "last_vote")
    if column == "title":
        fill_titles(articles)
    return sort_articles(articles, sort)


def complete_articles(articles, period, sort):
    """Fill in the columns :func:`ranked_articles` left out when sorting by ``sort``."""
    column = normalise_sort(sort).lstrip("-")
    if column != "title":
        fill_titles(articles)
    fill_last_votes([article for article in articles if article.last_vote is None], period)
    return fill_top_reasons(articles, period)


SORT_KEYS = {
    "score": lambda a: (a.score, a.votes),
    "votes": lambda a: (a.votes, a.score),
    "helpful": lambda a: (a.helpful, a.score),
    "not_helpful": lambda a: (a.not_helpful, -a.score),
    "share": lambda a: (a.share or 0, a.votes),
    "title": lambda a: a.title.casefold(),
    "last_vote": lambda a: (a.last_vote or datetime.date.min, a.votes),
}
DEFAULT_SORT = "-score"


def totals_of(articles):
    """The :class:`Totals` of a list of :class:`ArticleFigures` (no extra query)."""
    return Totals(sum(a.helpful for a in articles), sum(a.not_helpful for a in articles))


def normalise_sort(sort):
    """``sort`` when it names a column ("-" in front for descending), else the default."""
    name = sort.lstrip("-") if sort else ""
    return sort if name in SORT_KEYS else DEFAULT_SORT


def sort_articles(articles, sort):
    """Sort by a column name, "-" in front for descending; unknown names use the default."""
    sort = normalise_sort(sort)
    return sorted(articles, key=SORT_KEYS[sort.lstrip("-")], reverse=sort.startswith("-")), sort


def needs_attention(articles):
    """Articles with enough votes and a low score, worst first."""
    return sorted((a for a in articles if a.needs_attention), key=lambda a: (a.score, -a.votes))


def edit_markers(page, period_start, period_end):
    """``[(day, label)]``: the days the page was first published ("Published") or published
    again with changes ("Edited"), inside the range."""
    from wagtail.models import PageLogEntry

    days = (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish")
        .values_list("timestamp", flat=True)
        .order_by("timestamp")
    )
    markers = []
    for index, timestamp in enumerate(days):
        day = timezone.localdate(timestamp)
        if period_start <= day <= period_end and day not in [d for d, _ in markers]:
            markers.append((day, "Published" if index == 0 else "Edited"))
    return markers
