"""The read-only instance kept open between page runs: it is reused while nobody writes, and it
never keeps a writer out, whether the writer is in this process or in another one."""

from __future__ import annotations

import threading
import time

import pytest

from planboard import read_instance, store
from tests.processes import run_planboard


@pytest.fixture(autouse=True)
def no_instance_left_open():
    yield
    read_instance.close_all()


def _page_run(db) -> int:
    with store.shared_reads(), store.reading(db) as con:
        return con.execute("select count(*) from actual_revision").fetchone()[0]


def test_page_runs_share_one_instance_while_nobody_writes(fresh_db, monkeypatch):
    opened = []
    real = store.connect
    monkeypatch.setattr(store, "connect", lambda *a, **k: opened.append(k) or real(*a, **k))
    for _ in range(5):
        _page_run(fresh_db)
    assert opened == [{"read_only": True}]


def test_a_writer_in_this_process_closes_it_and_page_runs_see_the_write(fresh_db):
    before = _page_run(fresh_db)
    with store.writing(fresh_db) as con:
        con.execute(
            "insert into actual_revision (plan_id, item_no, metric_code, fiscal_year, value, value_text, source,"
            " editor, recorded_at, change_kind) select plan_id, item_no, metric_code, 2019, 1, '1', 'test',"
            " 'test', now()::timestamp, 'import' from metric where kind = 'count' limit 1"
        )
    assert _page_run(fresh_db) == before + 1


def test_a_writer_in_another_process_gets_the_store_while_the_server_holds_it_open(fresh_db, tmp_path):
    """A server busy with page runs (one every 50 ms, so the idle close never comes) while the
    command line imports: the importer's marker makes the page runs let go of the instance."""
    _page_run(fresh_db)
    stop = threading.Event()
    errors = []

    def viewer():
        while not stop.is_set():
            try:
                _page_run(fresh_db)
            except Exception as exc:  # noqa: BLE001 - a page run that fails is the finding
                errors.append(exc)
            time.sleep(0.05)

    thread = threading.Thread(target=viewer)
    thread.start()
    try:
        path = tmp_path / "actuals.csv"
        path.write_text("取組番号,指標,年度,実績値,進捗段階,備考,出典\n18-3,,2019,14,,,試験\n", encoding="utf-8")
        done = run_planboard("import-actuals", str(path), "--db", str(fresh_db), "--user", "試験")
    finally:
        stop.set()
        thread.join()
    assert done.returncode == 0, done.stderr
    assert errors == []
    assert not list(fresh_db.parent.glob(f"{fresh_db.name}.write-wanted-*"))  # the writer cleaned up


def test_the_instance_stays_open_while_its_viewers_read_a_page(fresh_db, monkeypatch):
    """Between page runs (a viewer reading for a few seconds) the instance stays warm."""
    monkeypatch.setattr(read_instance, "WATCH_S", 0.05)
    _page_run(fresh_db)
    time.sleep(0.4)  # eight looks of the watcher, none of which finds a reason to close
    assert read_instance._instances


def test_a_quiet_server_lets_a_writer_of_another_process_in(fresh_db, tmp_path):
    """No page run comes to see the importer's marker, and the idle close is a minute away:
    the watcher lets go of the file, so the import gets it within its 30 s of retries."""
    _page_run(fresh_db)
    assert read_instance._instances
    path = tmp_path / "actuals.csv"
    path.write_text("取組番号,指標,年度,実績値,進捗段階,備考,出典\n18-3,,2019,14,,,試験\n", encoding="utf-8")
    done = run_planboard("import-actuals", str(path), "--db", str(fresh_db), "--user", "試験")
    assert done.returncode == 0, done.stderr
    assert not read_instance._instances
    assert _page_run(fresh_db) > 0  # and the next page run opens it again


def test_a_quiet_server_lets_go_of_the_store_by_itself(fresh_db, monkeypatch):
    monkeypatch.setattr(read_instance, "IDLE_CLOSE_S", 0.2)
    monkeypatch.setattr(read_instance, "WATCH_S", 0.05)
    _page_run(fresh_db)
    assert read_instance._instances
    time.sleep(0.6)
    assert not read_instance._instances


def test_a_marker_left_by_a_dead_writer_is_ignored_once_stale(fresh_db, monkeypatch):
    marker = fresh_db.with_name(f"{fresh_db.name}.write-wanted-99999-1")
    marker.touch()
    assert read_instance.write_wanted(fresh_db)
    monkeypatch.setattr(read_instance, "STALE_MARKER_S", 0.0)
    assert not read_instance.write_wanted(fresh_db)
