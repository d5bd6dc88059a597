"""取組の詳細: one item's metrics (plan against actual), texts, departments and history."""

import streamlit as st

from planboard import item_charts, loaders, status, tables, ui

state = ui.page_state()
t = state.t

# The list to pick from needs no statuses: the chosen item's comes from its own rows below,
# so the page evaluates metric_year_at once, for one item.
plan_items = ui.load("plan_items", plan_id=state.plan_id)
item_nos = list(plan_items["item_no"])
title_col = "title_en" if state.language == "en" else "title_ja"
titles = dict(zip(plan_items["item_no"], plan_items[title_col], strict=True))

if state.item_no and state.item_no not in item_nos:
    st.warning(t("item_not_found", item=ui.escape_markdown(state.item_no)), icon="⚠️")
    st.session_state["item"] = None
    state.item_no = None
# Without an item in the link, the first item of the view's 部 or 課 (else of the plan).
in_department = ui.load("department_items", plan_id=state.plan_id, bureau=state.bureau, section=state.section)
current = state.item_no or next(iter(in_department), item_nos[0])
if st.session_state.get("w_item_pick") not in item_nos or st.session_state.get("item") != current:
    st.session_state["w_item_pick"] = current


def _picked() -> None:
    st.session_state["item"] = st.session_state["w_item_pick"]


item_no = st.selectbox(
    t("item_pick"), item_nos, key="w_item_pick", format_func=lambda i: f"{i} {titles[i]}", on_change=_picked
)
st.session_state["item"] = item_no
state.item_no = item_no
ui.write_url(state)

item = ui.load("initiative", plan_id=state.plan_id, item_no=item_no)
rows = ui.load("metric_year", plan_id=state.plan_id, bureau=None, section=None, item_no=item_no)
metrics = ui.load("metrics", plan_id=state.plan_id, item_no=item_no)
stages = ui.load("metric_stages", plan_id=state.plan_id, item_no=item_no)
facets = ui.load("metric_facets", plan_id=state.plan_id, item_no=item_no)
footnotes = ui.load("footnotes", plan_id=state.plan_id, item_no=item_no)
history = ui.load("revisions", plan_id=state.plan_id, item_no=item_no)
item_status = loaders.item_status(rows, state.fiscal_year, item_no)

mark = f" {item['mark']}" if item["mark"] else ""
st.title(t("item_heading", item_no=item_no, title=titles[item_no]) + mark)
goal = item["goal_title_en"] if state.language == "en" else item["goal_title_ja"]
st.markdown(ui.escape_markdown_long(t("item_goal", goal_no=item["goal_no"], goal=goal)))
if item_status is not None:  # None: no metric of the item has a row for this year
    badge = status.STATUSES[item_status].badge(state.language)
    st.subheader(t("item_status_line", fy=state.fy_label(), status=badge))
    st.caption(item_charts.reason(rows[rows["fiscal_year"] == state.fiscal_year], item_status, state.language, stages))

left, right = st.columns([3, 2])
with left:
    st.markdown(f"**{t('item_description')}**")
    st.write(item["description_ja"])
    if item["title_note"]:
        st.caption(t("item_title_note", note=item["title_note"]))
    if item["reprint_of"]:
        st.caption(t("item_reprint", of=item["reprint_of"]))
with right:
    st.markdown(f"**{t('item_departments')}**")
    depts = rows[["bureau", "section"]].drop_duplicates()
    for d in depts.itertuples():
        for section in d.section.split("、"):
            st.write(f"{d.bureau} {section}")
    if not footnotes.empty:
        st.markdown(f"**{t('item_footnotes')}**")
        for f in footnotes.itertuples():
            st.write(f"{f.footnote_no} {f.text_ja}")
    st.caption(f"{t('source')}: {state.plan['source_document']}（{item['source']}）")

st.header(t("item_metrics"))
for m in metrics.itertuples():
    label = m.label_en if state.language == "en" else m.label_ja
    code = f" {m.metric_code}" if m.metric_code else ""
    st.markdown(f"**{item_no}{code} {ui.escape_markdown_long(label)}**" + (f" {m.mark}" if m.mark else ""))
    st.caption(t("metric_goal", goal=m.goal_text) + (f" — {t('metric_note', note=m.note)}" if m.note else ""))
for i, chart in enumerate(ui.charts_for_item(rows, stages, facets, state)):
    ui.show_chart(chart, f"item_{item_no}_{i}", state)

st.header(t("item_notes"))
item_notes = ui.load("metric_notes", plan_id=state.plan_id, item_no=item_no)
if item_notes.empty:
    st.caption(t("item_notes_empty"))
for n in item_notes.itertuples():
    label = n.metric_label_en if state.language == "en" else n.metric_label_ja
    st.markdown(f"**{ui.escape_markdown_long(label)}（{state.fy_label(n.fiscal_year)}）**")
    st.text(n.note_text)  # as text: notes are user input and never rendered as markdown or HTML
    st.caption(f"{t('col_editor')}: {n.editor} ／ {n.recorded_at:%Y-%m-%d %H:%M}")

st.header(t("item_history"))
reported = history[history["change_kind"] != "baseline"]
if reported.empty:
    st.info(t("item_history_empty"))
table = tables.history_table(history, state.language)
st.dataframe(table, hide_index=True, width="stretch")
ui.status_legend(state)
