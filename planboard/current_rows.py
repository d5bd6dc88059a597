"""Each plan's metric-year rows as they stand now, kept ready in the store for the pages.

Finding the latest revision of every metric and year among ten million revisions is most of
a page's query (docs/performance.md). metric_year_current holds metric_year_at's rows with
every revision counted; a page reads a plan's rows from there (queries/metric_year_current.sql)
and works out year_ended and the status for the day asked.

The kept rows are a copy, so they are read only while provably current. metric_year_current_stamp
holds how many revisions the store had, and the newest id, when every plan's rows were last known
current; actual_revision is append-only, so any write since changes one or the other and the pages
ask metric_year_at itself (loaders.metric_year) until the rows are made again. Writers refresh the
plans they touched in their own transaction and move the stamp on; a writer that does not (a
script, an older version) makes pages slower until the next refresh, never wrong.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

# The tables this module keeps: rows made from the others, made again by every build.
TABLES = ("metric_year_current", "metric_year_current_plan", "metric_year_current_stamp")

# Remaking one plan's rows in a write took 114 ms on the large store, checks included;
# a write touching this many plans or more leaves them to `refresh`, which remakes all plans
# at ~3 ms a plan but needs seconds and memory that a write should not add.
ALL_PLANS_FROM = 100
# DuckDB's memory for `remake`. Remaking the large store's rows took 2.1 GB and 5 s without a
# cap; capped at 1 GB it ran out of memory with two threads, and took 10 s and 1.25 GB with one.
REMAKE_MEMORY_LIMIT = "1GB"
REMAKE_THREADS = 1

_DELETE_ROWS = "delete from metric_year_current where plan_id = $plan_id"
_DELETE_PLANS = "delete from metric_year_current_plan where cast($plan_id as varchar) is null or plan_id = $plan_id"
_INSERT_ROWS = """
insert into metric_year_current
select * exclude (status) from metric_year_at(cast('infinity' as timestamp), plan := $plan_id)
"""
# Rows in plan order: a page's scan for one plan then skips most other plans' blocks.
_REPLACE_ALL_ROWS = """
create or replace table metric_year_current as
select * exclude (status)
from metric_year_at(cast('infinity' as timestamp), revision_table := $revision_table)
order by plan_id
"""
_INSERT_PLANS = """
insert into metric_year_current_plan
select
    p.plan_id,
    count(r.revision_id) as revisions_count,
    max(r.recorded_at) filter (where r.change_kind <> 'baseline') as last_recorded_at
from plan as p
left join actual_revision as r on r.plan_id = p.plan_id
where cast($plan_id as varchar) is null or p.plan_id = $plan_id
group by p.plan_id
"""
_STORE_COUNT = "select count(*) from actual_revision"
_MOVE_STAMP = "insert into metric_year_current_stamp select count(*), max(revision_id) from actual_revision"
_PLAN_REVISIONS = """
select p.plan_id, p.revisions_count, (select count(*) from actual_revision as r where r.plan_id = p.plan_id)
from metric_year_current_plan as p
where p.plan_id in (select unnest(cast($plan_ids as varchar[])))
"""
# The latest revision of every metric and year, as the kept rows have it, and every revision
# written since the stamp: all metric_year_at needs to make every plan's rows again, a tenth
# of actual_revision on the large store. (change_kind only decides what counts at an as_of;
# the kept rows count everything.)
_CANDIDATES = "current_rows_revisions"  # the temp table _MAKE_CANDIDATES makes
_MAKE_CANDIDATES = """
create or replace temp table current_rows_revisions as
select
    actual_revision_id as revision_id, plan_id, item_no, metric_code, fiscal_year,
    actual_value as value, actual_stage_no as stage_no, actual_text as value_text,
    actual_note as note, actual_source as source, actual_editor as editor,
    actual_recorded_at as recorded_at, 'kept' as change_kind
from metric_year_current
where actual_revision_id is not null
union all
select
    revision_id, plan_id, item_no, metric_code, fiscal_year, value, stage_no, value_text,
    note, source, editor, recorded_at, change_kind
