"""Faults in real processes: `python -m planboard build` killed with SIGKILL, paused inside its
transaction or at moments spread over its run; the store opens whole each time, with its history.

The server killed while it imports or builds is in tests/test_faults_server.py (Chromium).
"""

from __future__ import annotations

import signal
import time

import pytest

from planboard import backup, ingest, integrity, store
from tests.conftest import table_snapshot
from tests.processes import run_planboard, start_planboard, wait_for_pause

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

ACTUALS = (
    "取組番号,指標,年度,実績値,進捗段階,備考,出典\n18-3,,平成30年度,14,,,報告\n18-7,1-1,令和元年度,,運用開始,,報告\n"
)
# Moments to kill a build at, in seconds after it starts. A build takes about 1.1 s on 2 cores:
# 0.55 s starting Python, then reading the plan files, the transaction, commit, checkpoint, backup.
KILL_AFTER = (0.3, 0.55, 0.7, 0.8, 0.9, 1.0, 1.1)


def _histories(db):
    with store.reading(db) as con:
        return backup.store_tables(con)


@pytest.fixture
def store_with_actuals(fresh_db):
    report = ingest.import_file(fresh_db, ACTUALS.encode(), "山田", file_name="actuals.csv")
    assert report.ok and report.written == 2
    return fresh_db


def test_a_build_killed_inside_its_transaction_leaves_the_store_as_it_was(store_with_actuals):
    db = store_with_actuals
    before = table_snapshot(db)
    proc = start_planboard("build", "--db", str(db), env={store.PAUSE_ENV: "60"})
    wait_for_pause(proc)  # every plan table replaced, nothing committed
    proc.kill()
    proc.communicate(timeout=30)

    assert integrity.check_store(db) == []
    assert table_snapshot(db) == before
    assert run_planboard("build", "--db", str(db)).returncode == 0
    assert integrity.check_store(db) == []


def test_a_first_build_killed_leaves_a_store_the_app_builds_again(tmp_path):
    db = tmp_path / "new.duckdb"
    proc = start_planboard("build", "--db", str(db), env={store.PAUSE_ENV: "60"})
    wait_for_pause(proc)
    proc.kill()
    proc.communicate(timeout=30)

    problems = integrity.check_store(db)
    assert problems and "never built" in problems[0]  # an empty file, not a half-built store
    store.ensure_store(db)  # what the app does on its first run
    assert integrity.check_store(db) == []


@pytest.mark.parametrize("after", KILL_AFTER)
def test_a_build_killed_at_any_moment_leaves_the_store_whole_with_its_history(store_with_actuals, after):
    db = store_with_actuals
    before = _histories(db)
    proc = start_planboard("build", "--db", str(db))
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)  # a no-op when the build has already ended
    proc.communicate(timeout=30)

    assert integrity.check_store(db) == []
    after_kill = _histories(db)
    assert all(after_kill[t].equals(before[t]) for t in backup.TABLES)
