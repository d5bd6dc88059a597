"""The row checker: read one row of an actuals table against the plan, or name its problems.

Every problem names row, column, value and fix, in Japanese and English. The checker reads
the rows that planboard/validation_bulk.py does not pass in bulk (full-width digits, stage
names, Excel dates, and every row with a problem), and writes the messages for repeated
metric-years and falling cumulative counts. Nothing here writes to the store.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import pandas as pd

from planboard import loaders
from planboard.fiscal_year import FiscalYearError, era_name, parse_fiscal_year
from planboard.import_file import HEADER_JA, ImportTable, Row
from planboard.problems import Problem
from planboard.safe_cells import has_control_characters

NOT_STARTED_JA = "未着手"
MAX_TEXT_CHARS = 1000
MAX_PROBLEMS = 200
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ーｰ", "-"))
_EXCEL_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_EXCEL_MONTH_DAY = re.compile(r"^(\d{1,2})月(\d{1,2})日$")


@dataclass
class PlanState:
    """One plan as the row checker sees it: its years, metrics and stages."""

    plan: dict
    metrics: dict[tuple[str, str], dict]
    stages: dict[tuple[str, str], list[dict]]

    def __post_init__(self):
        # Looked up for every row of a file: worked out once per plan, not once per row.
        self._codes: dict[str, list[str]] = defaultdict(list)
        for item, code in self.metrics:
            self._codes[item].append(code)
        self._items = list(self._codes)
        period = range(int(self.plan["first_fy"]), int(self.plan["last_fy"]) + 1)
        baselines = [self.plan.get("vision_fy"), self.plan.get("previous_plan_end_fy")]
        self._years = sorted({*period, *(int(y) for y in baselines if y is not None and not pd.isna(y))})

    @property
    def plan_id(self) -> str:
        return self.plan["plan_id"]

    @property
    def years(self) -> list[int]:
        """Years an actual may be reported for: the plan period and the document's baseline years.

        Earlier years are corrections of the baselines (26年度末, 29年度末); a later year
        belongs to the next plan, which is loaded as a plan of its own.
        """
        return self._years

    def codes(self, item_no: str) -> list[str]:
        return self._codes.get(item_no, [])

    def items(self) -> list[str]:
        return self._items


class _Plans(Mapping):
    """Every plan of the store by plan_id; a plan's metrics, stages and actuals are read when
    first needed (or up front, in bulk, for the plans a file names)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, rows: dict[str, dict]):
        self._con = con
        self._rows = rows
        self._states: dict[str, PlanState] = {}

    def preload(self, plan_ids) -> None:
        wanted = [p for p in dict.fromkeys(plan_ids) if p in self._rows and p not in self._states]
        if wanted:
            self._states.update(_plan_states(self._con, {p: self._rows[p] for p in wanted}))

    def __getitem__(self, plan_id: str) -> PlanState:
        if plan_id not in self._states:
            if plan_id not in self._rows:
                raise KeyError(plan_id)
            self.preload([plan_id])
        return self._states[plan_id]

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, plan_id) -> bool:
        return plan_id in self._rows


def _plan_states(con: duckdb.DuckDBPyConnection, plans: dict[str, dict]) -> dict[str, PlanState]:
    """PlanStates of several plans from two queries (not two per plan)."""
    ids = list(plans)
    metrics: dict[str, dict] = {p: {} for p in ids}
    for m in loaders.plans_metrics(con, ids).to_dict("records"):
        metrics[m.pop("plan_id")][(m["item_no"], m["metric_code"])] = m
    stages: dict[str, dict] = {p: defaultdict(list) for p in ids}
    for s in loaders.plans_stages(con, ids).to_dict("records"):
        stages[s.pop("plan_id")][(s["item_no"], s["metric_code"])].append(s)
    return {p: PlanState(plans[p], metrics[p], dict(stages[p])) for p in ids}


@dataclass
class StoreState:
    plans: Mapping[str, PlanState]

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, plan_ids=None) -> StoreState:
        """The store as validation sees it. plan_ids: the plans to read up front (None: every plan);
        any other plan is read when first looked up, while con is open."""
        plans = _Plans(con, {p["plan_id"]: p for p in loaders.plans(con).to_dict("records")})
        plans.preload(list(plans) if plan_ids is None else plan_ids)
        return cls(plans)


