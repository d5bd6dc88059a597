"""Automatic backups of what cannot be rebuilt from data/plan/: the append-only histories
actual_revision and metric_note_revision, as Parquet files.

`store.writing` calls `after_write` after every committed write, on the same connection:
that connection still holds the store's write lock, so no other process can write in
between and the backup is exactly the state just committed. Each backup is a folder

    <backup root>/<time>-r<max revision_id>-n<max note_revision_id>/
        actual_revision.parquet [actual_revision.1.parquet …]  metric_note_revision.parquet …
        manifest.json

written under a temporary name and renamed when complete, so a crash never leaves a
half backup that looks whole. Every folder holds the whole histories, so any one of them
restores the store alone; the newest `backup_keep` are kept. `planboard.restore` rebuilds a
store from data/plan/ plus one of them.

A table's rows are kept in parts. A new backup copies the parts of the newest one and
adds one part with the rows appended since: writing ten million revisions again after
every import took 7 s of a 1-million-row import (docs/performance.md), copying the parts
takes a fraction of a second. The newest backup's parts are reused only when their files
still match its manifest and the store's rows up to its last id are still exactly the rows
it holds (same count and the same combined hash of every row: a restore from an older
backup, for one, fails this); otherwise, and every MAX_PARTS parts, the backup is written
whole, in one part.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from planboard import settings

# table -> its key column; both tables are append-only, so a larger key means a newer state.
TABLES = {"actual_revision": "revision_id", "metric_note_revision": "note_revision_id"}
MANIFEST = "manifest.json"
MAX_PARTS = 16
TMP_PREFIX = ".tmp-"
JST = dt.timezone(dt.timedelta(hours=9), "JST")

# The two full-table reads of a backup (fixed table and column names, no user input). Both
# tables are append-only and their keys come from a sequence as rows are appended, so the
# table's own order is key order: a backup streams them as stored (DuckDB keeps insertion
# order), where an ORDER BY would sort ten million rows in memory first.
_SELECT = {t: f"select * from {t}" for t in TABLES}  # noqa: S608
_MAX_ID = {t: f"select coalesce(max({key}), 0) from {t}" for t, key in TABLES.items()}  # noqa: S608
# The rows with keys in (after, upto]: how many, and the XOR of each whole row's hash. XOR
# combines: a backup's fingerprint is its parts' fingerprints combined.
_FINGERPRINT = {
    t: f"select count(*), coalesce(bit_xor(hash(r)), 0) from {t} as r where {key} > $after and {key} <= $upto"  # noqa: S608
    for t, key in TABLES.items()
}


class BackupError(RuntimeError):
    """A backup that is missing, incomplete or altered."""


def backup_root(db_path: Path) -> Path:
    """Where the backups of the store at db_path go: <backup_dir or the store's folder/backups>/<store name>."""
    configured = settings.get("backup_dir")
    base = Path(configured) if configured else Path(db_path).parent / "backups"
    return base / Path(db_path).stem


def list_backups(db_path: Path) -> list[Path]:
    """Complete backups of a store, oldest first."""
    root = backup_root(db_path)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / MANIFEST).exists())


def newest(db_path: Path) -> Path | None:
    found = list_backups(db_path)
    return found[-1] if found else None


def read_manifest(folder: Path) -> dict:
    try:
        return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder}: no readable {MANIFEST} ({exc})") from None


def max_ids(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(sql).fetchone()[0] for t, sql in _MAX_ID.items()}


def after_write(con: duckdb.DuckDBPyConnection, db_path: Path) -> Path | None:
    """Back up the histories after a committed write; returns the new backup, or None when the
    newest backup already holds this state (a write that changed nothing) or backups are off."""
    keep = int(settings.get("backup_keep"))
    if keep <= 0:
        return None
    ids = max_ids(con)
    latest = newest(db_path)
    if latest is not None and _holds(con, latest, ids):
        return None
    folder = write_backup(con, db_path, ids)
    prune(db_path, keep)
    return folder


