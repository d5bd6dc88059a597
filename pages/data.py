"""データ: import actuals from a file, correct them in a table, write 評価・課題 notes, download templates.

Every write goes through planboard.ingest (validate the whole input, preview before → after,
then one transaction that appends revisions) and needs a signed-in editor.
"""

import streamlit as st

from planboard import ingest, notes, store, ui
from planboard.import_file import HEADER_JA
from planboard.notes import NoteError

state = ui.page_state()
t = state.t
db = ui.db_path()

st.title(t("data_heading"))
ui.show_write_warning(state)
editor = ui.editor(state)
read_only = state.as_of_date is not None
if read_only:
    st.info(t("data_as_of_readonly"))


def _write_allowed() -> bool:
    return bool(editor) and not read_only


def _preview_then_confirm(key: str, report, write) -> None:
    """Show a checked report; when it is clean and changes something, offer to write it.

    write(expected_token) performs the write (None when no editor is signed in); the
    token refuses it if the store changed what the preview showed in the meantime.
    """
    ui.show_report(report, state)
    counts = report.counts()
    if write is None or not (report.ok and counts["new"] + counts["changed"]):
        return
    if st.button(t("data_confirm"), type="primary", key=f"{key}_confirm"):
        st.session_state.pop(f"{key}_preview", None)
        try:
            result = write(report.token)
        except store.StoreUnwritable as exc:
            ui.show_write_failure(exc, state)
            return
        if not result.ok:
            ui.show_report(result, state)
        elif result.written:
            st.success(t("data_written", n=result.written, batch=result.batch_id or "-"))
        else:
            st.info(t("data_nothing_to_write"))


tab_import, tab_correct, tab_notes, tab_template = st.tabs(
    [t("data_tab_import"), t("data_tab_correct"), t("data_tab_notes"), t("data_tab_template")]
)

with tab_import:
    # No type=[...]: Streamlit would refuse another extension with an app error; planboard's own
    # check refuses it with a message that says what to do (e.g. save the .xlsm as .xlsx).
    uploaded = st.file_uploader(t("data_upload"), help=t("data_upload_help"))
    if uploaded is not None and st.button(t("data_check"), key="import_check"):
        report = ingest.check_file(db, uploaded.getvalue(), file_name=uploaded.name, plan_id=state.plan_id)
        st.session_state["import_preview"] = (uploaded.name, uploaded.getvalue(), report)
    preview = st.session_state.get("import_preview")
    if preview and uploaded is not None and preview[0] == uploaded.name:
        name, data, report = preview
        write = None
        if _write_allowed():

            def write(token):
                return ingest.import_file(db, data, editor, file_name=name, plan_id=state.plan_id, expected_token=token)

        _preview_then_confirm("import", report, write)

with tab_correct:
    st.caption(t("data_correct_lead", fy=state.fy_label()))
    sheet = ui.actuals_sheet(state)
    this_year = sheet[sheet[HEADER_JA["fiscal_year"]] == ui.era_label(state.fiscal_year)].reset_index(drop=True)
    editable = [HEADER_JA[k] for k in ("value", "stage", "note", "source")]
    edited = st.data_editor(
        this_year,
        hide_index=True,
        width="stretch",
        disabled=[c for c in this_year.columns if c not in editable],
        key=f"correct_{state.plan_id}_{state.fiscal_year}",
    )
    if st.button(t("data_check"), key="correct_check"):
        st.session_state["correct_preview"] = (edited, ingest.check_corrections(db, edited, plan_id=state.plan_id))
    preview = st.session_state.get("correct_preview")
    if preview:
        frame, report = preview
        write = None
        if _write_allowed():

            def write(token):
                return ingest.apply_corrections(db, frame, editor, plan_id=state.plan_id, expected_token=token)

        _preview_then_confirm("correct", report, write)

with tab_notes:
    st.caption(t("data_notes_lead"))
    rows = ui.load("metric_year", plan_id=state.plan_id, bureau=state.bureau, section=state.section, item_no=None)
    metrics = rows.drop_duplicates(["item_no", "metric_code"])
    label = "metric_label_en" if state.language == "en" else "metric_label_ja"
    choices = {
        f"{m.item_no} {m.metric_code} {getattr(m, label)}".replace("  ", " "): (m.item_no, m.metric_code)
        for m in metrics.itertuples()
    }
    picked = st.selectbox(t("data_note_metric"), list(choices), key="note_metric")
    item_no, metric_code = choices[picked]
    current = ui.load("metric_notes", plan_id=state.plan_id, item_no=item_no)
    mine = current[(current["metric_code"] == metric_code) & (current["fiscal_year"] == state.fiscal_year)]
    text = st.text_area(
        f"{t('data_note_text')}（{state.fy_label()}）",
        value=mine["note_text"].iloc[0] if len(mine) else "",
        key=f"note_{item_no}_{metric_code}_{state.fiscal_year}",
        max_chars=2000,
    )
    if _write_allowed() and st.button(t("data_note_save"), key="note_save"):
        try:
            saved = notes.write_note(db, state.plan_id, item_no, metric_code, state.fiscal_year, text, editor)
        except store.StoreUnwritable as exc:
            ui.show_write_failure(exc, state)
        except (NoteError, ingest.EditorRequired) as exc:
            st.error(t("data_write_failed", reason=getattr(exc, "message_ja", str(exc))))
        else:
            st.success(t("data_note_saved") if saved else t("data_note_same"))

with tab_template:
    st.caption(t("data_template_lead"))
    c1, c2, c3, c4 = st.columns(4)
    plan = state.plan_id
    c1.download_button(t("data_template_csv"), ui.template(state, "csv", False), f"{plan}_template.csv", "text/csv")
    c2.download_button(
        t("data_template_xlsx"), ui.template(state, "xlsx", False), f"{plan}_template.xlsx", ui.XLSX_MIME
    )
    c3.download_button(t("data_export_csv"), ui.template(state, "csv", True), f"{plan}_actuals.csv", "text/csv")
    c4.download_button(t("data_export_xlsx"), ui.template(state, "xlsx", True), f"{plan}_actuals.xlsx", ui.XLSX_MIME)
