"""Server-side SVG charts for the feedback analytics: no chart script, nothing third-party.

A chart is an accessible image (``role="img"`` labelled by its ``<title>`` and ``<desc>``); the
screens that show one also show the same figures as a table. Colours are set with SVG
presentation attributes, not ``style=``, so the markup works under a strict
Content-Security-Policy. Every piece of text goes through ``escape``.
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .analytics import format_percent

WIDTH = 720
HEIGHT = 280
LEFT = 52
RIGHT = 56
TOP = 16
BOTTOM = 64

HELPFUL_COLOUR = "#1b6e3a"  # >= 3:1 against white (WCAG 1.4.11 non-text contrast)
NOT_HELPFUL_COLOUR = "#b3541e"
SHARE_COLOUR = "#1d4ed8"
AXIS_COLOUR = "#5c5c5c"
MARKER_COLOUR = "#6b21a8"

BUCKET_WORDS = {"day": "day", "week": "week", "month": "month"}


def bucket_label(start, size):
    """How one bucket is named in the chart, its description and the table."""
    if size == "month":
        return f"{start:%b %Y}"
    if size == "week":
        return f"week of {start:%d %b %Y}"
    return f"{start:%d %b %Y}"


def num(value):
    """A coordinate with one decimal, as text (format_html escapes its arguments first)."""
    return f"{value:.1f}"


def describe(series, size, markers):
    """The chart's text equivalent in one paragraph (its ``<desc>``)."""
    helpful = sum(b.helpful for b in series)
    votes = sum(b.votes for b in series)
    if not series:
        return "No votes in this period."
    text = (
        f"Votes per {BUCKET_WORDS[size]} from {bucket_label(series[0].start, size)} to "
        f"{bucket_label(series[-1].start, size)}: {votes} votes, "
        f"{format_percent(helpful / votes if votes else None)} helpful."
    )
    busiest = max(series, key=lambda b: b.votes)
    if busiest.votes:
        when = bucket_label(busiest.start, size)
        text += f" Most votes: {busiest.votes}, {'on ' if size == 'day' else 'in the '}{when}."
    if markers:
        dates = ", ".join(f"{day:%d %b %Y}" for day, _label in markers)
        text += f" The article was edited on {dates}."
    return text


def x_position(index, count):
    """Left edge of bar ``index`` of ``count``."""
    plot_width = WIDTH - LEFT - RIGHT
    return LEFT + plot_width * index / max(count, 1)


