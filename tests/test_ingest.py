"""Importing actuals: the dry run, the write, corrections from a table, reverts, and what the view then shows."""

from __future__ import annotations

import datetime as dt
import uuid

import pandas as pd
import pytest

from planboard import ingest, loaders, store
from tests.conftest import PLAN_ID, table_snapshot

HEADER = "取組番号,指標,年度,実績値,進捗段階,備考,出典\n"


def _csv(tmp_path, body: str, name: str = "actuals.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _revisions(db, baseline: bool = False) -> list[dict]:
    con = store.connect(db, read_only=True)
    try:
        rows = con.execute(
            "select * from actual_revision where (change_kind = 'baseline') = ? order by revision_id", [baseline]
        )
        return rows.df().to_dict("records")
    finally:
        con.close()


def _actual(db, item_no: str, metric_code: str, fiscal_year: int) -> dict:
    with store.reading(db) as con:
        rows = loaders.metric_year(con, PLAN_ID, item_no=item_no)
    row = rows[(rows["metric_code"] == metric_code) & (rows["fiscal_year"] == fiscal_year)]
    return row.iloc[0].to_dict()


def test_dry_run_shows_every_row_before_and_after_and_writes_nothing(fresh_db, tmp_path):
    path = _csv(
        tmp_path,
        "18-3,,平成30年度,14,,,区の報告\n18-7,①－１,令和元年度,,運用開始,,\n18-2,,2017,3,,平成29年度に新規3事業（累計3）,\n",
    )
    before = table_snapshot(fresh_db)

    report = ingest.check_file(fresh_db, path)

    assert report.ok and report.dry_run
    frame = report.changes_frame()
    assert list(frame["status"]) == ["new", "new", "unchanged"]
    assert list(frame["before_text"].fillna("-")) == ["-", "-", "3"]
    assert list(frame["after_text"]) == ["14", "運用開始", "3"]
    assert report.counts() == {"new": 2, "changed": 0, "unchanged": 1}
    assert "（なし） → 14 [新規]" in report.to_text("ja")
    assert table_snapshot(fresh_db) == before


def test_import_appends_one_batch_with_editor_source_and_kind(fresh_db, tmp_path):
    path = _csv(tmp_path, "18-3,,平成30年度,14,,,区の報告\n18-7,1-1,令和元年度,,運用開始,,\n")
    started = store.now_jst()

    report = ingest.import_file(fresh_db, path, editor="山田 花子")

    assert report.ok and report.written == 2 and not report.dry_run
    uuid.UUID(report.batch_id)
    rows = _revisions(fresh_db)
    assert [(r["item_no"], r["metric_code"], r["fiscal_year"]) for r in rows] == [
        ("18-3", "", 2018),
        ("18-7", "1-1", 2019),
    ]
    assert [r["source"] for r in rows] == ["区の報告", "actuals.csv"]  # 出典, else the file name
    assert {r["editor"] for r in rows} == {"山田 花子"}
    assert {r["change_kind"] for r in rows} == {"import"}
    assert {r["batch_id"] for r in rows} == {report.batch_id}
    assert all(started - dt.timedelta(seconds=1) <= r["recorded_at"] <= store.now_jst() for r in rows)
    assert (rows[0]["value"], rows[0]["value_text"], rows[1]["stage_no"]) == (14.0, "14", 3)
    assert _actual(fresh_db, "18-3", "", 2018)["status"] == "achieved"


def test_reimporting_the_same_file_writes_nothing(fresh_db, tmp_path):
    path = _csv(tmp_path, "18-3,,平成30年度,14,,,\n")
    ingest.import_file(fresh_db, path, editor="山田")
    before = table_snapshot(fresh_db)

    report = ingest.import_file(fresh_db, path, editor="山田")

    assert report.ok and report.written == 0 and report.batch_id is None
    assert report.counts()["unchanged"] == 1
    assert table_snapshot(fresh_db) == before


def test_a_changed_value_is_a_correction_showing_the_value_it_replaces(fresh_db, tmp_path):
    ingest.import_file(fresh_db, _csv(tmp_path, "18-3,,平成30年度,13,,,\n"), editor="山田")

    report = ingest.import_file(fresh_db, _csv(tmp_path, "18-3,,H30,14,,,\n", "fixed.csv"), editor="佐藤")

    change = report.changes[0]
    assert (change.status, change.before_text, change.value_text, change.change_kind) == (
        "changed",
        "13",
        "14",
        "correction",
    )
    assert [r["value"] for r in _revisions(fresh_db)] == [13.0, 14.0]  # the old one is kept


def test_a_count_may_fall_when_the_note_says_why(fresh_db, tmp_path):
    path = _csv(tmp_path, "18-3,,平成30年度,11,,1か所が閉鎖されたため減少,\n")
    report = ingest.import_file(fresh_db, path, editor="山田")
    assert report.ok and report.written == 1


def test_every_write_needs_an_editor(fresh_db, tmp_path):
    before = table_snapshot(fresh_db)
    with pytest.raises(ingest.EditorRequired):
        ingest.import_file(fresh_db, _csv(tmp_path, "18-3,,平成30年度,14,,,\n"), editor="  ")
    assert table_snapshot(fresh_db) == before


def test_uploaded_bytes_are_read_like_a_file(fresh_db):
    data = (HEADER + "18-3,,平成30年度,14,,,\n").encode("cp932")
    report = ingest.check_file(fresh_db, data, file_name="C:\\Users\\x\\報告.csv")
    assert report.ok and report.encoding == "cp932" and report.source_name == "報告.csv"


def test_confirming_a_stale_preview_is_refused(fresh_db, tmp_path):
    path = _csv(tmp_path, "18-3,,平成30年度,14,,,\n")
    preview = ingest.check_file(fresh_db, path)
    ingest.import_file(fresh_db, _csv(tmp_path, "18-3,,平成30年度,15,,,\n", "other.csv"), editor="佐藤")
    before = table_snapshot(fresh_db)

    report = ingest.import_file(fresh_db, path, editor="山田", expected_token=preview.token)

    assert [p.code for p in report.problems] == ["store_changed"]
    assert table_snapshot(fresh_db) == before


def test_the_write_validates_again_against_the_store_as_it_is_then(fresh_db, tmp_path):
    path = _csv(tmp_path, "18-3,,令和元年度,15,,,\n")
    assert ingest.check_file(fresh_db, path).ok
    ingest.import_file(fresh_db, _csv(tmp_path, "18-3,,平成30年度,16,,,\n", "earlier.csv"), editor="佐藤")

    report = ingest.import_file(fresh_db, path, editor="山田")

    assert [p.code for p in report.problems] == ["count_falls"]
    assert "登録済みの実績" in report.problems[0].message_ja


def test_stages_by_name_number_english_and_not_started(fresh_db, tmp_path):
    path = _csv(
        tmp_path,
        "18-7,1-1,H30,,２,,\n18-7,1-2,H30,,System changes,,\n18-7,1-3,H30,,未着手,,\n18-7,1-4,H30,,0,,\n"
        "2-4,1-2,H30,,受付開始（児童手当の現況届）,,\n",
    )
    report = ingest.check_file(fresh_db, path)
    assert [c.stage_no for c in report.changes] == [2, 2, 0, 0, 2]
    assert [c.value_text for c in report.changes] == [
        "システム改修",
        "システム改修",
        "未着手",
        "未着手",
        "受付開始 (児童手当の現況届)",
    ]


def test_codes_that_excel_turned_into_dates_are_read_back(fresh_db, tmp_path):
    path = _csv(tmp_path, "2月4日,1月1日,H30,,充実,,\n")
    report = ingest.check_file(fresh_db, path)
    assert report.ok, [p.message_ja for p in report.problems]
    assert (report.changes[0].item_no, report.changes[0].metric_code) == ("2-4", "1-1")


def test_a_store_with_two_plans_needs_the_plan_named(tmp_path):
    import shutil

    from tests.conftest import PLAN_DIR

    plan_dir = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan_dir)
    other = plan_dir / "other-plan"
    shutil.copytree(plan_dir / PLAN_ID, other)
    for f in other.glob("*.csv"):
        f.write_text(f.read_text(encoding="utf-8").replace(PLAN_ID, "other-plan"), encoding="utf-8")
    db = tmp_path / "two.duckdb"
    store.build(db, plan_dir)
    path = _csv(tmp_path, "18-3,,平成30年度,14,,,\n")

    assert [p.code for p in ingest.check_file(db, path).problems] == ["plan_required"]
    assert ingest.check_file(db, path, plan_id="other-plan").changes[0].plan_id == "other-plan"


