"""総括: the plan at a glance for executives: statuses, as-of date, the headline charts."""

import streamlit as st

from planboard import item_charts, loaders, status, ui

state = ui.page_state()
t = state.t

rows = ui.load("metric_year", plan_id=state.plan_id, bureau=state.bureau, section=state.section, item_no=None)
# The items come from the same rows: metric_year_at is evaluated once per page, not twice.
items = loaders.items_from_rows(rows, state.fiscal_year, ui.load("plan_items", plan_id=state.plan_id))
as_of = ui.load("data_as_of", plan_id=state.plan_id)
# Stages and facets of every item at once: one query each, not two per headline item.
all_stages = ui.load("metric_stages", plan_id=state.plan_id, item_no=None)
all_facets = ui.load("metric_facets", plan_id=state.plan_id, item_no=None)

scope = state.section or state.bureau or t("overview_scope_all")
st.title(t("overview_heading", fy=state.fy_label()))
st.markdown(ui.escape_markdown_long(t("overview_lead", scope=scope, n=len(items), fy=state.fy_label())))
st.caption(f"{t('as_of')}: {as_of:%Y-%m-%d %H:%M} JST" if as_of else t("as_of_none"))

if items.empty:
    st.info(t("empty_items"))
    st.stop()

counts = items["status"].value_counts()
shown = [code for code in status.STATUSES if counts.get(code, 0) or code in status.HEADLINE_CODES]
ui.status_tiles(counts, shown, state)

summary = ui.status_summary(items, state)
ui.show_chart(summary, "status_summary", state)

st.header(t("headline_heading"))
ui.missing_actuals_note(items, state)
headline = items[items["headline_order"].notna()].sort_values("headline_order")
if headline.empty:
    st.info(t("headline_none"))


parts_of = loaders.item_parts(rows, all_stages, all_facets)


def _draw_headline(item) -> None:
    no = item.item_no
    title = item.title_en if state.language == "en" else item.title_ja
    st.subheader(f"{no} {title}")
    ui.leading_chart(no, *parts_of(no), f"headline_{no}", state)


# Count charts sit two to a row; a matrix (18-7) needs the full width to stay legible.
wide = set(headline["item_no"]) & set(all_facets["item_no"])
narrow = headline[~headline["item_no"].isin(wide)]
for start in range(0, len(narrow), 2):
    for col, item in zip(st.columns(2), narrow.iloc[start : start + 2].itertuples(), strict=False):
        with col:
            _draw_headline(item)
for item in headline[headline["item_no"].isin(wide)].itertuples():
    _draw_headline(item)

st.header(t("nav_items"))
why = item_charts.reasons(rows, items, state.fiscal_year, state.language, all_stages)
table = items.assign(
    # An item without an English title is listed by its Japanese one, as on the items page.
    title=items["title_en"].fillna(items["title_ja"]) if state.language == "en" else items["title_ja"],
    status_badge=items["status"].map(lambda c: ui.status_badge(c, state.language)),
    reason=items["item_no"].map(why),
)[["item_no", "title", "status_badge", "reason"]]
table.columns = [t("col_item_no"), t("col_title"), t("col_status"), t("col_reason")]
# A Markdown table: Streamlit's table code would hold back the page's first drawing (ui.chart_table).
ui.markdown_table(table, "overview_items", nowrap=(1, 3))
ui.status_legend(state)
