"""The one write path for actuals: read, validate everything, preview, then append in one transaction.

For a page or the command line:

- `check_file(db, data, file_name)` reads and validates a CSV/XLSX file (path or
  uploaded bytes) and returns an ImportReport: the problems, or the change each row
  would make (before → after, unchanged rows marked). Nothing is written.
- `import_file(db, data, editor, file_name)` does the same inside a write transaction
  against the store as it is at that moment and appends the changed rows as one batch,
  or nothing at all when any problem is found.
- `check_corrections` / `apply_corrections` do the same for an on-screen table.
- `revert_preview(db, revision_id)` says what undoing a revision would set the value to;
  `revert(db, revision_id, editor)` appends the revision that does it.

Nothing is ever updated or deleted; every write appends actual_revision rows.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from planboard import current_rows, heap, i18n, loaders, store
from planboard.fiscal_year import format_fiscal_year
from planboard.import_file import ImportTable, read_frame, read_import_file
from planboard.problems import Problem, problems_frame
from planboard.validation import Change, without_nans
from planboard.validation_bulk import validate

CORRECTION_SOURCE = "Planboard 画面での修正"
WITHDRAWN_NOTE = "取消（実績なし）"


class EditorRequired(ValueError):
    """Every write names who made it."""

    def __init__(self):
        super().__init__("編集者（editor）の名前が必要です。/ An editor name is required.")


class RevertError(ValueError):
    """A revert that cannot be done; message_ja and message_en say why."""

    def __init__(self, message_ja: str, message_en: str):
        super().__init__(f"{message_ja} / {message_en}")
        self.message_ja = message_ja
        self.message_en = message_en


@dataclass
class ImportReport:
    """The outcome of checking (or writing) an actuals file or table.

    ok is False when there is any problem, and then nothing was written. After a
    write, batch_id names the batch and written counts its revisions (0 when every
    row was unchanged). token fingerprints the preview: pass it back to confirm, and
    the write is refused if the store changed what the preview showed meanwhile.
    """

    source_name: str
    file_format: str
    encoding: str | None = None
    problems: list[Problem] = field(default_factory=list)
    change_table: pa.Table | None = None  # columns of Change, one row per good row
    skipped_rows: list[int] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    written: int = 0
    batch_id: str | None = None
    dry_run: bool = True
    token: str = ""
    # False after a write of so many plans that the pages' kept rows were left to
    # `python -m planboard refresh` (planboard/current_rows.py).
    kept_rows_current: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems

    @functools.cached_property
    def changes(self) -> list[Change]:
        """The change of every good row, as objects (made when first asked for)."""
        if self.change_table is None:
            return []
        return [Change(**row) for row in self.change_table.to_pylist()]

    @property
    def change_count(self) -> int:
        return 0 if self.change_table is None else self.change_table.num_rows

    def counts(self) -> dict[str, int]:
        """How many rows are new, changed and unchanged."""
        found = {}
        if self.change_table is not None:
            found = {r["values"]: r["counts"] for r in pc.value_counts(self.change_table.column("status")).to_pylist()}
        return {s: found.get(s, 0) for s in ("new", "changed", "unchanged")}

    def problems_frame(self) -> pd.DataFrame:
        return problems_frame(self.problems)

    def changes_frame(self) -> pd.DataFrame:
        """One row per good row of the input: before → after, with its status (new / changed / unchanged)."""
        columns = [
            "row",
            "plan_id",
            "item_no",
            "metric_code",
            "metric_label_ja",
            "metric_label_en",
            "fiscal_year",
            "kind",
            "before_text",
            "before_note",
            "after_text",
            "note",
            "source",
            "status",
            "change_kind",
            "before_revision_id",
        ]
        if self.change_table is None:
            return pd.DataFrame(columns=columns)
        frame = self.change_table.to_pandas()
        frame["after_text"] = frame["value_text"]
        return frame[columns]

    def to_text(self, language: str = "ja") -> str:
        """The report for a terminal: every problem with row, column, value and fix, or the preview."""
        t = functools.partial(i18n.t, language=language)
        lines = [t("import_file_line", name=self.source_name, format=self.file_format, encoding=self.encoding or "-")]
        if self.ignored_columns:
            lines.append(t("import_ignored_columns", columns=", ".join(self.ignored_columns)))
        if self.problems:
            lines.append(t("import_rejected", n=len(self.problems)))
            lines += [f"  {p.message(language)}" for p in self.problems]
            return "\n".join(lines)
        none = t("import_none")
        for c in self.changes:
            metric = f"{c.item_no}{' ' + c.metric_code if c.metric_code else ''}"
            year = format_fiscal_year(c.fiscal_year, language)
            change = f"{c.before_text or none} → {c.value_text}"
            lines.append(f"  {t('import_row', row=c.row)} {metric} {year}: {change} [{t('import_status_' + c.status)}]")
        if self.skipped_rows:
            lines.append(t("import_skipped", rows=", ".join(map(str, self.skipped_rows))))
        lines.append(t("import_summary", **self.counts()))
        if not self.dry_run:
            lines.append(t("import_written", n=self.written, batch=self.batch_id or "-"))
        return "\n".join(lines)


@dataclass(frozen=True)
class RevertPreview:
    """What reverting revision reverted_revision_id does: its metric and year go from current_text
    back to the value of restored_revision_id (the revision it replaced)."""

    reverted_revision_id: int
    restored_revision_id: int | None
    current_text: str | None
    value: float | None
    stage_no: int | None
    value_text: str | None
    later_revision_ids: tuple[int, ...]  # newer revisions of the metric and year: their values go too
    # The catalogue's sentences for describe(): what a revert would do (a result says what it did).
    SENTENCES: ClassVar[tuple[str, str]] = ("revert_preview", "revert_preview_later")

    @property
    def withdrawn(self) -> bool:
        """True when the reverted revision was the first for its metric and year: now there is no actual."""
        return self.restored_revision_id is None

    def describe(self, language: str = "ja") -> str:
        """What the revert does, in a sentence or two: the value before → after, and the later changes."""
        t = functools.partial(i18n.t, language=language)
        no_actual = t("revert_no_actual")
        sentence, later = self.SENTENCES
        text = t(
            sentence,
            rev=self.reverted_revision_id,
            current=self.current_text or no_actual,
            after=self.value_text or no_actual,
        )
        if self.later_revision_ids:
            text += (" " if language == "en" else "") + t(later, ids=", ".join(map(str, self.later_revision_ids)))
        return text


@dataclass(frozen=True)
class RevertResult(RevertPreview):
    revision_id: int  # the revert revision written

    SENTENCES: ClassVar[tuple[str, str]] = ("revert_done", "revert_done_later")


def check_file(
    db: Path, source: Path | str | bytes, file_name: str | None = None, plan_id: str | None = None
) -> ImportReport:
    """Read and validate an actuals file; nothing is written (the dry run).

    source is a path, or the bytes of an upload together with its file_name.
    """
    table = _read(source, file_name)
    try:
        return _check(db, table, plan_id, correction=False)
    finally:
        _after_file(table)


def import_file(
    db: Path,
    source: Path | str | bytes,
    editor: str,
    file_name: str | None = None,
    plan_id: str | None = None,
    expected_token: str | None = None,
) -> ImportReport:
    """Validate an actuals file against the store as it is now and append its changes as one batch.

    Rows without a 出典 take the file name as their source. Returns the report; when it
    has problems nothing was written.
    """
    table = _read(source, file_name)
    try:
        return _write(db, table, editor, plan_id, correction=False, expected_token=expected_token)
    finally:
        _after_file(table)


# Files of at least this many rows give their memory back when read and checked (heap.py).
LARGE_FILE_ROWS = 50_000


def _read(source: Path | str | bytes, file_name: str | None) -> ImportTable:
    table = read_import_file(source, file_name)
    if len(table) >= LARGE_FILE_ROWS:
        heap.release_free_memory()  # what reading it took: the file's bytes, text and Arrow columns
    return table


def _after_file(table: ImportTable) -> None:
    """A large file's rows let go once validated: the messages are written, the changes hold the rest."""
    if len(table) >= LARGE_FILE_ROWS and table.row_nos:
        table.row_nos, table.cells = [], {}
        heap.release_free_memory()


