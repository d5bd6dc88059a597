"""One read-only DuckDB instance per store, kept open between page runs while nobody writes.

Opening the store costs a new DuckDB instance: ~20 ms to open and close, and its buffer
pool starts cold, so the page's first query reads and decompresses its blocks again
(~40 ms more on the 10-million-revision store; docs/performance.md). Page runs therefore
take cursors on one instance that stays open, also while its viewers read a page, and it
is closed

- when a writer of this process begins (`writer`): DuckDB refuses a read-write
  connection while the process has the file open read-only;
- when a writer of another process asks for the file: `store.writing` leaves a marker file
  next to the store (`<store>.write-wanted-<pid>-<thread>`) while it waits for and holds the
  write lock. A watcher thread looks for markers every WATCH_S seconds while an instance is
  open and closes it once no page run uses it; a page run that sees a marker opens a
  short-lived connection of its own instead;
- when no page run has used it for IDLE_CLOSE_S seconds, so that a quiet server lets go of
  the file for tools that open it without leaving a marker (DuckDB's own shell, a copy).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

IDLE_CLOSE_S = 60.0
# How often the watcher looks for a writer's marker: a writer in another process waits at most
# this long (plus the page run in progress) for the server to let go of the file.
WATCH_S = 0.25
# A marker older than this was left by a writer that died; readers no longer give way to it.
STALE_MARKER_S = 600.0

_LOCK = threading.Lock()
_instances: dict[str, duckdb.DuckDBPyConnection] = {}
_in_use: dict[str, int] = {}
_last_used: dict[str, float] = {}
_watcher: threading.Thread | None = None
_local_writers = 0


def marker(db_path: Path) -> Path:
    """The file this writer leaves next to the store while it waits for or holds the write lock."""
    # Resolved, as readers look for it: a store reached through a symlink has one name here.
    db_path = Path(db_path).resolve()
    return db_path.with_name(f"{db_path.name}.write-wanted-{os.getpid()}-{threading.get_ident()}")


def write_wanted(db_path: Path) -> bool:
    """Whether a writer (of any process) waits for or holds the store."""
    db_path = Path(db_path).resolve()
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(db_path.parent):
            if entry.name.startswith(f"{db_path.name}.write-wanted-"):
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime < STALE_MARKER_S:
                        return True
    return False


def cursor(db_path: Path, opener: Callable[[], duckdb.DuckDBPyConnection]) -> duckdb.DuckDBPyConnection | None:
    """A cursor on the store's kept-open read-only instance, or None while a write is wanted
    (the caller then opens a connection of its own). Give it back with `release`."""
    key = str(Path(db_path).resolve())
    with _LOCK:
        if _local_writers or write_wanted(db_path):
            _close(key)
            return None
        if key not in _instances:
            _instances[key] = opener()
            _start_watcher()
        _in_use[key] = _in_use.get(key, 0) + 1
        _last_used[key] = time.monotonic()
        return _instances[key].cursor()


def release(db_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    """Close a cursor from `cursor`; the watcher closes the instance when a writer asks or
    after IDLE_CLOSE_S unused."""
    key = str(Path(db_path).resolve())
    with contextlib.suppress(duckdb.Error):
        con.close()
    with _LOCK:
        _in_use[key] = max(0, _in_use.get(key, 0) - 1)
        _last_used[key] = time.monotonic()


@contextlib.contextmanager
def writer(db_path: Path):
    """Around a write: no kept-open instance in this process, and the marker for other
    processes' readers, until the write is over."""
    global _local_writers
    path = marker(db_path)
    with _LOCK:
        _local_writers += 1
        for key in list(_instances):
            _close(key)
    try:
        with contextlib.suppress(OSError):  # a read-only disk: the write itself will say so
            path.touch()
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        with _LOCK:
            _local_writers -= 1


def close_all() -> None:
    with _LOCK:
        for key in list(_instances):
            _close(key)


def _start_watcher() -> None:
    # Called with _LOCK held, when an instance opens. One daemon thread for all stores; it
    # ends when none is open.
    global _watcher
    if _watcher is None or not _watcher.is_alive():
        _watcher = threading.Thread(target=_watch, name="planboard-read-instance-watcher", daemon=True)
        _watcher.start()


def _watch() -> None:
    global _watcher
    while True:
        time.sleep(WATCH_S)
        with _LOCK:
            now = time.monotonic()
            for key in list(_instances):
                if _in_use.get(key):
                    continue  # the page run ends soon; its instance closes on a later look
                if now - _last_used.get(key, now) >= IDLE_CLOSE_S or write_wanted(Path(key)):
                    _close(key)
            if not _instances:
                _watcher = None
                return


def _close(key: str) -> None:
    # Cursors still in use keep the instance alive until their page runs end.
    instance = _instances.pop(key, None)
    _last_used.pop(key, None)
    if instance is not None:
        with contextlib.suppress(duckdb.Error):
            instance.close()
