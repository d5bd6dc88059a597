"""Read an actuals file into rows of cell text, refusing what is unsafe to open or is not a table.

Accepts CSV (UTF-8, UTF-8 with BOM, CP932) and XLSX, from a path or as bytes with
the file name (an upload), or an on-screen table (a DataFrame). What kind of file
it is comes from its content, and the extension must agree. This module does not
look at the store: planboard/validation.py checks the rows against the plan.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

from planboard import file_problems, settings
from planboard.problems import Problem
from planboard.safe_cells import has_control_characters, restore

# field -> headers accepted for it; the first is the one templates write.
FIELDS: dict[str, tuple[str, ...]] = {
    "plan_id": ("計画", "plan_id"),
    "item_no": ("取組番号", "item_no"),
    "metric_code": ("指標", "metric_code"),
    "fiscal_year": ("年度", "fiscal_year"),
    "value": ("実績値", "value"),
    "stage": ("進捗段階", "stage"),
    "note": ("備考", "note"),
    "source": ("出典", "source"),
}
HEADER_JA = {f: names[0] for f, names in FIELDS.items()}
REQUIRED_FIELDS = ("item_no", "fiscal_year")
SHEET_NAME = "実績"
CSV_EXTENSIONS = (".csv", ".txt")
XLSX_EXTENSIONS = (".xlsx",)
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlsb", ".xlam")
# An unpacked XLSX may be this many times the upload limit; real workbooks of this
# size unpack to 5–10 times their size, a zip bomb to thousands of times.
UNPACK_FACTOR = 20
READ_CHUNK_ROWS = 65536
MAX_ZIP_ENTRIES = 1000


def max_rows() -> int:
    """A plan has tens of metrics and a few years; far more rows means the wrong file (setting max_import_rows)."""
    return int(settings.get("max_import_rows"))


MACRO_PARTS = ("vbaproject.bin", "xl/macrosheets/", "xl/activex/", "xl/vbadata.xml")
_BINARY_SIGNATURES = (
    (b"\x89PNG", "PNG 画像", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 画像", "a JPEG image"),
    (b"GIF8", "GIF 画像", "a GIF image"),
    (b"%PDF", "PDF", "a PDF document"),
    (b"\x1f\x8b", "gzip 圧縮ファイル", "a gzip archive"),
)
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(slots=True)
class Row:
    """One data row: its number as the user sees it and the text of each known column."""

    row_no: int
    cells: dict[str, str]


@dataclass
class ImportTable:
    """What was read: the recognised columns, the data rows, and any problem with the file itself.

    The rows are held column by column (a million-row file is a few lists of shared strings,
    not a million dicts): `cells[field][i]` is the text of data row i, '' when blank, and
    `row_nos[i]` its number as the user sees it. `row(i)` makes one Row when a row is looked
    at on its own.
    """

    name: str
    file_format: str
    encoding: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    row_nos: list[int] = field(default_factory=list)
    cells: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.row_nos)

    def column(self, name: str) -> list[str]:
        """The texts of a field, '' on every row when the file has no such column."""
        return self.cells.get(name) or [""] * len(self.row_nos)

    def row(self, i: int) -> Row:
        return Row(self.row_nos[i], {f: values[i] for f, values in self.cells.items()})

    @property
    def rows(self) -> list[Row]:
        return [self.row(i) for i in range(len(self.row_nos))]


def max_upload_bytes() -> int:
    return int(float(settings.get("max_upload_mb")) * 1024 * 1024)


def read_import_file(source: Path | str | bytes, file_name: str | None = None, max_bytes: int | None = None):
    """Read a CSV or XLSX actuals file from a path, or from bytes plus the uploaded file's name.

    Never raises for a bad file: the returned ImportTable carries its problems.
    """
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if isinstance(source, bytes | bytearray | memoryview):
        # Some browsers send the whole client path (C:\Users\…\報告.csv): keep the file name only.
        name = PureWindowsPath(file_name or "upload").name
        data = bytes(source)
        size = len(data)
    else:
        path = Path(source)
        name = PureWindowsPath(file_name).name if file_name else path.name
        size = path.stat().st_size
        data = b"" if size > limit else path.read_bytes()
    table = ImportTable(name=name, file_format="unknown")
    if size > limit:
        return _refuse(table, file_problems.too_large(size, limit))
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n"):
        return _refuse(table, file_problems.empty())
    extension = Path(name).suffix.lower()
    if extension in MACRO_EXTENSIONS:
        return _refuse(table, file_problems.macro(extension))
    kind = _content_kind(data)
    if isinstance(kind, Problem):
        return _refuse(table, kind)
    if extension and extension not in CSV_EXTENSIONS + XLSX_EXTENSIONS:
        return _refuse(table, file_problems.unsupported_extension(extension))
    expected = "xlsx" if extension in XLSX_EXTENSIONS else "csv" if extension else kind
    if kind != expected:
        return _refuse(table, file_problems.mismatch(extension, kind))
    table.file_format = kind
    if kind == "xlsx":
        grid = _xlsx_grid(data, limit * UNPACK_FACTOR)
    else:
        grid = _csv_grid(data, table)
    if isinstance(grid, Problem):
        return _refuse(table, grid)
    if isinstance(grid, pa.Table):
        return _fill_from_columns(table, grid)
    try:
        return _fill_from_grid(table, grid, first_row_no=1)
    except _Unreadable as exc:  # a CSV is read as it is parsed: its syntax errors come up here
        table.row_nos, table.cells = [], {}
        return _refuse(table, exc.problem)


def read_frame(frame: pd.DataFrame, name: str = "画面の表") -> ImportTable:
    """Read an on-screen table (e.g. from st.data_editor) with the same column names as a file.

    Rows are numbered from 1, as the table shows them.
    """
    table = ImportTable(name=name, file_format="table")
    grid = [list(frame.columns), *frame.astype(object).values.tolist()]
    return _fill_from_grid(table, grid, first_row_no=0)


def cell_text(value: object) -> str:
    """A cell as text: numbers without a spurious .0, dates as YYYY-MM-DD, blanks as ''.

    >>> cell_text(2019.0), cell_text(14), cell_text(None), cell_text(" '=1+1 ")
    ('2019', '14', '', '=1+1')
    """
    if type(value) is str:  # every cell of a CSV file
        text = value.strip()
        return restore(text) if text.startswith("'") else text
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return restore(str(value).strip())


def header_key(text: str) -> str:
    """How a header is compared: NFKC, lower case, without spaces or underscores."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split()).replace("_", "")


