"""The synthetic scale store: bulk-written, deterministic, marked synthetic, and the app's loaders work on it."""

from __future__ import annotations

import pytest

from planboard import loaders, store, synth
from planboard.cli import main


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("synth") / "small.duckdb"
    assert main(["synth", "--small", "--db", str(db)]) == 0
    return db


def _fingerprint(db) -> list:
    with store.reading(db) as con:
        return [
            con.execute(f"select count(*), sum(hash(t)) from {table} as t").fetchone()  # noqa: S608
            for table in ("plan", "initiative", "department", "metric", "metric_stage", "target", "actual_revision")
        ]


def test_small_preset_counts_and_revision_ids(small_db):
    spec = synth.PRESETS["small"]
    with store.reading(small_db) as con:
        assert con.execute("select count(*) from plan").fetchone()[0] == spec.plans
        assert con.execute("select count(*) from metric").fetchone()[0] == spec.plans * spec.metrics
        n, first, last = con.execute(
            "select count(*), min(revision_id), max(revision_id) from actual_revision"
        ).fetchone()
        assert (n, first, last) == (spec.revisions, 1, spec.revisions)
        # the next import continues the sequence
        assert con.execute("select count(*) from target").fetchone()[0] == spec.plans * spec.metrics * spec.years
        kinds = dict(con.execute("select change_kind, count(*) from actual_revision group by 1").fetchall())
        assert kinds["baseline"] == spec.plans * spec.metrics
        assert kinds["import"] == spec.plans * spec.metrics * spec.years
        assert con.execute("select count(*) from metric_stage").fetchone()[0] > 0
        assert con.execute("select count(distinct bureau) from department").fetchone()[0] >= 3
        assert con.execute("select count(*) from initiative where headline_order is not null").fetchone()[0] > 0


def test_every_name_says_synthetic(small_db):
    with store.reading(small_db) as con:
        plans = con.execute("select plan_id, municipality_ja, source_document from plan").fetchall()
        assert all(p.startswith("synth-") and "（合成）" in m and "synthetic" in s for p, m, s in plans)
        sources = {r[0] for r in con.execute("select distinct source from actual_revision").fetchall()}
        assert all(synth.SYNTHETIC_SOURCE in s for s in sources)


def test_same_seed_same_store_other_seed_other_store(small_db, tmp_path):
    again = tmp_path / "again.duckdb"
    other = tmp_path / "other.duckdb"
    synth.write_store(again, synth.PRESETS["small"])
    synth.write_store(other, synth.SynthSpec(**{**synth.PRESETS["small"].__dict__, "seed": 2}))
    assert _fingerprint(again) == _fingerprint(small_db)
    assert _fingerprint(other) != _fingerprint(small_db)


def test_statuses_vary_and_loaders_work(small_db):
    with store.reading(small_db) as con:
        statuses = {r[0] for r in con.execute("select distinct status from metric_year").fetchall()}
        assert {"achieved", "on_track", "behind", "not_started"} <= statuses
        items = loaders.items(con, "synth-0001", 2022)
        assert len(items) == 8 and items["status"].notna().all()


def test_plan_filter_gives_the_same_rows_as_filtering_every_plan(small_db):
    """metric_year_at(as_of, plan) is a faster way to the same rows, including the as-of past."""
    with store.reading(small_db) as con:
        for as_of in ("2026-01-01", "2022-09-30 12:00:00"):
            for plan in ("synth-0001", "synth-0007"):
                one = con.execute(
                    "select * from metric_year_at(cast(? as timestamp), plan := ?) order by all", [as_of, plan]
                ).fetchall()
                every = con.execute(
                    "select * from metric_year_at(cast(? as timestamp)) where plan_id = ? order by all", [as_of, plan]
                ).fetchall()
                assert one == every and one


def test_synth_refuses_an_existing_file_and_the_default_store(small_db, capsys):
    assert main(["synth", "--small", "--db", str(small_db)]) == 1
    assert main(["synth", "--small", "--db", str(store.resolve_db_path())]) == 2
    assert main(["synth", "--db", str(small_db), "--plans", "2"]) == 2


def test_an_older_synthetic_store_gets_this_versions_views_and_no_plan(small_db, tmp_path):
    import shutil

    db = tmp_path / "old.duckdb"
    shutil.copy(small_db, db)
    with store.writing(db, backup_after=False) as con:
        con.execute("delete from schema_version where version = ?", [store.SCHEMA_VERSION])
        con.execute("create or replace macro metric_year_at(as_of, plan := null) as table select 1 as stale")
    assert store.stored_schema_version(db) < store.SCHEMA_VERSION
    with store.reading(db) as con:
        plans_before = loaders.plans(con)["plan_id"].tolist()
    store.update_views(db)
    assert store.stored_schema_version(db) == store.SCHEMA_VERSION
    with store.reading(db) as con:
        assert loaders.plans(con)["plan_id"].tolist() == plans_before  # no plan of data/plan/ added
        assert "status" in loaders.metric_year(con, plans_before[0]).columns