# --- corrections from the on-screen table ---------------------------------------------------------


def test_corrections_from_a_table_are_validated_the_same_way_and_recorded_as_corrections(fresh_db):
    frame = pd.DataFrame(
        {
            "取組番号": ["18-3", "18-2"],
            "指標": ["", None],
            "年度": [2018, "令和元年度"],
            "実績値": [14.0, 9],
            "進捗段階": [None, None],
            "備考": [None, "確定値"],
            "指標名": ["（画面の参考列）", "（画面の参考列）"],
        }
    )
    preview = ingest.check_corrections(fresh_db, frame)
    assert preview.ok and [c.change_kind for c in preview.changes] == ["correction", "correction"]

    report = ingest.apply_corrections(fresh_db, frame, editor="佐藤", expected_token=preview.token)

    rows = _revisions(fresh_db)
    assert [(r["item_no"], r["value"], r["change_kind"]) for r in rows] == [
        ("18-3", 14.0, "correction"),
        ("18-2", 9.0, "correction"),
    ]
    assert {r["source"] for r in rows} == {ingest.CORRECTION_SOURCE}
    assert report.written == 2


def test_a_bad_table_row_is_named_by_its_position_in_the_table(fresh_db):
    frame = pd.DataFrame({"item_no": ["18-3", "18-3"], "fiscal_year": [2018, 2019], "value": ["14", "abc"]})
    before = table_snapshot(fresh_db)
    report = ingest.apply_corrections(fresh_db, frame, editor="佐藤")
    assert [(p.row, p.column) for p in report.problems] == [(2, "value")]
    assert report.problems[0].message_ja.startswith("2行目「value」列")
    assert table_snapshot(fresh_db) == before


