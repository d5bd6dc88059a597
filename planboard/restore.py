"""Rebuild a missing or damaged store from data/plan/ plus a backup: `python -m planboard restore`.

The plan tables come from data/plan/ as in any build; the histories (actual_revision,
metric_note_revision) come from the backup row for row, with their ids, times and
batches, and the id sequences continue after them. The new store is built under a
temporary name and checked, the damaged one is kept beside it (`<name>.damaged-<time>`),
and only then does the new one take the store's name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from planboard import backup, integrity, store


class RestoreError(RuntimeError):
    """A restore that cannot or should not be done; the message says why."""


@dataclass(frozen=True)
class RestoreResult:
    db: Path
    backup: Path
    moved_aside: Path | None
    revisions: int
    notes: int
    baselines_appended: int


def restore(db_path: Path, source: Path | None = None, plan_dir: Path | None = None, force: bool = False):
    """Rebuild the store at db_path from plan_dir and the backup `source` (the newest by default).

    Refuses a store that is whole unless force is set: restoring it would only lose
    whatever was written after the backup.
    """
    db_path = Path(db_path)
    folder = Path(source) if source else backup.newest(db_path)
    if folder is None:
        raise RestoreError(f"no backup of {db_path} in {backup.backup_root(db_path)}")
    try:
        tables = backup.read_backup(folder)
    except backup.BackupError as exc:
        raise RestoreError(str(exc)) from None
    if db_path.exists() and not force and not integrity.check_store(db_path):
        raise RestoreError(
            f"{db_path} is whole (python -m planboard check finds nothing wrong); use --force to replace it"
        )
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    _remove(tmp)
    try:
        _load_histories(tmp, tables)
        counts = store.build(tmp, plan_dir, backup_after=False)
        _check_restored(tmp, tables, folder)
    except BaseException:
        _remove(tmp)
        raise
    moved = _move_aside(db_path)
    os.replace(tmp, db_path)
    with store.writing(db_path):
        pass  # an empty write: backs up the restored store, under the write lock
    return RestoreResult(
        db=db_path,
        backup=folder,
        moved_aside=moved,
        revisions=tables["actual_revision"].num_rows,
        notes=tables["metric_note_revision"].num_rows,
        baselines_appended=counts["baseline_revisions_appended"],
    )


def _load_histories(path: Path, tables: dict) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute("begin transaction")
        store.migrate(con)
        for table, key in backup.TABLES.items():
            con.register("restored", tables[table])
            con.execute(f"insert into {table} by name select * from restored")  # noqa: S608 - fixed table names
            con.unregister("restored")
            # Move the id sequence past the restored ids, so the next write appends after them.
            top = tables[table][key].to_pylist()
            if top:
                con.execute("select max(nextval(?)) from range(?)", [f"{table}_seq", max(top)]).fetchone()
        con.execute("commit")
    finally:
        con.close()


def _check_restored(path: Path, tables: dict, folder: Path) -> None:
    """The restored histories must start with the backup's rows, exactly; build may only append baselines."""
    with store.reading(path) as con:
        current = backup.store_tables(con)
    for table, saved in tables.items():
        if not current[table].slice(0, saved.num_rows).equals(saved):
            raise RestoreError(f"{table}: the restored rows differ from the backup {folder}")
    problems = integrity.check_store(path)
    if problems:
        raise RestoreError("the restored store is not whole: " + "; ".join(problems))


def _move_aside(db_path: Path) -> Path | None:
    """Keep the damaged store (and its WAL) beside the new one rather than deleting anything."""
    if not db_path.exists():
        return None
    stamp = store.now_jst().strftime("%Y%m%dT%H%M%S")
    moved = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    os.replace(db_path, moved)
    wal = db_path.with_name(db_path.name + ".wal")
    if wal.exists():
        os.replace(wal, moved.with_name(moved.name + ".wal"))
    return moved


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
