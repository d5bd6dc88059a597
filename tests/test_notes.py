"""評価・課題 notes: one current comment per metric and year, every version kept."""

from __future__ import annotations

import datetime as dt

import pytest

from planboard import ingest, loaders, notes, store
from tests.conftest import PLAN_ID, table_snapshot


def _current(db, item_no=None):
    with store.reading(db) as con:
        return loaders.metric_notes(con, PLAN_ID, item_no)


def test_a_note_is_written_and_read_back_as_the_current_note(fresh_db):
    note_id = notes.write_note(fresh_db, PLAN_ID, "18-3", "", "令和元年度", "用地確保が課題。", editor="山田")
    df = _current(fresh_db)
    assert note_id is not None
    assert df[["item_no", "metric_code", "fiscal_year", "note_text", "editor"]].values.tolist() == [
        ["18-3", "", 2019, "用地確保が課題。", "山田"]
    ]
    assert df.iloc[0]["metric_label_ja"] == "相談情報ひろば設置数"


def test_a_new_version_replaces_the_current_note_and_the_old_one_is_kept(fresh_db):
    notes.write_note(fresh_db, PLAN_ID, "18-7", "①－２", 2018, "最初の評価", editor="山田")
    notes.write_note(fresh_db, PLAN_ID, "18-7", "1-2", "H30", "見直した評価", editor="佐藤")
    assert list(_current(fresh_db, "18-7")["note_text"]) == ["見直した評価"]
    con = store.connect(fresh_db, read_only=True)
    history = con.execute("select note_text from metric_note_revision order by note_revision_id").fetchall()
    con.close()
    assert history == [("最初の評価",), ("見直した評価",)]


def test_clearing_a_note_hides_it_and_the_same_text_is_not_written_twice(fresh_db):
    notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "課題あり", editor="山田")
    before = table_snapshot(fresh_db)
    assert notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "課題あり", editor="山田") is None
    assert table_snapshot(fresh_db) == before
    notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "", editor="山田")
    assert _current(fresh_db).empty


def test_several_notes_are_saved_in_one_batch(fresh_db):
    ids = notes.write_notes(
        fresh_db,
        [notes.NoteInput(PLAN_ID, "18-2", "", 2018, "順調"), notes.NoteInput(PLAN_ID, "18-3", "", 2018, "順調")],
        editor="山田",
    )
    assert len(ids) == 2
    assert _current(fresh_db)["batch_id"].nunique() == 1


@pytest.mark.parametrize(
    ("item_no", "metric_code", "year", "text", "fragment"),
    [
        ("18-9", "", 2019, "x", "指標"),
        ("18-8", "", 2019, "x", "指標"),
        ("18-3", "", 2021, "x", "年度ではありません"),
        ("18-3", "", "来年度", "x", "読み取れません"),
        ("18-3", "", 2019, "長" * 4001, "4000文字以内"),
    ],
)
def test_a_bad_note_is_refused_and_nothing_is_written(fresh_db, item_no, metric_code, year, text, fragment):
    before = table_snapshot(fresh_db)
    with pytest.raises(notes.NoteError) as err:
        notes.write_note(fresh_db, PLAN_ID, item_no, metric_code, year, text, editor="山田")
    assert fragment in err.value.message_ja and err.value.message_en
    assert table_snapshot(fresh_db) == before


def test_a_note_needs_an_editor(fresh_db):
    with pytest.raises(ingest.EditorRequired):
        notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "x", editor="")


def test_an_old_store_gains_the_notes_table_on_its_first_note(tmp_path, built_db):
    import shutil

    db = tmp_path / "old.duckdb"
    shutil.copy(built_db, db)
    con = store.connect(db)
    con.execute("drop table metric_note_revision")
    con.execute("drop sequence metric_note_revision_seq")
    con.close()
    notes.write_note(db, PLAN_ID, "18-3", "", 2019, "移行後の最初の評価", editor="山田")
    assert list(_current(db)["note_text"]) == ["移行後の最初の評価"]


# --- the history of notes and reverts ---------------------------------------------------------


def _history(db, item_no=None):
    with store.reading(db) as con:
        return loaders.note_revisions(con, PLAN_ID, item_no)


def test_the_history_lists_every_note_change_with_before_after_and_editor(fresh_db):
    notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "最初の評価", editor="山田")
    notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "見直した評価", editor="佐藤")
    notes.write_note(fresh_db, PLAN_ID, "18-2", "", 2019, "別の指標", editor="山田")
    history = _history(fresh_db, "18-3")
    assert history[["previous_text", "note_text", "editor"]].values.tolist() == [
        ["最初の評価", "見直した評価", "佐藤"],
        ["", "最初の評価", "山田"],
    ]
    assert list(_history(fresh_db)["item_no"]) == ["18-2", "18-3", "18-3"]  # newest first


def test_reverting_an_older_note_revision_brings_back_what_it_replaced(fresh_db):
    first = notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "一", editor="山田")
    second = notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "二", editor="山田")
    notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "三", editor="山田")

    new_id = notes.revert_note(fresh_db, second, editor="佐藤")

    assert list(_current(fresh_db)["note_text"]) == ["一"]
    newest = _history(fresh_db).iloc[0]
    assert (newest["note_revision_id"], newest["previous_text"], newest["editor"]) == (new_id, "三", "佐藤")
    notes.revert_note(fresh_db, first, editor="佐藤")  # the first revision: the note is cleared
    assert _current(fresh_db).empty


def test_a_revert_that_changes_nothing_or_names_no_revision_is_refused(fresh_db):
    notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "一", editor="山田")
    second = notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "二", editor="山田")
    notes.revert_note(fresh_db, second, editor="山田")
    before = table_snapshot(fresh_db)
    for revision_id, fragment in ((second, "すでに"), (99999, "ありません")):
        with pytest.raises(notes.NoteError) as err:
            notes.revert_note(fresh_db, revision_id, editor="佐藤")
        assert fragment in err.value.message_ja and err.value.message_en
    assert table_snapshot(fresh_db) == before


def test_notes_as_reported_on_a_date_are_the_ones_written_by_then(fresh_db, monkeypatch):
    then = dt.datetime(2020, 6, 30, 12, 0)
    monkeypatch.setattr(store, "now_jst", lambda: then)
    notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "当時の評価", editor="山田")
    monkeypatch.setattr(store, "now_jst", lambda: then + dt.timedelta(days=1))
    notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "後の評価", editor="山田")
    with store.reading(fresh_db) as con:
        assert list(loaders.metric_notes(con, PLAN_ID, "18-3", as_of=then)["note_text"]) == ["当時の評価"]
        assert loaders.metric_notes(con, PLAN_ID, "18-3", as_of=then - dt.timedelta(seconds=1)).empty
        assert list(loaders.metric_notes(con, PLAN_ID, "18-3")["note_text"]) == ["後の評価"]