_FIELD_BY_HEADER = {header_key(h): f for f, names in FIELDS.items() for h in names}


def _fill_from_grid(table: ImportTable, grid: Iterable[Sequence], first_row_no: int) -> ImportTable:
    """Find the header row, then read the data rows below it into columns, a chunk at a time."""
    grid = iter(grid)
    texts = ([cell_text(c) for c in row] for row in grid)
    header_index, header = next(((i, row) for i, row in enumerate(texts) if any(row)), (None, None))
    if header is None:
        return _refuse(table, file_problems.empty())
    positions = _read_header(table, header, first_row_no + header_index)
    if positions is None:
        return table
    texts: dict[str, list[str]] = {name: [] for name in positions}
    text_of: dict[str, dict] = {name: {} for name in positions}
    limit, read = max_rows(), 0
    # A million-row file is held once, as columns; only one chunk of it is ever held as rows.
    while chunk := list(itertools.islice(grid, READ_CHUNK_ROWS)):
        read += len(chunk)
        if read > limit:
            return _refuse(table, file_problems.too_many_rows(limit))
        _add_columns(texts, text_of, chunk, positions)
    return _keep_rows(table, texts, read, first_row_no + header_index)


def _fill_from_columns(table: ImportTable, columns: pa.Table) -> ImportTable:
    """As _fill_from_grid, for a CSV file that Arrow read into columns (see _plain_csv_columns)."""
    header_index = next((i for i in range(columns.num_rows) if any(map(cell_text, _row_of(columns, i)))), None)
    if header_index is None:
        return _refuse(table, file_problems.empty())
    positions = _read_header(table, [cell_text(c) for c in _row_of(columns, header_index)], 1 + header_index)
    if positions is None:
        return table
    read = columns.num_rows - header_index - 1
    if read > max_rows():
        return _refuse(table, file_problems.too_many_rows(max_rows()))
    data = columns.slice(header_index + 1)
    texts = {name: _column_texts(data.column(position)) for name, position in positions.items()}
    return _keep_rows(table, texts, read, 1 + header_index)


def _row_of(columns: pa.Table, i: int) -> list[str]:
    return [column[i].as_py() for column in columns.columns]


def _column_texts(column: pa.ChunkedArray) -> list[str]:
    """The cell texts of an Arrow column: cell_text once per distinct cell, one shared string each."""
    encoded = column.combine_chunks().dictionary_encode()
    known = np.array([sys.intern(cell_text(v)) for v in encoded.dictionary.to_pylist()] or [""], dtype=object)
    return known[encoded.indices.to_numpy(zero_copy_only=False)].tolist()


