"""Named loaders: each answers one question with one query and returns a tidy DataFrame.

They take an open connection, so tests call them on a store built in a temporary
folder and the app wraps them in its cache (planboard/ui.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import duckdb
import pandas as pd
import pyarrow as pa

from planboard import queries, status
from planboard.store import now_jst

Con = duckdb.DuckDBPyConnection


def plans(con: Con) -> pd.DataFrame:
    return queries.run(con, "plans")


def departments(con: Con, plan_id: str) -> pd.DataFrame:
    return queries.run(con, "departments", plan_id=plan_id)


def department_items(con: Con, plan_id: str, bureau: str | None = None, section: str | None = None) -> list[str]:
    """The item numbers a 部 or 課 takes part in, in the document's order (every item without either)."""
    return list(queries.run(con, "department_items", plan_id=plan_id, bureau=bureau, section=section)["item_no"])


def items(
    con: Con,
    plan_id: str,
    fiscal_year: int,
    as_of: dt.datetime | None = None,
    bureau: str | None = None,
    section: str | None = None,
) -> pd.DataFrame:
    """One row per item for a fiscal year, with the status of its most urgent metric."""
    return queries.run(
        con,
        "items",
        plan_id=plan_id,
        fiscal_year=fiscal_year,
        as_of=as_of or now_jst(),
        bureau=bureau,
        section=section,
    )


def plan_items(con: Con, plan_id: str) -> pd.DataFrame:
    """Every item of a plan with its goal's title, mark and headline order."""
    return queries.run(con, "plan_items", plan_id=plan_id)


ITEM_COLUMNS = [
    "plan_id",
    "goal_no",
    "goal_title_ja",
    "goal_title_en",
    "item_no",
    "item_order",
    "title_ja",
    "title_en",
    "mark",
    "headline_order",
    "bureau",
    "section",
    "goal_text",
    "metrics_count",
    "metrics_with_actual_count",
    "status",
]


def items_from_rows(rows: pd.DataFrame, fiscal_year: int, plan_items: pd.DataFrame) -> pd.DataFrame:
    """What `items` returns, worked out from metric_year rows a page has already loaded
    (with the same plan, as-of and department) and the plan's `plan_items`.

    A page that needs both then evaluates metric_year_at once instead of twice
    (docs/performance.md). Mirrors queries/items.sql; a test checks both agree on every
    plan, year and department of the test stores. The year's few dozen rows are walked as
    plain values: pandas' groupby took twice as long on so few rows.
    """
    year = rows.loc[rows["fiscal_year"] == fiscal_year, _YEAR_COLUMNS]  # only the columns read
    if year.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ITEM_COLUMNS})
    # The plan's own columns of each item, joined in Python: a pandas merge of a few dozen
    # rows cost more than the rest of this function.
    columns = [plan_items[c].tolist() for c in _PLAN_ITEM_FIELDS]
    of_plan = dict(zip(plan_items["item_no"].tolist(), zip(*columns, strict=True), strict=True))
    items = [item for item in _items_of_year(year) if item["item_no"] in of_plan]
    items.sort(key=lambda item: item["item_order"])  # stable: equal orders keep metric order
    for item in items:
        item.update(zip(_PLAN_ITEM_FIELDS, of_plan[item["item_no"]], strict=True))
    dtypes = {c: year[_ITEM_SOURCE.get(c, c)].dtype for c in _ITEM_FIELDS}
    dtypes.update({c: plan_items[c].dtype for c in _PLAN_ITEM_FIELDS})
    dtypes.update(item_no=plan_items["item_no"].dtype, goal_text="str")
    dtypes.update(metrics_count="int64", metrics_with_actual_count="int64")
    return pd.DataFrame({c: pd.Series([item[c] for item in items], dtype=dtypes[c]) for c in ITEM_COLUMNS})


def item_status(rows: pd.DataFrame, fiscal_year: int, item_no: str) -> str | None:
    """The status items_from_rows gives one item in a year, from the item's metric_year rows,
    without building the item list (the item page needs only this one; None without rows)."""
    year = rows[(rows["fiscal_year"] == fiscal_year) & (rows["item_no"] == item_no)]
    found = _items_of_year(year) if not year.empty else []
    return found[0]["status"] if found else None


