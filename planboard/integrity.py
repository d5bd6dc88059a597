"""Is a store whole? `python -m planboard check` after a crash, and the fault and load tests.

`check_store` opens the store read-only and reads every row of every table (DuckDB
verifies each block's checksum as it reads it), then checks what the schema alone does
not enforce: each batch is one editor's write, a revert points to an earlier revision,
every revision names a metric of the plan, the id sequences are ahead of the ids in use
(or the next write would collide), and the metric_year view answers.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from planboard import backup, settings, store

# Checks of the histories; each query returns the offending rows (none when all is well).
_CHECKS = {
    "a batch holds revisions of several editors or times": """
        select batch_id from actual_revision where batch_id is not null
        group by batch_id having count(distinct editor) > 1 or count(distinct recorded_at) > 1
    """,
    "a revert points to a missing or later revision": """
        select r.revision_id from actual_revision as r
        left join actual_revision as t on t.revision_id = r.reverts_revision_id
        where r.reverts_revision_id is not null and (t.revision_id is null or t.revision_id >= r.revision_id)
    """,
    "a revision names a metric the plan does not have": """
        select r.revision_id from actual_revision as r
        anti join metric as m using (plan_id, item_no, metric_code)
    """,
    "a note names a metric the plan does not have": """
        select n.note_revision_id from metric_note_revision as n
        anti join metric as m using (plan_id, item_no, metric_code)
    """,
    "the revision id sequence is behind the ids in use": """
        select s.sequence_name from duckdb_sequences() as s
        where s.sequence_name = 'actual_revision_seq'
          and coalesce(s.last_value, s.start_value - 1) < (select coalesce(max(revision_id), 0) from actual_revision)
    """,
    "the note id sequence is behind the ids in use": """
        select s.sequence_name from duckdb_sequences() as s
        where s.sequence_name = 'metric_note_revision_seq'
          and coalesce(s.last_value, s.start_value - 1)
              < (select coalesce(max(note_revision_id), 0) from metric_note_revision)
    """,
}


def check_store(db_path: Path) -> list[str]:
    """What is wrong with the store at db_path; an empty list when it is whole and current."""
    db_path = Path(db_path)
    if not db_path.exists():
        return [f"{db_path}: no store"]
    try:
        con = store.connect(db_path, read_only=True)
    except duckdb.Error as exc:
        return [f"{db_path}: cannot be opened: {exc}"]
    try:
        return _problems(con)
    except duckdb.Error as exc:
        return [f"{db_path}: cannot be read: {exc}"]
    finally:
        con.close()


def _problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    tables = [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1"
        ).fetchall()
    ]
    if "schema_version" not in tables or not con.execute("select count(*) from schema_version").fetchone()[0]:
        return ["the store was never built to the end (no schema_version): run python -m planboard build"]
    missing = sorted({*store.PLAN_TABLES, *backup.TABLES} - set(tables))
    if missing:
        return [f"tables missing: {', '.join(missing)}"]
    problems = []
    for table in tables:
        # Reading every row makes DuckDB verify the checksum of every block of the table.
        con.table(table).to_arrow_table()
    for what, sql in _CHECKS.items():
        rows = con.execute(sql).fetchall()
        if rows:
            problems.append(f"{what}: {', '.join(str(r[0]) for r in rows[:5])}{' …' if len(rows) > 5 else ''}")
    con.execute("select count(*) from metric_year").fetchone()
    return problems


def compare_with_backup(db_path: Path, folder: Path | None = None) -> list[str]:
    """Differences between the store's histories and a backup (the newest by default); empty when equal.

    A store that has moved on since its newest backup means a backup after a write failed.
    """
    folder = folder or backup.newest(db_path)
    if folder is None:
        return [] if backup_disabled() else [f"{db_path}: no backup"]
    saved = backup.read_backup(folder)
    with store.reading(db_path) as con:
        current = backup.store_tables(con)
    return [
        f"{table}: the store has {current[table].num_rows} rows, the backup {folder.name} {saved[table].num_rows}"
        if current[table].num_rows != saved[table].num_rows
        else f"{table}: the store and the backup {folder.name} differ"
        for table in backup.TABLES
        if not current[table].equals(saved[table])
    ]


def backup_disabled() -> bool:
    return int(settings.get("backup_keep")) <= 0