def test_as_of_a_date_before_the_build_keeps_the_plan_documents_baselines(fresh_db, tmp_path):
    """The baselines are the document's figures, known from the start; later reports are not."""
    ingest.import_file(fresh_db, _csv(tmp_path, "18-2,,2017,4,,訂正,\n"), editor="山田")
    before_the_build = dt.datetime(2019, 6, 30)
    with store.reading(fresh_db) as con:
        built_at = con.execute("select min(recorded_at) from actual_revision").fetchone()[0]
        then = loaders.metric_year(con, PLAN_ID, as_of=before_the_build, item_no="18-2")
        now = loaders.metric_year(con, PLAN_ID, item_no="18-2")
    assert before_the_build < built_at
    baseline_then = then[then["fiscal_year"] == 2017].iloc[0]
    assert (baseline_then["actual_value"], baseline_then["actual_text"]) == (3.0, "新規3事業")
    assert baseline_then["base_value"] == 3.0  # the statuses of the plan years compare against it
    assert now[now["fiscal_year"] == 2017].iloc[0]["actual_value"] == 4.0


# --- reverts ----------------------------------------------------------------------------------------


def test_revert_restores_the_value_the_revision_replaced(fresh_db, tmp_path):
    ingest.import_file(fresh_db, _csv(tmp_path, "18-3,,平成30年度,13,,最初の報告,\n"), editor="山田")
    ingest.import_file(fresh_db, _csv(tmp_path, "18-3,,平成30年度,14,,,\n", "b.csv"), editor="山田")
    wrong = _revisions(fresh_db)[-1]["revision_id"]

    result = ingest.revert(fresh_db, wrong, editor="佐藤")

    last = _revisions(fresh_db)[-1]
    assert (last["change_kind"], last["reverts_revision_id"], last["value"], last["note"]) == (
        "revert",
        wrong,
        13.0,
        "最初の報告",
    )
    assert last["editor"] == "佐藤" and not result.withdrawn
    assert _actual(fresh_db, "18-3", "", 2018)["actual_value"] == 13.0


