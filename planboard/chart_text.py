"""Words on charts and in chart sentences, Japanese and English, and the small
formatting helpers (years, counts, stages) that charts and sentences share.

Kept apart from planboard/i18n.py on purpose: the page catalogue is edited by
another stream of work, and chart text must be usable by the export code
without the pages. A test checks that every key has both languages.
"""

from __future__ import annotations

import math
import unicodedata

import pandas as pd
from pandas.core.dtypes.dtypes import BaseMaskedDtype

from planboard.fiscal_year import era_name, format_fiscal_year

CHART_TEXT: dict[str, dict[str, str]] = {
    # Traces, legends and the matching table columns (same words in both places).
    "plan_cumulative": {"ja": "計画（累計）", "en": "Plan (cumulative)"},
    "actual_cumulative": {"ja": "実績（累計）", "en": "Actual (cumulative)"},
    "plan_new": {"ja": "計画（その年度の新規）", "en": "Plan (new in the year)"},
    "actual_new": {"ja": "実績（その年度の新規）", "en": "Actual (new in the year)"},
    "goal_line": {"ja": "目標 {value}（{year_end}）", "en": "Goal: {value} by the {year_end}"},
    "reference_line": {"ja": "基準 {value}（{year_end}）", "en": "Baseline: {value} at the {year_end}"},
    "plan_stage": {"ja": "計画の段階", "en": "Planned stage"},
    "actual_stage": {"ja": "到達段階（実績）", "en": "Stage reached (actual)"},
    "not_applicable": {"ja": "対象外", "en": "n/a"},
    "not_applicable_legend": {"ja": "対象外（この組合せはありません）", "en": "n/a (no such combination)"},
    # Panels, axes and subtitles.
    "panel_cumulative": {"ja": "年度末の累計", "en": "Cumulative at year end"},
    "panel_new": {"ja": "年度ごとの新規", "en": "New in each year"},
    "goal_subtitle": {"ja": "目標（{year_end}）：{goal}", "en": "Goal by the {year_end}: {goal}"},
    "goal_words": {
        "ja": "目標（{year_end}）：{goal}（数値目標なし。基準より増やすこと）",
        "en": "Goal by the {year_end}: expand (no figure given; more than the baseline)",
    },
    "axis_items": {"ja": "取組数", "en": "Items"},
    "no_actual_mark": {"ja": "実績<br>未登録", "en": "no actual<br>yet"},
    "cell_planned": {"ja": "計画：{stage}", "en": "Plan: {stage}"},
    "cell_reached": {"ja": "到達：{stage}", "en": "Reached: {stage}"},
    "not_reported": {"ja": "未登録", "en": "not reported"},
    "not_started_stage": {"ja": "未着手", "en": "Not started"},
    "title_payment_matrix": {"ja": "{item_no} 納付方法 × 税目：{fy}", "en": "{item_no} Payment method × tax: {fy}"},
    "title_status_summary": {"ja": "取組の状況", "en": "Items by status"},
    "title_status_summary_year": {"ja": "取組の状況：{fy}", "en": "Items by status: {fy}"},
    "title_milestones": {"ja": "段階の計画と実績", "en": "Stages planned and reached"},
    # Table columns.
    "col_fiscal_year": {"ja": "年度", "en": "Fiscal year"},
    "col_year_role": {"ja": "区分", "en": "Year type"},
    "col_metric": {"ja": "指標", "en": "Metric"},
    "col_status": {"ja": "状況", "en": "Status"},
    "col_count": {"ja": "件数", "en": "Count"},
    "col_items": {"ja": "取組番号", "en": "Item numbers"},
    "col_method": {"ja": "納付方法", "en": "Payment method"},
    "col_tax": {"ja": "税目", "en": "Tax"},
    "col_goal": {"ja": "目標", "en": "Goal"},
    "col_reference": {"ja": "基準線", "en": "Baseline line"},
    "role_baseline": {"ja": "基準（計画書の現況）", "en": "Baseline (plan document)"},
    "role_plan": {"ja": "計画年度", "en": "Plan year"},
    "role_outside_plan": {"ja": "計画期間外", "en": "Outside the plan period"},
    # Years and numbers.
    "tick_baseline": {"ja": "{era}末（基準）", "en": "End of FY{year} (baseline)"},
    "year_end": {"ja": "{era}末", "en": "end of {fy}"},
    "value_unit": {"ja": "{n}{unit}", "en": "{n} {unit}"},
    "items_count": {"ja": "{n}件", "en": "{n}"},
    # Sentences (planboard/sentences.py).
    "s_count_actual": {
        "ja": "計画{plan}に対し、{year_end}の実績{actual}（達成率{rate}）。",
        "en": "Against a plan of {plan}, the actual at the {year_end} was {actual} ({rate} of plan).",
    },
    "s_count_missing": {
        "ja": "{fy}の実績はまだ登録されていません（計画{plan}、{last_end}{last}）。",
        "en": "No actual has been reported for {fy} yet (plan {plan}; {last_end}: {last}).",
    },
    "s_count_missing_no_last": {
        "ja": "{fy}の実績はまだ登録されていません（計画{plan}）。",
        "en": "No actual has been reported for {fy} yet (plan {plan}).",
    },
    "s_increase_actual": {
        "ja": "目標「{goal}」に対し、{year_end}の実績{actual}（基準の{base_end}{base}から{change}）。",
        "en": "Against the goal to expand, the actual at the {year_end} was {actual} ({change} on {base} at the {base_end}).",
    },
    "s_increase_missing": {
        "ja": "{fy}の実績はまだ登録されていません（目標「{goal}」、{last_end}{last}）。",
        "en": "No actual has been reported for {fy} yet (goal: expand; {last_end}: {last}).",
    },
    "s_increase_up": {"ja": "{diff}増", "en": "up {diff}"},
    "s_increase_none": {"ja": "増加なし", "en": "no increase"},
    "s_count_no_number": {
        "ja": "{fy}の計画は「{planned}」で、数値の計画はありません（{last_end}{last}）。",
        "en": "{fy} has no numeric plan ({last_end}: {last}).",
    },
    "s_count_baseline": {
        "ja": "{year_end}の実績（計画書の現況）は{actual}。",
        "en": "At the {year_end} the plan document reports {actual}.",
    },
    "s_count_no_data": {
        "ja": "{fy}の計画・実績の数値はありません。",
        "en": "There is no planned or actual figure for {fy}.",
    },
    "s_stage_actual": {
        "ja": "{era}の計画は「{planned}」、到達段階は「{actual}」。",
        "en": "{fy}: planned stage '{planned}', stage reached '{actual}'.",
    },
    "s_stage_missing": {
        "ja": "{fy}の到達段階はまだ登録されていません（計画は「{planned}」）。",
        "en": "No stage has been reported for {fy} yet (planned: '{planned}').",
    },
    "s_stage_missing_last": {
        "ja": "{fy}の到達段階はまだ登録されていません（計画は「{planned}」、{last_end}は「{last}」）。",
        "en": "No stage has been reported for {fy} yet (planned: '{planned}'; {last_end}: '{last}').",
    },
    "s_stages_many": {
        "ja": "{fy}：{n}指標のうち{reached}指標が計画の段階に到達{missing}。",
        "en": "{fy}: {reached} of {n} metrics reached the planned stage{missing}.",
    },
    "s_stages_many_none": {
        "ja": "{fy}の到達段階は、{n}指標のいずれもまだ登録されていません。",
        "en": "No stage has been reported for {fy} yet for any of the {n} metrics.",
    },
    "s_matrix": {
        "ja": "{fy}：{n}つの組合せのうち{reached}つが計画の段階「{planned}」に到達{missing}。",
        "en": "{fy}: {reached} of {n} combinations reached the planned stage '{planned}'{missing}.",
    },
    "s_matrix_none": {
        "ja": "{fy}の到達段階は、{n}つの組合せのいずれもまだ登録されていません（計画は「{planned}」）。",
        "en": "No stage has been reported for {fy} yet for any of the {n} combinations (planned: '{planned}').",
    },
    "s_missing_suffix": {"ja": "（未登録{missing}）", "en": " ({missing} not yet reported)"},
    # Why an item has its status (planboard/item_charts.reason): plan and actual in like terms,
    # the cumulative plan against the cumulative actual, the planned stage against the stage reached.
    "r_reported": {"ja": "{metric}：{plan}に対し{actual}", "en": "{metric}: {actual} against {plan}"},
    "r_not_reported": {
        "ja": "{metric}：{plan}に対し実績は未報告",
        "en": "{metric}: no actual reported yet against {plan}",
    },
    "r_plan_cumulative": {"ja": "計画（累計）{plan}", "en": "a cumulative plan of {plan}"},
    "r_plan_increase": {"ja": "計画「{planned}」（基準{base}）", "en": "a plan to expand on the baseline of {base}"},
    "r_plan_printed": {"ja": "計画「{planned}」", "en": "the plan '{planned}'"},
    "r_plan_stage": {"ja": "計画の段階「{planned}」", "en": "the planned stage '{planned}'"},
    "r_plan_carried": {
        "ja": "計画の段階「{planned}」（前年度の計画を維持）",
        "en": "the planned stage '{planned}' (kept from the year before)",
    },
    "r_actual_count": {"ja": "実績{actual}", "en": "actual {actual}"},
    "r_actual_stage": {"ja": "到達段階「{actual}」", "en": "stage reached '{actual}'"},
    "s_summary": {"ja": "{n}件の取組：{parts}。", "en": "{n} items: {parts}."},
    "s_summary_part": {"ja": "{label}{count}件", "en": "{count} {label}"},
    "s_summary_empty": {"ja": "該当する取組はありません。", "en": "No items."},
    "list_separator": {"ja": "、", "en": ", "},
}