# Item columns taken from the item's metric rows, and the metric_year column each comes from.
_ITEM_FIELDS = ("plan_id", "goal_no", "item_no", "item_order", "title_ja", "title_en", "bureau", "section", "status")
_ITEM_SOURCE = {"title_ja": "item_title_ja", "title_en": "item_title_en"}
# Item columns taken from plan_items.
_PLAN_ITEM_FIELDS = ("goal_title_ja", "goal_title_en", "mark", "headline_order")
# The metric_year columns _items_of_year reads.
_YEAR_COLUMNS = [
    "metric_order",
    "goal_text",
    "actual_value",
    "actual_stage_no",
    *(_ITEM_SOURCE.get(c, c) for c in _ITEM_FIELDS),
]


def _items_of_year(year: pd.DataFrame) -> list[dict]:
    """One dict per item of one year's metric rows: its fields, the metric count, how many
    have an actual, the goal texts in metric order and the status that needs attention most."""
    severity = {code: s.severity for code, s in status.STATUSES.items()}
    fields = [_ITEM_SOURCE.get(c, c) for c in _ITEM_FIELDS]
    columns = [year[c].tolist() for c in ("metric_order", "goal_text", "actual_value", "actual_stage_no", *fields)]
    items: dict[str, dict] = {}
    for _, goal_text, value, stage, *values in sorted(zip(*columns, strict=True), key=lambda r: r[0]):
        item = dict(zip(_ITEM_FIELDS, values, strict=True))
        found = items.setdefault(
            item["item_no"], {**item, "metrics_count": 0, "metrics_with_actual_count": 0, "goal_texts": {}}
        )
        found["metrics_count"] += 1
        found["metrics_with_actual_count"] += not (pd.isna(value) and pd.isna(stage))
        # the first metric in order wins among equally severe statuses, as idxmin does
        if severity[item["status"]] < severity[found["status"]]:
            found["status"] = item["status"]
        if not pd.isna(goal_text):
            found["goal_texts"][goal_text] = None
    for found in items.values():
        found["goal_text"] = " / ".join(found.pop("goal_texts"))
    return list(items.values())


def metric_year(
    con: Con,
    plan_id: str,
    as_of: dt.datetime | None = None,
    bureau: str | None = None,
    section: str | None = None,
    item_no: str | None = None,
) -> pd.DataFrame:
    """Every metric and fiscal year (the view metric_year, as it stood at as_of), texts as
    plain Python strings (see plain_strings): the chart builders filter these rows per item.

    Read from the rows kept ready for the plan (planboard/current_rows.py) while they are
    current; otherwise, or when they give no rows, from metric_year_at itself.
    """
    as_of = as_of or now_jst()
    rows = queries.plain(
        con, "metric_year_current", plan_id=plan_id, as_of=as_of, bureau=bureau, section=section, item_no=item_no
    )
    if rows.empty:
        rows = queries.plain(
            con, "metric_year", plan_id=plan_id, as_of=as_of, bureau=bureau, section=section, item_no=item_no
        )
    return rows


def plain_strings(rows: pd.DataFrame) -> pd.DataFrame:
    """The frame with its text columns as Python objects instead of Arrow strings.

    The chart builders make a hundred small pandas operations on a few rows each; on
    Arrow-backed strings each costs more than the data, and charts took about 30 % longer.
    Missing texts stay NaN, so the charts read them exactly as before (a test compares).
    """
    text = [c for c, dtype in rows.dtypes.items() if isinstance(dtype, pd.StringDtype)]
    return rows.astype(dict.fromkeys(text, object)) if text else rows


def initiative(con: Con, plan_id: str, item_no: str) -> dict | None:
    df = queries.run(con, "initiative", plan_id=plan_id, item_no=item_no)
    return None if df.empty else df.iloc[0].to_dict()


def metrics(con: Con, plan_id: str, item_no: str) -> pd.DataFrame:
    return queries.run(con, "metrics", plan_id=plan_id, item_no=item_no)


def footnotes(con: Con, plan_id: str, item_no: str) -> pd.DataFrame:
    return queries.run(con, "footnotes", plan_id=plan_id, item_no=item_no)


def metric_stages(con: Con, plan_id: str, item_no: str | None) -> pd.DataFrame:
    """The stages of one item's milestone metrics; of every item when item_no is None."""
    return queries.run(con, "metric_stages", plan_id=plan_id, item_no=item_no)


def metric_facets(con: Con, plan_id: str, item_no: str | None) -> pd.DataFrame:
    """The facets of one item's metrics; of every item when item_no is None."""
    return queries.run(con, "metric_facets", plan_id=plan_id, item_no=item_no)


