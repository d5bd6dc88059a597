"""One plain sentence per chart, written from the same rows the chart draws.

Pure functions of metric_year / items frames. A missing actual is said in words
("not reported yet"), never turned into zero.
"""

from __future__ import annotations

import pandas as pd

from planboard.chart_text import (
    ct,
    era_or_fy,
    first_value,
    fy_label,
    is_missing,
    number,
    percent,
    records,
    stage_lookup,
    stage_name,
    unit,
    with_unit,
    year_end,
)
from planboard.status import STATUSES


def focus_year(rows: pd.DataFrame | list[dict], fiscal_year: int | None = None) -> int:
    """The year a sentence is about: the one asked for, else the plan's last year."""
    if fiscal_year is not None:
        return int(fiscal_year)
    rows = records(rows)
    plan_years = [r["fiscal_year"] for r in rows if r["year_role"] == "plan"]
    return int(max(plan_years or [r["fiscal_year"] for r in rows]))


def count_sentence(rows: pd.DataFrame | list[dict], language: str = "ja", fiscal_year: int | None = None) -> str:
    """The sentence for one count metric in one year.

    Examples (18-3): 「計画16か所に対し、令和元年度末の実績14か所（達成率88%）。」, or without an
    actual 「令和元年度（2019年度）の実績はまだ登録されていません（計画16か所、平成29年度末12か所）。」
    """
    rows = records(rows)
    year = focus_year(rows, fiscal_year)
    row = _row_for(rows, year)
    u = unit(rows, language)
    last = _last_actual_before(rows, year, "actual_value")
    last_values = {}
    if last is not None:
        last_values = {"last_end": year_end(last[0], language), "last": with_unit(last[1], u, language)}
    fy, end = fy_label(year, language), year_end(year, language)
    actual, planned = row["actual_value"], row["planned_value"]

    if row["year_role"] == "baseline":
        if is_missing(actual):
            return ct("s_count_no_data", language, fy=fy)
        return ct("s_count_baseline", language, year_end=end, actual=with_unit(actual, u, language))
    if row["rule"] == "increase":
        return _increase_sentence(rows, row, year, u, language, last_values)
    if is_missing(planned):
        if not is_missing(actual):
            last_values = {"last_end": end, "last": with_unit(actual, u, language)}
        if not last_values:
            return ct("s_count_no_data", language, fy=fy)
        planned_text = "" if is_missing(row["planned_text"]) else row["planned_text"]
        return ct("s_count_no_number", language, fy=fy, planned=planned_text, **last_values)
    plan_text = with_unit(planned, u, language)
    if is_missing(actual):
        key = "s_count_missing" if last_values else "s_count_missing_no_last"
        return ct(key, language, fy=fy, plan=plan_text, **last_values)
    rate = percent(actual / planned) if planned else "—"
    return ct(
        "s_count_actual", language, plan=plan_text, year_end=end, actual=with_unit(actual, u, language), rate=rate
    )


def _increase_sentence(rows, row, year, u, language, last_values) -> str:
    # 18-6: the goal is 「拡大」 with no number, so the actual is set against the baseline.
    goal = "" if is_missing(row["goal_text"]) else row["goal_text"]
    fy = fy_label(year, language)
    if is_missing(row["actual_value"]):
        if not last_values:
            return ct("s_count_no_data", language, fy=fy)
        return ct("s_increase_missing", language, fy=fy, goal=goal, **last_values)
    base = baseline(rows)
    if base is None:
        return ct("s_count_no_data", language, fy=fy)
    base_year, base_value = base
    diff = float(row["actual_value"]) - base_value
    change = (
        ct("s_increase_up", language, diff=with_unit(diff, u, language))
        if diff > 0
        else ct("s_increase_none", language)
    )
    return ct(
        "s_increase_actual",
        language,
        goal=goal,
        year_end=year_end(year, language),
        actual=with_unit(row["actual_value"], u, language),
        base_end=year_end(base_year, language),
        base=with_unit(base_value, u, language),
        change=change,
    )


def baseline(rows: pd.DataFrame | list[dict]) -> tuple[int, float] | None:
    """(year, value) of the baseline that 「拡大」 is measured from: base_value, at its baseline year."""
    rows = records(rows)
    value = first_value(rows, "base_value")
    if value is None:
        return None
    value = float(value)
    at = [r["fiscal_year"] for r in rows if r["year_role"] == "baseline" and r["actual_value"] == value]
    year = int(max(at)) if at else int(min(r["fiscal_year"] for r in rows))
    return year, value


def stage_sentence(
    rows: pd.DataFrame,
    language: str = "ja",
    fiscal_year: int | None = None,
    stages: pd.DataFrame | None = None,
) -> str:
    """The sentence for one or several milestone metrics in one year.

    One metric: 「令和元年度の計画は「運用開始」、到達段階は「システム改修」。」; several: how many
    reached their planned stage, and how many are not reported yet.
    """
    year = focus_year(rows, fiscal_year)
    lookup = stage_lookup(stages)
    at_year = rows[rows["fiscal_year"] == year]
    if at_year.empty:
        raise ValueError(f"no row for fiscal year {year}")
    fy = fy_label(year, language)
    if _metric_count(rows) > 1:
        reported = at_year["actual_stage_no"].notna()
        if not reported.any():
            return ct("s_stages_many_none", language, fy=fy, n=len(at_year))
        return ct(
            "s_stages_many",
            language,
            fy=fy,
            n=len(at_year),
            reached=_reached(at_year),
            missing=_missing_suffix(int((~reported).sum()), language),
        )
    row = at_year.iloc[0]
    planned = _stage(row, "planned", language, lookup) or "—"
    actual = _stage(row, "actual", language, lookup)
    if actual is not None:
        return ct("s_stage_actual", language, era=era_or_fy(year, language), fy=fy, planned=planned, actual=actual)
    last = _last_actual_before(rows, year, "actual_stage_no")
    if last is None:
        return ct("s_stage_missing", language, fy=fy, planned=planned)
    last_row = rows[rows["fiscal_year"] == last[0]].iloc[0]
    return ct(
        "s_stage_missing_last",
        language,
        fy=fy,
        planned=planned,
        last_end=year_end(last[0], language),
        last=_stage(last_row, "actual", language, lookup),
    )


