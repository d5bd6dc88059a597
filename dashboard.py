"""Planboard: the router. Lists the pages, draws the shared sidebar, runs the chosen page."""

import streamlit as st

from planboard import heap, i18n, plotly_view, store, ui

st.set_page_config(page_title="Planboard", page_icon=":material/checklist:", layout="wide")
ui.leave_pages_directory_mode()
# Once per server process, now that the modules the pages use are imported: see planboard/heap.py.
heap.settle()
# The charts' Plotly.js, fetched and evaluated while the rest of the page is drawn.
plotly_view.preload()

# Runs take turns (setting max_concurrent_runs): see ui.run_slot. Every read of a run shares
# one read-only connection to the store (closed at the end of the run, or before a write):
# see planboard.store.shared_reads.
with ui.run_slot(), store.shared_reads():
    state = ui.sidebar()
    t = state.t
    pages = [
        # The default page is served at the root of the site.
        st.Page("pages/overview.py", title=t("nav_overview"), icon=":material/dashboard:", default=True),
        st.Page("pages/items.py", title=t("nav_items"), icon=":material/list:", url_path="items"),
        st.Page("pages/item.py", title=t("nav_item"), icon=":material/search:", url_path="item"),
        st.Page("pages/department.py", title=t("nav_department"), icon=":material/apartment:", url_path="department"),
        st.Page("pages/present.py", title=t("nav_present"), icon=":material/slideshow:", url_path="present"),
    ]
    data_pages = [
        st.Page("pages/data.py", title=t("nav_data"), icon=":material/upload_file:", url_path="data"),
        st.Page("pages/history.py", title=t("nav_history"), icon=":material/history:", url_path="history"),
    ]
    navigation = st.navigation({t("nav_section_view"): pages, t("nav_section_data"): data_pages})
    ui.write_url(state, keep_page_keys=navigation.url_path == "present")
    st.session_state["view_state"] = state
    ui.show_banners(state)
    ui.show_notices(state)
    navigation.run()
    st.caption(i18n.t("not_official", state.language))
    if state.sample_label:
        st.caption(state.sample_label)
