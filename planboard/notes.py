"""評価・課題: a comment per metric and fiscal year, kept append-only in metric_note_revision.

The current note of a metric and year is its newest revision; writing empty text
clears it (the history keeps what it said). Read them with `loaders.metric_notes`, their
history with `loaders.note_revisions`; `revert_note` brings back what a revision replaced.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from planboard import loaders, store
from planboard.fiscal_year import FiscalYearError, parse_fiscal_year
from planboard.ingest import EditorRequired
from planboard.safe_cells import has_control_characters
from planboard.validation import StoreState, normalise_code

MAX_NOTE_CHARS = 4000


class NoteError(ValueError):
    """A note that cannot be recorded; message_ja and message_en say why and how to fix it."""

    def __init__(self, message_ja: str, message_en: str):
        super().__init__(f"{message_ja} / {message_en}")
        self.message_ja = message_ja
        self.message_en = message_en


@dataclass(frozen=True)
class NoteInput:
    """One note to record. fiscal_year takes any form parse_fiscal_year reads (令和元年度, 2019, …)."""

    plan_id: str
    item_no: str
    metric_code: str
    fiscal_year: object
    text: str


def write_note(
    db: Path, plan_id: str, item_no: str, metric_code: str, fiscal_year: object, text: str, editor: str
) -> int | None:
    """Record the 評価・課題 note of one metric and year; returns its note_revision_id.

    Returns None when the text is the same as the current note (nothing is written).
    """
    ids = write_notes(db, [NoteInput(plan_id, item_no, metric_code, fiscal_year, text)], editor)
    return ids[0] if ids else None


def write_notes(db: Path, notes: list[NoteInput], editor: str) -> list[int]:
    """Record several notes in one transaction and batch; all or none.

    Notes whose text equals the current note are skipped. Returns the new note_revision_ids.
    """
    editor = (editor or "").strip()
    if not editor:
        raise EditorRequired()
    with store.writing(db) as con:
        store.migrate(con)
        state = StoreState.load(con)
        rows = [_checked(n, state) for n in notes]
        current = {
            (plan_id, r["item_no"], r["metric_code"], int(r["fiscal_year"])): r["note_text"]
            for plan_id in {r[0] for r in rows}
            for r in loaders.metric_notes(con, plan_id).to_dict("records")
        }
        batch_id = str(uuid.uuid4())
        recorded_at = store.now_jst()
        # The same metric and year twice in one call: the later text is the one meant.
        wanted = {row[:4]: row[4] for row in rows}
        ids = []
        for key, text in wanted.items():
            if current.get(key, "") == text:
                continue
            ids.append(
                con.execute(
                    """
                    insert into metric_note_revision
                        (plan_id, item_no, metric_code, fiscal_year, note_text, editor, recorded_at, batch_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?)
                    returning note_revision_id
                    """,
                    [*key, text, editor, recorded_at, batch_id],
                ).fetchone()[0]
            )
    return ids


def revert_note(db: Path, note_revision_id: int, editor: str) -> int:
    """Bring back the text that note revision note_revision_id replaced, as a new note revision;
    returns its id. Any revision can be reverted, newest or not (the note then reads as it did
    before that revision); reverting a note's first revision clears it.

    Raises NoteError when there is no such revision or the note already reads that text.
    """
    if not (editor or "").strip():
        raise EditorRequired()
    with store.reading(db) as con:
        chosen = loaders.note_revision(con, int(note_revision_id))
    if chosen is None:
        raise NoteError(
            f"評価・課題の版 {note_revision_id} はありません。", f"There is no note revision {note_revision_id}."
        )
    note = NoteInput(
        chosen["plan_id"], chosen["item_no"], chosen["metric_code"], chosen["fiscal_year"], chosen["previous_text"]
    )
    ids = write_notes(db, [note], editor)
    if not ids:
        raise NoteError(
            f"評価・課題はすでに版 {note_revision_id} の前の内容です。取り消すことはありません。",
            f"The note already reads as it did before revision {note_revision_id}; there is nothing to revert.",
        )
    return ids[0]


def _checked(note: NoteInput, state: StoreState) -> tuple[str, str, str, int, str]:
    plan = state.plans.get(note.plan_id)
    if plan is None:
        raise NoteError(f"計画「{note.plan_id}」はありません。", f"There is no plan '{note.plan_id}'.")
    item_no, metric_code = normalise_code(str(note.item_no)), normalise_code(str(note.metric_code or ""))
    if (item_no, metric_code) not in plan.metrics:
        raise NoteError(
            f"取組 {item_no} に指標「{metric_code}」はありません。",
            f"Item {item_no} has no metric '{metric_code}'.",
        )
    try:
        year = parse_fiscal_year(note.fiscal_year)
    except FiscalYearError as exc:
        raise NoteError(str(exc), f"Cannot read the fiscal year '{note.fiscal_year}'.") from None
    if year not in plan.years:
        raise NoteError(
            f"{year}年度は計画「{plan.plan_id}」の年度ではありません（{', '.join(map(str, plan.years))}）。",
            f"FY{year} is not a year of plan '{plan.plan_id}' ({', '.join(map(str, plan.years))}).",
        )
    text = (note.text or "").strip()
    if has_control_characters(text):
        raise NoteError(
            "評価・課題に制御文字（表示されない特殊な文字）が含まれています。消してから保存してください。",
            "The note holds control characters (invisible special characters); remove them and save again.",
        )
    if len(text) > MAX_NOTE_CHARS:
        raise NoteError(
            f"評価・課題は{MAX_NOTE_CHARS}文字以内にしてください（{len(text)}文字）。",
            f"Keep the note within {MAX_NOTE_CHARS} characters ({len(text)}).",
        )
    return (plan.plan_id, item_no, metric_code, year, text)