def check_corrections(db: Path, frame: pd.DataFrame, plan_id: str | None = None) -> ImportReport:
    """Validate rows edited on screen (same columns as an import file); nothing is written."""
    return _check(db, read_frame(frame, CORRECTION_SOURCE), plan_id, correction=True)


def apply_corrections(
    db: Path,
    frame: pd.DataFrame,
    editor: str,
    plan_id: str | None = None,
    expected_token: str | None = None,
) -> ImportReport:
    """Validate and append rows edited on screen, each as a 'correction' revision, in one batch."""
    table = read_frame(frame, CORRECTION_SOURCE)
    return _write(db, table, editor, plan_id, correction=True, expected_token=expected_token)


def revert_preview(db: Path, revision_id: int) -> RevertPreview:
    """What `revert` would do, without writing: the value now and the value it brings back.

    Raises RevertError, with the reason, when the revision cannot be reverted.
    """
    with store.reading(Path(db)) as con:
        preview, _row = _planned_revert(con, int(revision_id))
    return preview


def revert(db: Path, revision_id: int, editor: str) -> RevertResult:
    """Undo one revision by appending a 'revert' revision that restores the value it replaced.

    Any revision but a baseline can be reverted, the newest or an older one: the metric and
    year then read as they did just before it (so the changes after it are undone as well;
    a revert can itself be reverted). When the revision was the first for its metric and
    year, the new revision has neither value nor stage: back to "no actual". Baselines from
    the plan document cannot be reverted (change the plan files instead), and a revert that
    would change nothing is refused.
    """
    editor = _editor(editor)
    with store.writing(db) as con:
        preview, row = _planned_revert(con, int(revision_id))
        (new_id,) = _append_revisions(
            con, [[*row, editor, store.now_jst(), "revert", str(uuid.uuid4()), int(revision_id)]]
        )
        current_rows.refresh_written(con, [row[0]])
    return RevertResult(**vars(preview), revision_id=int(new_id))


