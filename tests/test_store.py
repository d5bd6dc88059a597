"""The store: build, rebuild, migrate, and never lose an actual."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from planboard import current_rows, store
from planboard.cli import main
from planboard.plan_files import PlanDataError
from planboard.settings import PROJECT_ROOT
from tests.conftest import PLAN_DIR, PLAN_ID, table_snapshot


def _add_actual(db, value=14.0):
    con = store.connect(db)
    con.execute(
        """insert into actual_revision (plan_id, item_no, metric_code, fiscal_year, value, value_text,
           source, editor, recorded_at, change_kind) values (?, '18-3', '', 2018, ?, ?, 'test', 'tester', ?, 'import')""",
        [PLAN_ID, value, str(int(value)), store.now_jst()],
    )
    con.close()


def test_rebuild_is_idempotent_and_keeps_actual_revisions(fresh_db):
    _add_actual(fresh_db)
    before = table_snapshot(fresh_db)
    counts = store.build(fresh_db, PLAN_DIR)
    assert counts["baseline_revisions_appended"] == 0
    after = table_snapshot(fresh_db)
    # The kept rows are made again, now counting the revision written behind build's back.
    for table in current_rows.TABLES:
        assert before.pop(table) != after.pop(table)
    assert after == before


def test_a_reported_actual_shows_in_metric_year(fresh_db):
    _add_actual(fresh_db, 14.0)
    con = store.connect(fresh_db, read_only=True)
    row = con.execute(
        "select actual_value, status from metric_year where item_no = '18-3' and fiscal_year = 2018"
    ).fetchone()
    con.close()
    assert row == (14.0, "achieved")


def test_changed_plan_file_appends_a_new_baseline_revision(fresh_db, tmp_path):
    plan_dir = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan_dir)
    cells = plan_dir / PLAN_ID / "cells.csv"
    cells.write_text(cells.read_text(encoding="utf-8").replace(",計12か所,12,", ",計12か所,13,"), encoding="utf-8")
    counts = store.build(fresh_db, plan_dir)
    assert counts["baseline_revisions_appended"] == 1
    con = store.connect(fresh_db, read_only=True)
    values = con.execute(
        "select value from actual_revision where item_no = '18-3' and fiscal_year = 2017 order by revision_id"
    ).fetchall()
    con.close()
    assert values == [(12.0,), (13.0,)]


def test_bad_plan_file_names_file_row_and_column_and_leaves_store_unchanged(fresh_db, tmp_path):
    plan_dir = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan_dir)
    metrics = plan_dir / PLAN_ID / "metrics.csv"
    metrics.write_text(metrics.read_text(encoding="utf-8").replace(",count,事業,", ",counts,事業,"), encoding="utf-8")
    before = table_snapshot(fresh_db)
    with pytest.raises(PlanDataError) as err:
        store.build(fresh_db, plan_dir)
    assert "metrics.csv 3行目「kind」列" in str(err.value)
    assert table_snapshot(fresh_db) == before


def test_two_plans_live_in_one_store(tmp_path):
    plan_dir = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan_dir)
    other = plan_dir / "other-plan"
    shutil.copytree(plan_dir / PLAN_ID, other)
    for f in other.glob("*.csv"):
        f.write_text(f.read_text(encoding="utf-8").replace(PLAN_ID, "other-plan"), encoding="utf-8")
    db = tmp_path / "two.duckdb"
    counts = store.build(db, plan_dir)
    assert counts["plan"] == 2 and counts["initiative"] == 18


def test_db_path_comes_from_flag_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.delenv("PLANBOARD_DB", raising=False)
    assert store.resolve_db_path() == PROJECT_ROOT / "data" / "planboard.duckdb"
    monkeypatch.setenv("PLANBOARD_DB", str(tmp_path / "env.duckdb"))
    assert store.resolve_db_path() == tmp_path / "env.duckdb"
    assert store.resolve_db_path(str(tmp_path / "flag.duckdb")) == tmp_path / "flag.duckdb"


def test_cli_build_and_exit_codes(tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    assert main(["build", "--db", str(db)]) == 0
    assert "initiative: 9" in capsys.readouterr().out
    assert main(["build", "--db", str(db), "--plan-dir", str(tmp_path / "none")]) == 1
    assert main(["no-such-command"]) == 2


def test_python_dash_m_planboard_build(tmp_path):
    db = tmp_path / "m.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "planboard", "build", "--db", str(db)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    con = store.connect(db, read_only=True)
    assert con.execute("select count(distinct item_no) from metric_year").fetchone()[0] == 9
    con.close()


def test_ensure_store_builds_only_when_missing(tmp_path):
    db = tmp_path / "first-run.duckdb"
    store.ensure_store(db, PLAN_DIR)
    assert db.exists()
    mtime = db.stat().st_mtime_ns
    store.ensure_store(db, PLAN_DIR)
    assert db.stat().st_mtime_ns == mtime


def test_ensure_store_migrates_a_store_built_by_an_older_version(fresh_db):
    con = store.connect(fresh_db)
    con.execute("delete from schema_version")
    con.execute("insert into schema_version values (1, ?)", [store.now_jst()])
    con.close()
    store.ensure_store(fresh_db, PLAN_DIR)
    assert store.stored_schema_version(fresh_db) == store.SCHEMA_VERSION


def test_commands_bring_a_store_of_an_older_version_up_to_date(fresh_db, tmp_path, capsys):
    """A store made before metric_year_at took a plan: export still works, and the store is current after."""
    con = store.connect(fresh_db)
    con.execute("create or replace macro metric_year_at(as_of) as table select * from metric_year")
    con.execute("delete from schema_version")
    con.execute("insert into schema_version values (4, ?)", [store.now_jst()])
    revisions = con.execute("select count(*) from actual_revision").fetchone()[0]
    con.close()
    out = tmp_path / "items.csv"
    assert main(["export", "--db", str(fresh_db), "--format", "csv", "--out", str(out)]) == 0, capsys.readouterr()
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert store.stored_schema_version(fresh_db) == store.SCHEMA_VERSION
    con = store.connect(fresh_db, read_only=True)
    assert con.execute("select count(*) from actual_revision").fetchone()[0] == revisions
    con.close()