def test_reverting_the_first_actual_withdraws_it_and_the_view_shows_no_actual(fresh_db, tmp_path):
    ingest.import_file(fresh_db, _csv(tmp_path, "18-3,,平成30年度,14,,,\n"), editor="山田")
    first = _revisions(fresh_db)[-1]["revision_id"]

    result = ingest.revert(fresh_db, first, editor="佐藤")

    assert result.withdrawn and result.value is None and result.stage_no is None
    row = _actual(fresh_db, "18-3", "", 2018)
    assert pd.isna(row["actual_value"]) and row["status"] == "no_actual"
    assert row["actual_note"] == ingest.WITHDRAWN_NOTE and row["actual_revision_id"] == result.revision_id
    with store.reading(fresh_db) as con:
        item = loaders.items(con, PLAN_ID, 2018).set_index("item_no").loc["18-3"]
    assert item["metrics_with_actual_count"] == 0


def test_a_revert_can_itself_be_reverted(fresh_db, tmp_path):
    ingest.import_file(fresh_db, _csv(tmp_path, "18-3,,平成30年度,14,,,\n"), editor="山田")
    undone = ingest.revert(fresh_db, _revisions(fresh_db)[-1]["revision_id"], editor="佐藤")
    redone = ingest.revert(fresh_db, undone.revision_id, editor="佐藤")
    assert redone.value == 14.0 and _actual(fresh_db, "18-3", "", 2018)["actual_value"] == 14.0


def _import_values(db, tmp_path, *values: int) -> list[int]:
    """Import 18-3's FY2018 value once per value, in order; returns the revision ids."""
    for n, value in enumerate(values):
        ingest.import_file(db, _csv(tmp_path, f"18-3,,平成30年度,{value},,,\n", f"{n}.csv"), editor="山田")
    return [r["revision_id"] for r in _revisions(db)[-len(values) :]]


def test_an_older_change_can_be_reverted_after_the_newest_was(fresh_db, tmp_path):
    """15 → 16 → 17, the 17 reverted: reverting the 16 brings back 15 (no loop, no "newest first")."""
    first, second, third = _import_values(fresh_db, tmp_path, 15, 16, 17)
    ingest.revert(fresh_db, third, editor="佐藤")
    assert _actual(fresh_db, "18-3", "", 2018)["actual_value"] == 16.0

    preview = ingest.revert_preview(fresh_db, second)
    assert (preview.current_text, preview.value_text, preview.restored_revision_id) == ("16", "15", first)
    result = ingest.revert(fresh_db, second, editor="佐藤")

    assert result.value == 15.0 and _actual(fresh_db, "18-3", "", 2018)["actual_value"] == 15.0
    last = _revisions(fresh_db)[-1]
    assert (last["change_kind"], last["reverts_revision_id"]) == ("revert", second)


def test_reverting_an_older_change_undoes_the_later_ones_and_the_preview_says_so(fresh_db, tmp_path):
    first, second, third = _import_values(fresh_db, tmp_path, 15, 16, 17)
    before = table_snapshot(fresh_db)
    preview = ingest.revert_preview(fresh_db, first)
    assert preview.withdrawn and preview.current_text == "17" and preview.later_revision_ids == (second, third)
    assert table_snapshot(fresh_db) == before  # the preview wrote nothing
    ingest.revert(fresh_db, first, editor="佐藤")
    assert pd.isna(_actual(fresh_db, "18-3", "", 2018)["actual_value"])