def _planned_revert(con: duckdb.DuckDBPyConnection, revision_id: int) -> tuple[RevertPreview, list]:
    """The preview of reverting revision_id and the revision row to append (its key and values)."""
    history = [without_nans(r) for r in loaders.revision_history(con, revision_id).to_dict("records")]
    chosen = next((r for r in history if r["revision_id"] == revision_id), None)
    if chosen is None:
        raise RevertError(f"修正番号 {revision_id} の実績はありません。", f"There is no revision {revision_id}.")
    if chosen["change_kind"] == "baseline":
        raise RevertError(
            f"修正番号 {revision_id} は計画書の現況値なので取り消せません。計画ファイル（data/plan/）を直すか、訂正を登録してください。",
            f"Revision {revision_id} is a baseline from the plan document: correct data/plan/ or record a correction instead.",
        )
    earlier = [r for r in history if r["revision_id"] < revision_id]
    restored = earlier[-1] if earlier else None
    values = _restored_values(restored, chosen)
    newest = history[-1]
    if tuple(values[:3]) == _value_of(newest):
        shown = values[2] or "実績なし"
        raise RevertError(
            f"修正番号 {revision_id} の前の値「{shown}」が、すでに現在の値です。取り消すことはありません。",
            f"The value before revision {revision_id} ('{values[2] or 'no actual'}') is already the current value: "
            "there is nothing to revert.",
        )
    preview = RevertPreview(
        reverted_revision_id=revision_id,
        restored_revision_id=None if restored is None else int(restored["revision_id"]),
        current_text=newest["value_text"],
        value=values[0],
        stage_no=values[1],
        value_text=values[2],
        later_revision_ids=tuple(int(r["revision_id"]) for r in history if r["revision_id"] > revision_id),
    )
    key = [chosen["plan_id"], chosen["item_no"], chosen["metric_code"], int(chosen["fiscal_year"])]
    return preview, [*key, *values]


def _value_of(revision: dict) -> tuple[float | None, int | None, str | None]:
    """value, stage_no, value_text of a revision (its NaNs already None) as plain Python values."""
    stage_no = None if revision["stage_no"] is None else int(revision["stage_no"])
    value = None if revision["value"] is None else float(revision["value"])
    return value, stage_no, revision["value_text"]


def _restored_values(restored: dict | None, chosen: dict) -> list:
    """value, stage_no, value_text, note, source of the revision being brought back (or of "no actual")."""
    if restored is None:
        return [None, None, None, WITHDRAWN_NOTE, f"取消: 修正番号 {chosen['revision_id']}"]
    return [*_value_of(restored), restored["note"], restored["source"]]


def _editor(editor: str | None) -> str:
    name = (editor or "").strip()
    if not name:
        raise EditorRequired()
    return name


