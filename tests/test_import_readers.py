"""A CSV file is read by Arrow's reader when it is plain, else by the csv module: both must give
the same table (cells, row numbers, columns, problems) for every file.

The files are made from a fixed seed out of the pieces that trip readers up: quotes, commas and
tabs in cells, blank lines and blank rows, short and long rows, CRLF and lone CR line ends,
full-width text, leading apostrophes, a header below title rows, a missing last line end.
"""

from __future__ import annotations

import random
from dataclasses import asdict

import pytest

from planboard import import_file

HEADER = ["計画", "取組番号", "指標", "年度", "実績値", "進捗段階", "備考", "出典"]
CELLS = [
    "nerima-2019", "18-3", "１８－３", "1", "R1", "令和元年度", "2019", "14", "１４", " 7 ", "", "",
    "運用開始", "'=1+1", "備考あり", "a b", "tab\there", "末尾 ",
]  # fmt: skip
TRICKY_CELLS = ["x,y", 'say "hi"', '"quoted"', 'a"b', '"c"d']
ENDINGS = ["\n", "\r\n"]


def _file(rng: random.Random) -> str:
    lines = []
    if rng.random() < 0.15:
        lines.append(rng.choice(["報告書", "", ",,,"]))  # a title or blank row above the header
    lines.append(",".join(HEADER if rng.random() < 0.9 else HEADER[:5]))
    for _ in range(rng.randint(0, 12)):
        roll = rng.random()
        if roll < 0.05:
            lines.append("")  # a blank line
        elif roll < 0.10:
            lines.append("," * 7)  # a blank row
        else:
            width = 8 if rng.random() < 0.97 else rng.choice([3, 9])
            lines.append(",".join(_cell(rng) for _ in range(width)))
    ending = rng.choice(ENDINGS)
    text = ending.join(lines)
    if rng.random() < 0.05:
        text = text.replace(ending, "\r", 1)  # a lone carriage return
    return text + (ending if rng.random() < 0.8 else "")


def _cell(rng: random.Random) -> str:
    cell = rng.choice(TRICKY_CELLS if rng.random() < 0.03 else CELLS)
    if '"' in cell and rng.random() < 0.5:
        cell = '"' + cell.replace('"', '""') + '"'  # quoted as Excel quotes
    elif "," in cell and rng.random() < 0.8:
        cell = f'"{cell}"'
    return cell


def _read(text: str, arrow: bool, monkeypatch) -> dict:
    with monkeypatch.context() as m:
        if not arrow:
            m.setattr(import_file, "_plain_csv_columns", lambda text, delimiter: None)
        table = import_file.read_import_file(text.encode("utf-8"), "actuals.csv")
    return {**asdict(table), "problems": [p.message("en") for p in table.problems]}


def test_both_readers_give_the_same_table_for_every_file(monkeypatch):
    rng = random.Random(20191)
    plain = 0
    for n in range(400):
        text = _file(rng)
        plain += import_file._plain_csv_columns(text, ",") is not None
        assert _read(text, True, monkeypatch) == _read(text, False, monkeypatch), f"file {n}: {text!r}"
    # Both kinds of file were read: the comparison is not between two runs of the csv module.
    assert 80 < plain < 320


@pytest.mark.parametrize(
    "text",
    [
        'a,b\n"c",d\n',  # quotes
        "a,b\nc\n",  # a short row
        "a,b\nc,d,e\n",  # a long row
        "a,b\rc,d\n",  # a lone carriage return
    ],
)
def test_files_that_are_not_plain_go_to_the_csv_module(text):
    assert import_file._plain_csv_columns(text, ",") is None


def test_a_plain_file_is_read_by_arrow_with_the_csv_modules_cells():
    columns = import_file._plain_csv_columns("a,b\r\n 1 ,'x\r\n\r\nｃ,\r\n", ",")
    assert [c.to_pylist() for c in columns.columns] == [["a", " 1 ", "", "ｃ"], ["b", "'x", "", ""]]


def test_a_cell_over_the_csv_modules_field_limit_goes_to_the_csv_module():
    text = ",".join(HEADER) + "\n" + "x," * 7 + "長" * (import_file.csv.field_size_limit() + 1) + "\n"
    assert import_file._plain_csv_columns(text, ",") is None
    assert import_file.read_import_file(text.encode("utf-8"), "a.csv").problems[0].code == "csv_unreadable"


def test_a_tab_separated_file_reads_the_same_both_ways(monkeypatch):
    text = "\t".join(HEADER) + "\n" + "\t".join(["nerima-2019", "18-3", "1", "R1", "１４", "", "a,b", "区"]) + "\n"
    assert import_file._plain_csv_columns(text, "\t") is not None
    table = _read(text, True, monkeypatch)
    assert table == _read(text, False, monkeypatch)
    assert table["cells"]["value"] == ["１４"] and table["cells"]["note"] == ["a,b"]