def matrix_sentence(rows: pd.DataFrame, language: str, fiscal_year: int, stages: pd.DataFrame | None = None) -> str:
    """How many payment method × tax combinations (18-7) reached the planned stage in a year."""
    at_year = rows[rows["fiscal_year"] == int(fiscal_year)]
    lookup = stage_lookup(stages)
    fy = fy_label(fiscal_year, language)
    planned_names = [_stage(r, "planned", language, lookup) for _i, r in at_year.iterrows()]
    planned = ct("list_separator", language).join(dict.fromkeys(p for p in planned_names if p)) or "—"
    reported = at_year["actual_stage_no"].notna()
    if not reported.any():
        return ct("s_matrix_none", language, fy=fy, n=len(at_year), planned=planned)
    return ct(
        "s_matrix",
        language,
        fy=fy,
        n=len(at_year),
        reached=_reached(at_year),
        planned=planned,
        missing=_missing_suffix(int((~reported).sum()), language),
    )


def reason_sentence(row: dict, language: str = "ja", stages: dict | None = None) -> str:
    """Why a metric has its status in a year, plan and actual in like terms (one metric_year row).

    Counts set the cumulative plan against the cumulative actual, both with their unit
    (「地域おこしプロジェクト事業数：計画（累計）9事業に対し実績8事業」), not the year's printed
    part (「新規3事業」) against a total; a 「拡大」 goal names the baseline it is measured from;
    milestones set the planned stage against the stage reached, named in the language from
    `stages` (chart_text.stage_lookup; without it, as the store's rows name them, in Japanese).
    """
    metric = row["metric_label_en"] if language == "en" else row["metric_label_ja"]
    plan, actual = _reason_plan(row, language, stages or {}), _reason_actual(row, language, stages or {})
    if actual is None:
        return ct("r_not_reported", language, metric=metric, plan=plan)
    return ct("r_reported", language, metric=metric, plan=plan, actual=actual)


def _reason_plan(row: dict, language: str, stages: dict) -> str:
    printed = "—" if is_missing(row["planned_text"]) else str(row["planned_text"])
    if row["kind"] == "count":
        u = unit([row], language)
        if not is_missing(row["planned_value"]):  # the cumulative plan at the year end
            return ct("r_plan_cumulative", language, plan=with_unit(row["planned_value"], u, language))
        if row["rule"] == "increase" and not is_missing(row["base_value"]):
            return ct("r_plan_increase", language, planned=printed, base=with_unit(row["base_value"], u, language))
        return ct("r_plan_printed", language, planned=printed)
    stage = _stage(row, "planned", language, stages)
    if stage is None:
        return ct("r_plan_printed", language, planned=printed)
    # 「—」 in a stage plan keeps the earlier year's stage (see docs/schema.md).
    return ct("r_plan_carried" if printed == "—" else "r_plan_stage", language, planned=stage)


def _reason_actual(row: dict, language: str, stages: dict) -> str | None:
    """The cumulative actual with its unit, or the stage reached; None when not reported."""
    if row["kind"] == "count":
        if is_missing(row["actual_value"]):
            return None
        return ct("r_actual_count", language, actual=with_unit(row["actual_value"], unit([row], language), language))
    reached = _stage(row, "actual", language, stages)
    return None if reached is None else ct("r_actual_stage", language, actual=reached)


def status_sentence(items: pd.DataFrame, language: str = "ja") -> str:
    """「9件の取組：遅れ2件、実績未報告5件、達成2件。」: counts in order of attention."""
    if items.empty:
        return ct("s_summary_empty", language)
    counts = items["status"].value_counts()
    parts = [
        ct("s_summary_part", language, label=STATUSES[code].label(language), count=number(counts[code]))
        for code in sorted(counts.index, key=lambda c: STATUSES[c].severity)
    ]
    return ct("s_summary", language, n=len(items), parts=ct("list_separator", language).join(parts))


def _row_for(rows: list[dict], year: int) -> dict:
    row = next((r for r in rows if r["fiscal_year"] == year), None)
    if row is None:
        raise ValueError(f"no row for fiscal year {year}")
    return row


def _last_actual_before(rows: pd.DataFrame | list[dict], year: int, column: str) -> tuple[int, float] | None:
    before = [r for r in records(rows) if r["fiscal_year"] < year and not is_missing(r[column])]
    if not before:
        return None
    last = max(before, key=lambda r: r["fiscal_year"])
    return int(last["fiscal_year"]), float(last[column])


def _stage(row: pd.Series, which: str, language: str, lookup) -> str | None:
    return stage_name(
        row["item_no"], row["metric_code"], row[f"{which}_stage_no"], row[f"{which}_stage_ja"], language, lookup
    )


def _reached(at_year: pd.DataFrame) -> int:
    both = at_year.dropna(subset=["actual_stage_no", "planned_stage_no"])
    return int((both["actual_stage_no"] >= both["planned_stage_no"]).sum())


def _missing_suffix(missing: int, language: str) -> str:
    return ct("s_missing_suffix", language, missing=missing) if missing else ""


def _metric_count(rows: pd.DataFrame) -> int:
    return len(rows[["item_no", "metric_code"]].drop_duplicates())
