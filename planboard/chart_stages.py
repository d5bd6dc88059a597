"""Builders for milestone metrics: the stage timeline and the 18-7 payment matrix.

Planned and reached stages are told apart by marker shape and legend words
(open circle = plan, filled diamond = reached), never by colour alone.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from planboard import chart_base as cb
from planboard.chart_base import Chart
from planboard.chart_style import ACTUAL, NOT_APPLICABLE, Style, apply_layout, text_colour_on
from planboard.chart_text import ct, fy_label, is_missing, stage_lookup, stage_name, wrap, year_label
from planboard.figure_spec import FigureSpec
from planboard.sentences import matrix_sentence, stage_sentence
from planboard.status import STATUSES

PLAN_SYMBOL = "circle-open"
ACTUAL_SYMBOL = "diamond"


def milestone_timeline(
    rows: pd.DataFrame,
    stages: pd.DataFrame,
    language: str = "ja",
    title: str | None = None,
    big: bool = False,
    high_contrast: bool = False,
    fiscal_year: int | None = None,
) -> Chart:
    """Stage planned and stage reached by fiscal year for one or several milestone metrics.

    One metric: the stages (from ``stages``, a loaders.metric_stages frame) are the
    y axis, in order. Several metrics: one row per metric, the stage named on each
    marker. Baseline years show the document's stage as reached. ``fiscal_year``
    picks the year the sentence is about (default: last plan year).
    """
    if rows.empty:
        raise ValueError("no rows to draw")
    if set(rows["kind"]) != {"milestone"}:
        raise ValueError(f"expected milestone metrics, got {sorted(set(rows['kind']))}")
    style = Style(big, high_contrast)
    data = _stage_frame(rows, stages, language)
    labels = _year_labels(data)
    metrics = data[["item_no", "metric_code", "metric"]].drop_duplicates().reset_index(drop=True)
    single = len(metrics) == 1

    fig = FigureSpec()
    for which, symbol, colour, dash, position in (
        ("planned", PLAN_SYMBOL, style.planned, "dash", "top center"),
        ("actual", ACTUAL_SYMBOL, ACTUAL, "solid", "bottom center"),
    ):
        for i, metric in metrics.iterrows():
            part = data[(data["item_no"] == metric["item_no"]) & (data["metric_code"] == metric["metric_code"])]
            y = (
                cb.values(part[f"{which}_stage_no"])
                if single
                else [None if is_missing(n) else i for n in part[f"{which}_stage_no"]]
            )
            fig.add_trace(
                go.Scatter(
                    x=part["label"].tolist(),
                    y=y,
                    name=ct("plan_stage" if which == "planned" else "actual_stage", language),
                    legendgroup=which,
                    showlegend=i == 0,
                    offsetgroup=which,
                    mode="lines+markers" if single else "markers+text",
                    line={"color": colour, "width": style.line, "dash": dash},
                    marker={
                        "symbol": symbol,
                        "size": style.marker + 4,
                        "color": colour,
                        "line": {"color": colour, "width": style.line},
                    },
                    text=[] if single else [wrap(s, 9 if language == "ja" else 16) if s else "" for s in part[which]],
                    textposition=position,
                    textfont={"size": style.label, "color": style.text},
                    customdata=list(zip(part[which].fillna(""), part["status_badge"], strict=True)),
                    hovertemplate=f"%{{x}}<br>{metric['metric']}<br>%{{customdata[0]}}（%{{customdata[1]}}）<extra></extra>",
                )
            )

    title = title or _timeline_title(rows, language)
    apply_layout(fig, title, style)
    # Side by side within a year, so a reached stage never hides the planned one.
    fig.update_layout(scattermode="group", scattergap=0.6)
    cb.category_axis(fig, labels)
    if single:
        _stage_axis(fig, data, stages, metrics.iloc[0], language)
    else:
        fig.update_yaxes(
            tickvals=list(range(len(metrics))),
            ticktext=[wrap(m, 12 if language == "ja" else 24) for m in metrics["metric"]],
            range=[len(metrics) - 0.4, -0.6],
            showgrid=False,
        )
        fig.update_layout(height=max(style.height, len(metrics) * (style.label * 8) + style.title * 6))
    table = pd.DataFrame(
        {
            ct("col_metric", language): data["metric"],
            ct("col_fiscal_year", language): data["label"],
            ct("plan_stage", language): data["planned"],
            ct("actual_stage", language): data["actual"],
            ct("col_status", language): data["status_badge"],
        }
    )
    return Chart(fig.finished(), table, title, stage_sentence(rows, language, fiscal_year, stages))


def _stage_frame(rows: pd.DataFrame, stages: pd.DataFrame | None, language: str) -> pd.DataFrame:
    """One row per metric and year: label, stage numbers and names in language, status badge."""
    lookup = stage_lookup(stages)
    df = cb.drop_empty_baselines(rows, ["actual_stage_no"])
    df = df.sort_values(["item_order", "metric_order", "fiscal_year"]).reset_index(drop=True)
    baseline_years = set(df.loc[df["year_role"] == "baseline", "fiscal_year"])

    def name(r, which):
        return stage_name(r.item_no, r.metric_code, r[f"{which}_stage_no"], r[f"{which}_stage_ja"], language, lookup)

    return pd.DataFrame(
        {
            "item_no": df["item_no"],
            "metric_code": df["metric_code"],
            "metric": df["metric_label_en" if language == "en" else "metric_label_ja"],
            "fiscal_year": df["fiscal_year"].astype(int),
            "label": [
                year_label(y, "baseline" if y in baseline_years else r, language)
                for y, r in zip(df["fiscal_year"], df["year_role"], strict=True)
            ],
            "planned_stage_no": df["planned_stage_no"].astype("Float64"),
            "actual_stage_no": df["actual_stage_no"].astype("Float64"),
            "planned": pd.Series([name(r, "planned") for _i, r in df.iterrows()], dtype=object),
            "actual": pd.Series([name(r, "actual") for _i, r in df.iterrows()], dtype=object),
            "status_badge": [STATUSES[s].badge(language) for s in df["status"]],
        }
    )


def _year_labels(data: pd.DataFrame) -> list[str]:
    return data.sort_values("fiscal_year").drop_duplicates("fiscal_year")["label"].tolist()


def _stage_axis(fig: go.Figure, data: pd.DataFrame, stages: pd.DataFrame, metric: pd.Series, language: str) -> None:
    """The stages of the metric, in order, as the y axis; 未着手 only when reported."""
    lookup = stage_lookup(stages)
    mine = stages[(stages["item_no"] == metric["item_no"]) & (stages["metric_code"] == metric["metric_code"])]
    used = [*mine["stage_no"], *data["planned_stage_no"].dropna(), *data["actual_stage_no"].dropna()]
    numbers = sorted({int(n) for n in used})
    names = [stage_name(metric["item_no"], metric["metric_code"], n, None, language, lookup) or str(n) for n in numbers]
    fig.update_yaxes(
        tickvals=numbers,
        ticktext=[wrap(n, 10 if language == "ja" else 20) for n in names],
        range=[min(numbers, default=1) - 0.5, max(numbers, default=1) + 0.5],
    )


def _timeline_title(rows: pd.DataFrame, language: str) -> str:
    metrics = rows[["item_no", "metric_code"]].drop_duplicates()
    if len(metrics) == 1:
        return cb.metric_title(rows, language)
    if rows["item_no"].nunique() == 1:
        first = rows.iloc[0]
        return f"{first['item_no']} {first['item_title_en' if language == 'en' else 'item_title_ja']}"
    return ct("title_milestones", language)


def payment_matrix(
    rows: pd.DataFrame,
    facets: pd.DataFrame,
    language: str,
    fiscal_year: int,
    stages: pd.DataFrame | None = None,
    title: str | None = None,
    big: bool = False,
    high_contrast: bool = False,
) -> Chart:
    """18-7 as a matrix of payment method × tax for one fiscal year.

    ``facets`` is a loaders.metric_facets frame (one row per metric with its method
    and tax). Each cell is coloured by status and says icon + word, the stage
    planned and the stage reached; combinations the plan does not name say
    「対象外」 / 'n/a'. ``stages`` (loaders.metric_stages) gives English stage names.
    """
    style = Style(big, high_contrast)
    suffix = "en" if language == "en" else "ja"
    methods = list(dict.fromkeys(facets[f"method_{suffix}"]))
    taxes = list(dict.fromkeys(facets[f"tax_{suffix}"]))
    at_year = rows[rows["fiscal_year"] == int(fiscal_year)]
    lookup = stage_lookup(stages)
    cells = []
    for method in methods:
        for tax in taxes:
            cells.append(_cell(method, tax, facets, at_year, suffix, language, lookup))
    table_cells = pd.DataFrame(cells)

    colours = list(dict.fromkeys(c["colour"] for c in cells))
    # A stepped colour scale: each colour owns one band, and a cell sits mid-band.
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / len(colours), colour], [(i + 1) / len(colours), colour]]
    z = [
        [colours.index(c["colour"]) + 0.5 for c in cells[r * len(taxes) : (r + 1) * len(taxes)]]
        for r in range(len(methods))
    ]
    fig = FigureSpec(
        go.Heatmap(
            x=taxes,
            y=methods,
            z=z,
            zmin=0,
            zmax=len(colours),
            colorscale=scale,
            showscale=False,
            xgap=4,
            ygap=4,
            text=[[c["hover"] for c in cells[r * len(taxes) : (r + 1) * len(taxes)]] for r in range(len(methods))],
            hovertemplate="%{y} × %{x}<br>%{text}<extra></extra>",
        )
    )
    for c in cells:
        fig.add_annotation(
            x=c["tax"],
            y=c["method"],
            text=c["text"],
            showarrow=False,
            font={"size": style.label, "color": style.muted if c["code"] is None else text_colour_on(c["colour"])},
        )
    # Legend entries with words for each colour in use (a heatmap has no legend of its own).
    in_use = {c["code"] for c in cells}
    legend_codes = sorted(in_use - {None}, key=lambda c: STATUSES[c].severity)
    for code in legend_codes + ([None] if None in in_use else []):
        name = ct("not_applicable_legend", language) if code is None else STATUSES[code].badge(language)
        colour = NOT_APPLICABLE if code is None else STATUSES[code].colour
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name,
                marker={
                    "symbol": "square",
                    "size": style.marker + 4,
                    "color": colour,
                    "line": {"color": style.muted, "width": 1},
                },
            )
        )

    title = title or ct("title_payment_matrix", language, item_no=_first_item(rows), fy=fy_label(fiscal_year, language))
    apply_layout(fig, title, style)
    width = 14 if language == "ja" else 22
    fig.update_xaxes(
        type="category",
        tickvals=taxes,
        ticktext=[wrap(t, width) for t in taxes],
        showgrid=False,
        side="top",
    )
    fig.update_yaxes(
        type="category",
        tickvals=methods,
        ticktext=[wrap(m, width) for m in methods],
        autorange="reversed",
        showgrid=False,
    )
    # The tax names sit above the matrix (up to three lines, below the title); the legend
    # keeps its place at the foot of the chart (apply_layout), close below the matrix.
    fig.update_layout(margin_t=fig.layout_value("margin", "t") + style.tick * 4)
    table = pd.DataFrame(
        {
            ct("col_method", language): table_cells["method"],
            ct("col_tax", language): table_cells["tax"],
            ct("plan_stage", language): table_cells["planned"],
            ct("actual_stage", language): table_cells["reached"],
            ct("col_status", language): table_cells["status"],
        }
    )
    return Chart(
        fig.finished(),
        table,
        title,
        matrix_sentence(at_year[at_year["metric_code"].isin(facets["metric_code"])], language, fiscal_year, stages),
    )


def _first_item(rows: pd.DataFrame) -> str:
    return str(rows["item_no"].iloc[0]) if len(rows) else ""


def _cell(method, tax, facets, at_year, suffix, language, lookup) -> dict:
    """One matrix cell: the metric for this method × tax in the year, or 対象外."""
    match = facets[(facets[f"method_{suffix}"] == method) & (facets[f"tax_{suffix}"] == tax)]
    not_applicable = ct("not_applicable", language)
    if match.empty:
        return {
            "method": method,
            "tax": tax,
            "code": None,
            "colour": NOT_APPLICABLE,
            "planned": not_applicable,
            "reached": not_applicable,
            "status": not_applicable,
            "text": not_applicable,
            "hover": not_applicable,
        }
    row = at_year[at_year["metric_code"] == match.iloc[0]["metric_code"]]
    if row.empty:
        planned, reached, code = "—", None, "no_target"
    else:
        r = row.iloc[0]
        planned = (
            stage_name(r["item_no"], r["metric_code"], r["planned_stage_no"], r["planned_stage_ja"], language, lookup)
            or "—"
        )
        reached = stage_name(
            r["item_no"], r["metric_code"], r["actual_stage_no"], r["actual_stage_ja"], language, lookup
        )
        code = r["status"]
    status = STATUSES[code]
    reached_text = reached or ct("not_reported", language)
    lines = [
        status.badge(language),
        ct("cell_planned", language, stage=planned),
        ct("cell_reached", language, stage=reached_text),
    ]
    return {
        "method": method,
        "tax": tax,
        "code": code,
        "colour": status.colour,
        "planned": planned,
        "reached": reached_text,
        "status": status.badge(language),
        "text": "<br>".join(lines),
        "hover": "<br>".join(lines[1:] + [lines[0]]),
    }
