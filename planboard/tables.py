"""Tables the pages show, shaped from tidy loader output (no Streamlit here)."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd

from planboard import i18n, status
from planboard.fiscal_year import format_fiscal_year


def _cell(text, language: str) -> str:
    if text is None or (isinstance(text, float) and pd.isna(text)) or text == "":
        return i18n.t("no_actual_text", language)
    return str(text)


def metric_table(
    rows: pd.DataFrame,
    items: pd.DataFrame,
    language: str,
    fiscal_year: int,
    link_params: dict | None = None,
    notes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per metric: goal, department, mark, FY goal, baseline, plan and actual
    per plan year, the metric's status for fiscal_year and its item's status.

    Column names are in the chosen language; a link column points to the item page.
    """
    t = lambda key, **v: i18n.t(key, language, **v)  # noqa: E731
    if rows.empty:
        return pd.DataFrame()
    plan_years = sorted(rows.loc[rows["year_role"] == "plan", "fiscal_year"].unique())
    baseline_years = sorted(rows.loc[rows["year_role"] == "baseline", "fiscal_year"].unique())
    keys = ["item_no", "metric_code"]
    base = rows.drop_duplicates(keys).set_index(keys)
    label = "metric_label_en" if language == "en" else "metric_label_ja"
    out = pd.DataFrame(index=base.index)
    item_info = items.set_index("item_no")
    out[t("col_item_no")] = base.index.get_level_values("item_no")
    out[t("col_goal")] = base["goal_no"].astype(int)
    out[t("col_metric")] = base[label]
    out[t("col_department")] = base["bureau"] + " " + base["section"]
    out[t("col_mark")] = base["mark"].fillna("")
    out[t("col_fy_goal")] = base["goal_text"]
    # Plain dicts keyed by (item, metric, year): a MultiIndex .get per cell took ~0.2 ms,
    # i.e. over 100 ms for a plan of 60 metrics and 8 years.
    row_keys = list(zip(rows["item_no"], rows["metric_code"], rows["fiscal_year"], strict=True))
    actual_text = dict(zip(row_keys, rows["actual_text"], strict=True))
    planned_text = dict(zip(row_keys, rows["planned_text"], strict=True))
    metric_status = dict(zip(row_keys, rows["status"], strict=True))
    item_status = dict(zip(item_info.index, item_info["status"], strict=True))
    for fy in baseline_years:
        label_fy = format_fiscal_year(int(fy), language)
        out[t("col_actual_fy", fy=label_fy)] = [_cell(actual_text.get((i, c, fy)), language) for i, c in out.index]
    for fy in plan_years:
        label_fy = format_fiscal_year(int(fy), language)
        out[t("col_plan_fy", fy=label_fy)] = [planned_text.get((i, c, fy), "") for i, c in out.index]
        out[t("col_actual_fy", fy=label_fy)] = [_cell(actual_text.get((i, c, fy)), language) for i, c in out.index]
    out[t("col_metric_status")] = [
        status.STATUSES[metric_status.get((i, c, fiscal_year), "no_target")].badge(language) for i, c in out.index
    ]
    out[t("col_item_status")] = [
        status.STATUSES[item_status.get(i, "no_target")].badge(language) for i, _c in out.index
    ]
    if notes is not None:
        current = notes[notes["fiscal_year"] == fiscal_year].set_index(keys)["note_text"]
        out[t("col_notes", fy=format_fiscal_year(fiscal_year, language))] = [
            current.get((i, c), "") for i, c in out.index
        ]
    # Statuses right after the metric, so they are on screen without scrolling sideways.
    first = [t("col_item_no"), t("col_metric"), t("col_metric_status"), t("col_item_status")]
    out = out[first + [c for c in out.columns if c not in first]]
    if link_params is not None:
        out[t("col_link")] = [f"item?{urlencode({**link_params, 'item': i})}" for i, _c in out.index]
    return out.reset_index(drop=True)


def items_table(items: pd.DataFrame, reasons: dict[str, str], language: str) -> pd.DataFrame:
    """Items (a loaders.items frame) as people read them: number, title, goal, mark, 部 and 課,
    the plan's goal text, how many metrics, the status in icon and words, and why."""
    t = lambda key, **v: i18n.t(key, language, **v)  # noqa: E731
    en = language == "en"
    goal_titles = items["goal_title_en" if en else "goal_title_ja"].fillna(items["goal_title_ja"])
    return pd.DataFrame(
        {
            t("col_item_no"): items["item_no"],
            t("col_title"): items["title_en" if en else "title_ja"].fillna(items["title_ja"]),
            t("col_goal"): [f"{no} {title}" for no, title in zip(items["goal_no"], goal_titles, strict=True)],
            t("col_mark"): items["mark"].fillna(""),
            t("col_bureau"): items["bureau"],
            t("col_section"): items["section"],
            t("col_fy_goal"): items["goal_text"].fillna(""),
            t("col_metrics_count"): items["metrics_count"],
            t("col_item_status"): [status.STATUSES[c].badge(language) for c in items["status"]],
            t("col_reason"): [reasons.get(i, "") for i in items["item_no"]],
        }
    )


def history_table(revisions: pd.DataFrame, language: str) -> pd.DataFrame:
    """Revisions of actuals as people read them: who changed what, when, before → after."""
    t = lambda key, **v: i18n.t(key, language, **v)  # noqa: E731
    kinds = {k: t(f"kind_{k}") for k in ("baseline", "import", "correction", "revert")}
    out = pd.DataFrame(
        {
            t("col_revision"): revisions["revision_id"],
            t("col_item_no"): revisions["item_no"],
            t("col_metric"): revisions[
                "metric_label_en" if language == "en" and "metric_label_en" in revisions else "metric_label_ja"
            ],
            t("col_fiscal_year"): [format_fiscal_year(int(y), language) for y in revisions["fiscal_year"]],
            t("col_before"): revisions["previous_text"].fillna(""),
            t("col_after"): revisions["value_text"].fillna(""),
            t("col_note"): revisions["note"].fillna(""),
            t("source"): revisions["source"],
            t("col_editor"): revisions["editor"],
            t("col_recorded_at"): revisions["recorded_at"].astype(str),
            t("col_kind"): revisions["change_kind"].map(kinds).fillna(revisions["change_kind"]),
        }
    )
    return out


def note_history_table(revisions: pd.DataFrame, language: str) -> pd.DataFrame:
    """Revisions of the 評価・課題 notes (loaders.note_revisions) as people read them:
    who changed which note, when, before → after."""
    t = lambda key, **v: i18n.t(key, language, **v)  # noqa: E731
    label = revisions["metric_label_en" if language == "en" else "metric_label_ja"].fillna(revisions["metric_label_ja"])
    return pd.DataFrame(
        {
            t("col_revision"): revisions["note_revision_id"],
            t("col_item_no"): revisions["item_no"],
            t("col_metric"): label,
            t("col_fiscal_year"): [format_fiscal_year(int(y), language) for y in revisions["fiscal_year"]],
            t("col_before"): revisions["previous_text"],
            t("col_after"): revisions["note_text"],
            t("col_editor"): revisions["editor"],
            t("col_recorded_at"): revisions["recorded_at"].astype(str),
        }
    )