from actual_revision
where revision_id > $since
"""


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Make every plan's kept rows again and move the stamp on, inside the caller's transaction
    (build, a store brought up to date, the synthetic store, `python -m planboard refresh`).

    From the kept latest revisions and the ones written since when the stamp held until those
    were written (a tenth of actual_revision on the large store), else from all of actual_revision.
    DuckDB's memory is capped meanwhile (it then spills to disk rather than growing).
    """
    since = _held_until(con)
    con.execute("set memory_limit = ?", [REMAKE_MEMORY_LIMIT])
    con.execute("set threads = ?", [REMAKE_THREADS])
    # The rows are ordered by the insert's own ORDER BY; nothing else needs DuckDB to keep order.
    con.execute("set preserve_insertion_order = false")
    try:
        if since is None:
            _remake_all(con, "actual_revision")
        else:
            con.execute(_MAKE_CANDIDATES, {"since": since})
            _remake_all(con, _CANDIDATES)
            con.execute("drop table current_rows_revisions")
    finally:
        con.execute("reset memory_limit")
        con.execute("reset threads")
        con.execute("reset preserve_insertion_order")
    _move_stamp(con)


def refresh_written(con: duckdb.DuckDBPyConnection, plan_ids: Iterable[str]) -> bool:
    """After a write has appended revisions of plan_ids: make those plans' kept rows again,
    inside the write's transaction, when that is cheap and leaves every plan's rows current,
    that is, when the write touched fewer than ALL_PLANS_FROM plans and the stamp held until
    it. Returns whether it did; otherwise no kept row is read until `refresh` runs (the pages
    ask metric_year_at meanwhile: slower, never wrong).
    """
    plans = sorted(set(plan_ids))
    if len(plans) >= ALL_PLANS_FROM or not _only_these_changed(con, plans):
        return False
    for plan_id in plans:
        con.execute(_DELETE_ROWS, {"plan_id": plan_id})
        con.execute(_INSERT_ROWS, {"plan_id": plan_id})
        _remake_plan_stamps(con, plan_id)
    _move_stamp(con)
    return True


def remake(db_path) -> None:
    """`refresh` in a write of its own: `python -m planboard refresh`, run after an import of
    many plans."""
    from planboard import store

    with store.writing(db_path, backup_after=False) as con:
        refresh(con)


def _move_stamp(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from metric_year_current_stamp")
    con.execute(_MOVE_STAMP)


def _remake_all(con: duckdb.DuckDBPyConnection, revision_table: str) -> None:
    # A new table rather than deleting every row, which kept both in memory.
    con.execute(_REPLACE_ALL_ROWS, {"revision_table": revision_table})
    _remake_plan_stamps(con, None)


def _remake_plan_stamps(con: duckdb.DuckDBPyConnection, plan_id: str | None) -> None:
    """metric_year_current_plan's row of plan_id (None: of every plan)."""
    con.execute(_DELETE_PLANS, {"plan_id": plan_id})
    con.execute(_INSERT_PLANS, {"plan_id": plan_id})


def _held_until(con: duckdb.DuckDBPyConnection) -> int | None:
    """The stamp's newest revision id when the stamp held until the revisions after it were
    written (they are all the store has gained since), else None."""
    stamp = con.execute("select revisions_count, coalesce(last_revision_id, 0) from metric_year_current_stamp")
    found = stamp.fetchall()
    if len(found) != 1:
        return None
    count, newest = found[0]
    (after,) = con.execute("select count(*) from actual_revision where revision_id > ?", [newest]).fetchone()
    (total,) = con.execute(_STORE_COUNT).fetchone()
    return newest if count + after == total else None


def _only_these_changed(con: duckdb.DuckDBPyConnection, plans: list[str]) -> bool:
    """Whether the stamp held before the revisions of `plans` were written and nothing else was:
    the store's count has grown by exactly the growth of these plans' counts since their rows."""
    stamp = con.execute("select revisions_count from metric_year_current_stamp").fetchall()
    kept = con.execute(_PLAN_REVISIONS, {"plan_ids": plans}).fetchall()
    if len(stamp) != 1 or len(kept) != len(plans):
        return False
    growth = sum(now - then for _plan, then, now in kept)
    (total,) = con.execute(_STORE_COUNT).fetchone()
    return stamp[0][0] + growth == total
