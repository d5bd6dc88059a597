"""The DuckDB store: open it, build or migrate it from data/plan/, keep actuals safe.

`build` is idempotent. Plan tables are replaced from the CSV files inside one
transaction; actual revisions are only ever appended, so a rebuild never drops
or alters what was reported.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd

from planboard import settings, status
from planboard.plan_files import PlanFolder, plan_folders, read_plan_folder

# Bump when schema.sql or views.sql change, so that existing stores are migrated on the next start.
# 2: initiative.headline_order; 3: metric_note_revision; 4: metric_year_at(as_of, plan)
SCHEMA_VERSION = 4
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
_BUSY_MESSAGES = ("lock", "different configuration", "already attached")


def now_jst() -> dt.datetime:
    """Wall-clock time in Japan, without tzinfo: the store keeps times in JST."""
    return dt.datetime.now(JST).replace(tzinfo=None, microsecond=0)


def resolve_db_path(cli_value: str | None = None) -> Path:
    """--db wins, then PLANBOARD_DB, then data/planboard.duckdb."""
    return Path(cli_value or settings.get("db"))


def connect(db_path: Path, read_only: bool = False, retries: int = 50) -> duckdb.DuckDBPyConnection:
    """Open the store, waiting briefly while another process holds its write lock.

    It also waits while another thread of this process has the store open in the other
    mode (read-only vs read-write), which DuckDB refuses as a "different configuration",
    or is just closing it ("already attached"): in the app, one session may be reading
    while another writes an import.
    """
    for attempt in range(retries):
        try:
            return duckdb.connect(str(db_path), read_only=read_only)
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
    instance with a cold buffer every time (docs/performance.md). The connection is
    closed when the block ends, or before this thread writes, so writers (here or in
    another process) wait at most for the rest of one page run.
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
    for con in connections.values():
        with contextlib.suppress(duckdb.Error):
            con.close()
    connections.clear()


@contextlib.contextmanager
def writing(db_path: Path):
    """One write transaction on the store: committed when the block ends, rolled back on any error."""
    # DuckDB refuses a read-write connection while this process has the file open read-only.
    close_shared_reads()
    with _WRITE_LOCK:
        con = connect(Path(db_path), retries=WRITE_RETRIES)
        try:
            con.execute("begin transaction")
            yield con
            con.execute("commit")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.execute("rollback")
            raise
        finally:
            con.close()


@contextlib.contextmanager
def reading(db_path: Path):
    """A short-lived read-only connection, so that writers in other processes are not blocked for long.

    Inside `shared_reads`, the thread's shared connection to that store instead.
    """
    shared = getattr(_SHARED, "connections", None)
    if shared is not None:
        key = str(Path(db_path).resolve())
        if key not in shared:
            shared[key] = connect(Path(db_path), read_only=True)
            # A page's queries each touch one plan's few thousand rows; on one thread DuckDB
            # skips the scheduling of parallel pipelines, which cost more than the work
            # (docs/performance.md). The setting holds for this process's read-only instance.
            shared[key].execute("set threads = 1")
        yield shared[key]
        return
    con = connect(db_path, read_only=True)
    try:
        yield con
    finally:
        con.close()


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


def build(db_path: Path, plan_dir: Path | None = None) -> dict[str, int]:
    """Create or migrate the store and load every plan under plan_dir.

    Returns how many rows each plan table holds and how many baseline revisions
    were appended (0 on a rebuild with unchanged plan files).
    """
    plan_dir = Path(plan_dir or settings.get("plan_dir"))
    plans = [read_plan_folder(folder) for folder in plan_folders(plan_dir)]
    if not plans:
        raise FileNotFoundError(f"{plan_dir}: 計画フォルダ（plan.csv を含むフォルダ）がありません。")
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    close_shared_reads()  # see `writing`
    con = connect(db_path)
    try:
        con.execute("begin transaction")
        install_schema(con)
        appended = 0
        for plan in plans:
            _replace_plan_rows(con, plan)
            appended += _append_baselines(con, plan)
        install_views(con)
        con.execute("commit")
        counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in PLAN_TABLES}  # noqa: S608 - fixed table names
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise
    finally:
        con.close()
    counts["baseline_revisions_appended"] = appended
    return counts


def install_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables, sequences and the reference tables (status codes, settings): the first half of a build.

    Shared by `build` and the synthetic scale store (planboard/synth.py), so both stores
    have exactly the same schema.
    """
    migrate(con)
    _write_reference_tables(con)


def install_views(con: duckdb.DuckDBPyConnection) -> None:
    """Views and macros, and the schema version they belong to: the last step of a build."""
    con.execute((SQL_DIR / "views.sql").read_text(encoding="utf-8"))
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
    columns = [r[0] for r in con.execute(f"describe {table}").fetchall()]  # noqa: S608 - fixed table names
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
