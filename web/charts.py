"""Small bar charts drawn on the server as inline SVG: readable with no JavaScript, and
described for screen readers (role="img", an aria-label and a <title> for the whole chart, a
<title> per bar). Pages show the same numbers as a table beside each chart (_charts.html).

Styling is by SVG attributes only, as the pages' Content-Security-Policy forbids inline
style. Every row gets one <rect class="bar">, a zero as a bar of no height, so a chart has as
many bars as its table has rows.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from flask import Flask
from markupsafe import Markup, escape

from disclosure_search.authority_stats import count_months, fill_periods
from web.text import counted, facet_value

Rows = Sequence[tuple[str, int]]

BAR = "#0b4f9c"  # the site's link colour: AA contrast on white
INK = "#1b1b1b"
MUTED = "#555555"
LINE = "#d0d0d0"
FONT = 'font-family="system-ui, sans-serif"'
WIDTH = 600
MAX_SLOT = 60  # widest room for one column
COLUMN_HEIGHT = 160
ROW_HEIGHT = 22
LABEL_WIDTH = 200
MAX_X_LABELS = 12
LABEL_CHARS = 27  # what fits in LABEL_WIDTH at 12px


def chart_id(title: str, rows: Rows) -> str:
    """An element id unique to this chart's content, so several charts share a page."""
    digest = hashlib.sha1(repr((title, list(rows))).encode("utf-8")).hexdigest()[:10]
    return f"chart-{digest}"


def describe(title: str, rows: Rows, unit: str) -> str:
    """A one-sentence summary for the aria-label: the title and the largest value."""
    if not rows:
        return f"{title}: none"
    label, count = max(rows, key=lambda row: row[1])
    return f"{title}: {counted(len(rows), 'bar')}, largest {label} with {counted(count, unit)}"


def _open_svg(title: str, rows: Rows, unit: str, height: int) -> list[str]:
    ident = chart_id(title, rows)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-label="{escape(describe(title, rows, unit))}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
    ]


def column_chart(rows: Rows, title: str, unit: str = "disclosure") -> Markup:
    """Vertical bars in row order (months or years, oldest first), labelled below; with many
    bars only every few are labelled, the rest are named in each bar's <title>."""
    height = COLUMN_HEIGHT + 40
    parts = _open_svg(title, rows, unit, height)
    top = max((n for _, n in rows), default=0) or 1
    # Room for the last label; a few bars stay column-wide, not stretched across the chart.
    slot = min((WIDTH - 70) / max(len(rows), 1), MAX_SLOT)
    every = max(1, -(-len(rows) // MAX_X_LABELS))
    baseline = COLUMN_HEIGHT + 10
    parts.append(f'<text x="0" y="12" font-size="11" fill="{MUTED}" {FONT}>{top}</text>')
    parts.append(f'<line x1="30" y1="{baseline}" x2="{WIDTH}" y2="{baseline}" stroke="{LINE}"/>')
    for i, (label, count) in enumerate(rows):
        bar_height = round(COLUMN_HEIGHT * count / top, 1)
        x = round(35 + i * slot, 1)
        width = round(max(slot * 0.8, 1), 1)
        parts.append(
            f'<rect class="bar" x="{x}" y="{round(baseline - bar_height, 1)}" width="{width}" '
            f'height="{bar_height}" fill="{BAR}"><title>{escape(label)}: {counted(count, unit)}'
            f"</title></rect>"
        )
        if i % every == 0:
            parts.append(
                f'<text x="{round(x + width / 2, 1)}" y="{baseline + 16}" font-size="11" '
                f'text-anchor="middle" fill="{INK}" {FONT}>{escape(label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(rows: Rows, title: str, unit: str = "disclosure") -> Markup:
    """Horizontal bars, one per row in row order, the label on the left and the count at the
    bar's end: for a mix (outcomes, exemptions, authorities)."""
    height = ROW_HEIGHT * max(len(rows), 1) + 4
    parts = _open_svg(title, rows, unit, height)
    top = max((n for _, n in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 50
    for i, (label, count) in enumerate(rows):
        y = i * ROW_HEIGHT + 2
        length = round(room * count / top, 1)
        shown = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" font-size="12" text-anchor="end" '
            f'fill="{INK}" {FONT}>{escape(shown)}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{length}" '
            f'height="{ROW_HEIGHT - 6}" fill="{BAR}"><title>{escape(label)}: {counted(count, unit)}'
            f"</title></rect>"
            f'<text x="{LABEL_WIDTH + length + 4}" y="{y + 15}" font-size="12" fill="{INK}" '
            f"{FONT}>{count}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def tally(items: Iterable[Any], attribute: str) -> list[tuple[str, int]]:
    """(value, count) of one attribute over items, most common first, ties by value; a
    tuple attribute (exemptions, topics) counts each of its values: chart rows for a list of
    hits, such as a group's answers: tally(members, "outcome")."""
    counts: Counter[str] = Counter()
    for item in items:
        value = getattr(item, attribute)
        counts.update(value if isinstance(value, tuple) else [value] if value else [])
    return sorted(counts.items(), key=lambda row: (-row[1], row[0]))


CHARTS = {"column": column_chart, "bar": bar_chart}


def render_chart(
    kind: str, rows: Rows, title: str, unit: str = "disclosure", facet: str | None = None
) -> Markup:
    """A chart by kind name ("column" for a time series, "bar" for a mix); `facet` names the
    values as the facet lists do (topic slugs as words, exemptions with their names)."""
    if facet:
        rows = [(facet_value(label, facet), count) for label, count in rows]
    return CHARTS[kind](rows, title, unit)


def register(app: Flask) -> None:
    """Make the chart helpers template globals, for any page (authority, group, search):
    render_chart, tally, count_months (dates -> months) and fill_periods (year or month rows
    with the empty periods as 0)."""
    for helper in (render_chart, tally, count_months, fill_periods):
        app.add_template_global(helper)
