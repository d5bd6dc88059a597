"""The rows kept ready for pages (planboard/current_rows.py): read only while current, and then
exactly what metric_year_at answers; every write the app makes keeps them current."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from planboard import current_rows, ingest, loaders, queries, store, synth
from planboard.store import now_jst
from tests.conftest import PLAN_ID

HEADER = "取組番号,指標,年度,実績値,進捗段階,備考,出典\n"


def _both(con, plan_id, as_of=None, bureau=None, section=None, item_no=None):
    """(the kept rows' answer, metric_year_at's answer) for one filter."""
    params = dict(plan_id=plan_id, as_of=as_of or now_jst(), bureau=bureau, section=section, item_no=item_no)
    return queries.run(con, "metric_year_current", **params), queries.run(con, "metric_year", **params)


def _filters(con, plan_id):
    """No filter, each 部, each 課 and each item of the plan."""
    depts = loaders.departments(con, plan_id)
    yield {}
    for bureau in depts["bureau"].unique():
        yield {"bureau": bureau}
    for bureau, section in zip(depts["bureau"], depts["section"], strict=True):
        yield {"bureau": bureau, "section": section}
    for item_no in loaders.plan_items(con, plan_id)["item_no"]:
        yield {"item_no": item_no}


def _assert_current_and_equal(db, every_filter=True):
    """Every plan reads its kept rows and they are metric_year_at's: for every filter, or (for
    the tests of how rows are remade) the whole plan only."""
    with store.reading(db) as con:
        for plan_id in loaders.plans(con)["plan_id"]:
            for f in _filters(con, plan_id) if every_filter else [{}]:
                kept, live = _both(con, plan_id, **f)
                assert not kept.empty, (plan_id, f)  # the kept rows were read, not skipped
                pd.testing.assert_frame_equal(kept, live, obj=f"{plan_id} {f}")
                # what pages get: queries.plain's frame is .df()'s with Python strings
                shown = loaders.metric_year(con, plan_id, **f)
                pd.testing.assert_frame_equal(shown, loaders.plain_strings(live), obj=f"shown {plan_id} {f}")


def _import(db, tmp_path, body: str):
    path = tmp_path / "actuals.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    report = ingest.import_file(db, path, editor="山田 花子")
    assert report.ok and report.written, report.to_text("en")
    return report


@pytest.fixture(scope="module")
def synth_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("current") / "small.duckdb"
    synth.write_store(db, synth.PRESETS["small"])
    return db


def test_a_built_store_reads_its_kept_rows_and_they_are_metric_year_at(built_db):
    """After build, every filter of the Nerima plan is answered from the kept rows, identically."""
    _assert_current_and_equal(built_db)


def test_a_synthetic_store_of_many_plans_reads_identical_kept_rows(synth_db):
    _assert_current_and_equal(synth_db)


def test_an_import_keeps_the_rows_current(fresh_db, tmp_path):
    """An analyst imports actuals: the page reads the new figures from the kept rows."""
    _import(fresh_db, tmp_path, "18-3,,平成30年度,14,,,区の報告\n18-7,1-1,令和元年度,,運用開始,,\n")
    _assert_current_and_equal(fresh_db)
    with store.reading(fresh_db) as con:
        kept, _live = _both(con, PLAN_ID, item_no="18-3")
    assert kept.loc[kept["fiscal_year"] == 2018, "actual_value"].tolist() == [14.0]


def test_corrections_and_reverts_keep_the_rows_current(fresh_db, tmp_path):
    _import(fresh_db, tmp_path, "18-3,,平成30年度,14,,,区の報告\n")
    frame = pd.DataFrame([{"取組番号": "18-3", "指標": "", "年度": "2018", "実績値": "15", "備考": "訂正"}])
    report = ingest.apply_corrections(fresh_db, frame, editor="山田 花子")
    assert report.ok and report.written == 1, report.to_text("en")
    _assert_current_and_equal(fresh_db)
    with store.reading(fresh_db) as con:
        newest = int(con.execute("select max(revision_id) from actual_revision").fetchone()[0])
    ingest.revert(fresh_db, newest, editor="山田 花子")
    _assert_current_and_equal(fresh_db)
    with store.reading(fresh_db) as con:
        kept, _live = _both(con, PLAN_ID, item_no="18-3")
    assert kept.loc[kept["fiscal_year"] == 2018, "actual_value"].tolist() == [14.0]


def test_a_revision_written_behind_the_apps_back_is_never_hidden(fresh_db):
    """A revision appended without a refresh makes the kept rows out of date: the page asks
    metric_year_at and shows it."""
    con = store.connect(fresh_db)
    con.execute(
        """insert into actual_revision (plan_id, item_no, metric_code, fiscal_year, value, value_text,
           source, editor, recorded_at, change_kind) values (?, '18-3', '', 2018, 99, '99', 'test', 'tester', ?, 'import')""",
        [PLAN_ID, now_jst()],
    )
    con.close()
    with store.reading(fresh_db) as con:
        kept, live = _both(con, PLAN_ID)
        assert kept.empty
        pd.testing.assert_frame_equal(loaders.metric_year(con, PLAN_ID), loaders.plain_strings(live))
        rows = loaders.metric_year(con, PLAN_ID, item_no="18-3")
    assert rows.loc[rows["fiscal_year"] == 2018, "actual_value"].tolist() == [99.0]


def test_a_day_before_the_newest_report_asks_metric_year_at(fresh_db, tmp_path):
    """「この日時点」: rows as reported on an earlier day never come from the kept rows."""
    before_import = now_jst() - dt.timedelta(seconds=1)
    _import(fresh_db, tmp_path, "18-3,,平成30年度,14,,,区の報告\n")
    with store.reading(fresh_db) as con:
        kept, live = _both(con, PLAN_ID, as_of=before_import)
        assert kept.empty
        rows = loaders.metric_year(con, PLAN_ID, as_of=before_import, item_no="18-3")
    assert rows.loc[rows["fiscal_year"] == 2018, "actual_value"].isna().all()
    assert len(live) > 0


def test_the_status_is_worked_out_for_the_day_asked(built_db):
    """year_ended and the status depend on the day: the kept rows answer any day since the newest report."""
    with store.reading(built_db) as con:
        for day in (dt.datetime(2019, 3, 1), dt.datetime(2019, 4, 1), dt.datetime(2030, 1, 1)):
            kept, live = _both(con, PLAN_ID, as_of=day)
            assert not kept.empty
            pd.testing.assert_frame_equal(kept, live, obj=str(day))


def _append_directly(con, plan_id):
    """A revision appended as a script would, without refreshing the kept rows."""
    con.execute(
        """insert into actual_revision (plan_id, item_no, metric_code, fiscal_year, value, value_text,
           source, editor, recorded_at, change_kind)
           select plan_id, item_no, metric_code, fiscal_year, 7, '7', 'test', 'tester', ?, 'import'
           from target where plan_id = ? limit 1""",
        [now_jst(), plan_id],
    )


def _is_current(db, plan_id) -> bool:
    with store.reading(db) as con:
        return not _both(con, plan_id)[0].empty


@pytest.fixture
def synth_copy(synth_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    db.write_bytes(synth_db.read_bytes())
    with store.reading(db) as con:
        return db, list(loaders.plans(con)["plan_id"])[:3]


def test_a_write_remakes_only_the_plans_it_touched(synth_copy):
    db, (first, _second, _third) = synth_copy
    with store.writing(db, backup_after=False) as con:
        _append_directly(con, first)
        assert current_rows.refresh_written(con, [first])
    _assert_current_and_equal(db, every_filter=False)


def test_a_revision_written_without_a_refresh_stops_every_kept_row_being_read(synth_copy):
    """No plan reads its kept rows until `refresh` (the stamp cannot tell whose revision it was);
    a later write does not remake them all, and `refresh` makes every plan current again."""
    db, (first, second, third) = synth_copy
    with store.writing(db, backup_after=False) as con:
        _append_directly(con, second)
    assert not any(_is_current(db, p) for p in (first, second, third))
    with store.writing(db, backup_after=False) as con:
        _append_directly(con, first)
        assert not current_rows.refresh_written(con, [first])
    assert not _is_current(db, first)
    current_rows.remake(db)
    _assert_current_and_equal(db, every_filter=False)


def test_a_write_of_many_plans_leaves_the_rows_to_refresh(synth_copy, monkeypatch):
    db, (first, second, _third) = synth_copy
    monkeypatch.setattr(current_rows, "ALL_PLANS_FROM", 2)
    with store.writing(db, backup_after=False) as con:
        _append_directly(con, first)
        _append_directly(con, second)
        assert not current_rows.refresh_written(con, [first, second])
    assert not _is_current(db, first)
    current_rows.remake(db)
    _assert_current_and_equal(db, every_filter=False)


def test_refresh_remakes_from_all_revisions_when_the_kept_rows_cannot_be_trusted(synth_copy):
    """With no stamp to say what the kept rows hold, refresh reads all of actual_revision."""
    db, (first, _second, _third) = synth_copy
    with store.writing(db, backup_after=False) as con:
        _append_directly(con, first)
        con.execute("delete from metric_year_current_stamp")
        con.execute("update metric_year_current set actual_value = -1")  # rows no longer to be trusted
    current_rows.remake(db)
    _assert_current_and_equal(db, every_filter=False)


def test_the_import_command_refreshes_after_an_import_of_many_plans(fresh_db, tmp_path, monkeypatch, capfd):
    """An import that leaves the kept rows to `refresh` runs it before the command returns."""
    from planboard import cli

    monkeypatch.setattr(current_rows, "ALL_PLANS_FROM", 1)
    path = tmp_path / "actuals.csv"
    path.write_text(HEADER + "18-3,,平成30年度,14,,,区の報告\n", encoding="utf-8")
    assert cli.main(["import-actuals", str(path), "--user", "山田 花子", "--db", str(fresh_db)]) == 0
    assert "作り直しました" in capfd.readouterr().out  # printed by the refresh command's own process
    _assert_current_and_equal(fresh_db)
