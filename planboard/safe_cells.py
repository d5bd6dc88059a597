"""Cells that are safe to open in a spreadsheet, and the two writers every export uses.

A text cell that starts with = + - @ (or a tab, carriage return or NUL) is run as a
formula by Excel and LibreOffice when the file is opened ("CSV injection"); Japanese
input turns ＝ ＋ － ＠ into the same, so those count too. Every text cell Planboard
writes goes through `neutralise`, which puts an apostrophe in front; `restore` takes it
off again when Planboard reads its own files back. Control characters have no place in
a cell: inputs refuse them (`has_control_characters`) and the XLSX writer replaces any
that are stored already, since a workbook cannot hold them and the export would fail.

>>> neutralise("=HYPERLINK(\\"http://example.com\\")")
'\\'=HYPERLINK("http://example.com")'
>>> neutralise("14"), neutralise(14), neutralise(None)
('14', 14, None)
>>> restore(neutralise("-3")), restore("'ok"), neutralise("＝1+1")
('-3', "'ok", "'＝1+1")
>>> has_control_characters("行1\\n行2\\t"), has_control_characters("bell\\x07")
(False, True)
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\x00", "＝", "＋", "－", "＠")
# Control characters a cell may hold: tab and line breaks.
ALLOWED_CONTROL = frozenset("\t\n\r")
# Unicode's control characters (category Cc: U+0000–U+001F, U+007F–U+009F) but tab, CR and LF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What XML 1.0, and so an XLSX cell, cannot hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def has_control_characters(text: str) -> bool:
    """Whether text holds a control character other than tab and line breaks (a NUL, a bell, …)."""
    # One regex pass: a Python loop over every character of a large file was the import's hot spot.
    return _CONTROL.search(text) is not None


def neutralise(value: object) -> object:
    """The cell as it may be written: text that a spreadsheet would run gets a leading apostrophe.

    Numbers are left as numbers: they are data, not formulas, and stay numbers in Excel.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def restore(text: str) -> str:
    """Undo `neutralise` on text read back from a file (only where it would have added the apostrophe)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def _cell(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a count column with blanks is float in pandas: write 14, not 14.0
    return neutralise(value)


def _cells(frame: pd.DataFrame) -> list[list[object]]:
    rows = frame.astype(object).where(frame.notna(), None).values.tolist()
    return [[_cell(v) for v in row] for row in rows]


def _xml_cell(value: object) -> object:
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A CSV file Excel opens correctly: UTF-8 with BOM, CRLF line ends, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    writer.writerows(["" if v is None else v for v in row] for row in _cells(frame))
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame], text_columns: dict[str, list[str]] | None = None) -> bytes:
    """An XLSX workbook with one sheet per frame, a bold frozen header and every cell neutralised.

    text_columns names, per sheet, columns whose cells are formatted as text so that Excel
    does not turn codes such as 1-1 or 2-4 into dates when someone types in them.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for title, frame in sheets.items():
        ws = wb.create_sheet(title)
        ws.append([_xml_cell(neutralise(str(c))) for c in frame.columns])
        for row in _cells(frame):
            ws.append([_xml_cell(v) for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for i, column in enumerate(frame.columns, start=1):
            letter = get_column_letter(i)
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].dropna().head(200)])
            ws.column_dimensions[letter].width = min(60, max(8, width * 2))
            if column in (text_columns or {}).get(title, []):
                # the column's default style covers rows typed in later; the cells need their own
                ws.column_dimensions[letter].number_format = "@"
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = "@"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