@dataclass(frozen=True, slots=True)
class Change:
    """What one good row does to the store: before → after."""

    row: int
    plan_id: str
    item_no: str
    metric_code: str
    fiscal_year: int
    kind: str
    metric_label_ja: str
    metric_label_en: str
    value: float | None
    stage_no: int | None
    value_text: str
    note: str | None
    source: str | None
    before_revision_id: int | None
    before_text: str | None
    before_note: str | None
    status: str  # 'new', 'changed' or 'unchanged'
    change_kind: str | None  # what the revision will be: 'import' or 'correction'; None when unchanged


@dataclass(slots=True)
class ParsedRow:
    row: Row
    plan_id: str
    item_no: str
    metric_code: str
    fiscal_year: int
    value: float | None
    stage_no: int | None
    value_text: str
    note: str | None
    source: str | None


@functools.lru_cache(maxsize=65536)
def normalise_plan_id(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


# The same few codes repeat on every row of a file: normalised once each.
@functools.lru_cache(maxsize=65536)
def normalise_code(text: str) -> str:
    """An item number or metric code as the plan writes it.

    >>> normalise_code("１８－３"), normalise_code("①"), normalise_code("①－１"), normalise_code(" (2) ")
    ('18-3', '1', '1-1', '2')
    """
    code = "".join(unicodedata.normalize("NFKC", text).translate(_DASHES).split())
    if code.startswith("(") and code.endswith(")"):
        code = code[1:-1]
    return code


@functools.lru_cache(maxsize=4096)
def parse_year_text(text: str) -> int:
    return parse_fiscal_year(text)


@functools.lru_cache(maxsize=65536)
def normalise_stage(text: str) -> str:
    """A stage name compared without width or spacing differences.

    >>> normalise_stage("受付開始（児童手当の現況届）") == normalise_stage("受付開始 (児童手当の現況届)")
    True
    """
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _excel_date_candidates(text: str) -> list[str]:
    # Excel turns 2-4 or 1-1 typed into a cell into a date (2月4日); read such a date
    # back as the code it was, when no code matches the text itself.
    if m := _EXCEL_DATE.match(text):
        year, month, day = (int(g) for g in m.groups())
        return [f"{month}-{day}", f"{year % 100}-{month}"]
    if m := _EXCEL_MONTH_DAY.match(text):
        return [f"{int(m.group(1))}-{int(m.group(2))}"]
    return []


def without_nans(record: dict) -> dict:
    """A row from a DataFrame with pandas' NaN / NA turned into None."""
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in record.items()}


