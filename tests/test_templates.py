"""The import template, the current-actuals export, their round trip, and formula-safe cells."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from planboard import ingest, safe_cells, store, templates
from planboard.demo import SAMPLE_FILE
from tests.conftest import PLAN_ID, table_snapshot

IMPORT_HEADERS = ["計画", "取組番号", "指標", "年度", "実績値", "進捗段階", "備考", "出典"]


def _file(db, file_format: str, with_actuals: bool = False) -> bytes:
    with store.reading(db) as con:
        return templates.actuals_file(con, PLAN_ID, file_format, with_actuals=with_actuals)


def _csv_rows(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _xlsx_rows(data: bytes) -> tuple[list, list[list]]:
    ws = load_workbook(io.BytesIO(data))["実績"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def test_template_has_one_row_per_metric_and_plan_year_with_japanese_headers(built_db):
    rows = _csv_rows(_file(built_db, "csv"))
    assert len(rows) == 20 * 2  # 20 metrics × FY2018, FY2019
    assert set(IMPORT_HEADERS) <= set(rows[0])
    assert {r["年度"] for r in rows} == {"平成30年度", "令和元年度"}
    assert all(r["実績値"] == "" and r["進捗段階"] == "" for r in rows)
    first = rows[0]
    assert (first["取組番号"], first["指標"], first["指標名"], first["種類"]) == (
        "18-1",
        "",
        "区政改革計画の具体的取組",
        "段階",
    )
    assert first["選べる段階"] == "未着手 / 準備 / 策定 / 推進"
    header, xlsx_rows = _xlsx_rows(_file(built_db, "xlsx"))
    assert set(IMPORT_HEADERS) <= set(header) and len(xlsx_rows) == 40


def test_a_blank_template_imports_nothing_and_says_so(built_db, tmp_path):
    path = tmp_path / "template.xlsx"
    path.write_bytes(_file(built_db, "xlsx"))
    report = ingest.check_file(built_db, path)
    assert [p.code for p in report.problems] == ["no_values"]
    assert len(report.skipped_rows) == 40


def test_a_filled_in_xlsx_template_imports(fresh_db, tmp_path):
    wb = load_workbook(io.BytesIO(_file(fresh_db, "xlsx")))
    ws = wb["実績"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        if cells["取組番号"].value == "18-3" and cells["年度"].value == "平成30年度":
            cells["実績値"].value = 14
        if cells["取組番号"].value == "18-7" and cells["指標"].value == "1-1" and cells["年度"].value == "令和元年度":
            cells["進捗段階"].value = "運用開始"
    path = tmp_path / "filled.xlsx"
    wb.save(path)

    report = ingest.import_file(fresh_db, path, editor="山田")

    assert report.ok and report.written == 2, [p.message_ja for p in report.problems]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_changes_nothing_and_an_edit_lands(fresh_db, tmp_path, file_format):
    assert ingest.import_file(fresh_db, SAMPLE_FILE, editor="サンプル（架空）").ok
    exported = tmp_path / f"actuals.{file_format}"
    exported.write_bytes(_file(fresh_db, file_format, with_actuals=True))
    before = table_snapshot(fresh_db)

    again = ingest.import_file(fresh_db, exported, editor="山田")

    assert again.ok and again.written == 0 and again.counts()["changed"] == 0
    assert again.counts()["unchanged"] == 40 + 17  # the sample's rows + the 17 baselines that hold an actual
    assert table_snapshot(fresh_db) == before

    _edit(exported, file_format, item_no="18-3", year="令和元年度", value=16)
    edited = ingest.import_file(fresh_db, exported, editor="山田")

    assert edited.ok and edited.written == 1
    change = next(c for c in edited.changes if c.status == "changed")
    assert (change.item_no, change.fiscal_year, change.before_text, change.value_text) == ("18-3", 2019, "15", "16")


def _edit(path, file_format, item_no, year, value):
    if file_format == "csv":
        rows = _csv_rows(path.read_bytes())
        for r in rows:
            if r["取組番号"] == item_no and r["年度"] == year:
                r["実績値"] = str(value)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_bytes(out.getvalue().encode("utf-8-sig"))
        return
    wb = load_workbook(path)
    ws = wb["実績"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        if cells["取組番号"].value == item_no and cells["年度"].value == year:
            cells["実績値"].value = value
    wb.save(path)


@pytest.mark.parametrize("text", ["=1+1", "+81-3-3993-1111", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(text):
    assert safe_cells.neutralise(text) == "'" + text
    assert safe_cells.restore(safe_cells.neutralise(text)) == text


def test_exports_neutralise_formulas_and_the_importer_reads_them_back(fresh_db, tmp_path):
    hostile = '=HYPERLINK("http://example.com","click")'
    source = tmp_path / "hostile.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [["取組番号", "指標", "年度", "実績値", "備考", "出典"], ["18-3", "", "H30", "14", hostile, "@source"]]
        )
    assert ingest.import_file(fresh_db, source, editor="山田").ok

    csv_data = _file(fresh_db, "csv", with_actuals=True)
    row = next(r for r in _csv_rows(csv_data) if r["取組番号"] == "18-3" and r["年度"] == "平成30年度")
    assert (row["備考"], row["出典"]) == ("'" + hostile, "'@source")
    xlsx_data = _file(fresh_db, "xlsx", with_actuals=True)
    ws = load_workbook(io.BytesIO(xlsx_data))["実績"]
    notes = [c for c in ws["K"] if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert [(c.value, c.data_type) for c in notes] == [("'" + hostile, "s")]  # text, not a formula

    for data, name in ((csv_data, "again.csv"), (xlsx_data, "again.xlsx")):
        path = tmp_path / name
        path.write_bytes(data)
        report = ingest.check_file(fresh_db, path)
        assert report.ok and report.counts()["changed"] == 0, name


def test_csv_bytes_are_excel_friendly():
    import pandas as pd

    data = safe_cells.csv_bytes(pd.DataFrame({"名前": ["=cmd", "普通"], "数": [1, None]}))
    assert data == "\ufeff名前,数\r\n'=cmd,1\r\n普通,\r\n".encode()
