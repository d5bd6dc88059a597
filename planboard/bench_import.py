"""The benchmark's import: a large actuals CSV checked and imported with full validation.

`write_csv` makes the file from the store itself, in the template's columns: one row
per plan, metric and year that takes actuals (the plan years and the document's two
baseline years), up to `rows` rows. Counts go up by one in every plan year (changed
rows), baselines are repeated (unchanged) and the vision year is new, so validation
sees every kind of row, and no cumulative count falls. `run` is what the child process
of the benchmark does: ingest.check_file (the preview) and ingest.import_file (which
validates again inside its write transaction and appends the rows), timed separately.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from planboard import ingest, store

_ROWS_SQL = """
with
    current as (
        select
            plan_id, item_no, metric_code, fiscal_year,
            arg_max(value, revision_id) as value,
            arg_max(stage_no, revision_id) as stage_no
        from actual_revision
        group by all
    ),

    years as (
        select
            m.plan_id, m.item_no, m.metric_code, m.kind, i.display_order as item_order,
            m.display_order as metric_order, p.previous_plan_end_fy,
            unnest(list_concat(range(p.first_fy, p.last_fy + 1), [p.vision_fy, p.previous_plan_end_fy]))
                as fiscal_year,
            p.first_fy
        from metric as m
        join plan as p using (plan_id)
        join initiative as i using (plan_id, item_no)
    ),

    rows as (
        select
            y.plan_id as "計画",
            y.item_no as "取組番号",
            y.metric_code as "指標",
            y.fiscal_year as "年度",
            case
                when y.kind = 'milestone' then null
                when y.fiscal_year >= y.first_fy then cast(c.value + 1 as bigint)
                else cast(coalesce(c.value, b.value) as bigint)
            end as "実績値",
            case when y.kind = 'milestone' then coalesce(c.stage_no, 1) end as "進捗段階",
            null as "備考",
            'ベンチマーク（合成データ）' as "出典",
            y.plan_id, y.item_order, y.metric_order, y.fiscal_year as fy
        from years as y
        left join current as c using (plan_id, item_no, metric_code, fiscal_year)
        left join current as b
            on b.plan_id = y.plan_id and b.item_no = y.item_no and b.metric_code = y.metric_code
            and b.fiscal_year = y.previous_plan_end_fy
    )

select "計画", "取組番号", "指標", "年度", "実績値", "進捗段階", "備考", "出典"
from rows
where "実績値" is not null or "進捗段階" is not null
order by plan_id, item_order, metric_order, fy
limit $rows
"""


def write_csv(db: Path, path: Path, rows: int) -> int:
    """Write the import file for the store at db; returns its number of data rows."""
    with store.reading(db) as con:
        con.execute("set enable_progress_bar = false")
        con.sql(_ROWS_SQL, params={"rows": int(rows)}).write_csv(str(path), header=True)
    with path.open("rb") as f:
        return sum(1 for _ in f) - 1


def _peak_mb() -> float:
    from planboard.bench import _peak_mb as peak  # ru_maxrss, corrected for what fork carries over

    return peak()


def run(db: Path, csv_path: Path) -> dict:
    """Check, then import, the file into the store at db (a copy: the store grows by the file's changes)."""
    started = time.perf_counter()
    report = ingest.check_file(db, csv_path)
    check_s = time.perf_counter() - started
    check_peak = _peak_mb()
    problems = [p.message("en") for p in report.problems[:5]]
    checked_ok = report.ok
    # The command line imports without holding a preview; the page holds one of at most
    # max_import_rows rows. The million-row preview is let go before the import is measured.
    del report
    started = time.perf_counter()
    written = ingest.import_file(db, csv_path, editor="ベンチマーク（合成）")
    import_s = time.perf_counter() - started
    rows = written.change_count + len(written.skipped_rows)
    return {
        "rows": rows,
        "bytes": os.path.getsize(csv_path),
        "ok": checked_ok and written.ok,
        "problems": problems,
        "counts": written.counts(),
        "written": written.written,
        "kept_rows_current": written.kept_rows_current,
        "check_s": round(check_s, 3),
        "import_s": round(import_s, 3),
        "import_rows_per_s": round(rows / import_s) if import_s else None,
        "check_peak_rss_mb": round(check_peak, 1),
        "peak_rss_mb": round(_peak_mb(), 1),
    }