class RowChecker:
    def __init__(self, table: ImportTable, state: StoreState, plan_id: str | None):
        self.table = table
        self.state = state
        self.default_plan = (
            plan_id if plan_id is not None else (next(iter(state.plans)) if len(state.plans) == 1 else None)
        )
        self.problems: list[Problem] = []
        self.skipped: list[int] = []
        self._stage_lists: dict[tuple, tuple[str, str]] = {}

    def problem(self, code, row: Row | None, column: str | None, value, what_ja, fix_ja, what_en, fix_en) -> None:
        header = self.table.columns.get(column) if column else None
        self.problems.append(
            Problem(
                code,
                what_ja,
                fix_ja,
                what_en,
                fix_en,
                row=row.row_no if row else None,
                column=header if header else (HEADER_JA[column] if column else None),
                letter=self.table.letters.get(column) if column else None,
                value=value,
            )
        )

    # --- one row ---------------------------------------------------------------------------

    def parse(self, row: Row) -> ParsedRow | None:
        cells = row.cells
        reported = cells.get("value") or cells.get("stage") or cells.get("note") or cells.get("source")
        if not reported:
            # A template row left blank: nothing is reported for that metric and year.
            self.skipped.append(row.row_no)
            return None
        before = len(self.problems)
        plan = self.plan_of(row)
        item_no = self.item_of(row, plan) if plan else None
        metric_code = self.metric_of(row, plan, item_no) if item_no is not None else None
        fiscal_year = self.year_of(row, plan)
        note = self.text_of(row, "note")
        source = self.text_of(row, "source")
        if metric_code is None:
            return None
        metric = plan.metrics[(item_no, metric_code)]
        figures = self.figures_of(row, plan, metric, item_no, metric_code)
        if len(self.problems) > before or fiscal_year is None or figures is None:
            return None
        value, stage_no, value_text = figures
        return ParsedRow(
            row, plan.plan_id, item_no, metric_code, fiscal_year, value, stage_no, value_text, note, source
        )

    def plan_of(self, row: Row) -> PlanState | None:
        text = normalise_plan_id(row.cells.get("plan_id", ""))
        plan_id = text or self.default_plan
        if plan_id is not None and plan_id in self.state.plans:
            return self.state.plans[plan_id]
        known = ", ".join(self.state.plans)
        if plan_id is None:
            self.problem(
                "plan_required",
                row,
                "plan_id",
                text,
                "ストアに計画が複数あり、どの計画の実績か分かりません。",
                f"「計画」列に計画ID（{known}）を書くか、画面で計画を選んでください。",
                "The store holds several plans and the row names none.",
                f"Add a 計画 (plan_id) column with one of: {known}; or choose the plan on screen.",
            )
            return None
        if plan_id not in self.state.plans:
            self.problem(
                "plan_unknown",
                row,
                "plan_id",
                text,
                "ストアにない計画です。",
                f"次のどれかを書いてください: {known}",
                "No such plan in the store.",
                f"Write one of: {known}",
            )
            return None
        return self.state.plans[plan_id]

    def item_of(self, row: Row, plan: PlanState) -> str | None:
        raw = row.cells.get("item_no", "")
        items = plan.items()
        if raw and (code := normalise_code(raw)) in items:
            return code
        known = ", ".join(items)
        if not raw:
            self.problem(
                "item_blank",
                row,
                "item_no",
                raw,
                "取組番号が空です。",
                f"取組番号を書いてください（{known}）。",
                "The item number is blank.",
                f"Write the item number ({known}).",
            )
            return None
        code = normalise_code(raw)
        if code not in items:
            code = next((c for c in _excel_date_candidates(code) if c in items), code)
        if code not in items:
            self.problem(
                "item_unknown",
                row,
                "item_no",
                raw,
                f"計画「{plan.plan_id}」にない取組番号です。",
                f"次のどれかを書いてください: {known}",
                f"Plan '{plan.plan_id}' has no such item.",
                f"Write one of: {known}",
            )
            return None
        return code

    def metric_of(self, row: Row, plan: PlanState, item_no: str) -> str | None:
        raw = row.cells.get("metric_code", "")
        codes = plan.codes(item_no)
        code = normalise_code(raw)
        if code not in codes:
            code = next((c for c in _excel_date_candidates(code) if c in codes), code)
        if code in codes:
            return code
        listed_ja = "、".join(f"{c}（{plan.metrics[(item_no, c)]['label_ja']}）" for c in codes)
        listed_en = "; ".join(f"{c} ({plan.metrics[(item_no, c)]['label_en']})" for c in codes)
        if codes == [""]:
            self.problem(
                "metric_unknown",
                row,
                "metric_code",
                raw,
                f"取組 {item_no} の指標は1つだけです。",
                "「指標」は空欄にしてください。",
                f"Item {item_no} has a single metric.",
                "Leave 指標 (metric_code) blank.",
            )
        elif not raw:
            self.problem(
                "metric_required",
                row,
                "metric_code",
                raw,
                f"取組 {item_no} には指標が複数あるので、指標が必要です。",
                f"次のどれかを書いてください: {listed_ja}",
                f"Item {item_no} has several metrics; the metric is required.",
                f"Write one of: {listed_en}",
            )
        else:
            self.problem(
                "metric_unknown",
                row,
                "metric_code",
                raw,
                f"取組 {item_no} にない指標です。",
                f"次のどれかを書いてください: {listed_ja}",
                f"Item {item_no} has no such metric.",
                f"Write one of: {listed_en}",
            )
        return None

    def year_of(self, row: Row, plan: PlanState | None) -> int | None:
        raw = row.cells.get("fiscal_year", "")
        if not raw:
            self.problem(
                "year_blank",
                row,
                "fiscal_year",
                raw,
                "年度が空です。",
                "年度を書いてください（例: 令和元年度、平成30年度、2019）。",
                "The fiscal year is blank.",
                "Write the fiscal year (e.g. 令和元年度, 平成30年度, 2019).",
            )
            return None
        try:
            year = parse_year_text(raw)
        except FiscalYearError:
            self.problem(
                "year_unreadable",
                row,
                "fiscal_year",
                raw,
                "年度として読み取れません。",
                "令和元年度、令和2年度、平成30年度、平成31年度、H30、R1、30年度、2019、2019年度、FY2019 のように書いてください（全角数字も可）。",
                "This cannot be read as a fiscal year.",
                "Write it as 令和元年度, 平成30年度, H30, R1, 30年度, 2019, 2019年度 or FY2019 (full-width digits are fine).",
            )
            return None
        if plan is not None and year not in plan.years:
            allowed_ja = "、".join(f"{era_name(y)}（{y}）" for y in plan.years)
            allowed_en = ", ".join(str(y) for y in plan.years)
            self.problem(
                "year_outside_plan",
                row,
                "fiscal_year",
                raw,
                f"{era_name(year)}（{year}年度）は計画「{plan.plan_id}」で実績を登録できる年度ではありません。",
                f"計画期間の年度か計画書の現況の年度（{allowed_ja}）を書いてください。",
                f"FY{year} is not a year of plan '{plan.plan_id}' that takes actuals.",
                f"Write a plan year or one of the document's baseline years: {allowed_en}.",
            )
            return None
        return year

    def text_of(self, row: Row, column: str) -> str | None:
        text = row.cells.get(column, "")
        if has_control_characters(text):
            # A file cannot bring them (it is refused as binary), an on-screen table can; stored,
            # they would break every XLSX export of the actuals.
            self.problem(
                "text_control_chars",
                row,
                column,
                text.encode("unicode_escape").decode("ascii")[:80],
                "制御文字（表示されない特殊な文字）が含まれています。",
                "制御文字を消して、文字だけを書いてください。",
                "The text holds control characters (invisible special characters).",
                "Remove them and write plain text.",
            )
        if len(text) > MAX_TEXT_CHARS:
            self.problem(
                "text_too_long",
                row,
                column,
                text,
                f"{len(text)}文字あり、長すぎます。",
                f"{MAX_TEXT_CHARS}文字以内にしてください。",
                f"The text is too long ({len(text)} characters).",
                f"Keep it within {MAX_TEXT_CHARS} characters.",
            )
        return text or None

    def stage_lists(self, plan: PlanState, item_no: str, metric_code: str, stages: list[dict]) -> tuple[str, str]:
        """The stages of a metric as messages list them; made once per metric, not per row."""
        key = (plan.plan_id, item_no, metric_code)
        if key not in self._stage_lists:
            self._stage_lists[key] = (
                "、".join([f"0 {NOT_STARTED_JA}", *(f"{s['stage_no']} {s['stage_ja']}" for s in stages)]),
                ", ".join(["0 未着手 (not started)", *(f"{s['stage_no']} {s['stage_ja']}" for s in stages)]),
            )
        return self._stage_lists[key]

    def figures_of(self, row: Row, plan: PlanState, metric: dict, item_no: str, metric_code: str):
        value_raw = row.cells.get("value", "")
        stage_raw = row.cells.get("stage", "")
        label_ja, label_en = metric["label_ja"], metric["label_en"] or metric["label_ja"]
        stages = plan.stages.get((item_no, metric_code), [])
        stage_list_ja, stage_list_en = self.stage_lists(plan, item_no, metric_code, stages)
        if metric["kind"] == "milestone":
            if value_raw:
                self.problem(
                    "value_on_milestone",
                    row,
                    "value",
                    value_raw,
                    f"「{label_ja}」は段階で報告する指標なので、実績値は書けません。",
                    f"「進捗段階」列に段階（{stage_list_ja}）を書き、実績値は空欄にしてください。",
                    f"'{label_en}' is reported as a stage, not a number.",
                    f"Write the stage in 進捗段階 (stage) — {stage_list_en} — and leave 実績値 (value) blank.",
                )
                return None
            if not stage_raw:
                return self._nothing_reported(row, "stage", label_ja, label_en)
            stage_no = _stage_number(stage_raw, stages)
            if stage_no is None:
                self.problem(
                    "stage_unknown",
                    row,
                    "stage",
                    stage_raw,
                    f"「{label_ja}」の段階にありません。",
                    f"次のどれかを段階名か番号で書いてください: {stage_list_ja}",
                    f"Not a stage of '{label_en}'.",
                    f"Write one of these stages, by name or number: {stage_list_en}",
                )
                return None
            name = NOT_STARTED_JA if stage_no == 0 else next(s["stage_ja"] for s in stages if s["stage_no"] == stage_no)
            return None, stage_no, name
        unit = metric["unit_ja"] or ""
        if stage_raw:
            self.problem(
                "stage_on_count",
                row,
                "stage",
                stage_raw,
                f"「{label_ja}」は件数の指標なので、進捗段階は書けません。",
                f"「実績値」列に年度末の累計（{unit}）を数字で書き、進捗段階は空欄にしてください。",
                f"'{label_en}' is a count, not a stage.",
                f"Write the cumulative count at the end of the year ({metric['unit_en'] or unit}) in 実績値 (value) "
                "and leave 進捗段階 (stage) blank.",
            )
            return None
        if not value_raw:
            return self._nothing_reported(row, "value", label_ja, label_en)
        count = self._count(row, value_raw, unit)
        return None if count is None else (float(count), None, str(count))

    def _nothing_reported(self, row: Row, column: str, label_ja: str, label_en: str):
        what = "進捗段階" if column == "stage" else "実績値"
        self.problem(
            "value_required",
            row,
            column,
            "",
            f"備考や出典はありますが、{what}が空です（「{label_ja}」）。",
            f"{what}を書いてください。この行で報告しないなら、備考・出典も空にすれば読み飛ばされます。",
            f"There is a note or source but no {'stage' if column == 'stage' else 'value'} ('{label_en}').",
            "Fill it in; or, to report nothing on this row, clear the note and source too and the row is skipped.",
        )
        return None

    def _count(self, row: Row, raw: str, unit: str) -> int | None:
        if raw.isascii() and raw.isdigit():
            return int(raw)  # the usual cell, read without the checks below
        text = unicodedata.normalize("NFKC", raw).strip()
        if re.fullmatch(r"\d+(\.0+)?", text):
            return int(text.split(".")[0])
        if re.fullmatch(r"-\s*\d+(\.\d+)?", text):
            what_ja, what_en = "負の数です。", "The number is negative."
        elif re.fullmatch(r"\d+\.\d+", text):
            what_ja, what_en = "小数です。件数は整数です。", "Counts are whole numbers."
        elif re.fullmatch(r"\d{1,3}(,\d{3})+", text):
            what_ja, what_en = "桁区切りのカンマは使えません。", "Thousands separators are not allowed."
        else:
            what_ja, what_en = "数値ではありません。", "This is not a number."
        self.problem(
            "value_not_count",
            row,
            "value",
            raw,
            what_ja,
            f"年度末の累計（{unit}）を、単位やカンマを付けず0以上の整数で書いてください（例: 14）。実績がなければ空欄にします（0 とは書かないでください）。",
            what_en,
            "Write the cumulative count at the end of the year as a whole number, digits only (e.g. 14); "
            "leave it blank when there is none (blank is not zero).",
        )
        return None

    # --- the rows together -------------------------------------------------------------------

    def without_duplicates(self, parsed: list[ParsedRow]) -> list[ParsedRow]:
        first: dict[tuple, ParsedRow] = {}
        kept = []
        for p in parsed:
            key = (p.plan_id, p.item_no, p.metric_code, p.fiscal_year)
            if key not in first:
                first[key] = p
                kept.append(p)
                continue
            earlier = first[key]
            same = (earlier.value, earlier.stage_no, earlier.note) == (p.value, p.stage_no, p.note)
            self.problem(
                "row_duplicate" if same else "row_conflict",
                p.row,
                "fiscal_year",
                p.row.cells.get("fiscal_year"),
                f"{earlier.row.row_no}行目と同じ行です。"
                if same
                else f"{earlier.row.row_no}行目と同じ指標・年度に別の値があります。",
                "重複している行を消してください。"
                if same
                else "1つの指標・年度には1行だけ書いてください。正しいほうを残し、もう一方を消してください。",
                f"This repeats row {earlier.row.row_no}."
                if same
                else f"Row {earlier.row.row_no} gives another value for the same metric and year.",
                "Delete the repeated row." if same else "Keep one row per metric and year: delete the wrong one.",
            )
        return kept

    def check_counts_do_not_fall(self, parsed: list[ParsedRow], in_store: dict[tuple, dict[int, float]]) -> None:
        """A cumulative count may not fall below an earlier year's unless the row's note explains why.

        in_store: the store's current counts by (plan_id, item_no, metric_code) and year.
        """
        known: dict[tuple, dict[int, tuple[float, int | None]]] = defaultdict(dict)
        for key, years in in_store.items():
            for year, value in years.items():
                known[key][year] = (value, None)
        for p in parsed:
            if p.value is not None:
                known[(p.plan_id, p.item_no, p.metric_code)][p.fiscal_year] = (p.value, p.row.row_no)
        ordered: dict[tuple, list] = {}  # each metric's years sorted once, not once per row
        for p in parsed:
            if p.value is None or p.note:
                continue
            key = (p.plan_id, p.item_no, p.metric_code)
            if key not in ordered:
                ordered[key] = sorted(known[key].items())
            for year, (other, row_no) in ordered[key]:
                earlier_larger = year < p.fiscal_year and other > p.value
                later_smaller = year > p.fiscal_year and row_no is None and other < p.value
                if earlier_larger or later_smaller:
                    self._fall_problem(p, year, other, row_no, earlier_larger)
                    break

    def _fall_problem(self, p: ParsedRow, year: int, other: float, row_no: int | None, earlier: bool) -> None:
        where_ja = f"このファイルの{row_no}行目" if row_no else "登録済みの実績"
        where_en = f"row {row_no} of this file" if row_no else "the actual already in the store"
        other_text = f"{other:g}"
        self.problem(
            "count_falls",
            p.row,
            "value",
            p.row.cells.get("value"),
            (
                f"累計が{era_name(year)}（{where_ja}）の {other_text} より少なくなっています。"
                if earlier
                else f"{era_name(year)}（{where_ja}）の累計 {other_text} がこの値より少なくなります。"
            ),
            "実績値は年度末の累計です。前年度までの分を含めた数か確かめてください。本当に減った場合は、理由を「備考」に書けば取り込めます。",
            (
                f"The cumulative count falls below {other_text} for FY{year} ({where_en})."
                if earlier
                else f"FY{year}'s cumulative count {other_text} ({where_en}) would be below this value."
            ),
            "Values are cumulative totals at the end of the year; check that earlier years are included. "
            "If the count really fell, explain why in 備考 (note) and the row is accepted.",
        )


def _stage_number(text: str, stages: list[dict]) -> int | None:
    key = normalise_stage(text)
    if key in (normalise_stage(NOT_STARTED_JA), "0", "notstarted"):
        return 0
    for s in stages:
        names = {normalise_stage(s["stage_ja"]), str(s["stage_no"])}
        if s.get("stage_en"):
            names.add(normalise_stage(s["stage_en"]))
        if key in names:
            return int(s["stage_no"])
    return None


def too_many_problems() -> Problem:
    return Problem(
        "too_many_problems",
        f"問題が多すぎるため、最初の{MAX_PROBLEMS}件だけを示し、残りの行は調べていません。",
        "ファイルの形がテンプレートと合っているか確かめてください。",
        f"Too many problems: only the first {MAX_PROBLEMS} are shown and the remaining rows were not checked.",
        "Check that the file has the template's layout.",
    )