def test_baselines_unknown_revisions_and_reverts_that_change_nothing_are_refused(fresh_db, tmp_path):
    first, second = _import_values(fresh_db, tmp_path, 13, 14)
    ingest.revert(fresh_db, second, editor="佐藤")  # back to 13
    baseline = _revisions(fresh_db, baseline=True)[0]["revision_id"]
    before = table_snapshot(fresh_db)

    refusals = ((second, "すでに現在の値"), (baseline, "計画書の現況値"), (99999, "ありません"))
    for revision_id, fragment in refusals:
        for attempt in (ingest.revert_preview, lambda db, r: ingest.revert(db, r, editor="佐藤")):
            with pytest.raises(ingest.RevertError) as err:
                attempt(fresh_db, revision_id)
            assert fragment in err.value.message_ja and err.value.message_en
            assert "newest" not in err.value.message_en
    with pytest.raises(ingest.EditorRequired):
        ingest.revert(fresh_db, first, editor="")
    assert table_snapshot(fresh_db) == before


def test_cli_revert_previews_with_dry_run_and_reverts_an_older_change(fresh_db, tmp_path, capsys):
    from planboard import cli

    _first, second, third = _import_values(fresh_db, tmp_path, 15, 16, 17)
    before = table_snapshot(fresh_db)
    assert cli.main(["revert", str(second), "--dry-run", "--db", str(fresh_db)]) == 0
    assert f"版 {second} を取り消すと、値は「17」→「15」になります。" in capsys.readouterr().out
    assert cli.main(["revert", str(second), "--db", str(fresh_db)]) == 2  # writing needs --user
    assert table_snapshot(fresh_db) == before

    assert cli.main(["revert", str(second), "--user", "佐藤", "--db", str(fresh_db)]) == 0
    assert f"（{third}）の変更も、あわせて取り消しました" in capsys.readouterr().out
    assert cli.main(["revert", str(second), "--user", "佐藤", "--db", str(fresh_db), "--lang", "en"]) == 1
    assert "already the current value" in capsys.readouterr().err
    assert _actual(fresh_db, "18-3", "", 2018)["actual_value"] == 15.0


def test_sessions_of_one_process_take_turns_and_readers_wait(fresh_db, tmp_path, monkeypatch):
    """Several app sessions (threads) import at once while another previews: all land, none fails."""
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setenv(store.PAUSE_ENV, "0.2")  # hold each transaction open a little
    files = [_csv(tmp_path, f"18-7,1-{i},令和元年度,,運用開始,,thread\n", f"t{i}.csv") for i in range(1, 5)]
    preview = _csv(tmp_path, "18-3,,平成30年度,14,,,\n", "preview.csv")
    with ThreadPoolExecutor(5) as pool:
        writes = [pool.submit(ingest.import_file, fresh_db, f, "山田") for f in files]
        read = pool.submit(ingest.check_file, fresh_db, preview)
        results = [w.result() for w in writes]
    assert all(r.ok and r.written == 1 for r in results)
    assert read.result().ok
    assert len({r["batch_id"] for r in _revisions(fresh_db)}) == 4


def test_a_count_above_a_later_years_current_actual_needs_a_note(fresh_db, tmp_path):
    ingest.import_file(fresh_db, _csv(tmp_path, "18-3,,令和元年度,16,,,\n"), editor="山田")
    report = ingest.check_file(fresh_db, _csv(tmp_path, "18-3,,平成30年度,18,,,\n", "b.csv"))
    assert [p.code for p in report.problems] == ["count_falls"]
    assert "令和元年度（登録済みの実績）の累計 16 がこの値より少なくなります" in report.problems[0].message_ja
