"""The DuckDB store: open it, build or migrate it from data/plan/, keep actuals safe.

`build` is idempotent. Plan tables are replaced from the CSV files inside one
transaction; actual revisions are only ever appended, so a rebuild never drops
or alters what was reported. Every write, `build` included, goes through `writing`,
which commits or rolls back, backs up the histories after a commit (planboard/backup.py)
and turns a read-only or full disk into `StoreUnwritable`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import sys
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd

from planboard import backup, current_rows, read_instance, settings, status
from planboard.plan_files import PlanFolder, plan_folders, read_plan_folder

# Bump when schema.sql or views.sql change, so that existing stores are migrated on the next start.
# 2: initiative.headline_order; 3: metric_note_revision; 4: metric_year_at(as_of, plan);
# 5: metric_year_at keeps the baselines whatever the as_of; 6: metric_year_current
SCHEMA_VERSION = 6
SQL_DIR = Path(__file__).parent / "sql"
PLAN_TABLES = [
    "plan",
    "goal",
    "initiative",
    "department",
    "footnote",
    "metric",
    "metric_stage",
    "metric_facet",
    "target",
]
DOCUMENT_EDITOR = "計画書（plan document）"
JST = dt.timezone(dt.timedelta(hours=9), "JST")


# What DuckDB says when the file is in use elsewhere, by another process or another thread.
# Not just "lock": a damaged file's "checksum … in block at location …" would match it, and be
# waited on for 5 s (30 s when writing) before being reported.
_BUSY_MESSAGES = ("could not set lock", "conflicting lock", "different configuration", "already attached")
# For tests only: a write prints PAUSED_MARK and sleeps this many seconds with its transaction
# open, just before the commit, so that a test can kill the process there (tests/test_faults.py).
PAUSE_ENV = "PLANBOARD_TEST_PAUSE_BEFORE_COMMIT"
PAUSED_MARK = "planboard: paused before commit"
log = logging.getLogger(__name__)


class StoreUnwritable(RuntimeError):
    """A write the disk refused: read-only, full, locked too long, or an I/O error. Nothing was written.

    reason is 'read_only', 'disk_full', 'busy' or 'io'; message_ja and message_en say what
    to do, without the server's paths (the log has the details).
    """

    MESSAGES = {
        "read_only": (
            "ストアが読み取り専用になっているため、登録できませんでした。表示はこれまでどおり使えます。管理者に連絡してください。",
            "The store is read-only, so nothing could be recorded. Viewing still works. Tell the administrator.",
        ),
        "disk_full": (
            "ストアのあるディスクに空きがないため、登録できませんでした。表示はこれまでどおり使えます。管理者に空き容量の確保を依頼してください。",
            "The store's disk is full, so nothing could be recorded. Viewing still works. Ask the administrator to free space.",
        ),
        "busy": (
            "ほかの登録が30秒たっても終わらないため、登録できませんでした。少し待ってからもう一度試してください。",
            "Another write did not finish within 30 seconds, so nothing was recorded. Try again in a moment.",
        ),
        "io": (
            "ストアに書き込めませんでした（入出力エラー）。表示はこれまでどおり使えます。管理者に連絡してください。",
            "The store could not be written (an I/O error). Viewing still works. Tell the administrator.",
        ),
    }

    def __init__(self, reason: str):
        self.reason = reason
        self.message_ja, self.message_en = self.MESSAGES[reason]
        super().__init__(f"{self.message_ja} / {self.message_en}")


# Below this much free space the Data page warns before anyone tries: an import needs room for
# the WAL, the checkpoint and the backup, and a few MB is where a busy disk runs out.
LOW_SPACE_BYTES = 20 * 1024 * 1024


def write_problem(db_path: Path) -> str | None:
    """'read_only' or 'low_space' when a write to the store would likely fail now, else None.

    Checked without writing (the mount's flags, free space, access), so the Data page can
    say so before an editor uploads anything; the write itself still reports StoreUnwritable.
    """
    db_path = Path(db_path)
    try:
        fs = os.statvfs(db_path.parent)
    except OSError:
        return None
    if fs.f_flag & os.ST_RDONLY or not os.access(db_path if db_path.exists() else db_path.parent, os.W_OK):
        return "read_only"
    if fs.f_bavail * fs.f_frsize < LOW_SPACE_BYTES:
        return "low_space"
    return None


def unwritable_reason(exc: BaseException) -> str | None:
    """Why a write failed when the cause is the disk or the lock, else None (a bug, a bad input)."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "read_only"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return "disk_full"
        return "io"
    if not isinstance(exc, duckdb.Error):
        return None
    message = str(exc).lower()
    if "read-only file system" in message or "permission denied" in message:
        return "read_only"
    if "no space left" in message or "disk quota" in message:
        return "disk_full"
    if any(m in message for m in _BUSY_MESSAGES):
        return "busy"
    if isinstance(exc, duckdb.IOException | duckdb.FatalException) or "failed to commit" in message:
        return "io"
    return None


def now_jst() -> dt.datetime:
    """Wall-clock time in Japan, without tzinfo: the store keeps times in JST."""
    return dt.datetime.now(JST).replace(tzinfo=None, microsecond=0)


def resolve_db_path(cli_value: str | None = None) -> Path:
    """--db wins, then PLANBOARD_DB, then data/planboard.duckdb."""
    return Path(cli_value or settings.get("db"))


# DuckDB's allocator (jemalloc) keeps what a finished query freed until it passes 128 MiB, and
# gives it back only when a thread next allocates: after the joins over a million-row import,
# ~100 MB more was held while the next query ran. With a low threshold and jemalloc's background
# threads it goes back to the system soon after (docs/performance.md, change 20).
ALLOCATOR_CONFIG = {
    "allocator_flush_threshold": "8MiB",
    "allocator_bulk_deallocation_flush_threshold": "8MiB",
    "allocator_background_threads": True,
}


def connect(db_path: Path, read_only: bool = False, retries: int = 50) -> duckdb.DuckDBPyConnection:
    """Open the store, waiting briefly while another process holds its write lock.

    It also waits while another thread of this process has the store open in the other
    mode (read-only vs read-write), which DuckDB refuses as a "different configuration",
    or is just closing it ("already attached"): in the app, one session may be reading
    while another writes an import.
    """
    for attempt in range(retries):
        try:
            return duckdb.connect(str(db_path), read_only=read_only, config=ALLOCATOR_CONFIG)
        except (duckdb.IOException, duckdb.ConnectionException, duckdb.BinderException) as exc:
            message = str(exc).lower()
            busy = any(m in message for m in _BUSY_MESSAGES)
            if not busy or attempt == retries - 1:
                raise
            time.sleep(0.1)
    raise AssertionError("unreachable")


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Create any table or sequence the store lacks (schema.sql is idempotent).

    Writers call it inside their transaction, so a store built by an older version
    gains e.g. metric_note_revision on its first write without a rebuild.
    """
    con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))


# Another import may hold the store's write lock for a moment: writers wait up to 30 s for it.
WRITE_RETRIES = 300
# DuckDB lets two connections of one process write at once, each checking its rows against
# its own snapshot; writers in this process (the app's sessions) therefore take turns.
# Writers in other processes wait on the file lock instead.
_WRITE_LOCK = threading.Lock()


# Connections shared by the reads of one thread while `shared_reads` is active (one page run).
_SHARED = threading.local()


@contextlib.contextmanager
def shared_reads():
    """Within the block, `reading` on this thread reuses one read-only connection per store.

    A page run makes a dozen reads; opening the store for each costs a new DuckDB
    instance with a cold buffer every time (docs/performance.md). The connection is a
    cursor on the store's kept-open read-only instance (planboard/read_instance.py), given
    back when the block ends or before this thread writes; writers here or in another
    process make that instance close, and wait at most for the rest of a page run.
    """
    outermost = getattr(_SHARED, "connections", None) is None
    if outermost:
        _SHARED.connections = {}
    try:
        yield
    finally:
        if outermost:
            close_shared_reads()
            _SHARED.connections = None


def close_shared_reads() -> None:
    """Close this thread's shared read connections (they reopen on the next read)."""
    connections = getattr(_SHARED, "connections", None) or {}
    for key, (con, from_instance) in connections.items():
        if from_instance:
            read_instance.release(Path(key), con)
            continue
        with contextlib.suppress(duckdb.Error):
            con.close()
    connections.clear()


@contextlib.contextmanager
def writing(db_path: Path, backup_after: bool = True):
    """One write transaction on the store: committed when the block ends, rolled back on any error.

    After the commit the histories are backed up (unless backup_after is False), still under
    the write lock. A refusal by the disk (read-only, full) raises StoreUnwritable.
    """
    db_path = Path(db_path)
    # DuckDB refuses a read-write connection while this process has the file open read-only.
    close_shared_reads()
    with read_instance.writer(db_path), _WRITE_LOCK, _unwritable_as_error(db_path):
        con = connect(db_path, retries=WRITE_RETRIES)
        try:
            con.execute("begin transaction")
            yield con
            _pause_for_tests()
            con.execute("commit")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.execute("rollback")
            raise
        else:
            if backup_after:
                _backup(con, db_path)
        finally:
            con.close()


@contextlib.contextmanager
def _unwritable_as_error(db_path: Path):
    try:
        yield
    except (OSError, duckdb.Error) as exc:
        reason = unwritable_reason(exc)
        if reason is None:
            raise
        log.warning("write to %s refused (%s): %s", db_path, reason, exc)
        raise StoreUnwritable(reason) from exc


def _backup(con: duckdb.DuckDBPyConnection, db_path: Path) -> None:
    # The write is committed whatever happens here: a failed backup is logged, not raised.
    try:
        backup.after_write(con, db_path)
    except Exception as exc:  # noqa: BLE001 - any failure of the backup must leave the committed write standing
        log.error("backup of %s after a write failed: %s", db_path, exc)


def _pause_for_tests() -> None:
    seconds = os.environ.get(PAUSE_ENV)
    if seconds:
        print(PAUSED_MARK, file=sys.stderr, flush=True)
        time.sleep(float(seconds))


@contextlib.contextmanager
def reading(db_path: Path):
    """A short-lived read-only connection, so that writers in other processes are not blocked for long.

    Inside `shared_reads`, the thread's shared connection to that store instead.
    """
    shared = getattr(_SHARED, "connections", None)
    if shared is not None:
        key = str(Path(db_path).resolve())
        if key not in shared:
            con = read_instance.cursor(db_path, lambda: _page_reads_instance(db_path))
            shared[key] = (con, True) if con is not None else (_page_reads_instance(db_path), False)
        yield shared[key][0]
        return
    con = connect(db_path, read_only=True)
    try:
        yield con
    finally:
        con.close()


def _page_reads_instance(db_path: Path) -> duckdb.DuckDBPyConnection:
    con = connect(Path(db_path), read_only=True)
    # A page's queries each touch one plan's few thousand rows; on one thread DuckDB skips
    # the scheduling of parallel pipelines, which cost more than the work
    # (docs/performance.md). The setting holds for this process's read-only instance.
    con.execute("set threads = 1")
    return con


def row_counts(con: duckdb.DuckDBPyConnection, tables) -> dict[str, int]:
    """How many rows each of these tables holds."""
    return {t: con.table(t).count("*").fetchone()[0] for t in tables}


def ensure_store(db_path: Path, plan_dir: Path | None = None) -> Path:
    """Build the store when it does not exist yet (the app's first run), or
    migrate it when it was built by an older version of Planboard."""
    db_path = Path(db_path)
    if not db_path.exists() or stored_schema_version(db_path) < SCHEMA_VERSION:
        build(db_path, plan_dir)
    return db_path


def stored_schema_version(db_path: Path) -> int:
    with reading(db_path) as con:
        try:
            return con.execute("select coalesce(max(version), 0) from schema_version").fetchone()[0]
        except duckdb.CatalogException:
            return 0


def build(db_path: Path, plan_dir: Path | None = None, backup_after: bool = True) -> dict[str, int]:
    """Create or migrate the store and load every plan under plan_dir, in one transaction.

    Returns how many rows each plan table holds and how many baseline revisions
    were appended (0 on a rebuild with unchanged plan files).
    """
    plan_dir = Path(plan_dir or settings.get("plan_dir"))
    plans = [read_plan_folder(folder) for folder in plan_folders(plan_dir)]
    if not plans:
        raise FileNotFoundError(f"{plan_dir}: 計画フォルダ（plan.csv を含むフォルダ）がありません。")
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with writing(db_path, backup_after=backup_after) as con:
        install_schema(con)
        appended = 0
        for plan in plans:
            _replace_plan_rows(con, plan)
            appended += _append_baselines(con, plan)
        install_views(con)
        counts = row_counts(con, PLAN_TABLES)
    counts["baseline_revisions_appended"] = appended
    return counts


def install_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables, sequences and the reference tables (status codes, settings): the first half of a build.

    Shared by `build` and the synthetic scale store (planboard/synth.py), so both stores
    have exactly the same schema.
    """
    migrate(con)
    _write_reference_tables(con)


def update_views(db_path: Path) -> None:
    """Bring a store's tables, views and macros up to this version without loading any plan
    (its rows stay as they are): for the command line, whose store may hold plans that do not
    come from data/plan/ (synthetic ones, see planboard/synth.py)."""
    with writing(db_path, backup_after=False) as con:
        migrate(con)
        install_views(con)


def bring_up_to_date(db_path: Path) -> bool:
    """update_views when the store was made by an older version; returns whether it was."""
    if stored_schema_version(db_path) >= SCHEMA_VERSION:
        return False
    update_views(db_path)
    return True


def install_views(con: duckdb.DuckDBPyConnection) -> None:
    """Views and macros, the rows kept ready for pages (made again from the plans and revisions
    now in the store) and the schema version they belong to: the last step of a build."""
    con.execute((SQL_DIR / "views.sql").read_text(encoding="utf-8"))
    current_rows.refresh(con)
    if not con.execute("select count(*) from schema_version where version = ?", [SCHEMA_VERSION]).fetchone()[0]:
        con.execute("insert into schema_version values (?, ?)", [SCHEMA_VERSION, now_jst()])


def _write_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from status_code")
    con.executemany(
        "insert into status_code values (?, ?, ?, ?, ?, ?)",
        [[s.code, s.severity, s.label_ja, s.label_en, s.icon, s.colour] for s in status.STATUSES.values()],
    )
    con.execute("delete from setting")
    con.executemany(
        "insert into setting values (?, ?, ?)",
        [[s.name, str(settings.get(s.name)), s.help] for s in settings.SETTINGS.values() if s.name != "db"],
    )


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    columns = con.table(table).columns
    frame = df[[c for c in columns if c in df.columns]].astype(object).where(df.notna(), None)
    frame = frame.replace({"": None}) if table not in ("metric", "metric_stage", "metric_facet", "target") else frame
    con.register("incoming", frame)
    try:
        con.execute(f"insert into {table} by name select * from incoming")  # noqa: S608 - fixed table names
    finally:
        con.unregister("incoming")


def _replace_plan_rows(con: duckdb.DuckDBPyConnection, plan: PlanFolder) -> None:
    for table in PLAN_TABLES:
        con.execute(f"delete from {table} where plan_id = ?", [plan.plan_id])  # noqa: S608 - fixed table names
    f = plan.frames
    for table in PLAN_TABLES[:-1]:
        _insert_frame(con, table, _blank_to_none(f[table], keep=("metric_code",)))
    cells = f["cell"]
    targets = cells[cells["role"] == "plan"].rename(
        columns={"printed_text": "planned_text", "value": "planned_value", "stage_no": "planned_stage_no"}
    )
    _insert_frame(con, "target", _blank_to_none(targets, keep=("metric_code", "planned_text")))


def _blank_to_none(df: pd.DataFrame, keep=()) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if col not in keep and out[col].dtype == object:
            out[col] = out[col].replace({"": None})
    return out


def _append_baselines(con: duckdb.DuckDBPyConnection, plan: PlanFolder) -> int:
    """Load the document's 26年度末 / 29年度末 cells as baseline actuals, once.

    A baseline is appended only when no baseline revision exists for that cell
    or the plan file now says something different, so rebuilding changes nothing.
    """
    source_document = plan.frames["plan"].iloc[0]["source_document"]
    cells = plan.frames["cell"]
    baselines = cells[cells["role"] == "baseline"]
    current = con.execute(
        """
        select item_no, metric_code, fiscal_year, value, stage_no, value_text, note
        from actual_revision
        where plan_id = ? and change_kind = 'baseline'
        qualify row_number() over (
            partition by item_no, metric_code, fiscal_year order by revision_id desc) = 1
        """,
        [plan.plan_id],
    ).fetchall()
    known = {(r[0], r[1], r[2]): r[3:] for r in current}
    recorded_at = now_jst()
    rows = []
    for c in baselines.itertuples():
        value = None if pd.isna(c.value) else float(c.value)
        stage_no = None if c.stage_no is None or pd.isna(c.stage_no) else int(c.stage_no)
        note = c.note or None
        if known.get((c.item_no, c.metric_code, int(c.fiscal_year))) == (value, stage_no, c.printed_text, note):
            continue
        rows.append(
            [
                plan.plan_id,
                c.item_no,
                c.metric_code,
                int(c.fiscal_year),
                value,
                stage_no,
                c.printed_text,
                note,
                f"{source_document}（{c.source}）",
                DOCUMENT_EDITOR,
                recorded_at,
                "baseline",
            ]
        )
    if rows:
        con.executemany(
            """
            insert into actual_revision
                (plan_id, item_no, metric_code, fiscal_year, value, stage_no, value_text, note,
                 source, editor, recorded_at, change_kind)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            rows,
        )
    return len(rows)
