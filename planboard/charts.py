"""Chart builders shared by the dashboard pages, the presentation mode and the exports.

Each builder is a pure function: tidy frames from planboard.loaders in, a ``Chart``
out (the Plotly figure, the table of exactly what it draws with column names in
the chosen language, a title and one plain sentence). No Streamlit, no caching:
callers cache the loaders, not the drawing.

Count metrics: ``count_chart``. Milestone metrics: ``milestone_timeline`` and, for
18-7, ``payment_matrix`` (planboard/chart_stages.py). Items by status:
``status_summary``. Words come from ``CHART_TEXT`` (planboard/chart_text.py).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from planboard import chart_base as cb
from planboard.chart_base import Chart
from planboard.chart_stages import milestone_timeline, payment_matrix
from planboard.chart_style import ACTUAL, GOAL, PLANNED_LIGHT, Style, apply_layout
from planboard.chart_text import (
    CHART_TEXT,
    ct,
    first_value,
    fy_label,
    is_missing,
    records,
    role_label,
    unit,
    with_unit,
    year_end,
    year_label,
)
from planboard.figure_spec import FigureSpec
from planboard.sentences import baseline, count_sentence, status_sentence
from planboard.status import STATUSES

# Plan and actual bars side by side within a year, in category widths (a year is 1).
BAR_WIDTH = 0.3
BAR_GAP = 0.04

__all__ = [
    "CHART_TEXT",
    "Chart",
    "count_chart",
    "milestone_timeline",
    "payment_matrix",
    "status_summary",
]


def count_chart(
    rows: pd.DataFrame,
    language: str = "ja",
    title: str | None = None,
    big: bool = False,
    high_contrast: bool = False,
    fiscal_year: int | None = None,
) -> Chart:
    """Plan and actual of one count metric (18-2, 18-3, 18-6) by fiscal year.

    Top panel: cumulative plan and actual at each year end, with the goal line
    (or, for a 「拡大」 goal with no number, the baseline as a reference line).
    Bottom panel: what each year added. Baseline years are the document's year-end
    stocks and appear as actual points only. Missing actuals stay missing.
    ``fiscal_year`` picks the year the sentence is about (default: last plan year).
    """
    rows = records(cb.one_metric(rows, "count"))
    style = Style(big, high_contrast)
    data = _count_frame(rows, language)
    u = unit(rows, language)
    last_plan_year = int(max(r["fiscal_year"] for r in rows if r["year_role"] == "plan"))
    line_name, line_value, subtitle = _goal_or_reference(rows, u, language, last_plan_year)
    title = title or cb.metric_title(rows, language)

    labels = data["label"]
    texts = cb.value_texts(u, language)
    line = {"mode": "lines+markers+text", "cliponaxis": False, "textfont": {"size": style.label, "color": style.text}}
    bar = {"textposition": "outside", "cliponaxis": False, "textfont": {"size": style.label, "color": style.text}}
    # Traces as plain dicts: go.Scatter / go.Bar would check every property again (see figure_spec).
    traces = [
        dict(
            type="scatter",
            name=ct("plan_cumulative", language),
            y=cb.values(data["plan_cumulative"]),
            # Where plan and actual are equal the number is written once, under the actual.
            text=texts(
                [
                    None if p is not None and p == a else p
                    for p, a in zip(data["plan_cumulative"], data["actual_cumulative"], strict=True)
                ]
            ),
            line={"color": style.planned, "width": style.line, "dash": "dash"},
            marker={"symbol": "circle-open", "size": style.marker, "line": {"width": style.line}},
            textposition="top center",
            **line,
        ),
        dict(
            type="scatter",
            name=ct("actual_cumulative", language),
            y=cb.values(data["actual_cumulative"]),
            text=texts(data["actual_cumulative"]),
            line={"color": ACTUAL, "width": style.line},
            # Baselines (the plan document's year-end stocks) get a diamond, reported actuals a dot.
            marker={
                "symbol": ["diamond" if b else "circle" for b in data["is_baseline"]],
                "size": style.marker + 2,
                "color": ACTUAL,
            },
            textposition="bottom center",
            **line,
        ),
        dict(
            type="scatter",
            name=line_name,
            y=[line_value] * len(labels) if line_value is not None else [None] * len(labels),
            mode="lines",
            line={"color": GOAL, "width": style.line, "dash": "dash"},
            hoverinfo="name",
        ),
        dict(
            type="bar",
            name=ct("plan_new", language),
            y=cb.values(data["plan_new"]),
            text=texts(data["plan_new"]),
            marker={"color": PLANNED_LIGHT, "line": {"color": style.outline, "width": 1.5}},
            offset=-BAR_WIDTH - BAR_GAP / 2,
            width=BAR_WIDTH,
            **bar,
        ),
        dict(
            type="bar",
            name=ct("actual_new", language),
            y=cb.values(data["actual_new"]),
            text=texts(data["actual_new"]),
            marker={"color": ACTUAL},
            offset=BAR_GAP / 2,
            width=BAR_WIDTH,
            **bar,
        ),
    ]
    fig = FigureSpec.subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.62, 0.38],
        vertical_spacing=0.14,
        subplot_titles=(ct("panel_cumulative", language), ct("panel_new", language)),
    )
    drawn = [trace for trace in traces if any(v is not None for v in trace["y"])]
    for trace in drawn:
        # A trace with nothing to draw (18-6 has no planned number) is left out, so the
        # legend never names something that is not on the chart.
        fig.add_trace({**trace, "x": labels}, row=1 if trace["type"] == "scatter" else 2, col=1)
    for index in (i for i, missing in enumerate(data["actual_missing"]) if missing):
        # Said in words where the actual bar would be, so a gap is never read as zero.
        # (A category axis also takes positions: index + offset is the bar's centre.)
        fig.add_annotation(
            x=index + BAR_GAP / 2 + BAR_WIDTH / 2,
            y=0,
            yanchor="bottom",
            text=ct("no_actual_mark", language),
            showarrow=False,
            font={"size": style.label, "color": style.muted},
            row=2,
            col=1,
        )

    apply_layout(fig, title, style, subtitle)
    # Room above the top panel for its own title under the chart's subtitle.
    fig.update_layout(barmode="overlay", margin_t=fig.layout_value("margin", "t") + style.subtitle * 2)
    for panel in ("panel_cumulative", "panel_new"):
        fig.update_annotations(selector={"text": ct(panel, language)}, font_size=style.subtitle)
    cb.category_axis(fig, labels)
    # The unit on every tick reads across (a rotated Japanese axis title does not).
    suffix = u if language == "ja" else f" {u}"
    fig.update_yaxes(ticksuffix=suffix, rangemode="tozero")
    peak = max(v for v in (*data["plan_cumulative"], *data["actual_cumulative"], line_value, 1) if not is_missing(v))
    fig.update_yaxes(range=[0, float(peak) * 1.18], row=1, col=1)
    peak_new = max(v for v in (*data["plan_new"], *data["actual_new"], 1) if not is_missing(v))
    fig.update_yaxes(range=[0, float(peak_new) * 1.35], dtick=max(1, math.ceil(peak_new / 2)), row=2, col=1)
    if not any(trace["type"] == "bar" for trace in drawn):
        # Plotly.js draws the axis lines of a panel without traces at NaN (and says so in the
        # browser's console); the panel's grid and its "no actual" notes remain.
        fig.update_xaxes(showline=False, row=2, col=1)
        fig.update_yaxes(showline=False, row=2, col=1)

    table = _count_table(data, language, line_value, is_goal=not is_missing(cb.goal_value(rows)))
    sentence = count_sentence(rows, language, fiscal_year)
    return Chart(fig.finished(), table, title, sentence)


def _count_frame(rows: list[dict], language: str) -> dict[str, list]:
    """One entry per fiscal year, as columns: labels, cumulative and new-in-year plan and
    actual (None where there is none). Baseline years the document leaves empty are skipped."""
    shown = sorted(
        (r for r in rows if not (r["year_role"] == "baseline" and is_missing(r["actual_value"]))),
        key=lambda r: r["fiscal_year"],
    )
    data: dict[str, list] = {
        "fiscal_year": [],
        "year_role": [],
        "label": [],
        "is_baseline": [],
        "plan_cumulative": [],
        "actual_cumulative": [],
        "plan_new": [],
        "actual_new": [],
        "actual_missing": [],
    }
    before = None  # (is baseline, plan, actual) of the year before
    for r in shown:
        is_base = r["year_role"] == "baseline"
        planned = None if is_base else _number(r["planned_value"])
        actual = _number(r["actual_value"])
        # A plan year adds its cumulative plan minus the year before's plan, or minus the
        # baseline stock when the year before is a baseline (FY2018 after 29年度末).
        previous_plan = None if before is None else (before[2] if before[0] else before[1])
        previous_actual = None if before is None else before[2]
        data["fiscal_year"].append(int(r["fiscal_year"]))
        data["year_role"].append(r["year_role"])
        data["label"].append(year_label(r["fiscal_year"], r["year_role"], language))
        data["is_baseline"].append(is_base)
        data["plan_cumulative"].append(planned)
        data["actual_cumulative"].append(actual)
        data["plan_new"].append(None if is_base else _difference(planned, previous_plan))
        data["actual_new"].append(None if is_base else _difference(actual, previous_actual))
        data["actual_missing"].append(not is_base and actual is None)
        before = (is_base, planned, actual)
    return data


def _number(value) -> float | None:
    return None if is_missing(value) else float(value)


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _goal_or_reference(
    rows: list[dict], u: str, language: str, last_plan_year: int
) -> tuple[str | None, float | None, str | None]:
    """(legend name, y, subtitle) of the red dashed line: the goal, else the baseline for 「拡大」."""
    goal_value = cb.goal_value(rows)
    goal_text = first_value(rows, "goal_text")
    goal_words = "" if goal_text is None else str(goal_text)
    end = year_end(last_plan_year, language)
    if not is_missing(goal_value):
        shown = goal_words if language == "ja" and goal_words else with_unit(goal_value, u, language)
        name = ct("goal_line", language, value=with_unit(goal_value, u, language), year_end=end)
        return name, float(goal_value), ct("goal_subtitle", language, goal=shown, year_end=end)
    base = baseline(rows)
    if any(r["rule"] == "increase" for r in rows) and base is not None:
        base_year, base_value = base
        name = ct(
            "reference_line", language, value=with_unit(base_value, u, language), year_end=year_end(base_year, language)
        )
        return name, base_value, ct("goal_words", language, goal=goal_words, year_end=end)
    subtitle = ct("goal_subtitle", language, goal=goal_words, year_end=end) if goal_words else None
    return None, None, subtitle


def _count_table(data: dict[str, list], language: str, line_value: float | None, is_goal: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            ct("col_fiscal_year", language): data["label"],
            ct("col_year_role", language): [role_label(r, language) for r in data["year_role"]],
            ct("plan_cumulative", language): cb.counts(data["plan_cumulative"]),
            ct("actual_cumulative", language): cb.counts(data["actual_cumulative"]),
            ct("plan_new", language): cb.counts(data["plan_new"]),
            ct("actual_new", language): cb.counts(data["actual_new"]),
        }
    )
    if line_value is not None:
        table[ct("col_goal" if is_goal else "col_reference", language)] = cb.counts([line_value] * len(data["label"]))
    return table


def status_summary(
    items: pd.DataFrame,
    language: str = "ja",
    title: str | None = None,
    big: bool = False,
    high_contrast: bool = False,
    fiscal_year: int | None = None,
) -> Chart:
    """Items counted by status (a loaders.items frame), most urgent first.

    Each bar has its status colour and is labelled with icon, word and count:
    colour never carries the meaning alone. The table lists the item numbers too.
    """
    style = Style(big, high_contrast)
    codes = sorted(items["status"].dropna().unique(), key=lambda c: STATUSES[c].severity)
    badges = [STATUSES[c].badge(language) for c in codes]
    counts = [int((items["status"] == c).sum()) for c in codes]
    members = [
        ct("list_separator", language).join(items.loc[items["status"] == c, "item_no"].astype(str)) for c in codes
    ]
    if title is None:
        title = (
            ct("title_status_summary_year", language, fy=fy_label(fiscal_year, language))
            if fiscal_year is not None
            else ct("title_status_summary", language)
        )
    fig = FigureSpec(
        go.Bar(
            x=counts,
            y=badges,
            orientation="h",
            marker={"color": [STATUSES[c].colour for c in codes], "line": {"color": style.muted, "width": 1}},
            text=[f"{b}  {ct('items_count', language, n=n)}" for b, n in zip(badges, counts, strict=True)],
            textposition="outside",
            textfont={"size": style.label, "color": style.text},
            cliponaxis=False,
            customdata=members,
            hovertemplate="%{y}: %{x}<br>%{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    apply_layout(fig, title, style)
    # The words are on the bars, next to the count, so the axis needs no labels of its own.
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False, showticklabels=False)
    top = max(counts, default=1)
    # Room on the right for the outside labels; whole numbers only on the count axis.
    fig.update_xaxes(title_text=ct("axis_items", language), range=[0, top * 1.6 + 0.5], dtick=1 if top <= 12 else None)
    fig.update_layout(height=max(style.height // 2, (style.marker * 6) * len(codes) + style.title * 5))
    table = pd.DataFrame(
        {
            ct("col_status", language): badges,
            ct("col_count", language): counts,
            ct("col_items", language): members,
        }
    )
    return Chart(fig.finished(), table, title, status_sentence(items, language))
