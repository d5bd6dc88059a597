"""A problem found in an actuals file: where it is, what is wrong and how to fix it, in Japanese and English.

>>> p = Problem("value_not_number", row=3, column="実績値", letter="D", value="14か所",
...             what_ja="数値ではありません。", fix_ja="数字だけを書いてください（例: 14）。",
...             what_en="Not a number.", fix_en="Write digits only (e.g. 14).")
>>> p.message_ja
'3行目「実績値」列（D列）の値「14か所」: 数値ではありません。→ 数字だけを書いてください（例: 14）。'
>>> p.message_en
'Row 3, column 「実績値」 (D), value "14か所": Not a number. Fix: Write digits only (e.g. 14).'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from planboard.chart_text import shortened

MAX_SHOWN_VALUE = 40


def shown(value: object) -> str:
    """A cell value as it may be printed in a message: short, one line, control characters made visible."""
    text = "" if value is None else str(value)
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return shortened(text, MAX_SHOWN_VALUE)


@dataclass(frozen=True)
class Problem:
    """One reason a file (or a row of it) cannot be imported.

    row is the row number as the user sees it (in a file, the header is row 1; in an
    on-screen table, the first row is 1); None for the file as a whole. column is the
    header as written in the file, letter its spreadsheet column letter.
    """

    code: str
    what_ja: str
    fix_ja: str
    what_en: str
    fix_en: str
    row: int | None = None
    column: str | None = None
    letter: str | None = None
    value: str | None = None

    @property
    def where_ja(self) -> str:
        if self.row is None and self.column is None:
            return "ファイル全体"
        parts = []
        if self.row is not None:
            parts.append(f"{self.row}行目")
        if self.column is not None:
            parts.append(f"「{self.column}」列" + (f"（{self.letter}列）" if self.letter else ""))
        return "".join(parts)

    @property
    def where_en(self) -> str:
        if self.row is None and self.column is None:
            return "Whole file"
        parts = []
        if self.row is not None:
            parts.append(f"Row {self.row}")
        if self.column is not None:
            parts.append(f"column 「{self.column}」" + (f" ({self.letter})" if self.letter else ""))
        return ", ".join(parts)

    @property
    def message_ja(self) -> str:
        value = f"の値「{shown(self.value)}」" if self.value not in (None, "") else ""
        return f"{self.where_ja}{value}: {self.what_ja}→ {self.fix_ja}"

    @property
    def message_en(self) -> str:
        value = f', value "{shown(self.value)}"' if self.value not in (None, "") else ""
        return f"{self.where_en}{value}: {self.what_en} Fix: {self.fix_en}"

    def message(self, language: str = "ja") -> str:
        return self.message_en if language == "en" else self.message_ja


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """The problems as a table for the screen: row, column, value, both messages."""
    columns = ["row", "column", "letter", "value", "code", "message_ja", "message_en"]
    rows = [
        {**{k: v for k, v in asdict(p).items() if k in columns}, "message_ja": p.message_ja, "message_en": p.message_en}
        for p in problems
    ]
    return pd.DataFrame(rows, columns=columns).astype({"row": "Int64"})
