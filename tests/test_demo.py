"""The demo store holds the fictional sample; the default store never does."""

from __future__ import annotations

import csv

import pytest

from planboard import demo, loaders, store
from tests.conftest import PLAN_ID


def test_the_sample_file_says_it_is_fictional_in_its_name_and_every_row():
    assert "fictional" in demo.SAMPLE_FILE.name
    assert demo.SAMPLE_FILE.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    with demo.SAMPLE_FILE.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["出典"] for r in rows} == {"架空のサンプルデータ（実在しない数値）"}
    assert {r["年度"] for r in rows} == {"平成30年度", "令和元年度"}
    assert len(rows) == 40  # every metric, both plan years


def test_demo_store_has_every_metric_with_varied_statuses(tmp_path):
    db = demo.build_demo_store(tmp_path / "demo.duckdb")
    with store.reading(db) as con:
        years = loaders.metric_year(con, PLAN_ID)
        editors = con.execute("select distinct editor from actual_revision where change_kind <> 'baseline'").fetchall()
    plan_years = years[years["year_role"] == "plan"]
    assert plan_years["actual_revision_id"].notna().all()
    assert {"achieved", "on_track", "behind", "not_started"} <= set(plan_years["status"])
    assert editors == [(demo.DEMO_EDITOR,)]


def test_rebuilding_the_demo_store_starts_again(tmp_path):
    db = demo.build_demo_store(tmp_path / "demo.duckdb")
    demo.build_demo_store(db)
    con = store.connect(db, read_only=True)
    assert con.execute("select count(*) from actual_revision where change_kind = 'import'").fetchone()[0] == 40
    con.close()


def test_the_demo_refuses_the_default_store(tmp_path, monkeypatch):
    default = tmp_path / "planboard.duckdb"
    monkeypatch.setenv("PLANBOARD_DB", str(default))
    with pytest.raises(demo.DemoStoreError):
        demo.build_demo_store(default)
    assert not default.exists()


def test_the_default_store_holds_no_sample_data(con):
    assert con.execute(
        "select count(*) from actual_revision where source like '%架空%' or editor = ? or change_kind <> 'baseline'",
        [demo.DEMO_EDITOR],
    ).fetchone() == (0,)


def test_a_store_holding_the_sample_is_labelled_whatever_switched_it_on(tmp_path):
    """Exporting from the demo store without --demo still labels every row."""
    from planboard import demo
    from planboard.cli import main

    db = demo.build_demo_store(tmp_path / "demo.duckdb")
    out = tmp_path / "metrics.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--db", str(db)]) == 0
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert all("サンプルデータ（架空）" in line for line in lines[1:])
