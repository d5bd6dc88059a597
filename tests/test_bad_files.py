"""A corpus of bad actuals files: each is refused with a message naming its row and column, and the store is unchanged.

tests/bad_files/expected.csv lists every file with the row, column, problem code and
a fragment of the Japanese message it must produce. Files under generated/ are made
here (workbooks, zip bombs, binary garbage); the others are committed as they are.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from planboard import ingest
from tests.conftest import table_snapshot

BAD_FILES = Path(__file__).parent / "bad_files"
HEADER = ["取組番号", "指標", "年度", "実績値", "進捗段階", "備考", "出典"]
GOOD_ROW = ["18-3", None, "平成30年度", 14, None, None, None]


def _workbook(rows: list[list], sheets_before: tuple[str, ...] = ()) -> bytes:
    wb = Workbook()
    for title in sheets_before:
        wb.create_sheet(title).append(["この表は実績ではありません"])
    ws = wb.active if not sheets_before else wb.create_sheet("実績")
    if not sheets_before:
        ws.title = "実績"
    else:
        wb.remove(wb.worksheets[0])  # the default empty sheet
    for row in [HEADER, *rows]:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _with_parts(xlsx: bytes, parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for name, data in parts.items():
            dst.writestr(name, data)
    return out.getvalue()


def _with_dtd(doctype: str, first_cell: str) -> bytes:
    """A valid workbook whose sheet declares a DTD and uses one of its entities in its first data cell."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_workbook([GOOD_ROW]))) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = data.decode("utf-8").split("?>", 1)[-1].replace("<t>18-3</t>", f"<t>{first_cell}</t>")
                data = f'<?xml version="1.0" encoding="UTF-8"?>{doctype}{body}'.encode()
            dst.writestr(info, data)
    return out.getvalue()


# XXE: a local file read into a cell (and so into the problem message); and entity expansion.
XXE = '<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
LAUGHS = (
    "<!DOCTYPE w [<!ENTITY a0 'ha'>" + "".join(f"<!ENTITY a{i} '{f'&a{i - 1};' * 10}'>" for i in range(1, 9)) + "]>"
)


def _zip_bomb() -> bytes:
    """A valid workbook plus 101 MB of zeros, which deflate to about 100 kB."""
    out = io.BytesIO(_workbook([GOOD_ROW]))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/media/image1.bin", "w") as f:
        chunk = b"\0" * (1 << 20)
        for _ in range(101):
            f.write(chunk)
    return out.getvalue()


def _not_a_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


