"""履歴: every revision of the actuals — who changed what, when, before → after — and revert."""

import streamlit as st

from planboard import ingest, store, tables, ui

state = ui.page_state()
t = state.t

st.title(t("history_heading"))
st.caption(t("history_lead"))

revisions = ui.load("revisions", plan_id=state.plan_id, item_no=None)
c1, c2 = st.columns(2)
item_filter = c1.multiselect(t("history_filter_item"), sorted(revisions["item_no"].unique()), key="h_item")
editor_filter = c2.multiselect(t("history_filter_editor"), sorted(revisions["editor"].unique()), key="h_editor")
shown = revisions
if item_filter:
    shown = shown[shown["item_no"].isin(item_filter)]
if editor_filter:
    shown = shown[shown["editor"].isin(editor_filter)]

table = tables.history_table(shown, state.language)
st.dataframe(table, hide_index=True, width="stretch")
st.download_button(t("download_csv"), ui.csv_bytes(table, state), "history.csv", "text/csv", key="history_csv")
ui.xlsx_download(table, t("item_history"), "history", "history_xlsx", state)

st.subheader(t("history_revert"))
# Only the newest revision of a metric and year can be reverted, and never a plan baseline.
newest = revisions.sort_values("revision_id").groupby(["item_no", "metric_code", "fiscal_year"]).tail(1)
revertable = newest[newest["change_kind"] != "baseline"].sort_values("revision_id", ascending=False)
if revertable.empty:
    st.info(t("history_no_revertable"))
    st.stop()
labels = {
    int(r.revision_id): f"#{r.revision_id} {r.item_no} {r.metric_code} {state.fy_label(r.fiscal_year)}: "
    f"{r.previous_text or '—'} → {r.value_text or '—'} ({r.editor}, {r.recorded_at})"
    for r in revertable.itertuples()
}
picked = st.selectbox(t("history_revert_pick"), list(labels), format_func=labels.get, key="h_revert")
editor = ui.editor(state)
if editor and state.as_of_date is None and st.button(t("history_revert"), type="primary", key="h_revert_go"):
    try:
        result = ingest.revert(ui.db_path(), picked, editor)
    except ingest.RevertError as exc:
        st.error(exc.message_en if state.language == "en" else exc.message_ja)
    except store.StoreUnwritable as exc:
        ui.show_write_failure(exc, state)
    else:
        st.success(t("history_reverted", rev=result.reverted_revision_id, new=result.revision_id))
