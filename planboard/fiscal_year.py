"""Japanese fiscal years (会計年度): parse every common alias, display the Japanese way.

A fiscal year runs from 1 April to 31 March and is stored as the Western year in
which it starts: 令和元年度 = 2019.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# First Western year of each era and the last era-year that may be written.
# 平成 runs to 31 because documents written before 2019-05-01 call FY2019 平成31年度.
ERAS = {
    "平成": (1989, 31),
    "令和": (2019, 99),
}
ERA_LETTERS = {"H": "平成", "R": "令和", "HEISEI": "平成", "REIWA": "令和"}
MIN_YEAR, MAX_YEAR = 1989, 2117

ACCEPTED_FORMS = (
    "令和元年度, 令和2年度, R1, R2, 平成30年度, 平成31年度, H30, H31, "
    "30年度, 31年度 (平成と読みます), 2019, 2019年度, FY2019, "
    "令和元年度（2019年度）, FY2019 (Reiwa 1), 29年度末・平成29年度末 (その年度); 全角数字も可"
)


class FiscalYearError(ValueError):
    """Raised with a message that says what forms are accepted."""


_WESTERN = re.compile(r"^(?:FY)?(\d{4})(?:年度?)?$")
_ERA = re.compile(r"^(平成|令和|HEISEI|REIWA|H|R)(元|\d{1,2})(?:年度?)?$")
_BARE = re.compile(r"^(元|\d{1,2})年度?$")
# The app's own display form, 令和元年度（2019年度） (FY2019 (Reiwa 1) in English), after NFKC.
_PAIR = re.compile(r"^([^()]+)\(([^()]+)\)$")
# 29年度末 (the plan's 29年度末の現況) names the end of fiscal year 29, so it is that year.
_YEAR_END = "年度末"


def parse_fiscal_year(text: object) -> int:
    """Turn any common way of writing a fiscal year into its starting Western year.

    >>> parse_fiscal_year("令和元年度"), parse_fiscal_year("H31"), parse_fiscal_year("３１年度")
    (2019, 2019, 2019)
    >>> parse_fiscal_year("令和元年度（2019年度）"), parse_fiscal_year("29年度末")
    (2019, 2017)

    A bare era year without an era name (「31年度」) is read as 平成, the way this
    plan's documents use it.
    """
    if isinstance(text, bool):
        raise FiscalYearError(_message(text))
    if isinstance(text, int):
        return _check_range(text, text)
    if isinstance(text, float) and text.is_integer():
        return _check_range(int(text), text)
    raw = "" if text is None else str(text)
    s = unicodedata.normalize("NFKC", raw).strip().upper().replace(" ", "")
    if m := _PAIR.match(s):
        return _agreeing_pair(m.group(1), m.group(2), raw)
    return _parse_one(s, raw)


def _agreeing_pair(outer: str, inner: str, raw: str) -> int:
    """令和元年度（2019年度）: both halves name the same year, or the text is refused."""
    first, second = _parse_one(outer, raw), _parse_one(inner, raw)
    if first != second:
        raise FiscalYearError(
            f"年度「{raw}」の二つの書き方が食い違っています（括弧の前は{first}年度、括弧内は{second}年度）。"
            f"どちらか一方に直してください。使える書き方: {ACCEPTED_FORMS}"
        )
    return first


def _parse_one(s: str, raw: str) -> int:
    """One normalised fiscal year form (no parentheses) to its Western year."""
    if s.endswith(_YEAR_END):
        s = s.removesuffix("末")
    if s.endswith(".0") and s[:-2].isdigit():  # spreadsheets turn 2019 into 2019.0
        s = s[:-2]
    if m := _WESTERN.match(s):
        return _check_range(int(m.group(1)), raw)
    era, num = None, None
    if m := _ERA.match(s):
        era, num = ERA_LETTERS.get(m.group(1), m.group(1)), m.group(2)
    elif m := _BARE.match(s):
        era, num = "平成", m.group(1)
    if era is None:
        raise FiscalYearError(_message(raw))
    n = 1 if num == "元" else int(num)
    start, last = ERAS[era]
    if not 1 <= n <= last:
        raise FiscalYearError(_message(raw))
    return start + n - 1


def _check_range(year: int, raw: object) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise FiscalYearError(_message(raw))
    return year


def _message(raw: object) -> str:
    return f"年度「{raw}」を読み取れません。使える書き方: {ACCEPTED_FORMS}"


def era_name(year: int) -> str:
    """The era form of a fiscal year, e.g. 2019 -> 令和元年度, 2018 -> 平成30年度."""
    # A fiscal year is named after the era in force for most of it: FY2019 began
    # in 平成 (April) but is called 令和元年度.
    if year >= 2019:
        n = year - 2018
        return f"令和{'元' if n == 1 else n}年度"
    if year >= 1989:
        n = year - 1988
        return f"平成{'元' if n == 1 else n}年度"
    return f"{year}年度"


def format_fiscal_year(year: int, language: str = "ja") -> str:
    """Display a fiscal year: 「令和元年度（2019年度）」 in Japanese, 'FY2019 (Reiwa 1)' in English."""
    if language == "en":
        if year >= 2019:
            return f"FY{year} (Reiwa {year - 2018})"
        return f"FY{year} (Heisei {year - 1988})"
    return f"{era_name(year)}（{year}年度）"


def fiscal_year_end(year: int) -> dt.date:
    """The last day of a fiscal year: 31 March of the next calendar year."""
    return dt.date(year + 1, 3, 31)


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year a calendar day falls in."""
    return day.year if day.month >= 4 else day.year - 1
