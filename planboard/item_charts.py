"""Which chart shows which item: chosen from the data (metric kind, facets), not from item numbers.

Shared by the overview, the item and department pages and, later, the council
presentation and its exports, so that every view draws an item the same way.
"""

from __future__ import annotations

import pandas as pd

from planboard import charts


def charts_for_item(
    rows: pd.DataFrame,
    stages: pd.DataFrame,
    facets: pd.DataFrame,
    language: str,
    fiscal_year: int,
    big: bool = False,
    high_contrast: bool = False,
) -> list[charts.Chart]:
    """The charts of one item: a matrix where its metrics have facets (18-7),
    a count chart per count metric, one timeline for its other milestone metrics."""
    rows = plain_strings(rows)
    out = []
    faceted = set(facets["metric_code"]) if not facets.empty else set()
    if faceted:
        out.append(
            charts.payment_matrix(
                rows[rows["metric_code"].isin(faceted)],
                facets,
                language,
                fiscal_year,
                stages=stages,
                big=big,
                high_contrast=high_contrast,
            )
        )
    for code in rows.loc[rows["kind"] == "count", "metric_code"].drop_duplicates():
        out.append(
            charts.count_chart(
                rows[rows["metric_code"] == code],
                language,
                big=big,
                high_contrast=high_contrast,
                fiscal_year=fiscal_year,
            )
        )
    milestones = rows[(rows["kind"] == "milestone") & ~rows["metric_code"].isin(faceted)]
    if not milestones.empty:
        out.append(
            charts.milestone_timeline(
                milestones, stages, language, big=big, high_contrast=high_contrast, fiscal_year=fiscal_year
            )
        )
    return out


def plain_strings(rows: pd.DataFrame) -> pd.DataFrame:
    """The frame with its text columns as Python objects instead of Arrow strings.

    The chart builders make a hundred small pandas operations on a few rows each; on
    Arrow-backed strings each costs more than the data, and charts took about 30 % longer.
    Missing texts stay NaN, so the charts read them exactly as before (a test compares).
    """
    text = [c for c in rows.columns if isinstance(rows[c].dtype, pd.StringDtype)]
    return rows.astype(dict.fromkeys(text, object)) if text else rows


def reason(rows: pd.DataFrame, status_code: str, language: str) -> str:
    """Why an item has its status, in words traceable to the plan and the actuals:
    the metric that decided it, with its plan and actual as printed or reported."""
    decisive = rows[rows["status"] == status_code].sort_values("metric_order")
    if decisive.empty:
        return ""
    r = decisive.iloc[0]
    label = r["metric_label_en"] if language == "en" else r["metric_label_ja"]
    planned = r["planned_text"] if pd.notna(r["planned_text"]) else "—"
    if planned == "—" and pd.notna(r.get("planned_stage_ja")):
        # 「—」 in a stage plan keeps the earlier year's stage (see docs/schema.md)
        carried = "carried over" if language == "en" else "前年度の計画を維持"
        planned = f"{r['planned_stage_ja']}（{carried}）"
    if pd.notna(r["actual_text"]) and r["actual_text"]:
        actual = r["actual_text"]
    else:
        actual = "not reported" if language == "en" else "未報告"
    if language == "en":
        return f"{label}: plan 「{planned}」, actual 「{actual}」"
    return f"{label}：計画「{planned}」、実績「{actual}」"
