"""What every chart builder returns, and the small helpers they share."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from planboard import chart_payload
from planboard.chart_text import first_value, is_missing, tick_text, with_unit


@dataclass(frozen=True)
class Chart:
    """A figure with its data: the table is exactly what the figure draws, with column
    names in the chosen language, for 「表で見る」 and CSV download.

    spec is the finished figure as Plotly's plain dict (data, layout, template): the screen
    sends it as it is (plotly_view.show). `figure`, Plotly's object, is made only when asked
    for (exports, tests): making it and copying it out again as JSON took ~2.3 ms a chart
    against ~0.15 ms for the dict, on every page run that draws a chart the cache does not
    have (docs/performance.md, change 35).
    """

    spec: dict | None
    table: pd.DataFrame
    title: str
    sentence: str

    @cached_property
    def figure(self) -> go.Figure | None:
        return None if self.spec is None else go.Figure(self.spec, _validate=False)

    @cached_property
    def screen(self) -> chart_payload.ScreenFigure:
        """The figure as the page draws it: its JSON text and margin key, made once a chart."""
        return chart_payload.screen(self.spec)


def one_metric(rows: pd.DataFrame, kind: str | None = None) -> pd.DataFrame:
    """The rows, checked to be those of exactly one metric (of the given kind)."""
    if rows.empty:
        raise ValueError("no rows to draw")
    metrics = set(zip(rows["item_no"].tolist(), rows["metric_code"].tolist(), strict=True))
    if len(metrics) != 1:
        raise ValueError(f"expected the rows of one metric, got {len(metrics)}: pass rows of one item_no/metric_code")
    if kind is not None and set(rows["kind"].tolist()) != {kind}:
        raise ValueError(f"expected a {kind} metric, got {sorted(set(rows['kind']))}")
    return rows


def metric_title(rows: pd.DataFrame | list[dict], language: str) -> str:
    first = rows[0] if isinstance(rows, list) else rows.iloc[0]
    label = first["metric_label_en"] if language == "en" else first["metric_label_ja"]
    return f"{first['item_no']} {label}"


def goal_value(rows: pd.DataFrame | list[dict]) -> float | None:
    value = first_value(rows, "goal_value")
    return None if value is None else float(value)


def values(series) -> list[float | None]:
    """Plotly's y: None where there is no value, so nothing (and never 0) is drawn."""
    return [None if is_missing(v) else float(v) for v in series]


def value_texts(u: str, language: str):
    """A function that writes each value with its unit (16か所), blank where missing."""

    def texts(series) -> list[str]:
        return ["" if is_missing(v) else with_unit(v, u, language) for v in series]

    return texts


def counts(values: list) -> pd.Series:
    """Whole counts as nullable integers for the table (14, not 14.0; blank, not 0).

    Decided on the plain list: five of these per count chart, and the same steps on a
    pandas Series (dropna, round, astype) took ten times as long.
    """
    numbers = [None if is_missing(v) else float(v) for v in values]
    if all(n.is_integer() for n in numbers if n is not None):
        return pd.Series([None if n is None else int(n) for n in numbers], dtype="Int64")
    return pd.Series(numbers, dtype="Float64")


def category_axis(fig: go.Figure, labels: list[str]) -> None:
    """Fiscal years as categories, so a gap year is never interpolated."""
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        tickvals=labels,
        ticktext=[tick_text(label) for label in labels],
    )


def drop_empty_baselines(rows: pd.DataFrame, actual_columns: list[str]) -> pd.DataFrame:
    """Rows without the baseline years where the document prints 「—」 (nothing to draw).

    The sentence still reads every row; only the chart and its table skip them.
    """
    empty = (rows["year_role"] == "baseline") & rows[actual_columns].isna().all(axis=1)
    return rows[~empty]
