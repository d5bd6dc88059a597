"""The council deck as a PDF: one self-contained HTML page per slide, printed by headless Chromium.

Charts are kaleido SVGs embedded as data URIs, so they stay sharp and their text stays text.
Every text from the store goes through html.escape; the page loads nothing from outside
(a Content-Security-Policy forbids it), so the browser only lays out what is written here.
"""

from __future__ import annotations

import base64
import html
import subprocess
import tempfile
from pathlib import Path

from planboard import deck_layout as dl
from planboard.chart_style import EXPORT_FONT_FAMILY
from planboard.export_render import ExportError, Render, chromium_path, render

PRINT_TIMEOUT_SECONDS = 120

# Flags for a quiet one-shot print: no sandbox (servers often run as root), no first-run
# screens, no network chatter, no date and URL printed in the margins.
CHROMIUM_PRINT_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
]

STYLE = f"""
@page {{ size: {dl.WIDTH}px {dl.HEIGHT}px; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: {EXPORT_FONT_FAMILY}; color: {dl.TEXT}; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
.slide {{ position: relative; width: {dl.WIDTH}px; height: {dl.HEIGHT}px; overflow: hidden; break-after: page; }}
.slide:last-child {{ break-after: auto; }}
.box {{ position: absolute; box-sizing: border-box; margin: 0; overflow: hidden; }}
h1.box {{ font-size: {dl.TITLE_PX}px; line-height: 1.25; font-weight: 700;
  border-bottom: 4px solid {dl.RULE}; display: flex; align-items: flex-end; padding-bottom: 10px; }}
.lines p {{ margin: 0 0 0.25em 0; line-height: {dl.LINE_HEIGHT}; }}
.chart {{ object-fit: contain; object-position: center top; }}
table.box {{ border-collapse: collapse; table-layout: fixed; height: auto; }}
th, td {{ border: 1px solid #9E9E9E; text-align: left; vertical-align: top; line-height: {dl.LINE_HEIGHT}; }}
th {{ background: #F2F2F2; font-weight: 700; }}
footer.box {{ font-size: {dl.FOOTER_PX}px; line-height: {dl.LINE_HEIGHT}; color: {dl.MUTED};
  border-top: 1px solid #C8C8C8; padding-top: 6px; }}
"""


def deck_pdf(slides, language: str = "ja", sample_label: str | None = None) -> bytes:
    """The slides as PDF pages, 16:9 landscape; sample_label also goes on every chart."""
    placements = [dl.place(s) for s in slides]
    requests = [
        Render(s.chart, "svg", p.chart.w, p.chart.h) for s, p in zip(slides, placements, strict=True) if p.chart
    ]
    images = iter(render(requests, sample_label))
    charts = [next(images) if p.chart else None for p in placements]
    return print_pdf(deck_html(slides, language, charts))


def deck_html(slides, language: str, chart_svgs: list[bytes | None]) -> str:
    """One HTML document, a 1920×1080 page per slide; chart_svgs[i] is slide i's chart (or None)."""
    e = html.escape
    pages = [_slide_html(slide, dl.place(slide), svg, language) for slide, svg in zip(slides, chart_svgs, strict=True)]
    title = e(slides[0].title) if slides else ""
    return (
        f'<!doctype html>\n<html lang="{e(language)}"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        "style-src 'unsafe-inline'\">"
        f"<title>{title}</title><style>{STYLE}</style></head><body>\n" + "\n".join(pages) + "\n</body></html>\n"
    )


def _slide_html(slide, place: dl.Placement, svg: bytes | None, language: str) -> str:
    e = html.escape
    parts = [f'<h1 class="box" style="{_pos(place.title)}">{e(slide.title)}</h1>']
    if place.lines:
        lines = "".join(f"<p>{e(line)}</p>" for line in slide.lines)
        parts.append(f'<div class="box lines" style="{_pos(place.lines)} font-size:{place.lines_px}px">{lines}</div>')
    if place.chart and svg is not None:
        src = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
        alt = e(f"{slide.chart.title}: {slide.chart.sentence}")
        parts.append(f'<img class="box chart" style="{_pos(place.chart)}" src="{src}" alt="{alt}">')
    if place.table:
        parts.append(_table_html(slide.table, place.table, language))
    parts.append(f'<footer class="box" style="{_pos(place.footer)}">{e(slide.footer)}</footer>')
    return '<section class="slide">' + "".join(parts) + "</section>"


def _table_html(table, box: dl.Box, language: str) -> str:
    e = html.escape
    px = dl.table_px(len(table))
    pad = f"padding:{dl.cell_padding(px)}px;"
    cols = "".join(f'<col style="width:{w}px">' for w in dl.column_widths(table, box.w, px))
    head = "".join(f'<th style="{pad}">{e(str(c))}</th>' for c in table.columns)
    rows = []
    for record in table.itertuples(index=False):
        cells = []
        for value in record:
            colours = dl.badge_colours(value, language)
            style = pad + (f"background:{colours[0]};color:{colours[1]};font-weight:700;" if colours else "")
            cells.append(f'<td style="{style}">{e(dl.cell_text(value))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="box" style="left:{box.x}px;top:{box.y}px;width:{box.w}px;font-size:{px}px">'
        f"<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _pos(box: dl.Box) -> str:
    return f"left:{box.x}px;top:{box.y}px;width:{box.w}px;height:{box.h}px;"


def print_pdf(document: str) -> bytes:
    """Print an HTML document to PDF with headless Chromium (no page header or footer)."""
    with tempfile.TemporaryDirectory(prefix="planboard-pdf-") as tmp:
        page = Path(tmp) / "deck.html"
        out = Path(tmp) / "deck.pdf"
        page.write_text(document, encoding="utf-8")
        command = [
            chromium_path(),
            *CHROMIUM_PRINT_FLAGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",  # a profile of its own: never the user's, never shared
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT_SECONDS, check=False)  # noqa: S603
        except subprocess.TimeoutExpired as exc:
            raise ExportError(f"Chromium did not print the PDF within {PRINT_TIMEOUT_SECONDS} s") from exc
        if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace")[-800:]
            raise ExportError(f"Chromium could not print the PDF (exit {done.returncode}): {tail}")
        return out.read_bytes()
