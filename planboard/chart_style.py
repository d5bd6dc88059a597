"""The shared look of every chart: Digital Agency palette, Noto Sans JP, and the
sizes for a screen (default), a 1920×1080 projector (big) and high contrast.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from planboard.chart_text import wrap_ems

FONT_FAMILY = "Noto Sans JP, Noto Sans CJK JP, sans-serif"
# The Japanese font on the server (Debian's fonts-noto-cjk). Exports name it first: Noto Sans JP,
# the screen's first choice, is not installed there, and a fallback font may lack kanji.
CJK_FONT = "Noto Sans CJK JP"
EXPORT_FONT_FAMILY = f"{CJK_FONT}, Noto Sans JP, sans-serif"

# The Digital Agency chart palette.
PLANNED = "#7096F8"
PLANNED_DARK = "#3460FB"  # the palette's next blue: 5:1 on white, for high contrast
PLANNED_LIGHT = "#C5D7FB"
ACTUAL = "#0017C1"
GOAL = "#FE3939"
GRID = "#E6E6E6"
BACKGROUND = "#FFFFFF"
NOT_APPLICABLE = "#F2F2F2"


# Every trace type a chart of Planboard draws: the template keeps theirs, and the browser's
# Plotly.js bundle (plotly_view) must have them.
TRACE_TYPES = ("bar", "heatmap", "scatter")


def _template() -> dict:
    """Plotly's default template cut to what 2-D scatter, bar and heatmap charts read.

    Every figure carries its template to the browser and through each copy Plotly makes;
    the full one (polar, ternary, 3-D, map and 20 other trace types) is larger than the
    chart itself and made each figure about 1.5 ms slower to build and send. What is kept
    is taken from the default, so nothing drawn changes.
    """
    full = pio.templates["plotly"].to_plotly_json()
    layout_keys = (
        "annotationdefaults", "autotypenumbers", "coloraxis", "colorscale", "colorway", "font",
        "hoverlabel", "hovermode", "paper_bgcolor", "plot_bgcolor", "shapedefaults", "title", "xaxis", "yaxis",
    )  # fmt: skip
    return {
        "data": {kind: full["data"][kind] for kind in TRACE_TYPES},
        "layout": {key: full["layout"][key] for key in layout_keys},
    }


TEMPLATE = _template()


@dataclass(frozen=True)
class Style:
    """Sizes and colours for one rendering; builders take every number from here."""

    big: bool = False
    high_contrast: bool = False

    @property
    def text(self) -> str:
        return "#000000" if self.high_contrast else "#1A1A1A"

    @property
    def muted(self) -> str:
        # #595959 keeps 7:1 on white, so the secondary text still passes 4.5:1.
        return "#000000" if self.high_contrast else "#595959"

    @property
    def planned(self) -> str:
        """Planned lines and markers (#7096F8 is only 2.8:1 on white)."""
        return PLANNED_DARK if self.high_contrast else PLANNED

    @property
    def grid(self) -> str:
        return "#9E9E9E" if self.high_contrast else GRID

    @property
    def outline(self) -> str:
        """Edge of light fills (#C5D7FB bars, #E6E6E6 status) so they show on white."""
        return "#000000" if self.high_contrast else PLANNED

    @property
    def font(self) -> int:
        return 22 if self.big else 14

    @property
    def title(self) -> int:
        return 36 if self.big else 20

    @property
    def subtitle(self) -> int:
        return 24 if self.big else 14

    @property
    def subtitle_ems(self) -> int:
        """How wide a subtitle line may be, in font sizes: a half-width column of the overview
        (about 440 px) on screen, a 1600 px export or slide when big."""
        return 60 if self.big else 30

    @property
    def tick(self) -> int:
        return 22 if self.big else 13

    @property
    def label(self) -> int:
        """Numbers and words drawn on the data."""
        return 22 if self.big else 13

    @property
    def line(self) -> float:
        width = 4.0 if self.big else 2.5
        return width * 1.6 if self.high_contrast else width

    @property
    def marker(self) -> int:
        return 18 if self.big else 11

    @property
    def height(self) -> int:
        return 1000 if self.big else 480


def apply_layout(fig: go.Figure, title: str, style: Style, subtitle: str | None = None) -> go.Figure:
    """Font, colours, title, legend and grid shared by every chart."""
    # Title and subtitle sit in the top margin, the subtitle wrapped so a narrow column
    # shows all of it (a line more, 1.3 em, for each line it takes).
    lines = wrap_ems(subtitle, style.subtitle_ems) if subtitle else []
    top = int(style.title * 1.8 + (style.subtitle * (1.9 + 1.3 * (len(lines) - 1)) if lines else 0) + style.font)
    # The legend sits at the foot of the figure (yref container): Plotly keeps that strip
    # for it and puts the plot and its tick labels (two lines for years) above it, at any
    # height (a 640 px slide, a 480 px column, an export) and however the legend wraps.
    # A legend placed in plot fractions (y = -0.14) met the tick labels when the plot was short.
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": style.font, "color": style.text},
        title={
            "text": title,
            "font": {"size": style.title, "color": style.text},
            "subtitle": {"text": "<br>".join(lines), "font": {"size": style.subtitle, "color": style.muted}},
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"l": style.font, "t": style.font // 2},
        },
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        height=style.height,
        margin={"l": style.font, "r": style.font * 2, "t": top, "b": style.font},
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yanchor": "bottom",
            "yref": "container",
            "font": {"size": style.font, "color": style.text},
            "bgcolor": "rgba(255,255,255,0)",
        },
        hoverlabel={"font": {"family": FONT_FAMILY, "size": style.font}},
    )
    axis = {
        "gridcolor": style.grid,
        "linecolor": style.grid,
        "zerolinecolor": style.grid,
        "tickfont": {"size": style.tick, "color": style.text},
        "title": {"font": {"size": style.tick, "color": style.text}},
        "automargin": True,
        # Plotly.js's default for a number axis ("hide past div") measures every tick label's
        # box on every drawing, a forced layout each: about a seventh of drawing a chart
        # (docs/performance.md, change 32). With automargin the labels lie inside the chart.
        "ticklabeloverflow": "allow",
        "zeroline": False,
    }
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    fig.update_annotations(font_family=FONT_FAMILY)
    return fig


def text_colour_on(background: str) -> str:
    """Black or white, whichever contrasts more with the background (WCAG formula).

    >>> text_colour_on("#0017C1"), text_colour_on("#FE3939"), text_colour_on("#E6E6E6")
    ('#FFFFFF', '#000000', '#000000')
    """
    luminance = _luminance(background)
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return "#FFFFFF" if on_white >= on_black else "#000000"


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