# metric_year carries unit_ja only; English units come from a unit_en column when
# the caller has one (metric.unit_en), else from this fallback for the units in use.
UNIT_EN_FALLBACK = {"か所": "sites", "事業": "projects"}


def ct(key: str, language: str = "ja", **values) -> str:
    """The chart text for key in language, placeholders filled in (unused values are ignored)."""
    entry = CHART_TEXT[key]
    text = entry.get(language) or entry["ja"]
    return text.format(**values) if values else text


def fy_label(year: int, language: str) -> str:
    """令和元年度（2019年度） / FY2019 (Reiwa 1)."""
    return format_fiscal_year(int(year), language)


def year_end(year: int, language: str) -> str:
    """令和元年度末 / end of FY2019 (Reiwa 1)."""
    return ct("year_end", language, era=era_name(int(year)), fy=fy_label(year, language))


def era_or_fy(year: int, language: str) -> str:
    """令和元年度 in Japanese prose, FY2019 (Reiwa 1) in English."""
    return era_name(int(year)) if language == "ja" else fy_label(year, language)


def year_label(year: int, year_role: str, language: str) -> str:
    """The x-axis category of a year: baselines are year-end stocks (平成29年度末（基準）)."""
    if year_role == "baseline":
        return ct("tick_baseline", language, era=era_name(int(year)), year=int(year))
    return fy_label(year, language)