def by_item(frame: pd.DataFrame, reset_index: bool = False) -> Callable[[str], pd.DataFrame]:
    """A function giving the rows of one item of a plan-wide frame, for a page that lists many items.

    The frame is split once: a mask per item and frame cost ~0.5 ms, and a 部 of ten items
    took thirty of them. Each part is what `frame[frame["item_no"] == item_no]` gives (rows,
    order, index, dtypes; an empty frame for an item without rows); reset_index=True numbers
    it from 0, as the per-item query (metric_stages, metric_facets with item_no) returns it.
    """
    parts = dict(tuple(frame.groupby("item_no", sort=False))) if not frame.empty else {}
    empty = frame.iloc[0:0]

    def rows_of(item_no: str) -> pd.DataFrame:
        part = parts.get(item_no, empty)
        return part.reset_index(drop=True) if reset_index else part

    return rows_of


def item_parts(rows: pd.DataFrame, stages: pd.DataFrame, facets: pd.DataFrame):
    """A function giving one item's (metric_year rows, stages, facets) from the plan-wide frames,
    each split once (by_item): what the overview and department pages draw an item's chart from."""
    rows_of = by_item(rows)
    stages_of = by_item(stages, reset_index=True)
    facets_of = by_item(facets, reset_index=True)
    return lambda item_no: (rows_of(item_no), stages_of(item_no), facets_of(item_no))


def revisions(con: Con, plan_id: str, item_no: str | None = None) -> pd.DataFrame:
    return queries.run(con, "revisions", plan_id=plan_id, item_no=item_no)


def data_as_of(con: Con, plan_id: str, as_of: dt.datetime | None = None) -> dt.datetime | None:
    """When this plan's actuals last changed, up to as_of."""
    df = queries.run(con, "data_as_of", plan_id=plan_id, as_of=as_of or now_jst())
    value = df.iloc[0]["last_recorded_at"]
    return None if pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def plan_metrics(con: Con, plan_id: str) -> pd.DataFrame:
    """Every metric of a plan with its kind, unit and labels, in the document's order."""
    return plans_metrics(con, [plan_id])


def plans_metrics(con: Con, plan_ids: list[str]) -> pd.DataFrame:
    """plan_metrics of several plans at once (an import that names many plans)."""
    return queries.run(con, "plan_metrics", plan_ids=list(plan_ids))


def plan_stages(con: Con, plan_id: str) -> pd.DataFrame:
    """The stages of every milestone metric of a plan."""
    return plans_stages(con, [plan_id])


def plans_stages(con: Con, plan_ids: list[str]) -> pd.DataFrame:
    return queries.run(con, "plan_stages", plan_ids=list(plan_ids))


def current_actuals(con: Con, plan_id: str) -> pd.DataFrame:
    """The newest revision of every metric and fiscal year of a plan (what an import changes)."""
    return plans_current_actuals(con, [plan_id])


def plans_current_actuals(con: Con, plan_ids: list[str]) -> pd.DataFrame:
    return queries.run(con, "current_actuals", plan_ids=list(plan_ids))


def import_current_table(con: Con, plan_ids: list[str]) -> pa.Table:
    """plan_id, item_no, metric_code, fiscal_year, revision_id, value, stage_no, note of the newest
    revision of every metric and year of the plans: what validation compares a file against."""
    return queries.arrow(con, "import_current", plan_ids=list(plan_ids))


def revision_history(con: Con, revision_id: int) -> pd.DataFrame:
    """Every revision of the metric and year that one revision reports on, oldest first."""
    return queries.run(con, "revision_history", revision_id=revision_id)


def metric_notes(con: Con, plan_id: str, item_no: str | None = None, as_of: dt.datetime | None = None) -> pd.DataFrame:
    """The 評価・課題 note of each metric and fiscal year as it stood at as_of (now when None;
    cleared notes left out)."""
    return queries.run(con, "metric_notes", plan_id=plan_id, item_no=item_no, as_of=as_of or now_jst())


def note_revisions(con: Con, plan_id: str, item_no: str | None = None) -> pd.DataFrame:
    """Every revision of the 評価・課題 notes, newest first, with the text it replaced."""
    return queries.run(con, "note_revisions", plan_id=plan_id, item_no=item_no)


def note_revision(con: Con, note_revision_id: int) -> dict | None:
    """One note revision with the text it replaced (what a revert of it brings back), or None."""
    df = queries.run(con, "note_revision", note_revision_id=note_revision_id)
    return None if df.empty else df.iloc[0].to_dict()


def has_sample_data(con: Con, plan_id: str) -> bool:
    """True when the plan's actuals include the fictional sample (see planboard/demo.py)."""
    from planboard import demo

    df = queries.run(
        con, "sample_data", plan_id=plan_id, sample_editor=demo.DEMO_EDITOR, sample_source=demo.SAMPLE_SOURCE
    )
    return bool(df.iloc[0]["has_sample"])
