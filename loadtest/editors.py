"""The load test's editors: processes that import actuals files while viewers read, and the check
afterwards that every imported row is in the store exactly once.

Each editor owns a disjoint set of metrics and imports them again and again, each time with a
new 備考 (and a rising count), so every row of every file is a change: a batch must hold exactly
as many revisions as its file has rows, whatever else happened at the same time.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path

from planboard import ingest, loaders, store

EDITOR_PREFIX = "負荷試験"  # editor names of the load test: 負荷試験1, 負荷試験2, …
HEADER = "取組番号,指標,年度,実績値,進捗段階,備考,出典\r\n"
# Values far above any real count, so that a rising series never falls below a stored actual.
VALUE_BASE = 100_000


@dataclass
class ImportResult:
    editor: str
    number: int
    file_name: str
    rows: int
    ok: bool
    written: int
    batch_id: str | None
    seconds: float
    error: str | None = None


def editor_metrics(db: Path, editors: int) -> tuple[str, list[int], list[list[tuple[str, str, str]]]]:
    """The plan, its plan years, and for each editor the metrics (item, code, kind) it imports (round robin)."""
    with store.reading(db) as con:
        plan = loaders.plans(con).iloc[0]
        metrics = loaders.plan_metrics(con, plan["plan_id"])
    if len(metrics) < editors:
        raise ValueError(f"{len(metrics)} metrics cannot be shared by {editors} editors")
    rows = [(r.item_no, r.metric_code, r.kind) for r in metrics.itertuples()]
    years = list(range(int(plan["first_fy"]), int(plan["last_fy"]) + 1))
    return plan["plan_id"], years, [rows[i::editors] for i in range(editors)]


def import_file_text(metrics: list[tuple[str, str, str]], years: list[int], number: int, editor: str) -> str:
    """The number-th file of an editor: each of its metrics in each plan year, with a 備考 naming the file.

    Counts rise with the file's number and the year; milestones report stage 1. The 備考
    differs from the current note, so no row is ever "unchanged".
    """
    lines = [HEADER]
    for item_no, metric_code, kind in metrics:
        for offset, year in enumerate(years):
            value, stage = (VALUE_BASE * (offset + 1) + number, "") if kind == "count" else ("", "1")
            lines.append(f"{item_no},{metric_code},{year},{value},{stage},{editor} 第{number}報,負荷試験\r\n")
    return "".join(lines)


def run_editor(
    db: str, plan_id: str, years: list[int], metrics: list, editor: str, deadline: float, interval: float
) -> list[dict]:
    """One editor's session (runs in its own process): import, pause, import again until the deadline.

    deadline is a time.time() value, shared by processes.
    """
    results = []
    number = 0
    while time.time() < deadline:
        number += 1
        name = f"load-{editor}-{number}.csv"
        text = import_file_text([tuple(m) for m in metrics], years, number, editor)
        started = time.monotonic()
        try:
            report = ingest.import_file(Path(db), text.encode("utf-8"), editor, file_name=name, plan_id=plan_id)
            error = None if report.ok else "; ".join(p.message_en for p in report.problems)
            result = ImportResult(
                editor, number, name, text.count("\r\n") - 1, report.ok, report.written, report.batch_id, 0.0, error
            )
        except Exception as exc:  # noqa: BLE001 - the load test reports every failure, it does not stop at one
            result = ImportResult(editor, number, name, text.count("\r\n") - 1, False, 0, None, 0.0, repr(exc))
        result.seconds = time.monotonic() - started
        results.append(asdict(result))
        time.sleep(max(0.0, min(interval, deadline - time.time())))
    return results


def verify(db: Path, results: list[dict], revisions_before: int) -> list[str]:
    """Problems with what the editors wrote: a batch with missing or extra revisions, a batch id used
    twice, a revision of the load test's editors in no reported batch. Empty when nothing was lost or doubled."""
    problems = []
    written = [r for r in results if r["ok"] and r["written"]]
    batch_ids = [r["batch_id"] for r in written]
    if len(set(batch_ids)) != len(batch_ids):
        problems.append("a batch id was reported by two imports")
    with store.reading(db) as con:
        per_batch = dict(
            con.execute(
                "select batch_id, count(*) from actual_revision where editor like ? group by batch_id",
                [EDITOR_PREFIX + "%"],
            ).fetchall()
        )
        total = con.execute("select count(*) from actual_revision").fetchone()[0]
        sources = dict(
            con.execute(
                "select batch_id, count(distinct editor) from actual_revision where editor like ? group by batch_id",
                [EDITOR_PREFIX + "%"],
            ).fetchall()
        )
    for r in written:
        found = per_batch.get(r["batch_id"], 0)
        if found != r["rows"]:
            problems.append(f"{r['file_name']}: {r['rows']} rows in the file, {found} revisions in its batch")
        if sources.get(r["batch_id"], 0) > 1:
            problems.append(f"{r['file_name']}: its batch holds revisions of several editors")
    unreported = set(per_batch) - set(batch_ids)
    if unreported:
        problems.append(f"{len(unreported)} batches in the store that no import reported")
    expected = revisions_before + sum(r["rows"] for r in written)
    if total != expected:
        problems.append(f"{total} revisions in the store, expected {expected}")
    return problems


def revision_count(db: Path) -> int:
    with store.reading(db) as con:
        return con.execute("select count(*) from actual_revision").fetchone()[0]
