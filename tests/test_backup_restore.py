"""Automatic backups after every committed write, and restore of a missing or damaged store
from data/plan/ plus the newest backup, losing nothing that was committed."""

from __future__ import annotations

import json
import logging
import random
import shutil

import pytest

from planboard import backup, ingest, integrity, notes, restore, store
from planboard.cli import main
from tests.conftest import PLAN_DIR, PLAN_ID

HEADER = "取組番号,指標,年度,実績値,進捗段階,備考,出典\n"


def _import(db, rows: str, name: str = "report.csv"):
    report = ingest.import_file(db, (HEADER + rows).encode(), "山田", file_name=name)
    assert report.ok, [p.message_en for p in report.problems]
    return report


def _histories(db):
    with store.reading(db) as con:
        return backup.store_tables(con)


def _some_history(db):
    """Imports, a correction, a revert and notes: every kind of row the histories hold."""
    _import(db, "18-3,,平成30年度,14,,,区の報告\n18-7,1-1,令和元年度,,運用開始,,収納課\n")
    second = _import(db, "18-3,,平成30年度,15,,訂正,区の報告\n", "correction.csv")
    with store.reading(db) as con:
        newest = con.execute("select max(revision_id) from actual_revision where batch_id = ?", [second.batch_id])
        newest = newest.fetchone()[0]
    ingest.revert(db, newest, "佐藤")
    notes.write_note(db, PLAN_ID, "18-3", "", 2019, "<b>開設が遅れた</b>", "山田")
    notes.write_note(db, PLAN_ID, "18-2", "", 2018, "=1+1", "佐藤")


def _corrupt(db, where: str) -> None:
    """Overwrite bytes of the store file: its header, or every block after the headers."""
    size = db.stat().st_size
    offset, length = (0, 4096) if where == "header" else (12288, size - 12288)
    with db.open("r+b") as f:
        f.seek(offset)
        f.write(random.Random(where).randbytes(length))


def test_every_committed_write_is_backed_up_and_the_newest_are_kept(fresh_db, monkeypatch):
    monkeypatch.setenv("PLANBOARD_BACKUP_KEEP", "3")
    _some_history(fresh_db)  # five writes
    found = backup.list_backups(fresh_db)
    assert len(found) == 3
    assert backup.backup_root(fresh_db) == fresh_db.parent / "backups" / "planboard"
    assert integrity.compare_with_backup(fresh_db) == []  # the newest backup is the store, row for row
    manifest = backup.read_manifest(found[-1])
    assert manifest["tables"]["metric_note_revision"]["rows"] == 2


def test_a_write_that_changes_nothing_makes_no_backup(fresh_db):
    _import(fresh_db, "18-3,,平成30年度,14,,,\n")
    count = len(backup.list_backups(fresh_db))
    _import(fresh_db, "18-3,,平成30年度,14,,,\n")  # unchanged: nothing written
    assert not ingest.import_file(fresh_db, (HEADER + "99-9,,H30,1,,,\n").encode(), "山田", file_name="x.csv").ok
    assert len(backup.list_backups(fresh_db)) == count


def test_backups_can_be_turned_off(fresh_db, monkeypatch):
    monkeypatch.setenv("PLANBOARD_BACKUP_KEEP", "0")
    _import(fresh_db, "18-3,,平成30年度,14,,,\n")
    assert backup.list_backups(fresh_db) == []
    assert integrity.compare_with_backup(fresh_db) == []


