"""部署別: a department's items, statuses and charts; with none chosen, every department's tally."""

import streamlit as st

from planboard import item_charts, loaders, status, ui

state = ui.page_state()
t = state.t

st.title(t("dept_heading"))

if not (state.bureau or state.section):
    st.info(t("dept_lead"))
    items = ui.load("items", plan_id=state.plan_id, fiscal_year=state.fiscal_year, bureau=None, section=None)
    depts = ui.load("departments", plan_id=state.plan_id)
    st.subheader(t("dept_table_heading"))
    rows = []
    for d in depts.itertuples():
        mine = items[items["section"].str.split("、").map(lambda s, sec=d.section: sec in s)]
        tally = "、".join(
            f"{status.STATUSES[c].badge(state.language)} {n}" for c, n in mine["status"].value_counts().items()
        )
        rows.append(
            {
                t("col_bureau"): d.bureau,
                t("col_section"): d.section,
                t("col_items_count"): len(mine),
                t("col_status"): tally,
                t("col_item_no"): "、".join(mine["item_no"]),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")
    st.stop()

dept = " ".join(x for x in (state.bureau, state.section) if x)
rows = ui.load("metric_year", plan_id=state.plan_id, bureau=state.bureau, section=state.section, item_no=None)
# The items come from the same rows: metric_year_at is evaluated once per page, not twice.
items = loaders.items_from_rows(rows, state.fiscal_year, ui.load("plan_items", plan_id=state.plan_id))
all_stages = ui.load("metric_stages", plan_id=state.plan_id, item_no=None)
all_facets = ui.load("metric_facets", plan_id=state.plan_id, item_no=None)
st.subheader(t("dept_selected", dept=dept, n=len(items)))
if items.empty:
    st.info(t("empty_items"))
    st.stop()

counts = items["status"].value_counts()
ui.status_tiles(counts, list(counts.index), state)
ui.missing_actuals_note(items, state)

title_col = "title_en" if state.language == "en" else "title_ja"
why = item_charts.reasons(rows, items, state.fiscal_year, state.language, all_stages)
parts_of = loaders.item_parts(rows, all_stages, all_facets)
for item in items.itertuples():
    title = getattr(item, title_col)
    with st.container(border=True):
        st.markdown(f"### {item.item_no} {ui.escape_markdown_long(title)}")
        st.markdown(
            f"**{status.STATUSES[item.status].badge(state.language)}** — {ui.escape_markdown_long(item.goal_text)}"
        )
        st.caption(ui.escape_markdown_long(why[item.item_no]))
        no = item.item_no
        ui.leading_chart(no, *parts_of(no), f"dept_{no}", state)
