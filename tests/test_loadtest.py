"""The load test: a quick run of the documented command (8 sessions, 1 in Chromium, 1 editor, 20 s),
and proof that its check finds a lost or doubled revision. The full run (50 sessions, 2 editors,
60 s) is in docs/reliability.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import duckdb
import pytest

from loadtest import editors
from planboard.settings import PROJECT_ROOT
from tests.browser import chromium_available


@pytest.mark.browser
@pytest.mark.load
def test_quick_load_test_holds_every_session_and_loses_nothing(built_db, tmp_path):
    if not chromium_available():
        pytest.skip("Debian's chromium is not installed (bash scripts/setup.sh --test)")
    out = tmp_path / "report.json"
    args = ["--sessions", "8", "--browsers", "1", "--editors", "1", "--seconds", "20", "--think", "5"]
    args += ["--interval", "3", "--db", str(built_db), "--workdir", str(tmp_path / "work"), "--json", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "loadtest", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ},
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    assert done.returncode == 0 and report["passed"], done.stdout + done.stderr
    assert report["sessions_held"] == 8 and not report["session_errors"]
    assert report["first_render"]["count"] == 8 and report["browser_first_render"]["count"] == 1
    assert report["imports"]["done"] >= 1 and not report["imports"]["failed"]
    assert report["revisions_after"] == report["revisions_before"] + report["imports"]["revisions_written"]
    assert not report["store_problems"] and not report["server_errors"]


def test_the_check_finds_a_lost_and_a_doubled_revision(fresh_db):
    plan_id, years, metrics = editors.editor_metrics(fresh_db, 2)
    before = editors.revision_count(fresh_db)
    results = editors.run_editor(str(fresh_db), plan_id, years, metrics[0], "負荷試験1", time.time() + 0.5, 0.1)
    assert results and all(r["ok"] and r["written"] == r["rows"] == 20 for r in results)
    assert editors.verify(fresh_db, results, before) == []

    batch = results[0]["batch_id"]
    con = duckdb.connect(str(fresh_db))  # the test tampers with the store, as a bug would
    newest = con.execute("select max(revision_id) from actual_revision where batch_id = ?", [batch]).fetchone()[0]
    con.execute(
        "insert into actual_revision by name select * exclude (revision_id) from actual_revision where revision_id = ?",
        [newest],
    )
    con.close()
    problems = editors.verify(fresh_db, results, before)
    assert any("20 rows in the file, 21 revisions" in p for p in problems)

    con = duckdb.connect(str(fresh_db))
    con.execute("delete from actual_revision where batch_id = ?", [batch])
    con.close()
    problems = editors.verify(fresh_db, results, before)
    assert any("20 rows in the file, 0 revisions" in p for p in problems)
