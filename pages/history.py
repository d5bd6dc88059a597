"""履歴: every revision of the actuals and of the 評価・課題 notes — who changed what, when,
before → after — and revert (as a new revision)."""

import contextlib

import pandas as pd
import streamlit as st

from planboard import ingest, notes, store, tables, ui
from planboard.chart_text import shortened

state = ui.page_state()
t = state.t

st.title(t("history_heading"))
st.caption(t("history_lead"))

revisions = ui.load("revisions", plan_id=state.plan_id, item_no=None)
note_revisions = ui.load("note_revisions", plan_id=state.plan_id, item_no=None)
c1, c2 = st.columns(2)
item_filter = c1.multiselect(
    t("history_filter_item"),
    sorted(set(revisions["item_no"]) | set(note_revisions["item_no"])),
    key="h_item",
    placeholder=t("all"),
)
editor_filter = c2.multiselect(
    t("history_filter_editor"),
    sorted(set(revisions["editor"]) | set(note_revisions["editor"])),
    key="h_editor",
    placeholder=t("all"),
)


# The revert list shows the newest revisions of the chosen items; filtering by item reaches older ones.
MAX_REVERT_CHOICES = 300


def filtered(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the items and editors chosen above (all when none is chosen)."""
    if item_filter:
        frame = frame[frame["item_no"].isin(item_filter)]
    if editor_filter:
        frame = frame[frame["editor"].isin(editor_filter)]
    return frame


table = tables.history_table(filtered(revisions), state.language)
st.dataframe(table, hide_index=True, width="stretch")
ui.table_downloads(table, t("item_history"), "history", "history", state)

st.header(t("history_notes_heading"))
note_table = tables.note_history_table(filtered(note_revisions), state.language)
if note_table.empty:
    st.caption(t("history_notes_empty"))
else:
    st.dataframe(note_table, hide_index=True, width="stretch")
    ui.table_downloads(note_table, t("history_notes_heading"), "history_notes", "history_notes", state)


def revision_label(revision_id: int, r, before: str, after: str) -> str:
    """What a revert's choice shows: the revision, its metric and year, before → after, who and when."""
    return (
        f"#{revision_id} {r.item_no} {r.metric_code} {state.fy_label(r.fiscal_year)}: "
        f"{before} → {after} ({r.editor}, {r.recorded_at})"
    )


def revert_actual(editor: str | None) -> None:
    """Any revision but a plan baseline can be reverted, the newest or an older one; the preview
    says what the value becomes and which later changes go with it."""
    revertable = filtered(revisions)
    revertable = revertable[revertable["change_kind"] != "baseline"]
    if revertable.empty:
        st.info(t("history_no_revertable"))
        return
    labels = {
        int(r.revision_id): revision_label(r.revision_id, r, r.previous_text or "—", r.value_text or "—")
        for r in revertable.head(MAX_REVERT_CHOICES).itertuples()
    }
    picked = st.selectbox(t("history_revert_pick"), list(labels), format_func=labels.get, key="h_revert")
    if len(revertable) > MAX_REVERT_CHOICES:
        st.caption(t("history_revert_more", n=MAX_REVERT_CHOICES))
    try:
        preview = ingest.revert_preview(ui.db_path(), picked)
    except ingest.RevertError as exc:  # e.g. the value is already what reverting would bring back
        st.info(exc.message_en if state.language == "en" else exc.message_ja)
        return
    st.info(ui.escape_markdown_long(preview.describe(state.language)))
    if editor and state.as_of_date is None and st.button(t("history_revert"), type="primary", key="h_revert_go"):
        with reported(ingest.RevertError):
            result = ingest.revert(ui.db_path(), picked, editor)
            written(f"{result.describe(state.language)} {t('history_reverted', new=result.revision_id)}")


def revert_note(editor: str | None) -> None:
    """Any note revision can be reverted: the note then reads as it did before that revision."""
    choices = filtered(note_revisions).head(MAX_REVERT_CHOICES)
    if choices.empty:
        return
    labels = {
        int(r.note_revision_id): revision_label(r.note_revision_id, r, _short(r.previous_text), _short(r.note_text))
        for r in choices.itertuples()
    }
    picked = st.selectbox(t("history_note_revert_pick"), list(labels), format_func=labels.get, key="h_note_revert")
    chosen = ui.load("note_revision", note_revision_id=picked)
    if chosen["current_text"] == chosen["previous_text"]:
        st.info(t("history_note_revert_same", rev=picked))
        return
    st.info(
        ui.escape_markdown_long(
            t(
                "history_note_revert_preview",
                current=_short(chosen["current_text"]),
                after=_short(chosen["previous_text"]),
            )
        )
    )
    if editor and state.as_of_date is None and st.button(t("history_note_revert"), key="h_note_revert_go"):
        with reported(notes.NoteError):
            new_id = notes.revert_note(ui.db_path(), picked, editor)
            written(t("history_note_reverted", rev=picked, new=new_id))


@contextlib.contextmanager
def reported(refused: type[Exception]):
    """A revert's refusal (why, in the viewer's language) or a disk that refused the write, on screen."""
    try:
        yield
    except refused as exc:
        st.error(exc.message_en if state.language == "en" else exc.message_ja)
    except store.StoreUnwritable as exc:
        ui.show_write_failure(exc, state)


def written(message: str) -> None:
    """Say what was written on the next run, which lists it: the tables above were read before it."""
    st.session_state["h_written"] = message
    st.rerun()


def _short(text: str, limit: int = 30) -> str:
    return shortened(" ".join(str(text).split()) or "—", limit)


st.header(t("history_revert_heading"))
if "h_written" in st.session_state:
    st.success(ui.escape_markdown_long(st.session_state.pop("h_written")))
signed_in = ui.editor(state)
revert_actual(signed_in)
revert_note(signed_in)