def tick_text(label: str) -> str:
    """Break a year label before its bracket so ticks stay narrow on small screens."""
    return label.replace("（", "<br>（", 1).replace(" (", "<br>(", 1)


def role_label(year_role: str, language: str) -> str:
    return ct(f"role_{year_role}", language)


def unit(rows: pd.DataFrame | list[dict], language: str) -> str:
    """The metric's unit in language (see UNIT_EN_FALLBACK)."""
    unit_ja = _first(rows, "unit_ja") or ""
    if language != "en":
        return unit_ja
    return _first(rows, "unit_en") or UNIT_EN_FALLBACK.get(unit_ja, unit_ja)


def number(value: float) -> str:
    """A count without a trailing .0 (counts are whole; a half is shown as is)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def with_unit(value: float, unit_text: str, language: str) -> str:
    """16か所 / 16 sites."""
    return ct("value_unit", language, n=number(value), unit=unit_text).strip()


def percent(ratio: float) -> str:
    """88% from 0.875: half up, as people round, not banker's rounding."""
    return f"{math.floor(ratio * 100 + 0.5)}%"


def is_missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def records(rows: pd.DataFrame | list[dict]) -> list[dict]:
    """Rows as a list of dicts, valued as DataFrame.to_dict("records") values them (a missing
    nullable integer is None). The count chart and its sentence read one metric's ten or so
    rows many times over; on dicts each read costs nanoseconds, on a DataFrame microseconds.
    Made from each column's tolist(): to_dict boxes every cell on its own, at twice the cost."""
    if isinstance(rows, list):
        return rows
    columns = list(rows.columns)
    return [dict(zip(columns, values, strict=True)) for values in zip(*map(_column_values(rows), columns), strict=True)]


