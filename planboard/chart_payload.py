"""What the page's chart component gets of a figure: its JSON text and its margin key.

Both are made once per chart (Chart.screen): the charts are cached and shared by every run and
session (ui.charts_for_item), so a page that shows a chart again sends it for the price of a
look-up (docs/performance.md, change 38).
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import NamedTuple

import numpy as np
import plotly.io as pio


class ScreenFigure(NamedTuple):
    json: str
    margin_key: str


def screen(spec: dict) -> ScreenFigure:
    """A figure's dict as the page draws it (plotly_view.show)."""
    return ScreenFigure(figure_json(spec), margin_key(spec))


def figure_json(spec: dict) -> str:
    """A figure's dict (Chart.spec) as the JSON text Plotly.js takes, encoded as plotly.io does
    for a go.Figure (NaN as null, NumPy arrays as typed arrays), without making one."""
    return pio.json.to_json_plotly(spec)


# What a trace draws inside its plot, or only on hovering: its labels do not push the margins.
_INSIDE = ("text", "texttemplate", "hovertext", "hovertemplate", "customdata")


def margin_key(spec: dict) -> str:
    """What decides a chart's margins besides its width: its own margins and height, and the
    shape of its data and the rest of its layout (without the title, and the template that
    every chart shares): texts by their length, numbers by their digits.

    Plotly.js sizes a chart's margins to its tick labels and legend (the title sits in the top
    margin the layout sets). The count charts of a page's items differ in their figures and
    titles but not in this key, so the page draws them with the margins the first one found.
    """
    layout = {name: value for name, value in spec["layout"].items() if name not in ("title", "template")}
    exact = {name: layout.pop(name, None) for name in ("margin", "height")}
    traces = [{name: value for name, value in trace.items() if name not in _INSIDE} for trace in spec["data"]]
    shape = json.dumps([exact, _shape(traces), _shape(layout)], sort_keys=True, default=str)
    return hashlib.blake2b(shape.encode("utf-8"), digest_size=8).hexdigest()


def _shape(value):
    """value with each text as its length, each number as its count of digits, and a list of
    texts or of numbers summed up: how many, and the longest or the widest."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, dict):
        return {str(name): _shape(item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        items = [v.item() if isinstance(v, np.generic) else v for v in value]
        present = [v for v in items if not _is_gap(v)]
        if present and all(isinstance(v, str) for v in present):
            return ["texts", len(items), max(map(len, present))]
        if present and all(_is_number(v) for v in present):
            finite = [v for v in present if math.isfinite(v)]
            widest = max(map(abs, finite), default=0)
            fraction = any(v != int(v) for v in finite)
            return ["numbers", len(items), _digits(widest), min(present) < 0, fraction]
        return [_shape(item) for item in items]
    if isinstance(value, str):
        return len(value)
    if _is_number(value):
        return _digits(value)
    if value is None or isinstance(value, bool):
        return value
    return len(str(value))  # a date, a timestamp: drawn as its text


def _is_gap(value) -> bool:
    """None and NaN: no point drawn."""
    return value is None or (isinstance(value, float) and value != value)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _digits(number: float) -> int:
    return len(str(int(abs(number)))) if math.isfinite(number) else 0
