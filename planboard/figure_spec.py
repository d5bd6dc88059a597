"""A Plotly figure assembled as plain dicts, kept as a dict (Chart.spec) when finished.

Plotly's object model checks and converts every property on every update_layout /
update_xaxes / add_annotation call: a two-panel count chart took about 80 ms to build
that way, which made chart building, not the store, the slowest part of a page
(docs/performance.md). The chart builders make the same calls on a FigureSpec, which
only merges dicts with Plotly's semantics (nested dicts merge, magic underscores
like ``margin_t`` name nested properties, ``row``/``col`` pick a subplot's axes), and
`finished()` gives the finished dict, which Chart turns into a go.Figure only when asked
(without re-validating it). A test compares the figures with what Plotly's own API builds.
"""

from __future__ import annotations

import copy
import functools
import re

import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from plotly.subplots import make_subplots

from planboard.chart_style import TEMPLATE

_AXIS = {"x": re.compile(r"^xaxis\d*$"), "y": re.compile(r"^yaxis\d*$")}
# Properties of the layout, its axes and annotations whose own names hold an underscore
# (Plotly checks the whole name before splitting it).
_UNDERSCORE_NAMES = frozenset(
    p
    for cls in (go.Layout, go.layout.XAxis, go.layout.YAxis, go.layout.Annotation)
    for p in cls()._valid_props
    if "_" in p
)


def _path_kwargs(kwargs: dict) -> dict:
    """Plotly's magic underscores: margin_t=5 → {"margin": {"t": 5}}."""
    out: dict = {}
    for key, value in kwargs.items():
        *parents, leaf = [key] if key in _UNDERSCORE_NAMES else key.split("_")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


def _merge(target: dict, updates: dict) -> dict:
    """Merge updates into target as Plotly's update does: nested dicts merge, anything else replaces."""
    for key, value in updates.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value) if isinstance(value, dict | list) else value
    return target


def _trace_dict(trace) -> dict:
    if isinstance(trace, BaseTraceType):
        return trace.to_plotly_json()
    return dict(trace)


@functools.cache
def _subplot_skeleton(kwargs_key: tuple) -> tuple[dict, dict]:
    # make_subplots is slow (~15 ms); its layout depends only on its arguments, so it is made once.
    fig = make_subplots(**{k: (list(v) if isinstance(v, tuple) and k == "row_heights" else v) for k, v in kwargs_key})
    grid = {}
    for r, row in enumerate(fig._grid_ref, start=1):
        for c, refs in enumerate(row, start=1):
            grid[(r, c)] = (tuple(refs[0].layout_keys), dict(refs[0].trace_kwargs))
    layout = fig.to_dict()["layout"]
    # The default template is large; go.Figure adds it again when the figure is made.
    layout.pop("template", None)
    return layout, grid


class FigureSpec:
    """The subset of go.Figure's building API that planboard's charts use, on plain dicts."""

    def __init__(self, data=None):
        self.data: list[dict] = []
        self.layout: dict = {}
        self._grid: dict = {}
        for trace in [data] if data is not None and not isinstance(data, list) else data or []:
            self.add_trace(trace)

    @classmethod
    def subplots(cls, **kwargs) -> FigureSpec:
        """Like plotly.subplots.make_subplots (same arguments)."""
        key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items()))
        layout, grid = _subplot_skeleton(key)
        spec = cls()
        spec.layout = copy.deepcopy(layout)
        spec._grid = grid
        return spec

    def add_trace(self, trace, row: int | None = None, col: int | None = None) -> FigureSpec:
        data = _trace_dict(trace)
        if row is not None:
            data.update(self._grid[(row, col)][1])
        self.data.append(data)
        return self

    def add_annotation(self, row: int | None = None, col: int | None = None, **kwargs) -> FigureSpec:
        annotation = _path_kwargs(kwargs)
        if row is not None:
            x_key, y_key = self._grid[(row, col)][0]
            annotation.update(xref=x_key.replace("axis", ""), yref=y_key.replace("axis", ""))
        self.layout.setdefault("annotations", []).append(annotation)
        return self

    def update_layout(self, dict1: dict | None = None, **kwargs) -> FigureSpec:
        _merge(self.layout, _merge(_path_kwargs(kwargs), dict1 or {}))
        return self

    def update_xaxes(self, dict1: dict | None = None, row: int | None = None, col: int | None = None, **kwargs):
        return self._update_axes("x", dict1, row, col, kwargs)

    def update_yaxes(self, dict1: dict | None = None, row: int | None = None, col: int | None = None, **kwargs):
        return self._update_axes("y", dict1, row, col, kwargs)

    def _update_axes(self, letter: str, dict1, row, col, kwargs) -> FigureSpec:
        if row is not None:
            keys = [self._grid[(row, col)][0][0 if letter == "x" else 1]]
        else:
            keys = [k for k in self.layout if _AXIS[letter].match(k)] or [f"{letter}axis"]
        updates = _merge(_path_kwargs(kwargs), dict1 or {})
        for key in keys:
            _merge(self.layout.setdefault(key, {}), updates)
        return self

    def update_annotations(self, selector: dict | None = None, **kwargs) -> FigureSpec:
        updates = _path_kwargs(kwargs)
        for annotation in self.layout.get("annotations", []):
            if all(annotation.get(k) == v for k, v in (selector or {}).items()):
                _merge(annotation, updates)
        return self

    def layout_value(self, *path):
        """A value already set in the layout, e.g. layout_value("margin", "t")."""
        node = self.layout
        for part in path:
            node = node[part]
        return node

    def finished(self) -> dict:
        """The finished figure as Plotly's dict, with Planboard's cut of Plotly's default template
        (see chart_style.TEMPLATE): what a Chart carries. Nothing is validated again: every value
        came from the builders."""
        return {"data": self.data, "layout": {**self.layout, "template": TEMPLATE}}
