"""取組一覧: every item of the plan with its department, FY goal and status."""

import streamlit as st

from planboard import ui

state: ui.ViewState = st.session_state["view_state"]
t = state.t

items = ui.load(
    "items",
    plan_id=state.plan_id,
    fiscal_year=state.fiscal_year,
    bureau=state.bureau,
    section=state.section,
)
as_of = ui.load("data_as_of", plan_id=state.plan_id)

st.title(t("items_heading", fy=state.fy_label()))
st.caption(t("items_caption", n=len(items), fy=state.fy_label()))
st.caption(f"{t('source')}: {state.plan['source_document']}")

if items.empty:
    st.info(t("empty_items"))
    st.stop()

title_col = "title_en" if state.language == "en" else "title_ja"
goal_col = "goal_title_en" if state.language == "en" else "goal_title_ja"
table = items.assign(
    status_badge=items["status"].map(lambda c: ui.status_badge(c, state.language)),
    department=items["bureau"] + " " + items["section"],
    mark=items["mark"].fillna(""),
)[["item_no", goal_col, title_col, "mark", "department", "goal_text", "status_badge"]]
table.columns = [
    t("col_item_no"),
    t("col_goal"),
    t("col_title"),
    t("col_mark"),
    t("col_department"),
    t("col_fy_goal"),
    t("col_status"),
]
st.dataframe(table, hide_index=True, width="stretch")
st.caption(t("mark_legend"))
ui.status_legend(state)
