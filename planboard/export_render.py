"""Charts to PNG or SVG with kaleido and the system Chromium, many charts per browser start.

Starting Chromium costs seconds and drawing a chart a fraction of one, so every export
draws all its charts in one kaleido session (`render`). The figure drawn is a copy of
the chart's: fonts set to the installed Japanese font, the sample-data label added.
Nothing is downloaded: no Chrome (the browser comes from the setting `chromium_path`)
and no MathJax (kaleido would fetch it from a CDN; the charts use no formulas).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

from planboard import settings
from planboard.chart_base import Chart
from planboard.chart_style import EXPORT_FONT_FAMILY

# The sample-data label on a chart: dark text on pale yellow, like a sticker on a printout.
LABEL_BACKGROUND = "#FFF0B3"
LABEL_BORDER = "#8A6D00"


class ExportError(RuntimeError):
    """An export cannot be made here: no browser, or the browser failed."""


@dataclass(frozen=True)
class Render:
    """One chart to draw, and how: format (png, svg), size in CSS pixels and a scale for PNG sharpness."""

    chart: Chart
    format: str = "png"
    width: int = 1600
    height: int = 900
    scale: float = 1


def chromium_path() -> str:
    """The browser that draws: the setting `chromium_path`, else $BROWSER_PATH, else chromium on the PATH."""
    candidates = [settings.get("chromium_path"), os.environ.get("BROWSER_PATH")]
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return str(candidate)
    raise ExportError(
        "Chromium が見つかりません。apt-get install chromium で入れるか、PLANBOARD_CHROMIUM_PATH で場所を指定してください。"
        " / Chromium not found: install it (apt-get install chromium) or set PLANBOARD_CHROMIUM_PATH."
    )


def export_figure(chart: Chart, sample_label: str | None = None) -> go.Figure:
    """A copy of the chart's figure as it is exported: installed CJK font everywhere, sample label on top."""
    fig = go.Figure(_with_font(chart.figure.to_dict()))  # a copy: the screen's cached figure stays as it was
    fig.update_layout(font_family=EXPORT_FONT_FAMILY)
    if sample_label:
        size = fig.layout.font.size or 14
        top_margin = fig.layout.margin.t if fig.layout.margin.t is not None else 100
        # Top right, level with the chart's title (which sits top left in the margin), so it
        # is on every image however it is cropped or pasted.
        fig.add_annotation(
            text=sample_label,
            xref="paper",
            yref="paper",
            x=1,
            y=1,
            xanchor="right",
            yanchor="top",
            yshift=top_margin - size // 2,
            showarrow=False,
            font={"family": EXPORT_FONT_FAMILY, "size": size, "color": "#000000"},
            bgcolor=LABEL_BACKGROUND,
            bordercolor=LABEL_BORDER,
            borderwidth=2,
            borderpad=max(4, size // 3),
        )
    return fig


def _with_font(node):
    """Every font family in a figure's dict replaced by the export family (titles, annotations, hover)."""
    if isinstance(node, dict):
        return {k: EXPORT_FONT_FAMILY if k == "family" else _with_font(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_with_font(v) for v in node]
    return node


def render(requests: list[Render], sample_label: str | None = None) -> list[bytes]:
    """The image of each request, in order, drawn in one browser session."""
    if not requests:
        return []
    jobs = [
        (
            export_figure(r.chart, sample_label),
            {"format": r.format, "width": r.width, "height": r.height, "scale": r.scale},
        )
        for r in requests
    ]
    browser = chromium_path()
    limit = RENDER_TIMEOUT_S + RENDER_TIMEOUT_PER_CHART_S * len(jobs)
    for attempt in range(RENDER_ATTEMPTS):
        try:
            return _run_session(jobs, browser, limit)
        except TimeoutError:
            # A browser that stopped answering is left behind (kaleido closes it) and a new one
            # started: an export never waits forever on a stuck Chromium.
            if attempt == RENDER_ATTEMPTS - 1:
                raise ExportError(
                    f"グラフの描画が{limit:.0f}秒以内に終わりませんでした / chart rendering took over {limit:.0f} s"
                ) from None
    raise AssertionError("unreachable")


# How long one browser session may take to draw an export's charts, and how often it is tried.
RENDER_TIMEOUT_S = 30.0
RENDER_TIMEOUT_PER_CHART_S = 3.0
RENDER_ATTEMPTS = 2


def _run_session(jobs: list[tuple[go.Figure, dict]], browser: str, limit: float) -> list[bytes]:
    # kaleido is asynchronous; a thread of its own gives it an event loop even when the
    # caller already runs one (a notebook, a server).
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(_render_all(jobs, browser), limit)).result()


async def _render_all(jobs: list[tuple[go.Figure, dict]], browser: str) -> list[bytes]:
    import kaleido  # imported here: it is slow to import and only exports need it

    try:
        async with kaleido.Kaleido(path=browser, mathjax=False) as k:
            return [await k.calc_fig(fig, opts=opts) for fig, opts in jobs]
    except Exception as exc:  # kaleido's and choreographer's own errors (a timeout cancels, see render)
        raise ExportError(f"グラフを描けませんでした / chart rendering failed: {exc}") from exc
