"""A store on a disk that refuses writes, for the fault tests.

Where the tests may mount (root with CAP_SYS_ADMIN, as in CI's container) the disk is real: a
read-only bind mount, or a tmpfs filled to the last byte. Tests run as root, where chmod would
not stop a write, hence mounts. Elsewhere `inject` makes the store's writes fail with the very
errors DuckDB raises on such disks (copied from runs on the real mounts), so the same tests run.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
from pathlib import Path

import duckdb

from planboard import store

# What DuckDB 1.5 says on a read-only mount and on a full disk (seen on the mounts below).
READ_ONLY_ERROR = 'IO Error: Cannot open file "{db}": Read-only file system'
DISK_FULL_ERROR = 'TransactionContext Error: Failed to commit: Could not write file "{db}.wal": No space left on device'


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


@functools.cache
def can_mount() -> bool:
    """Whether this process may mount (tried once on a scratch folder)."""
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"planboard-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        ok = _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe))
        if ok:
            _umount(probe)
        return ok
    finally:
        probe.rmdir()


@contextlib.contextmanager
def read_only_copy(db: Path, workdir: Path):
    """A copy of the store seen through a read-only bind mount; yields its path there."""
    writable, view = workdir / "rw", workdir / "ro"
    writable.mkdir()
    view.mkdir()
    shutil.copy(db, writable / db.name)
    if not _mount("--bind", str(writable), str(view)):
        raise RuntimeError("bind mount failed")
    try:
        if not _mount("-o", "remount,bind,ro", str(view)):
            raise RuntimeError("read-only remount failed")
        yield view / db.name
    finally:
        _umount(view)


@contextlib.contextmanager
def full_disk_copy(db: Path, workdir: Path):
    """A copy of the store on a small tmpfs with no byte left; yields its path there."""
    disk = workdir / "disk"
    disk.mkdir()
    size_kb = db.stat().st_size // 1024 + 2048
    if not _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(disk)):
        raise RuntimeError("tmpfs mount failed")
    try:
        shutil.copy(db, disk / db.name)
        with contextlib.suppress(OSError), (disk / "filler").open("wb") as f:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        with contextlib.suppress(OSError), (disk / "filler-2").open("wb") as f:
            while True:  # the last few blocks, smaller than a chunk
                f.write(b"\0" * 512)
                f.flush()
        yield disk / db.name
    finally:
        _umount(disk)


class _FailingCommit:
    """A connection whose commit fails as on a full disk; everything else passes through."""

    def __init__(self, con, message: str):
        self._con, self._message = con, message

    def execute(self, sql, *args, **kwargs):
        if sql.strip().lower() == "commit":
            raise duckdb.TransactionException(self._message)
        return self._con.execute(sql, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._con, name)


def inject(monkeypatch, kind: str) -> None:
    """Make every write to any store fail as on a read-only ('read_only') or full ('disk_full') disk."""
    real_connect = store.connect

    def connect(db_path, read_only=False, retries=50):
        if read_only:
            return real_connect(db_path, read_only=True, retries=retries)
        if kind == "read_only":
            raise duckdb.IOException(READ_ONLY_ERROR.format(db=db_path))
        return _FailingCommit(real_connect(db_path, retries=retries), DISK_FULL_ERROR.format(db=db_path))

    monkeypatch.setattr(store, "connect", connect)
    monkeypatch.setattr(store, "write_problem", lambda db: "read_only" if kind == "read_only" else "low_space")
