"""Exports of the council deck, its charts and its tables: pure functions that return bytes.

- Charts: ``chart_png``, ``chart_svg`` (one chart), ``deck_chart_files`` (every chart of a
  deck, drawn in one browser session). kaleido and the system Chromium draw them.
- Tables: ``table_csv`` (UTF-8 with BOM) and ``table_xlsx``, written by planboard.safe_cells
  so that no cell runs as a formula.
- The deck: ``deck_pptx`` (planboard/export_pptx.py) and ``deck_pdf`` (planboard/export_pdf.py),
  the same slides as presentation mode.

A ``sample_label`` (demo data) is carried into every output: on each chart image, as a
column of each table, and in each slide's footer (planboard.slides puts it there).
See docs/exports.md.
"""

from __future__ import annotations

import re

import pandas as pd

from planboard import i18n, item_charts, loaders, safe_cells, tables
from planboard.chart_base import Chart
from planboard.export_pdf import deck_pdf
from planboard.export_pptx import deck_pptx
from planboard.export_render import ExportError, Render, render

__all__ = [
    "FORMATS",
    "ExportError",
    "chart_png",
    "chart_svg",
    "deck_chart_files",
    "deck_pdf",
    "deck_pptx",
    "table_csv",
    "table_xlsx",
    "workbook_sheets",
]

FORMATS = ("pptx", "pdf", "png", "svg", "csv", "xlsx")
CHART_FORMATS = ("png", "svg")


def chart_png(
    chart: Chart, width: int = 1600, height: int = 900, scale: float = 1, sample_label: str | None = None
) -> bytes:
    """One chart as PNG (width × height CSS px, times scale)."""
    return render([Render(chart, "png", width, height, scale)], sample_label)[0]


def chart_svg(
    chart: Chart, width: int = 1600, height: int = 900, scale: float = 1, sample_label: str | None = None
) -> bytes:
    """One chart as SVG. Its text stays text: viewing it needs the font (Noto Sans CJK JP)."""
    return render([Render(chart, "svg", width, height, scale)], sample_label)[0]


def deck_chart_files(
    slides, file_format: str = "png", width: int = 1920, height: int = 1080, sample_label: str | None = None
) -> dict[str, bytes]:
    """Every chart of a deck, by file name: the slide's number and what it shows (03_18-2.png).

    1920 × 1080 by default: the deck's charts are drawn for a projector of that size.
    """
    if file_format not in CHART_FORMATS:
        raise ValueError(f"chart format must be one of {CHART_FORMATS}, got {file_format!r}")
    named = [
        (f"{n:02d}_{_file_part(slide.name or 'chart')}.{file_format}", slide.chart)
        for n, slide in enumerate(slides, start=1)
        if slide.chart is not None
    ]
    images = render([Render(chart, file_format, width, height) for _name, chart in named], sample_label)
    return {name: image for (name, _chart), image in zip(named, images, strict=True)}


def _file_part(text: str) -> str:
    """Safe in a file name on every system: item numbers (18-2) pass unchanged."""
    return re.sub(r"[^\w-]+", "_", text).strip("_") or "chart"


def table_csv(df: pd.DataFrame, sample_label: str | None = None, language: str = "ja") -> bytes:
    """A table as CSV for Excel: UTF-8 with BOM, CRLF, no cell that runs as a formula."""
    return safe_cells.csv_bytes(_labelled(df, sample_label, language))


def table_xlsx(sheets: dict[str, pd.DataFrame], sample_label: str | None = None, language: str = "ja") -> bytes:
    """Tables as one workbook, a sheet each, no cell that runs as a formula."""
    return safe_cells.xlsx_bytes({name: _labelled(df, sample_label, language) for name, df in sheets.items()})


def _labelled(df: pd.DataFrame, sample_label: str | None, language: str) -> pd.DataFrame:
    """The table with the sample label as its first column, on every row, so no row travels without it."""
    if not sample_label:
        return df
    out = df.copy()
    out.insert(0, i18n.t("col_data_kind", language), sample_label)
    return out


def metric_sheet(data, language: str) -> pd.DataFrame:
    """The metric table of a deck's data (one row per metric: plan and actual per year, statuses,
    the year's 評価・課題)."""
    return tables.metric_table(data.rows, data.items, language, data.fiscal_year, notes=data.notes)


def workbook_sheets(con, data, language: str) -> dict[str, pd.DataFrame]:
    """The sheets of the XLSX export: items, metrics, the history of actuals and of the
    評価・課題 notes, for the deck's scope."""
    revisions = loaders.revisions(con, data.plan["plan_id"])
    revisions = revisions[revisions["item_no"].isin(data.items["item_no"])]
    note_revisions = loaders.note_revisions(con, data.plan["plan_id"])
    note_revisions = note_revisions[note_revisions["item_no"].isin(data.items["item_no"])]
    reasons = item_charts.reasons(data.rows, data.items, data.fiscal_year, language, data.plan_stages)
    return {
        i18n.t("nav_items", language): tables.items_table(data.items, reasons, language),
        i18n.t("metrics_heading", language): metric_sheet(data, language),
        i18n.t("item_history", language): tables.history_table(revisions, language),
        i18n.t("history_notes_heading", language): tables.note_history_table(note_revisions, language),
    }