def write_backup(con: duckdb.DuckDBPyConnection, db_path: Path, ids: dict[str, int] | None = None) -> Path:
    """Write one backup of the histories as they are on con; returns its folder."""
    ids = ids or max_ids(con)
    root = backup_root(db_path)
    root.mkdir(parents=True, exist_ok=True)
    created = dt.datetime.now(JST)
    name = f"{created:%Y%m%dT%H%M%S%f}-r{ids['actual_revision']}-n{ids['metric_note_revision']}"
    tmp = root / f"{TMP_PREFIX}{name}-{os.getpid()}"
    tmp.mkdir()
    try:
        base = _reusable_parts(con, newest(db_path), ids)
        try:
            tables = {t: _write_table(con, tmp, t, ids[t], base and base[t]) for t in TABLES}
        except _PartChanged:
            for leftover in tmp.iterdir():
                leftover.unlink()
            tables = {t: _write_table(con, tmp, t, ids[t], None) for t in TABLES}
        manifest = {
            "store": str(Path(db_path).resolve()),
            "created_at": created.isoformat(),
            "max_ids": ids,
            "tables": tables,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _fsync_folder(tmp)
        final = root / name
        os.rename(tmp, final)  # atomic: a backup folder is either complete or absent
        return final
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _holds(con: duckdb.DuckDBPyConnection, folder: Path, ids: dict[str, int]) -> bool:
    """Whether the backup holds exactly the store's histories: the same last ids and, where its
    manifest records them, the same rows (after a restore, other rows may take the same ids)."""
    manifest = read_manifest(folder)
    if manifest.get("max_ids") != ids:
        return False
    entries = manifest.get("tables", {})
    return all(
        "fingerprint" not in entries.get(t, {}) or _fingerprint(con, t, 0, ids[t]) == entries[t]["fingerprint"]
        for t in TABLES
    )


class _PartChanged(Exception):
    """A part of the newest backup no longer matches its manifest: write the backup whole."""


def _reusable_parts(con: duckdb.DuckDBPyConnection, latest: Path | None, ids: dict[str, int]) -> dict | None:
    """The newest backup's manifest entries per table, when its parts can be carried over:
    a manifest with parts, fewer than MAX_PARTS, and the store's rows up to its last ids
    exactly the rows it holds."""
    if latest is None:
        return None
    try:
        entries = read_manifest(latest).get("tables", {})
    except BackupError:
        return None
    base = {}
    for table in TABLES:
        entry = entries.get(table) or {}
        parts, upto = entry.get("parts"), entry.get("max_id")
        if not parts or len(parts) >= MAX_PARTS or upto is None or upto > ids[table]:
            return None
        if _fingerprint(con, table, 0, upto) != entry.get("fingerprint"):
            return None
        base[table] = {**entry, "folder": str(latest)}
    return base


def _write_table(con: duckdb.DuckDBPyConnection, tmp: Path, table: str, upto: int, base: dict | None) -> dict:
    """One table of a backup: the base's parts copied (checked against its manifest), and the
    rows after them as a new part. Returns the table's manifest entry."""
    parts, after, (count, digest) = [], 0, (0, 0)
    if base is not None:
        for part in base["parts"]:
            copy = tmp / _part_file(part)
            shutil.copyfile(Path(base["folder"]) / copy.name, copy)
            if _sha256(copy) != part["sha256"]:
                raise _PartChanged(copy.name)
            parts.append(part)
        after, (count, digest) = base["max_id"], base["fingerprint"]
    path = tmp / (f"{table}.parquet" if not parts else f"{table}.{len(parts)}.parquet")
    rows = _copy_to_parquet(con, table, after, path)
    if rows or not parts:
        parts.append({"file": path.name, "rows": rows, "sha256": _sha256(path)})
    else:
        path.unlink()
    new_count, new_digest = _fingerprint(con, table, after, upto)
    return {
        "rows": sum(p["rows"] for p in parts),
        "max_id": upto,
        "fingerprint": [count + new_count, digest ^ new_digest],
        "parts": parts,
    }


def _fingerprint(con: duckdb.DuckDBPyConnection, table: str, after: int, upto: int) -> list[int]:
    count, digest = con.execute(_FINGERPRINT[table], {"after": after, "upto": upto}).fetchone()
    return [int(count), int(digest)]


def _part_file(part: dict) -> str:
    # A file name inside the backup folder, never a path elsewhere (the manifest is read from disk).
    name = str(part.get("file", ""))
    if not name or Path(name).name != name:
        raise BackupError(f"a part named {name!r} in a manifest")
    return name


def _copy_to_parquet(con: duckdb.DuckDBPyConnection, table: str, after: int, path: Path) -> int:
    """Write a table's rows with keys after `after` to a Parquet file inside DuckDB, streaming:
    ten million revisions never become one table in memory. Returns the number of rows written.

    The filter is a relation expression with the value as a constant, not SQL with a bound
    parameter: a relation made from SQL with parameters is run and held whole before it is
    written (2.6 GB for a whole backup of ten million revisions, against ~0.3 GB streamed).
    """
    # One thread: in table order without buffering other threads' row groups (a few hundred MB
    # on ten million rows). Backups run on writing connections, opened with the default.
    con.execute("set threads = 1")
    try:
        newer = duckdb.ColumnExpression(TABLES[table]) > duckdb.ConstantExpression(after)
        con.table(table).filter(newer).write_parquet(str(path), compression="zstd")
    finally:
        con.execute("reset threads")
    return pq.read_metadata(path).num_rows


def prune(db_path: Path, keep: int) -> None:
    """Keep the newest `keep` backups; also drop folders left by a backup that crashed half way.

    Safe while other processes write: backups are written only under the store's write lock.
    """
    root = backup_root(db_path)
    for leftover in root.glob(f"{TMP_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for old in list_backups(db_path)[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def read_backup(folder: Path) -> dict[str, pa.Table]:
    """The tables of a backup, after checking every part against its manifest (rows and sha256)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    tables = {}
    for table in TABLES:
        expected = manifest.get("tables", {}).get(table)
        if expected is None:
            raise BackupError(f"{folder}: {table} is missing")
        # A backup written before parts existed holds one file and its sha256.
        parts = expected.get("parts") or [{"file": f"{table}.parquet", **expected}]
        pieces = [_read_part(folder, table, part) for part in parts]
        data = pieces[0] if len(pieces) == 1 else pa.concat_tables(pieces)
        if data.num_rows != expected.get("rows"):
            raise BackupError(f"{folder}: {table} has {data.num_rows} rows, the manifest says {expected.get('rows')}")
        tables[table] = data
    return tables


def _read_part(folder: Path, table: str, part: dict) -> pa.Table:
    path = folder / _part_file(part)
    if not path.exists():
        raise BackupError(f"{folder}: {table} is missing ({path.name})")
    if _sha256(path) != part.get("sha256"):
        raise BackupError(f"{path}: its content differs from the manifest (damaged or altered)")
    data = pq.read_table(path)
    if data.num_rows != part.get("rows"):
        raise BackupError(f"{path}: {data.num_rows} rows, the manifest says {part.get('rows')}")
    return data


def store_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pa.Table]:
    """The histories as a backup would hold them, to compare a store with a backup."""
    return {t: con.execute(sql).to_arrow_table() for t, sql in _SELECT.items()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_folder(folder: Path) -> None:
    # The files must be on disk before the rename makes the backup visible as complete.
    for path in folder.iterdir():
        with path.open("rb") as f:
            os.fsync(f.fileno())