def render_trend_chart(series, size, *, chart_id, title, markers=()):
    """Stacked bars of helpful / not-helpful votes per bucket plus a line of the helpful share.

    ``series`` is a list of :class:`feedback.analytics.Bucket`; ``markers`` a list of
    ``(date, label)`` drawn as dashed vertical lines (e.g. the dates an article was edited).
    ``chart_id`` must be unique on the page (it prefixes the ids of ``<title>``/``<desc>``).
    """
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    base = TOP + plot_height
    count = len(series)
    top_votes = max([b.votes for b in series] + [1])
    bar_width = max(plot_width / max(count, 1) * 0.8, 1)
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="feedback-chart" role="img" '
            'viewBox="0 0 {} {}" width="100%" aria-labelledby="{}-title {}-desc" '
            'font-family="system-ui, sans-serif" font-size="12">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            WIDTH,
            HEIGHT,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            describe(series, size, markers),
        ),
        # Axes and their end labels: votes on the left, helpful share on the right.
        format_html(
            '<g aria-hidden="true" fill="{}">'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>'
            '<text x="{}" y="{}" text-anchor="end">{}</text>'
            '<text x="{}" y="{}" text-anchor="end">0</text>'
            '<text x="{}" y="{}">100%</text><text x="{}" y="{}">0%</text>'
            '<text x="{}" y="{}">votes</text>'
            '<text x="{}" y="{}" text-anchor="end">helpful</text></g>',
            AXIS_COLOUR,
            LEFT,
            base,
            WIDTH - RIGHT,
            base,
            AXIS_COLOUR,
            LEFT - 6,
            TOP + 10,
            top_votes,
            LEFT - 6,
            base,
            WIDTH - RIGHT + 6,
            TOP + 10,
            WIDTH - RIGHT + 6,
            base,
            4,
            TOP + 26,
            WIDTH - 4,
            TOP + 26,
        ),
    ]
    bars = []
    line_points = []
    for index, bucket in enumerate(series):
        x = x_position(index, count)
        helpful_height = plot_height * bucket.helpful / top_votes
        not_helpful_height = plot_height * bucket.not_helpful / top_votes
        if bucket.helpful:
            bars.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    num(x),
                    num(base - helpful_height),
                    num(bar_width),
                    num(helpful_height),
                    HELPFUL_COLOUR,
                )
            )
        if bucket.not_helpful:
            bars.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    num(x),
                    num(base - helpful_height - not_helpful_height),
                    num(bar_width),
                    num(not_helpful_height),
                    NOT_HELPFUL_COLOUR,
                )
            )
        if bucket.share is not None:
            line_points.append(f"{x + bar_width / 2:.1f},{base - plot_height * bucket.share:.1f}")
    parts.append(mark_safe('<g aria-hidden="true">' + "".join(bars) + "</g>"))
    if line_points:
        parts.append(
            format_html(
                '<polyline aria-hidden="true" fill="none" stroke="{}" stroke-width="2" '
                'points="{}"/>',
                SHARE_COLOUR,
                " ".join(line_points),
            )
        )
    parts.append(render_markers(series, size, markers, plot_height))
    parts.append(render_x_labels(series, size, base))
    parts.append(render_legend())
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def render_markers(series, size, markers, plot_height):
    """Dashed vertical lines at the buckets containing each marker date."""
    if not series or not markers:
        return ""
    from .analytics import bucket_start

    index_by_start = {b.start: i for i, b in enumerate(series)}
    lines = []
    for day, label in markers:
        index = index_by_start.get(bucket_start(day, size))
        if index is None:
            continue
        x = x_position(index, len(series)) + (WIDTH - LEFT - RIGHT) / len(series) * 0.4
        lines.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
                'stroke-dasharray="4 3"/><text x="{}" y="{}" fill="{}" '
                'text-anchor="middle">{}</text>',
                num(x),
                TOP,
                num(x),
                TOP + plot_height,
                MARKER_COLOUR,
                num(x),
                TOP + plot_height + 30,
                MARKER_COLOUR,
                label,
            )
        )
    return mark_safe('<g aria-hidden="true">' + "".join(lines) + "</g>")


def render_x_labels(series, size, base):
    """Dates under the first, middle and last bars (enough to read the time axis)."""
    if not series:
        return ""
    indexes = sorted({0, len(series) // 2, len(series) - 1})
    labels = []
    for position, index in enumerate(indexes):
        anchor = ("start", "middle", "end")[min(position, 2)] if len(indexes) > 1 else "start"
        x = x_position(index, len(series))
        if anchor == "end":
            x = WIDTH - RIGHT
        labels.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="{}">{}</text>',
                num(x),
                base + 16,
                anchor,
                bucket_label(series[index].start, "month" if size == "month" else "day"),
            )
        )
    return format_html(
        '<g aria-hidden="true" fill="{}">{}</g>', AXIS_COLOUR, mark_safe("".join(labels))
    )


def render_legend():
    """Key under the chart: colour swatch and name of each series."""
    y = HEIGHT - 14
    items = [
        (HELPFUL_COLOUR, "Helpful votes"),
        (NOT_HELPFUL_COLOUR, "Not helpful votes"),
        (SHARE_COLOUR, "Helpful share (right axis)"),
    ]
    parts = []
    x = LEFT
    for colour, text in items:
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="{}" fill="#1f1f1f">{}</text>',
                x,
                y - 10,
                colour,
                x + 16,
                y,
                text,
            )
        )
        x += 190
    return mark_safe('<g aria-hidden="true">' + "".join(parts) + "</g>")
