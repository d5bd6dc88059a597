"""取組一覧: every item and metric with goal, department, mark, FY goal, plan and actual per year, status."""

import streamlit as st

from planboard import i18n, loaders, status, tables, ui

state = ui.page_state()
t = state.t

rows = ui.load("metric_year", plan_id=state.plan_id, bureau=state.bureau, section=state.section, item_no=None)
# The items come from the same rows: metric_year_at is evaluated once per page, not twice.
items = loaders.items_from_rows(rows, state.fiscal_year, ui.load("plan_items", plan_id=state.plan_id))

st.title(t("items_heading", fy=state.fy_label()))
st.caption(f"{t('source')}: {state.plan['source_document']}")

if items.empty:
    st.info(t("empty_items"))
    st.stop()

goal_col = "goal_title_en" if state.language == "en" else "goal_title_ja"
goals = items[["goal_no", goal_col]].drop_duplicates().set_index("goal_no")[goal_col].to_dict()
with st.expander(t("items_filters"), expanded=True):
    c1, c2, c3, c4 = st.columns([2, 2, 1, 2])
    picked_goals = c1.multiselect(
        t("filter_goal"), list(goals), key="f_goal", placeholder=t("all"), format_func=lambda g: f"{g} {goals[g]}"
    )
    picked_status = c2.multiselect(
        t("filter_status"),
        list(status.STATUSES),
        key="f_status",
        placeholder=t("all"),
        format_func=lambda c: ui.status_badge(c, state.language),
    )
    marks = ["★", "☆", ""]
    picked_marks = c3.multiselect(
        t("filter_mark"),
        marks,
        key="f_mark",
        placeholder=t("all"),
        format_func=lambda m: m or i18n.t("mark_none", state.language),
    )
    search = c4.text_input(t("filter_search"), key="f_search").strip()

shown = items
if picked_goals:
    shown = shown[shown["goal_no"].isin(picked_goals)]
if picked_status:
    shown = shown[shown["status"].isin(picked_status)]
if picked_marks:
    shown = shown[shown["mark"].fillna("").isin(picked_marks)]
if search:
    hay = rows.groupby("item_no")[["item_title_ja", "item_title_en", "metric_label_ja", "metric_label_en"]].agg(
        " ".join
    )
    text = hay.apply(" ".join, axis=1) + " " + hay.index
    matching = set(text[text.str.contains(search, case=False, regex=False)].index)
    shown = shown[shown["item_no"].isin(matching)]


def _filters_set() -> str:
    """The filters narrowing the list, each with its values: what to loosen when nothing matches."""
    mark_none = t("mark_none")
    picked = [
        (t("filter_department"), [x for x in (state.bureau, state.section) if x]),
        (t("filter_goal"), [f"{g} {goals[g]}" for g in picked_goals]),
        (t("filter_status"), [ui.status_badge(c, state.language) for c in picked_status]),
        (t("filter_mark"), [m or mark_none for m in picked_marks]),
        (t("filter_search"), [f"「{search}」"] if search else []),
    ]
    # Department names and search text come from the store and the user: shown literally.
    sep = "; " if state.language == "en" else "；"
    return sep.join(f"{name} = {ui.escape_markdown(', '.join(values))}" for name, values in picked if values)


st.caption(t("items_caption", n=len(shown), fy=state.fy_label()))
if shown.empty:
    st.info(t("empty_items_filtered", filters=_filters_set()))
    st.stop()

title_col = "title_en" if state.language == "en" else "title_ja"
summary = shown.assign(
    status_badge=shown["status"].map(lambda c: ui.status_badge(c, state.language)),
    department=shown["bureau"] + " " + shown["section"],
    mark=shown["mark"].fillna(""),
)[["item_no", title_col, "status_badge", "goal_text", "department", goal_col, "mark"]]
# Status right after the title, so it is on screen without scrolling sideways.
summary.columns = [
    t("col_item_no"),
    t("col_title"),
    t("col_status"),
    t("col_fy_goal"),
    t("col_department"),
    t("col_goal"),
    t("col_mark"),
]
st.dataframe(summary, hide_index=True, width="stretch", key="items_table")
ui.table_downloads(summary, t("nav_items"), f"items_{state.fiscal_year}", "items", state)

st.header(t("metrics_heading"))
metric_rows = rows[rows["item_no"].isin(shown["item_no"])]
notes = ui.load("metric_notes", plan_id=state.plan_id, item_no=None)
table = tables.metric_table(
    metric_rows, shown, state.language, state.fiscal_year, link_params=ui.url_params(state), notes=notes
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={t("col_link"): st.column_config.LinkColumn(t("col_link"), display_text=t("open_detail"))},
)
metric_export = table.drop(columns=[t("col_link")])
ui.table_downloads(metric_export, t("metrics_heading"), f"metrics_{state.fiscal_year}", "metrics", state)
st.caption(t("mark_legend"))
ui.status_legend(state)