def test_a_failed_backup_leaves_the_write_standing_and_check_says_so(fresh_db, tmp_path, monkeypatch, caplog, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backup folder should be")
    monkeypatch.setenv("PLANBOARD_BACKUP_DIR", str(blocker))
    with caplog.at_level(logging.ERROR, logger="planboard.store"):
        report = _import(fresh_db, "18-3,,平成30年度,14,,,\n")
    assert report.written == 1  # the write is committed whatever happened to its backup
    assert any("backup" in r.message for r in caplog.records)
    assert main(["check", "--db", str(fresh_db)]) == 1
    assert "no backup" in capsys.readouterr().out


@pytest.mark.parametrize("where", ["header", "blocks"])
def test_a_damaged_store_is_restored_with_every_committed_row(fresh_db, where):
    _some_history(fresh_db)
    before = _histories(fresh_db)
    _corrupt(fresh_db, where)
    assert integrity.check_store(fresh_db)  # damaged: it cannot be opened or read
    with pytest.raises(store.StoreUnwritable) as refused:  # and a write says so (not "busy": no lock is held)
        _import(fresh_db, "18-2,,平成30年度,6,,,\n")
    assert refused.value.reason == "io"

    result = restore.restore(fresh_db, plan_dir=PLAN_DIR)

    after = _histories(fresh_db)
    assert all(after[t].equals(before[t]) for t in backup.TABLES)  # exactly: ids, times, batches, editors
    assert integrity.check_store(fresh_db) == []
    assert result.moved_aside is not None and result.moved_aside.exists()  # the damaged file is kept
    assert result.revisions == before["actual_revision"].num_rows and result.baselines_appended == 0
    new = _import(fresh_db, "18-2,,平成30年度,6,,,\n")  # the store carries on where it stopped
    with store.reading(fresh_db) as con:
        new_id = con.execute("select revision_id from actual_revision where batch_id = ?", [new.batch_id]).fetchone()
    assert new_id[0] == max(before["actual_revision"]["revision_id"].to_pylist()) + 1


def test_a_missing_store_is_restored(fresh_db):
    _some_history(fresh_db)
    before = _histories(fresh_db)
    fresh_db.unlink()
    result = restore.restore(fresh_db, plan_dir=PLAN_DIR)
    assert result.moved_aside is None
    after = _histories(fresh_db)
    assert all(after[t].equals(before[t]) for t in backup.TABLES)


def test_restore_refuses_a_whole_store_and_a_damaged_backup(fresh_db):
    _some_history(fresh_db)
    with pytest.raises(restore.RestoreError, match="whole"):
        restore.restore(fresh_db, plan_dir=PLAN_DIR)
    newest = backup.newest(fresh_db)
    parquet = newest / "actual_revision.parquet"
    parquet.write_bytes(parquet.read_bytes()[:-40] + bytes(40))
    with pytest.raises(restore.RestoreError, match="differs from the manifest"):
        restore.restore(fresh_db, newest, plan_dir=PLAN_DIR, force=True)
    assert integrity.check_store(fresh_db) == []  # a refused restore changes nothing


def test_restore_from_an_older_backup_by_name(fresh_db):
    _import(fresh_db, "18-3,,平成30年度,14,,,\n")
    older = backup.newest(fresh_db)
    _import(fresh_db, "18-3,,平成30年度,15,,,\n")
    restore.restore(fresh_db, older, plan_dir=PLAN_DIR, force=True)
    assert _histories(fresh_db)["actual_revision"].equals(backup.read_backup(older)["actual_revision"])


def test_check_and_restore_commands(fresh_db, capsys):
    _some_history(fresh_db)
    assert main(["check", "--db", str(fresh_db)]) == 0
    assert "whole" in capsys.readouterr().out
    assert main(["restore", "--db", str(fresh_db)]) == 1  # a whole store is not replaced
    _corrupt(fresh_db, "header")
    assert main(["check", "--db", str(fresh_db)]) == 1
    assert "cannot be opened" in capsys.readouterr().out
    assert main(["restore", "--db", str(fresh_db), "--plan-dir", str(PLAN_DIR)]) == 0
    assert "restored" in capsys.readouterr().out
    assert main(["check", "--db", str(fresh_db)]) == 0


def _parts(folder, table="actual_revision"):
    return [p["file"] for p in backup.read_manifest(folder)["tables"][table]["parts"]]


def test_backups_carry_the_newest_parts_over_and_each_holds_the_whole_history(fresh_db, monkeypatch):
    monkeypatch.setenv("PLANBOARD_BACKUP_KEEP", "10")
    _some_history(fresh_db)
    found = backup.list_backups(fresh_db)
    # the build's baselines, then one part per write that added revisions
    assert len(_parts(found[-1])) > len(_parts(found[0])) >= 1
    assert _parts(found[-1])[0] == "actual_revision.parquet"
    for folder in found:  # every folder alone is a whole backup of its moment
        saved = backup.read_backup(folder)["actual_revision"]
        assert saved.num_rows == backup.read_manifest(folder)["max_ids"]["actual_revision"]
    assert integrity.compare_with_backup(fresh_db) == []
    oldest = found[0]
    restore.restore(fresh_db, oldest, plan_dir=PLAN_DIR, force=True)
    assert _histories(fresh_db)["actual_revision"].equals(backup.read_backup(oldest)["actual_revision"])


def test_rows_that_differ_from_the_newest_backup_make_the_next_backup_whole(fresh_db):
    _import(fresh_db, "18-3,,平成30年度,14,,,\n")
    older = backup.newest(fresh_db)
    _import(fresh_db, "18-3,,平成30年度,15,,,\n")
    _import(fresh_db, "18-3,,平成30年度,16,,,\n")
    lost = backup.newest(fresh_db)
    restore.restore(fresh_db, older, plan_dir=PLAN_DIR, force=True)
    assert _parts(backup.newest(fresh_db)) == ["actual_revision.parquet"]  # ids went back: whole
    # Without the restore's own backup, the newest backup holds revision ids the store now
    # gives to other rows: its parts must not be carried over.
    shutil.rmtree(backup.newest(fresh_db))
    _import(fresh_db, "18-2,,平成30年度,6,,,\n18-2,,令和元年度,9,,,\n")
    assert backup.read_manifest(lost)["max_ids"] == backup.read_manifest(backup.newest(fresh_db))["max_ids"]
    assert _parts(backup.newest(fresh_db)) == ["actual_revision.parquet"]
    assert integrity.compare_with_backup(fresh_db) == []


def test_a_changed_part_is_not_carried_over(fresh_db):
    _import(fresh_db, "18-3,,平成30年度,14,,,\n")
    part = backup.newest(fresh_db) / "actual_revision.parquet"
    part.write_bytes(part.read_bytes()[:-40] + bytes(40))
    _import(fresh_db, "18-3,,平成30年度,15,,,\n")
    assert _parts(backup.newest(fresh_db)) == ["actual_revision.parquet"]
    assert integrity.compare_with_backup(fresh_db) == []


def test_a_backup_of_max_parts_is_written_whole_again(fresh_db, monkeypatch):
    monkeypatch.setattr(backup, "MAX_PARTS", 3)
    for value in range(14, 19):
        _import(fresh_db, f"18-3,,平成30年度,{value},,,\n")
        assert 1 <= len(_parts(backup.newest(fresh_db))) <= 3
    assert integrity.compare_with_backup(fresh_db) == []


def test_a_manifest_naming_a_file_outside_its_folder_is_refused(fresh_db):
    _import(fresh_db, "18-3,,平成30年度,14,,,\n")
    folder = backup.newest(fresh_db)
    manifest = backup.read_manifest(folder)
    manifest["tables"]["actual_revision"]["parts"][0]["file"] = "../actual_revision.parquet"
    (folder / backup.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(backup.BackupError, match="a part named"):
        backup.read_backup(folder)
