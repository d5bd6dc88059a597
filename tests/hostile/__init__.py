"""The hostile-input corpus: tests/hostile/cases.csv, one input per row.

Columns: id, channel (url, note, upload, export, signin, sql, widget), target (the link
parameter, item, file name, …), payload, expect, browser (yes: also run in Chromium), why.

Payloads are written so that the file stays readable: `{repeat:TEXT:N}` stands for TEXT
N times (100 KB values), and `\\xNN`, `\\uNNNN`, `\\n`, `\\r`, `\\t` for those characters.
Upload payloads are `csv:ROW` (a row under the import header), `size:MB` (a file that big)
or `generated:NAME` (a file made by tests/test_bad_files.py).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

CASES_FILE = Path(__file__).parent / "cases.csv"
_REPEAT = re.compile(r"\{repeat:(.+?):(\d+)\}")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[nrt])")
_CHARS = {"n": "\n", "r": "\r", "t": "\t"}
UPLOAD_HEADER = "取組番号,指標,年度,実績値,進捗段階,備考,出典\n"


def decode(text: str) -> str:
    """A payload as the attacker sends it.

    >>> decode("{repeat:ab:3}\\\\x00\\\\t"), len(decode("{repeat:A:102400}"))
    ('ababab\\x00\\t', 102400)
    """
    text = _ESCAPE.sub(lambda m: _CHARS.get(m.group(1)) or chr(int(m.group(1)[1:], 16)), text)
    return _REPEAT.sub(lambda m: m.group(1) * int(m.group(2)), text)


@dataclass(frozen=True)
class Case:
    id: str
    channel: str
    target: str
    payload: str
    expect: str
    browser: bool
    why: str

    @property
    def value(self) -> str:
        return decode(self.payload)

    @property
    def file_name(self) -> str:
        return decode(self.target)

    def upload_bytes(self) -> bytes:
        kind, _, spec = self.payload.partition(":")
        if kind == "generated":
            from tests.test_bad_files import GENERATED

            return GENERATED[spec]()
        if kind == "size":
            row = "18-3,,平成30年度,14,,,\n"
            return (UPLOAD_HEADER + row * (int(spec) * 1024 * 1024 // len(row.encode()) + 1)).encode()
        return (UPLOAD_HEADER + decode(spec) + "\n").encode()

    def __str__(self) -> str:
        return self.id


def load() -> list[Case]:
    with CASES_FILE.open(encoding="utf-8", newline="") as f:
        return [Case(**{**row, "browser": row["browser"] == "yes"}) for row in csv.DictReader(f)]


def of(channel: str, browser_only: bool = False) -> list[Case]:
    return [c for c in load() if c.channel == channel and (c.browser or not browser_only)]
