"""Which chart shows which item: chosen from the data (metric kind, facets), not from item numbers.

Shared by the overview, the item and department pages and, later, the council
presentation and its exports, so that every view draws an item the same way.
"""

from __future__ import annotations

import pandas as pd

from planboard import charts, loaders
from planboard.chart_text import stage_lookup
from planboard.sentences import reason_sentence


def charts_for_item(
    rows: pd.DataFrame,
    stages: pd.DataFrame,
    facets: pd.DataFrame,
    language: str,
    fiscal_year: int,
    big: bool = False,
    high_contrast: bool = False,
    first: int | None = None,
) -> list[charts.Chart]:
    """The charts of one item: a matrix where its metrics have facets (18-7),
    a count chart per count metric, one timeline for its milestone metrics.

    The matrix shows one year; the timeline shows every year's planned and reached
    stage, so a faceted item (18-7) has both, the matrix first.

    first=N builds only the first N (the overview and department pages show an item's
    leading chart and link to the rest); chart_count says how many there are in all.
    """
    rows = loaders.plain_strings(rows)  # a no-op on loaders.metric_year's frames
    style = {"big": big, "high_contrast": high_contrast}
    plan = _chart_plan(rows, facets)[:first]
    out = []
    for kind, codes in plan:
        if kind == "matrix":
            out.append(
                charts.payment_matrix(
                    rows[rows["metric_code"].isin(codes)], facets, language, fiscal_year, stages=stages, **style
                )
            )
        elif kind == "count":
            out.append(
                charts.count_chart(rows[rows["metric_code"] == codes[0]], language, fiscal_year=fiscal_year, **style)
            )
        else:
            milestones = rows[rows["metric_code"].isin(codes)]
            out.append(charts.milestone_timeline(milestones, stages, language, fiscal_year=fiscal_year, **style))
    return out


def chart_count(rows: pd.DataFrame, facets: pd.DataFrame) -> int:
    """How many charts charts_for_item draws for an item."""
    return len(_chart_plan(rows, facets))


def _chart_plan(rows: pd.DataFrame, facets: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """(chart kind, the metric codes it shows), in the order the charts appear."""
    faceted = set(facets["metric_code"]) if not facets.empty else set()
    plan = []
    if faceted:
        plan.append(("matrix", sorted(faceted)))
    # Each metric once, in row order (dict keys keep it): plain lists, as this runs for every
    # item a page lists.
    metrics = dict.fromkeys(zip(rows["kind"].tolist(), rows["metric_code"].tolist(), strict=True))
    plan += [("count", [code]) for kind, code in metrics if kind == "count"]
    milestones = [code for kind, code in metrics if kind == "milestone"]
    if milestones:
        plan.append(("timeline", milestones))
    return plan


def reason(rows: pd.DataFrame, status_code: str, language: str, stages: pd.DataFrame | None = None) -> str:
    """Why an item has its status, in words traceable to the plan and the actuals:
    the metric that decided it, its plan against its actual in like terms (sentences.reason_sentence).
    rows: the item's metric_year rows of the year; stages (loaders.metric_stages) name its
    stages in the language."""
    return _reason(rows.to_dict("records"), status_code, language, stage_lookup(stages))


def reasons(
    rows: pd.DataFrame, items: pd.DataFrame, fiscal_year: int, language: str, stages: pd.DataFrame | None = None
) -> dict[str, str]:
    """reason() of every item of a loaders.items frame, by item_no, from one pass over the
    year's rows instead of a filter and a sort per item."""
    statuses = dict(zip(items["item_no"], items["status"], strict=True))
    by_item: dict[str, list[dict]] = {}
    for r in rows[rows["fiscal_year"] == fiscal_year].to_dict("records"):
        by_item.setdefault(r["item_no"], []).append(r)
    lookup = stage_lookup(stages)
    return {item: _reason(by_item.get(item, []), code, language, lookup) for item, code in statuses.items()}


def _reason(records: list[dict], status_code: str, language: str, lookup: dict) -> str:
    decisive = sorted((r for r in records if r["status"] == status_code), key=lambda r: r["metric_order"])
    return reason_sentence(decisive[0], language, lookup) if decisive else ""
