"""Where things sit on a council slide, shared by the PPTX and the PDF so both show the same slide.

A slide is 1920 × 1080 px (16:9, a projector's size). The PDF prints a page of exactly that
size; PowerPoint's 16:9 slide is 13.333 × 7.5 in, so a pixel here is 1/144 in, half a point.
Type is large: the room reads it from the back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from planboard import status
from planboard.chart_style import text_colour_on
from planboard.chart_text import text_ems

WIDTH, HEIGHT = 1920, 1080
MARGIN = 80
TEXT = "#1A1A1A"
MUTED = "#595959"  # 7:1 on white
RULE = "#0017C1"  # the line under the title: the palette's actual blue

TITLE_PX = 56
LINE_PX = 36  # a sentence above a chart or table
LEAD_PX = 44  # lines alone on a slide (the title slide)
FOOTER_PX = 22
LINE_HEIGHT = 1.3

BODY_TOP = 200
BODY_BOTTOM = 980
GAP = 12


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int


TITLE = Box(MARGIN, 36, WIDTH - 2 * MARGIN, 150)  # two lines of TITLE_PX
FOOTER = Box(MARGIN, BODY_BOTTOM + 10, WIDTH - 2 * MARGIN, HEIGHT - BODY_BOTTOM - 16)


@dataclass(frozen=True)
class Placement:
    """The boxes of one slide; those it does not use are None."""

    title: Box
    footer: Box
    lines: Box | None
    lines_px: int
    chart: Box | None
    table: Box | None


def place(slide) -> Placement:
    """Title on top, footer at the bottom; lines, then the chart or the table, fill the body."""
    top = BODY_TOP
    lines, lines_px = None, LINE_PX
    if slide.lines:
        has_body = slide.chart is not None or slide.table is not None
        lines_px = LINE_PX if has_body else LEAD_PX
        # Above a chart or table: room for one sentence that wraps onto a second line.
        height = int(2 * LINE_PX * LINE_HEIGHT) + GAP if has_body else BODY_BOTTOM - top
        lines = Box(MARGIN, top, WIDTH - 2 * MARGIN, height)
        top += height + GAP
    body = Box(MARGIN, top, WIDTH - 2 * MARGIN, BODY_BOTTOM - top)
    # A table's ruled top edge would touch the title's rule: it starts a little lower.
    table = Box(MARGIN, top + 2 * GAP, WIDTH - 2 * MARGIN, BODY_BOTTOM - top - 2 * GAP)
    return Placement(
        title=TITLE,
        footer=FOOTER,
        lines=lines,
        lines_px=lines_px,
        chart=body if slide.chart is not None else None,
        table=table if slide.chart is None and slide.table is not None else None,
    )


def table_px(rows: int) -> int:
    """Type size of a slide table: large while the rows fit, smaller for a goal with many items.

    A row is budgeted two lines of text (the reason column wraps) plus its padding.
    """
    return max(16, min(32, int((BODY_BOTTOM - BODY_TOP) / (3.6 * (rows + 1)))))


def cell_padding(px: int) -> int:
    return max(6, int(px * 0.4))


def column_widths(table: pd.DataFrame, total: int, px: int) -> list[int]:
    """Widths in px that share `total`: short columns (number, status) get all they need and
    never wrap; long ones (title, reason) share the rest by how much text they hold."""
    natural = [
        max(text_ems(v) for v in [column, *table[column]]) * px + 2 * cell_padding(px) for column in table.columns
    ]
    if sum(natural) <= total:
        widths = [n * total / sum(natural) for n in natural]
    else:
        short = [n if n <= total * 0.2 else None for n in natural]
        rest = total - sum(n for n in short if n is not None)
        long_total = sum(n for n, s in zip(natural, short, strict=True) if s is None)
        widths = [s if s is not None else n * rest / long_total for n, s in zip(natural, short, strict=True)]
    widths = [math.ceil(w) for w in widths]
    widths[widths.index(max(widths))] += total - sum(widths)  # rounding: the widest column gives or takes
    return widths


def badge_colours(text: object, language: str) -> tuple[str, str] | None:
    """(fill, text colour) when a table cell is a status badge (◎ 達成), so the cell takes its colour."""
    for s in status.STATUSES.values():
        if text == s.badge(language):
            return s.colour, text_colour_on(s.colour)
    return None


def cell_text(value: object) -> str:
    """A table cell as text: blank, never 'nan' or 'None', where there is no value."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)
