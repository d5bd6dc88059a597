"""Validate a whole actuals table at once: DuckDB checks the rows, the row checker explains.

A file of a million rows must be checked in seconds, and every problem must still name its
row, column, value and fix. So the work is split:

1. Codes, years, values and stages are normalised once per distinct text (a file repeats the
   same few hundred texts on every row) and the reported rows go to DuckDB as one Arrow table.
2. queries/import_fast_rows.sql joins them with the plan: a row whose plan, item, metric, year,
   value or stage is as the plan has it passes there. Every other row goes through the row
   checker (validation.RowChecker), which either reads it (full-width digits, 和暦, Excel dates,
   stage names) or names its problems exactly as before.
3. Repeated metric-years and falling cumulative counts are found by SQL; the row checker writes
   the messages for just those rows.
4. queries/import_changes.sql compares every good row with the store's newest actual: the
   preview (before → after, new / changed / unchanged) as an Arrow table, which the write
   appends with one INSERT … SELECT.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from planboard import loaders, queries
from planboard.fiscal_year import FiscalYearError
from planboard.import_file import ImportTable
from planboard.problems import Problem
from planboard.safe_cells import has_control_characters
from planboard.validation import (
    MAX_PROBLEMS,
    MAX_TEXT_CHARS,
    NOT_STARTED_JA,
    ParsedRow,
    RowChecker,
    StoreState,
    normalise_code,
    normalise_plan_id,
    normalise_stage,
    parse_year_text,
    too_many_problems,
)

# Stage texts that mean "not started" (stage 0), as normalise_stage writes them.
ZERO_STAGE_KEYS = frozenset({normalise_stage(NOT_STARTED_JA), "0", "notstarted"})
_MAX_FAST_DIGITS = 18  # within int64; longer numbers go to the row checker

# The columns the Arrow tables share: a metric, and a row of the file with its metric and year.
_METRIC = [("plan_id", pa.string()), ("item_no", pa.string()), ("metric_code", pa.string())]
_FILE_ROW = [("i", pa.int64()), ("row_no", pa.int64()), *_METRIC, ("fiscal_year", pa.int32())]
_TEXTS = [("note", pa.string()), ("source", pa.string())]

PARSED_SCHEMA = pa.schema(
    [*_FILE_ROW, ("value", pa.float64()), ("stage_no", pa.int32()), ("value_text", pa.string()), *_TEXTS]
)
REPORTED_SCHEMA = pa.schema(
    [
        *_FILE_ROW,
        ("value_blank", pa.bool_()),
        ("value_int", pa.int64()),
        ("stage_blank", pa.bool_()),
        ("stage_key", pa.string()),
        ("stage_zero", pa.bool_()),
        *_TEXTS,
        ("text_ok", pa.bool_()),
    ]
)
STAGE_NAMES_SCHEMA = pa.schema(
    [*_METRIC, ("stage_key", pa.string()), ("stage_no", pa.int32()), ("stage_ja", pa.string())]
)


@dataclass
class Validation:
    """Problems, or the change every good row makes (an Arrow table, columns of Change)."""

    problems: list[Problem] = field(default_factory=list)
    changes: pa.Table | None = None
    skipped_rows: list[int] = field(default_factory=list)
    token: str = ""


def validate(
    table: ImportTable, con: duckdb.DuckDBPyConnection, plan_id: str | None = None, correction: bool = False
) -> Validation:
    """Check every row of table against the store at con; see the module docstring.

    plan_id is the plan for rows that name none (else the store's only plan).
    correction=True (the on-screen table) records every change as a 'correction';
    a file records a first actual as 'import' and a changed one as 'correction'.
    """
    state = StoreState.load(con, plan_ids=())  # a plan's metrics are read when a row needs them
    checker = RowChecker(table, state, plan_id)
    reported, checker.skipped = _reported_rows(table, checker.default_plan)
    named = _distinct(reported.column("plan_id"))
    with _registered(con, import_rows=reported, import_stage_names=_stage_names(con, named)):
        checked = queries.arrow(con, "import_fast_rows")
    del reported  # a million-row file's tables are let go as soon as they are used
    fast_ok = checked.column("fast_ok")
    slow = sorted(checked.filter(pc.invert(fast_ok)).column("i").to_pylist())  # in file order
    parsed = checked.filter(fast_ok).select(PARSED_SCHEMA.names).cast(PARSED_SCHEMA)
    del checked, fast_ok
    # In no particular order: every query below that needs file order sorts by row_no itself.
    parsed = pa.concat_tables([parsed, _row_by_row(checker, table, slow)])
    current = loaders.import_current_table(con, _distinct(parsed.column("plan_id")))
    with _registered(con, import_parsed=parsed, import_current_rows=current):
        parsed = _without_duplicates(con, checker, table, parsed)
    with _registered(con, import_parsed=parsed, import_current_rows=current):
        _check_counts_do_not_fall(con, checker, table, current)
        result = Validation(problems=checker.problems[:MAX_PROBLEMS], skipped_rows=checker.skipped)
        if parsed.num_rows == 0 and not checker.problems:
            result.problems.append(_no_values())
        if len(checker.problems) > MAX_PROBLEMS:
            result.problems.append(too_many_problems())
        if not result.problems:
            result.changes = _changes_in_file_order(con, correction)
    if result.changes is not None:
        with _registered(con, import_change_rows=result.changes):
            result.token = _token(queries.rows(con, "import_token")[0])
    return result


def _changes_in_file_order(con: duckdb.DuckDBPyConnection, correction: bool) -> pa.Table:
    """queries/import_changes.sql's rows in file order, sorted a column at a time: each unsorted
    column is let go as its sorted copy is made, so a million-row preview is never held twice
    (Table.sort_by would hold both)."""
    changes = queries.arrow(con, "import_changes", correction=correction)
    order = pc.sort_indices(changes, sort_keys=[("row", "ascending")])
    schema, columns = changes.schema, changes.columns
    del changes  # the only reference: the columns below are now the only owners of the data
    for n in range(len(columns)):
        columns[n] = pc.take(columns[n], order)
    return pa.Table.from_arrays(columns, schema=schema)


def _token(fingerprint: tuple) -> str:
    return hashlib.sha256(repr(fingerprint).encode()).hexdigest()[:16]


@contextlib.contextmanager
def _registered(con: duckdb.DuckDBPyConnection, **tables: pa.Table):
    """Arrow tables visible to the queries under these names while the block runs."""
    for name, data in tables.items():
        con.register(name, data)
    try:
        yield
    finally:
        for name in tables:
            con.unregister(name)


def _distinct(column: pa.ChunkedArray) -> list[str]:
    return [p for p in pc.unique(column).to_pylist() if p]


def _mapped(values: list[str], function) -> list:
    """function applied once per distinct text."""
    of = {text: function(text) for text in set(values)}
    return [of[text] for text in values]


def _year_or_none(text: str) -> int | None:
    try:
        return parse_year_text(text) if text else None
    except FiscalYearError:
        return None


def _count_or_none(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= _MAX_FAST_DIGITS else None


def _text_ok(text: str) -> bool:
    return len(text) <= MAX_TEXT_CHARS and not has_control_characters(text)


def _reported_rows(table: ImportTable, default_plan: str | None) -> tuple[pa.Table, list[int]]:
    """The rows that report something, normalised for import_fast_rows.sql; and the blank rows'
    numbers (a template row left blank reports nothing for that metric and year)."""
    value, stage, note, source = (table.column(f) for f in ("value", "stage", "note", "source"))
    reported = [i for i, cells in enumerate(zip(value, stage, note, source, strict=True)) if any(cells)]
    skipped = [table.row_nos[i] for i in range(len(table)) if not (value[i] or stage[i] or note[i] or source[i])]

    every_row = len(reported) == len(table)  # the usual file: no copies of its columns needed

    def column(name: str) -> list[str]:
        values = table.column(name)
        return values if every_row else [values[i] for i in reported]

    def text_ok() -> list[bool]:
        return [
            a and b for a, b in zip(_mapped(column("note"), _text_ok), _mapped(column("source"), _text_ok), strict=True)
        ]

    # Each column is made and turned into Arrow in turn, so that only one of them is ever held
    # as a million Python objects.
    make = {
        "i": lambda: reported,
        "row_no": lambda: table.row_nos if every_row else [table.row_nos[i] for i in reported],
        "plan_id": lambda: _mapped(column("plan_id"), lambda t: normalise_plan_id(t) or default_plan),
        "item_no": lambda: _mapped(column("item_no"), normalise_code),
        "metric_code": lambda: _mapped(column("metric_code"), normalise_code),
        "fiscal_year": lambda: _mapped(column("fiscal_year"), _year_or_none),
        "value_blank": lambda: [not v for v in column("value")],
        "value_int": lambda: _mapped(column("value"), _count_or_none),
        "stage_blank": lambda: [not s for s in column("stage")],
        "stage_key": lambda: _mapped(column("stage"), normalise_stage),
        "stage_zero": lambda: _mapped(column("stage"), lambda t: normalise_stage(t) in ZERO_STAGE_KEYS),
        "note": lambda: [t or None for t in column("note")],
        "source": lambda: [t or None for t in column("source")],
        "text_ok": text_ok,
    }
    arrays = [pa.array(make[f.name](), type=f.type) for f in REPORTED_SCHEMA]
    return pa.Table.from_arrays(arrays, schema=REPORTED_SCHEMA), skipped


def _stage_names(con: duckdb.DuckDBPyConnection, plan_ids: list[str]) -> pa.Table:
    """Every name a stage may be written as (its number, Japanese and English names, compared
    as normalise_stage does), the first stage in order winning where two share a name."""
    stages = queries.arrow(con, "plan_stages", plan_ids=plan_ids)
    # Tens of thousands of stages on a large store share a handful of names: each name is
    # normalised once, and the rows are walked as plain columns, not as records.
    columns = [stages.column(c).to_pylist() for c in ("plan_id", "item_no", "metric_code", "stage_no")]
    ja = stages.column("stage_ja").to_pylist()
    ja_keys = _mapped(ja, normalise_stage)
    en_keys = _mapped(stages.column("stage_en").to_pylist(), lambda t: normalise_stage(t) if t else None)
    first: dict[tuple, tuple[int, str]] = {}
    for plan, item, metric, no, name_ja, key_ja, key_en in zip(*columns, ja, ja_keys, en_keys, strict=True):
        for key in (key_ja, str(no), key_en):
            if key is not None:
                first.setdefault((plan, item, metric, key), (int(no), name_ja))
    keys = list(first)
    return pa.Table.from_pydict(
        {
            "plan_id": [k[0] for k in keys],
            "item_no": [k[1] for k in keys],
            "metric_code": [k[2] for k in keys],
            "stage_key": [k[3] for k in keys],
            "stage_no": [first[k][0] for k in keys],
            "stage_ja": [first[k][1] for k in keys],
        },
        schema=STAGE_NAMES_SCHEMA,
    )


def _row_by_row(checker: RowChecker, table: ImportTable, indexes: list[int]) -> pa.Table:
    """The rows the fast check did not pass, read (or refused with their problems) one by one."""
    read = []
    plan_ids = {normalise_plan_id(table.column("plan_id")[i]) or checker.default_plan for i in indexes}
    checker.state.plans.preload(p for p in plan_ids if p)
    for i in indexes:
        if len(checker.problems) > MAX_PROBLEMS:
            break  # the wrong file, most likely: stop rather than list thousands
        if (p := checker.parse(table.row(i))) is not None:
            read.append((i, p))
    columns = {name: [] for name in PARSED_SCHEMA.names}
    for i, p in read:
        columns["i"].append(i)
        for name in PARSED_SCHEMA.names[1:]:
            columns[name].append(p.row.row_no if name == "row_no" else getattr(p, name))
    return pa.Table.from_pydict(columns, schema=PARSED_SCHEMA)


def _parsed_rows(table: ImportTable, rows: pa.Table) -> list[ParsedRow]:
    """Arrow rows back as ParsedRow, for the row checker's messages (only ever a few rows)."""
    return [
        ParsedRow(
            table.row(r["i"]),
            r["plan_id"],
            r["item_no"],
            r["metric_code"],
            r["fiscal_year"],
            r["value"],
            r["stage_no"],
            r["value_text"],
            r["note"],
            r["source"],
        )
        for r in rows.to_pylist()
    ]


def _without_duplicates(con, checker: RowChecker, table: ImportTable, parsed: pa.Table) -> pa.Table:
    """parsed with each metric-year's later rows removed, and a problem for each of them."""
    repeated = queries.arrow(con, "import_repeated_rows")
    if repeated.num_rows == 0:
        return parsed
    kept = {p.row.row_no for p in checker.without_duplicates(_parsed_rows(table, repeated))}
    dropped = pa.array(sorted(set(repeated.column("row_no").to_pylist()) - kept), pa.int64())
    return parsed.filter(pc.invert(pc.is_in(parsed.column("row_no"), value_set=dropped)))


def _check_counts_do_not_fall(con, checker: RowChecker, table: ImportTable, current: pa.Table) -> None:
    rows = _parsed_rows(table, queries.arrow(con, "import_count_falls"))
    if not rows:
        return
    keys = {(p.plan_id, p.item_no, p.metric_code) for p in rows}
    metric_key = pc.binary_join_element_wise(
        current.column("plan_id"), current.column("item_no"), current.column("metric_code"), "\x1f"
    )
    wanted = pa.array(["\x1f".join(k) for k in keys], pa.string())
    in_store: dict[tuple, dict[int, float]] = defaultdict(dict)
    for c in current.filter(pc.is_in(metric_key, value_set=wanted)).to_pylist():
        if c["value"] is not None:
            in_store[(c["plan_id"], c["item_no"], c["metric_code"])][c["fiscal_year"]] = c["value"]
    checker.check_counts_do_not_fall(rows, in_store)


def _no_values() -> Problem:
    return Problem(
        "no_values",
        "実績値か進捗段階の入った行が1つもありません。",
        "報告する指標・年度の行に実績値（件数）か進捗段階を書いてください。",
        "No row has a value or a stage.",
        "Fill in 実績値 (value) or 進捗段階 (stage) on the rows you report.",
    )