def _read_header(table: ImportTable, header: list[str], header_row: int) -> dict[str, int] | None:
    """The position of each known column in the header row; None when the header has problems
    (they are added to table). An on-screen table's header (row 0) is not a numbered row."""
    from openpyxl.utils import get_column_letter

    header_row = header_row if header_row >= 1 else None
    positions: dict[str, int] = {}
    for i, text in enumerate(header):
        if not text:
            continue
        name = _FIELD_BY_HEADER.get(header_key(text))
        if name is None:
            table.ignored_columns.append(text)
        elif name in positions:
            table.problems.append(file_problems.duplicate_header(header_row, text, get_column_letter(i + 1)))
        else:
            positions[name] = i
            table.columns[name] = text
            table.letters[name] = get_column_letter(i + 1)
    missing = [f for f in REQUIRED_FIELDS if f not in positions]
    if "value" not in positions and "stage" not in positions:
        missing.append("value")
    if missing:
        missing_ja = "、".join(
            "「実績値」または「進捗段階」" if f == "value" else f"「{HEADER_JA[f]}」（{FIELDS[f][1]}）" for f in missing
        )
        missing_en = ", ".join(
            "value or stage (実績値 / 進捗段階)" if f == "value" else f"{FIELDS[f][1]} ({HEADER_JA[f]})"
            for f in missing
        )
        table.problems.append(file_problems.missing_headers(header_row, missing_ja, missing_en))
    return None if table.problems else positions


def _keep_rows(table: ImportTable, texts: dict[str, list[str]], read: int, header_row: int) -> ImportTable:
    """The data rows below the header row, blank rows left out, numbered as the user sees them."""
    kept = range(read)
    if not all(texts.get("item_no") or ()):  # a blank item number: perhaps a blank row
        kept = [i for i, cells in enumerate(zip(*texts.values(), strict=True)) if any(cells)]
        texts = {name: [values[i] for i in kept] for name, values in texts.items()}
    table.row_nos = [header_row + 1 + i for i in kept]
    table.cells = texts
    if not table.row_nos:
        table.problems.append(file_problems.no_rows(header_row if header_row >= 1 else None))
    return table


def _add_columns(texts: dict[str, list], text_of: dict[str, dict], chunk: list[Sequence], positions) -> None:
    """Append a chunk of rows to the columns as texts.

    cell_text runs once per distinct cell, not once per cell: the same plan ids, codes,
    years and sources repeat on every row, and each keeps one shared string.
    """
    width = max(positions.values()) + 1
    if min(map(len, chunk)) < width:
        chunk = [raw if len(raw) >= width else [*raw, *[None] * (width - len(raw))] for raw in chunk]
    by_position = list(zip(*chunk, strict=False))  # the chunk's columns, in one pass
    for name, position in positions.items():
        raw = by_position[position]
        if bool in set(map(type, raw)):
            texts[name] += [cell_text(value) for value in raw]  # a dict would take True for 1
            continue
        known = text_of[name]
        for value in set(raw).difference(known):
            known[value] = sys.intern(cell_text(value))
        texts[name] += map(known.__getitem__, raw)


def _refuse(table: ImportTable, problem: Problem) -> ImportTable:
    table.problems.append(problem)
    return table


def _content_kind(data: bytes) -> str | Problem:
    """'xlsx' for a zip file (checked further when opened), 'csv' for text, else the problem."""
    if data.startswith(_ZIP_SIGNATURES):
        return "xlsx"
    if data.startswith(_OLE_SIGNATURE):
        return file_problems.old_excel()
    for signature, ja, en in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return file_problems.not_a_table(ja, en)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return file_problems.utf16()
    if b"\x00" in data:
        return file_problems.not_a_table("バイナリファイル", "a binary file")
    return "csv"