def _column_values(rows: pd.DataFrame):
    def values(column: str) -> list:
        data = rows[column]
        out = data.tolist()
        if isinstance(data.dtype, BaseMaskedDtype):
            out = [None if v is pd.NA else v for v in out]
        return out

    return values


def first_value(rows: pd.DataFrame | list[dict], column: str):
    """The first value of a column that is not missing, or None."""
    return next((r[column] for r in records(rows) if not is_missing(r.get(column))), None)


def _first(rows: pd.DataFrame | list[dict], column: str) -> str | None:
    value = first_value(rows, column)
    return None if value is None else str(value)


def stage_lookup(stages: pd.DataFrame | None) -> dict[tuple[str, str, int], dict[str, str]]:
    """(item_no, metric_code, stage_no) → {'ja': …, 'en': …} from a metric_stages frame."""
    if stages is None or stages.empty:
        return {}
    return {
        (str(r.item_no), str(r.metric_code), int(r.stage_no)): {"ja": r.stage_ja, "en": r.stage_en}
        for r in stages.itertuples(index=False)
    }


def stage_name(
    item_no: str,
    metric_code: str,
    stage_no: object,
    stage_ja: object,
    language: str,
    lookup: dict[tuple[str, str, int], dict[str, str]],
) -> str | None:
    """The words of a stage in language; None when there is no stage (never a made-up one)."""
    if is_missing(stage_no):
        return None
    if int(stage_no) == 0:
        return ct("not_started_stage", language)
    names = lookup.get((str(item_no), str(metric_code), int(stage_no)), {})
    name = names.get(language) or names.get("ja") or stage_ja
    return None if is_missing(name) else str(name)


def wrap(text: str, width: int) -> str:
    """Break a long label with <br>: at spaces in English, every `width` characters in Japanese."""
    if len(text) <= width:
        return text
    if " " in text:
        lines, line = [], ""
        for word in text.split(" "):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        return "<br>".join([*lines, line])
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width))


# Where a line of Japanese may break: after a space or punctuation, or before an opening bracket.
_BREAK_AFTER = frozenset(" 、。，．：；）」』")
_BREAK_BEFORE = frozenset("（「『(")
# Never at the start of a line (Japanese line-breaking rules): these stay on the line before,
# as does a space (the line breaks after it).
_NO_LINE_START = frozenset(" 、。，．：；）」』)")


def text_ems(text: str) -> float:
    """The width of text in font sizes: a full-width character is one, any other about half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def wrap_ems(text: str, ems: float) -> list[str]:
    """The lines of text, none wider than `ems` font sizes (see text_ems).

    A line breaks at its last space, punctuation or opening bracket, where that falls in its
    second half; else where it is full (Japanese has no spaces to wait for), but never
    before a closing bracket or punctuation, which stays on its line.

    >>> wrap_ems("目標（令和元年度末）：整備箇所の拡大（数値目標なし）", 14)
    ['目標（令和元年度末）：', '整備箇所の拡大（数値目標なし）']
    """
    lines, line = [], ""
    for char in text:
        candidate = line + char
        if line and text_ems(candidate) > ems and char not in _NO_LINE_START:
            at = _last_break(candidate) or len(line)
            lines.append(candidate[:at].rstrip())
            candidate = candidate[at:].lstrip()
        line = candidate
    return [*lines, line] if line else lines


def _last_break(line: str) -> int:
    """The last place in the second half of line where it may break, 0 if none."""
    for at in range(len(line) - 1, len(line) // 2, -1):
        if line[at - 1] in _BREAK_AFTER or line[at] in _BREAK_BEFORE:
            return at
    return 0