def _report(table: ImportTable) -> ImportReport:
    return ImportReport(
        source_name=table.name,
        file_format=table.file_format,
        encoding=table.encoding,
        problems=list(table.problems),
        ignored_columns=list(table.ignored_columns),
    )


def _validate_into(report: ImportReport, con: duckdb.DuckDBPyConnection, table, plan_id, correction) -> None:
    result = validate(table, con, plan_id, correction=correction)
    report.problems += result.problems
    report.change_table = result.changes
    report.skipped_rows = result.skipped_rows
    report.token = result.token


def _check(db: Path, table: ImportTable, plan_id: str | None, correction: bool) -> ImportReport:
    report = _report(table)
    if report.ok:
        with store.reading(Path(db)) as con:
            _validate_into(report, con, table, plan_id, correction)
    return report


def _write(
    db: Path, table: ImportTable, editor: str, plan_id: str | None, correction: bool, expected_token: str | None
) -> ImportReport:
    editor = _editor(editor)
    report = _report(table)
    if not report.ok:
        return report
    with store.writing(db) as con:
        # Validate again here: another import may have landed since the preview.
        _validate_into(report, con, table, plan_id, correction)
        _after_file(table)  # before the append, which needs memory of its own
        if report.ok and expected_token is not None and report.token != expected_token:
            report.problems.append(_store_changed())
        if not report.ok:
            return report  # nothing was written: the transaction commits empty
        report.batch_id = str(uuid.uuid4())
        report.written = _append_changes(con, report.change_table, table.name, editor, report.batch_id)
        if not report.written:
            report.batch_id = None
        report.kept_rows_current = current_rows.refresh_written(con, _written_plans(report.change_table))
    report.dry_run = False
    return report


# actual_revision's columns but revision_id, in table order.
REVISION_COLUMNS = (
    "plan_id",
    "item_no",
    "metric_code",
    "fiscal_year",
    "value",
    "stage_no",
    "value_text",
    "note",
    "source",
    "editor",
    "recorded_at",
    "change_kind",
    "batch_id",
    "reverts_revision_id",
)


def _append_changes(
    con: duckdb.DuckDBPyConnection, changes: pa.Table, file_name: str, editor: str, batch_id: str
) -> int:
    """Append the new and changed rows of a preview as one batch, in one INSERT … SELECT, in the
    rows' order (revision ids come from the sequence); rows without a 出典 take the file name.
    Returns how many revisions were written."""
    con.register("import_change_rows", changes)
    try:
        (written,) = con.execute(
            """
            insert into actual_revision (
                plan_id, item_no, metric_code, fiscal_year, value, stage_no, value_text, note, source,
                editor, recorded_at, change_kind, batch_id, reverts_revision_id
            )
            select
                plan_id, item_no, metric_code, fiscal_year, value, stage_no, value_text, note,
                coalesce(source, $file_name), $editor, $recorded_at, change_kind, $batch_id, null
            from import_change_rows
            where status <> 'unchanged'
            order by row
            """,
            {"file_name": file_name, "editor": editor, "recorded_at": store.now_jst(), "batch_id": batch_id},
        ).fetchone()
    finally:
        con.unregister("import_change_rows")
    return int(written)


def _written_plans(changes: pa.Table) -> list[str]:
    """The plans of the rows _append_changes writes (every status but unchanged)."""
    written = changes.filter(pc.not_equal(changes.column("status"), "unchanged"))
    return pc.unique(written.column("plan_id")).to_pylist()


def _append_revisions(con: duckdb.DuckDBPyConnection, rows: list[list]) -> list[int]:
    """Append a few actual_revision rows (every column but revision_id, in table order); returns their ids."""
    ids = []
    for row in rows:
        ids.append(
            con.execute(
                f"""
                insert into actual_revision ({", ".join(REVISION_COLUMNS)})
                values ({", ".join("?" * len(REVISION_COLUMNS))})
                returning revision_id
                """,  # noqa: S608 - fixed column names
                row,
            ).fetchone()[0]
        )
    return ids


def _store_changed() -> Problem:
    return Problem(
        "store_changed",
        "確認の後に、ほかの人がこのファイルの指標・年度の実績を登録しました。",
        "もう一度確認して、変更内容を見直してから取り込んでください。",
        "Someone recorded actuals for these metrics and years after the preview.",
        "Check the file again and review the changes before importing.",
    )