GENERATED = {
    "bad_value.xlsx": lambda: _workbook([GOOD_ROW, ["18-2", None, "令和元年度", "abc", None, None, None]]),
    "bad_stage_on_second_sheet.xlsx": lambda: _workbook(
        [["18-7", "1-1", "R1", None, "完了", None, None]], sheets_before=("説明",)
    ),
    "macro.xlsm": lambda: _with_parts(_workbook([GOOD_ROW]), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0vba"}),
    "macro_inside.xlsx": lambda: _with_parts(_workbook([GOOD_ROW]), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0vba"}),
    "external_link.xlsx": lambda: _with_parts(
        _workbook([GOOD_ROW]), {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}
    ),
    "zip_bomb.xlsx": _zip_bomb,
    "xxe_local_file.xlsx": lambda: _with_dtd(XXE, "&xxe;"),
    "billion_laughs.xlsx": lambda: _with_dtd(LAUGHS, "&a8;"),
    "corrupt.xlsx": lambda: b"PK\x03\x04" + random.Random(1).randbytes(2000),
    "not_a_workbook.xlsx": _not_a_workbook,
    "garbage.csv": lambda: random.Random(7).randbytes(4096),
    "oversize.csv": lambda: ("取組番号,指標,年度,実績値\r\n18-3,,平成30年度,14\r\n" * 20).encode(),
}


def _cases() -> list[dict]:
    with (BAD_FILES / "expected.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


CASES = _cases()


def _materialise(case: dict, tmp_path: Path) -> Path:
    name = case["file"]
    if name.startswith("generated/"):
        path = tmp_path / Path(name).name
        path.write_bytes(GENERATED[path.name]())
        return path
    return BAD_FILES / name


def test_the_corpus_is_large_and_every_file_is_listed():
    committed = {p.name for p in BAD_FILES.iterdir() if p.name != "expected.csv"}
    listed = {c["file"] for c in CASES}
    assert len(CASES) >= 25
    assert committed == {f for f in listed if not f.startswith("generated/")}
    assert {f.removeprefix("generated/") for f in listed if f.startswith("generated/")} == set(GENERATED)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_file_is_refused_with_row_column_and_fix_and_the_store_is_unchanged(case, fresh_db, tmp_path, monkeypatch):
    if case["max_upload_mb"]:
        monkeypatch.setenv("PLANBOARD_MAX_UPLOAD_MB", case["max_upload_mb"])
    path = _materialise(case, tmp_path)
    before = table_snapshot(fresh_db)

    report = ingest.import_file(fresh_db, path, editor="テスト担当")

    assert not report.ok and report.written == 0 and report.batch_id is None
    expected_row = int(case["row"]) if case["row"] else None
    expected_column = case["column"] or None
    matching = [p for p in report.problems if p.code == case["code"]]
    assert matching, [p.message_ja for p in report.problems]
    problem = matching[0]
    assert (problem.row, problem.column) == (expected_row, expected_column), problem.message_ja
    assert case["fragment_ja"] in problem.message_ja
    assert "→" in problem.message_ja and "Fix:" in problem.message_en  # every message says how to fix it
    if expected_row is not None:
        assert problem.message_ja.startswith(f"{expected_row}行目")
        assert problem.message_en.startswith(f"Row {expected_row}")
    assert table_snapshot(fresh_db) == before


def test_a_workbook_problem_names_the_spreadsheet_column_letter(built_db, tmp_path):
    path = tmp_path / "bad_value.xlsx"
    path.write_bytes(GENERATED["bad_value.xlsx"]())
    problem = ingest.check_file(built_db, path).problems[0]
    assert problem.message_ja.startswith("3行目「実績値」列（D列）の値「abc」")
    assert problem.message_en.startswith('Row 3, column 「実績値」 (D), value "abc"')


def test_every_problem_of_a_file_is_reported_not_just_the_first(built_db, tmp_path):
    path = tmp_path / "many.csv"
    path.write_text(
        "取組番号,指標,年度,実績値,進捗段階,備考,出典\n"
        "99-9,,平成30年度,1,,,\n"
        "18-3,,来年度,14か所,,,\n"
        "18-1,,平成30年度,,完了,,\n",
        encoding="utf-8",
    )
    report = ingest.check_file(built_db, path)
    assert [(p.row, p.code) for p in report.problems] == [
        (2, "item_unknown"),
        (3, "year_unreadable"),
        (3, "value_not_count"),
        (4, "stage_unknown"),
    ]


def test_a_file_with_too_many_rows_is_refused_before_it_is_checked(built_db, tmp_path, monkeypatch):
    from planboard.import_file import max_rows

    assert max_rows() == 10_000  # the default
    monkeypatch.setenv("PLANBOARD_MAX_IMPORT_ROWS", "50")
    path = tmp_path / "huge.csv"
    path.write_text("取組番号,指標,年度,実績値\n" + "18-3,,平成30年度,14\n" * 51, encoding="utf-8")
    assert [p.code for p in ingest.check_file(built_db, path).problems] == ["too_many_rows"]


def test_checking_stops_after_two_hundred_problems(built_db, tmp_path):
    path = tmp_path / "wrong_file.csv"
    path.write_text("取組番号,指標,年度,実績値\n" + "99-9,,平成30年度,x\n" * 500, encoding="utf-8")
    problems = ingest.check_file(built_db, path).problems
    assert len(problems) == 200 + 1 and problems[-1].code == "too_many_problems"
