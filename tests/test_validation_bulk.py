"""Whole-file validation: rows the SQL check passes and rows the row checker reads give the same
answers. Each case runs twice, once as it is and once with the SQL check passing no row (every
row then goes through the row checker), and the two reports must agree entirely."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.compute as pc
import pytest

from planboard import bench_import, ingest, queries, store, validation
from planboard.settings import PROJECT_ROOT

BAD_FILES = Path(__file__).parent / "bad_files"
HEADER = "取組番号,指標,年度,実績値,進捗段階,備考,出典\n"
PLAIN = (
    "18-2,,2018,6,,,区の報告\n"
    "18-3,,2019,14,,,\n"
    "18-4,,2018,,開始,,\n"
    "18-7,1-1,2019,,運用開始,,\n"
    "18-7,2-1,2019,,2,,\n"
    "18-6,,2019,7,,,\n"
)
# The same rows the way Japanese Excel users write them: 和暦, full-width digits and dashes,
# stage names with other spacing and width, circled numbers.
JAPANESE_EXCEL = (
    "１８－２,,平成30年度,６,,,区の報告\n"
    "18‐3,,令和元年度,１４,,,\n"
    "１８－４,,H30,, 開始 ,,\n"
    "18-7,①－１,R1,,運用　開始,,\n"
    "18-7,②-１,31年度,,２,,\n"
    "(18-6),,２０１９,７.0,,,\n"
)


def _all_rows_by_the_row_checker(monkeypatch) -> None:
    fast_rows = queries.arrow

    def no_row_passes(con, name, **params):
        table = fast_rows(con, name, **params)
        if name != "import_fast_rows":
            return table
        index = table.schema.get_field_index("fast_ok")
        return table.set_column(index, "fast_ok", pc.equal(table.column("fast_ok"), None).fill_null(False))

    monkeypatch.setattr(queries, "arrow", no_row_passes)


def _report_both_ways(monkeypatch, check) -> tuple[ingest.ImportReport, ingest.ImportReport]:
    usual = check()
    with monkeypatch.context() as m:
        _all_rows_by_the_row_checker(m)
        by_row = check()
    return usual, by_row


def _same(a: ingest.ImportReport, b: ingest.ImportReport) -> None:
    assert [p.message("ja") for p in a.problems] == [p.message("ja") for p in b.problems]
    assert a.changes_frame().equals(b.changes_frame())
    assert a.skipped_rows == b.skipped_rows
    assert a.token == b.token


def _revisions(db: Path) -> list[tuple]:
    """Every revision but its batch id and time, which differ between two writes."""
    with store.reading(db) as con:
        return con.execute(
            "select * exclude (batch_id, recorded_at) from actual_revision order by revision_id"
        ).fetchall()


def _rows_read_one_by_one(monkeypatch) -> list[int]:
    seen: list[int] = []
    parse = validation.RowChecker.parse

    def counting(self, row):
        seen.append(row.row_no)
        return parse(self, row)

    monkeypatch.setattr(validation.RowChecker, "parse", counting)
    return seen


def test_plain_rows_pass_in_sql_and_japanese_excel_rows_are_read_one_by_one_to_the_same_preview(
    fresh_db, tmp_path, monkeypatch
):
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    plain.write_text(HEADER + PLAIN, encoding="utf-8")
    excel.write_text(HEADER + JAPANESE_EXCEL, encoding="cp932")
    seen = _rows_read_one_by_one(monkeypatch)

    from_plain = ingest.check_file(fresh_db, plain)
    assert seen == []  # every plain row passed the SQL check
    from_excel = ingest.check_file(fresh_db, excel)
    # Codes, years and stage names are normalised once per distinct text, so those rows pass in
    # bulk too; the counts written in full-width digits or as 7.0 are read one by one.
    assert seen == [2, 3, 7]

    assert from_plain.ok and from_excel.ok, from_excel.to_text()
    assert from_plain.changes_frame().drop(columns="source").equals(from_excel.changes_frame().drop(columns="source"))
    assert list(from_plain.changes_frame()["after_text"]) == ["6", "14", "開始", "運用開始", "システム改修", "7"]


def test_rows_read_either_way_come_back_in_file_order(fresh_db, tmp_path):
    path = tmp_path / "mixed.csv"
    rows = PLAIN.splitlines()
    excel = JAPANESE_EXCEL.splitlines()
    path.write_text(HEADER + "\n".join([excel[0], rows[1], excel[2], rows[3], excel[4], rows[5]]) + "\n", "utf-8")
    report = ingest.check_file(fresh_db, path)
    assert report.ok
    assert list(report.changes_frame()["row"]) == [2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("name", sorted(p.name for p in BAD_FILES.glob("*.csv") if p.name != "expected.csv"))
def test_every_bad_file_gets_the_same_messages_either_way(name, fresh_db, monkeypatch):
    usual, by_row = _report_both_ways(monkeypatch, lambda: ingest.check_file(fresh_db, BAD_FILES / name))
    assert not usual.ok
    _same(usual, by_row)


def test_a_file_over_many_plans_imports_the_same_either_way(tmp_path, monkeypatch):
    """The benchmark's file on the 12-plan synthetic store: every kind of row, several plans."""
    db = tmp_path / "small.duckdb"
    subprocess.run(
        [sys.executable, "-m", "planboard", "synth", "--small", "--db", str(db)],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    path = tmp_path / "many.csv"
    assert bench_import.write_csv(db, path, 100_000) == 1440  # every metric and year of the 12 plans
    usual, by_row = _report_both_ways(monkeypatch, lambda: ingest.check_file(db, path))
    assert usual.ok and usual.change_count == 1440
    assert usual.counts()["changed"] > 0 and usual.counts()["unchanged"] > 0 and usual.counts()["new"] > 0
    _same(usual, by_row)

    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    written = ingest.import_file(db, path, editor="試験", expected_token=usual.token)
    with monkeypatch.context() as m:
        _all_rows_by_the_row_checker(m)
        written_by_row = ingest.import_file(copy, path, editor="試験")
    assert written.written == written_by_row.written == usual.counts()["new"] + usual.counts()["changed"]
    assert _revisions(db) == _revisions(copy)

    again = ingest.check_file(db, path)
    assert again.ok and again.counts() == {"new": 0, "changed": 0, "unchanged": 1440}


def test_a_large_file_gives_its_memory_back_and_keeps_its_report(fresh_db, monkeypatch):
    """After a file of LARGE_FILE_ROWS rows or more is read, and again once it is checked (or
    imported), the freed memory is handed back (heap.release_free_memory); the report is whole
    all the same."""
    from planboard import heap, ingest

    released = []
    monkeypatch.setattr(heap, "release_free_memory", lambda: released.append(True))
    monkeypatch.setattr(ingest, "LARGE_FILE_ROWS", 2)
    data = "取組番号,指標,年度,実績値,進捗段階,備考,出典\n18-3,,平成30年度,14,,,\n18-2,,平成30年度,6,,,\n".encode()
    report = ingest.check_file(fresh_db, data, "large.csv")
    assert report.ok and report.change_count == 2 and len(released) == 2
    written = ingest.import_file(fresh_db, data, "山田", file_name="large.csv")
    assert written.ok and written.written == 2 and len(released) == 4
    monkeypatch.setattr(ingest, "LARGE_FILE_ROWS", 3)
    ingest.check_file(fresh_db, data, "small.csv")
    assert len(released) == 4  # a small file keeps its memory for the next one


def test_release_free_memory_runs_here():
    from planboard import heap

    heap.release_free_memory()  # glibc: malloc_trim; elsewhere nothing, and never an error
