"""The small formatting helpers (years, counts, stages) that charts and sentences share,
and `ct`, which reads their words from the catalogue (planboard/i18n.py, CHART_TEXT).
"""

from __future__ import annotations

import math
import unicodedata

import pandas as pd
from pandas.core.dtypes.dtypes import BaseMaskedDtype

from planboard.fiscal_year import era_name, format_fiscal_year
from planboard.i18n import CHART_TEXT

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


def shortened(text: str, limit: int) -> str:
    """text cut to at most `limit` characters, the cut marked with …

    >>> shortened("相談情報ひろばの充実", 5), shortened("18-3", 5)
    ('相談情報…', '18-3')
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_ems(value: object) -> float:
    """Width of a text in font sizes (ems), a little generous: kanji, kana and symbols such as ◎
    take one, Latin letters and digits (bold ones too) at most 0.62. Subtitles wrap by it and
    the deck's table columns are sized by it (planboard/deck_layout.py)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.62 for c in str(value))


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