def _csv_grid(data: bytes, table: ImportTable) -> Iterator[list[str]] | Problem:
    decoded = _decode(data)
    if isinstance(decoded, Problem):
        return decoded
    text, table.encoding = decoded
    text = text.rstrip("\x1a")  # DOS end-of-file mark some old tools still write
    if has_control_characters(text):
        return file_problems.not_a_table("制御文字を含むバイナリファイル", "a binary file with control characters")
    first_line = next((line for line in text[:65536].splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    columns = _plain_csv_columns(text, delimiter)
    if columns is not None:
        return columns
    reader = csv.reader(_lines(text), delimiter=delimiter)

    def rows():
        try:
            yield from reader
        except csv.Error as exc:
            raise _Unreadable(file_problems.csv_unreadable(reader.line_num, str(exc))) from None

    return rows()


def _plain_csv_columns(text: str, delimiter: str) -> pa.Table | None:
    """A plain CSV file read by Arrow's CSV reader: every cell as a string, one row per line.

    Plain means no quotes, lines ended by \\n or \\r\\n, the same number of cells on every line
    (a blank line reads as blank cells, as the csv module pads it) and no cell over the csv
    module's field limit. For such a file both readers give the same cells on the same rows,
    and Arrow's, in C++ and on every core, reads a million rows in a fraction of the csv
    module's time (docs/performance.md). Any other file gives None and goes to the csv module,
    whose row and column numbers every message names.
    """
    if '"' in text or text.count("\r") != text.count("\r\n"):
        return None
    width = text.split("\n", 1)[0].count(delimiter) + 1  # the first line's cells; Arrow checks the rest
    try:
        columns = pa_csv.read_csv(
            pa.py_buffer(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, quote_char=False, escape_char=False, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:  # a line with more or fewer cells than the first
        return None
    limit = csv.field_size_limit()
    if any((pc.max(pc.utf8_length(c)).as_py() or 0) > limit for c in columns.columns):
        return None
    return columns


def _lines(text: str, block_chars: int = 1 << 20):
    """The lines of text with their line ends, a block at a time: io.StringIO would first copy
    a large file into a buffer of four bytes a character, and finding each line end in Python
    took longer than the csv module's parsing. Only "\n" ends a line here (str.splitlines
    would also split at characters a cell may hold), as in the file the csv module reads."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", min(start + block_chars, end))
        stop = end if stop < 0 else stop + 1
        *lines, rest = text[start:stop].split("\n")
        yield from (line + "\n" for line in lines)
        if rest:
            yield rest
        start = stop


class _Unreadable(Exception):
    """A file found unreadable while its rows are being read."""

    def __init__(self, problem: Problem):
        super().__init__(problem.what_en)
        self.problem = problem


def _capped(rows) -> list[list] | Problem:
    limit = max_rows()
    grid = [list(row) if type(row) is not list else row for row in itertools.islice(rows, limit + 2)]
    if len(grid) > limit + 1:  # the header and more than limit rows
        return file_problems.too_many_rows(limit)
    return grid


def _decode(data: bytes) -> tuple[str, str] | Problem:
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    else:
        # cp932, not shift_jis: Excel's Japanese CSV uses Microsoft's code page, which has ① ㈱ 髙.
        candidates = ("utf-8", "cp932")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return file_problems.unknown_encoding()


def _xlsx_grid(data: bytes, max_unpacked: int) -> list[list] | Problem:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return file_problems.corrupt_xlsx()
    names = [i.filename.lower() for i in infos]
    content_types = _read_small(archive, "[Content_Types].xml")
    if any(part in n for n in names for part in MACRO_PARTS) or b"macroenabled" in content_types.lower():
        return file_problems.macro(".xlsm")
    if any(n.startswith("xl/externallinks/") for n in names):
        return file_problems.external_links()
    if "xl/workbook.xml" not in names:
        return file_problems.binary_workbook() if "xl/workbook.bin" in names else file_problems.not_xlsx()
    if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > max_unpacked:
        return file_problems.zip_bomb(max_unpacked)
    # The directory's sizes can lie: unpack once, counting, and stop at the limit.
    unpacked = 0
    try:
        for info in infos:
            with archive.open(info) as member:
                first = True
                while chunk := member.read(1 << 20):
                    # A DTD is where XML entity tricks live (a file read into a cell, an expansion
                    # bomb); Excel never writes one, so refuse it rather than trust the parser.
                    if first and b"<!doctype" in chunk[:4096].lower():
                        return file_problems.xml_dtd()
                    first = False
                    unpacked += len(chunk)
                    if unpacked > max_unpacked:
                        return file_problems.zip_bomb(max_unpacked)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError):
        return file_problems.corrupt_xlsx()
    return _sheet_rows(data)


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    if info.file_size > 1 << 20:
        return b""
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError):
        return b""


def _sheet_rows(data: bytes) -> list[list] | Problem:
    # The zip and its parts were checked above (no DTD, so no entities to expand or files to read).
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        return file_problems.corrupt_xlsx()
    try:
        sheets = workbook.worksheets
        if not sheets:
            return file_problems.no_sheet(SHEET_NAME)
        sheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else sheets[0]
        sheet.reset_dimensions()  # a wrong <dimension> would hide rows
        return _capped(sheet.iter_rows(min_row=1, min_col=1, values_only=True))
    except Exception:
        return file_problems.corrupt_xlsx()
    finally:
        workbook.close()
