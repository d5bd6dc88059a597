"""発表モード: one slide at a time for a projector; ← / → or the buttons move, ?slide=N in the link."""

import streamlit as st

from planboard import chart_payload, plotly_view, slides, ui

state = ui.page_state()
t = state.t
ui.hide_chrome_for_presentation()

raw_hc = st.query_params.get("hc")
high_contrast = raw_hc == "1"
if raw_hc not in (None, "", "0", "1"):
    st.warning(t("notice_bad_param", name="hc", value=ui.escape_markdown(raw_hc)), icon="⚠️")
    del st.query_params["hc"]
deck = slides.build_deck(ui.deck_data(state), state.language, high_contrast=high_contrast)
total = len(deck)

raw = st.query_params.get("slide", "1")
number = ui.number_param(raw, 1, total) or 1
if raw != str(number):
    st.warning(t("notice_bad_param", name="slide", value=ui.escape_markdown(raw)), icon="⚠️")
    st.query_params["slide"] = "1"


def _go(to: int) -> None:
    st.query_params["slide"] = str(min(max(to, 1), total))


def _toggle_contrast() -> None:
    if st.session_state["present_hc"]:
        st.query_params["hc"] = "1"
    else:
        del st.query_params["hc"]


nav = st.columns([1, 1, 1, 2, 2, 2, 2])
nav[0].button(
    t("present_prev"),
    icon=":material/arrow_back:",
    shortcut="Left",
    on_click=_go,
    args=(number - 1,),
    disabled=number == 1,
    key="present_prev",
)
nav[1].markdown(f"**{t('present_counter', n=number, total=total)}**")
nav[2].button(
    t("present_next"),
    icon=":material/arrow_forward:",
    shortcut="Right",
    on_click=_go,
    args=(number + 1,),
    disabled=number == total,
    key="present_next",
)
nav[3].toggle(t("present_high_contrast"), value=high_contrast, key="present_hc", on_change=_toggle_contrast)
nav[5].download_button(
    t("download_pptx"),
    ui.deck_file(state, "pptx", high_contrast),
    file_name="council_pack.pptx",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    on_click="ignore",
    icon=":material/download:",
    key="present_pptx",
)
nav[6].download_button(
    t("download_pdf"),
    ui.deck_file(state, "pdf", high_contrast),
    file_name="council_pack.pdf",
    mime="application/pdf",
    on_click="ignore",
    icon=":material/download:",
    key="present_pdf",
)
nav[4].page_link(
    "pages/overview.py", label=t("present_exit"), icon=":material/close:", query_params=ui.url_params(state)
)

slide = deck[number - 1]
st.caption(slide.footer)
st.title(slide.title)
for line in slide.lines:
    st.markdown(f"### {ui.escape_markdown_long(line)}")
if slide.chart is not None:
    # Fit title, sentence and chart on one 1920×1080 screen.
    # A copy of the (shared, cached) chart's layout with the height capped.
    layout = slide.chart.spec["layout"]
    spec = {**slide.chart.spec, "layout": {**layout, "height": min(layout.get("height") or 640, 640)}}
    plotly_view.show(
        chart_payload.screen(spec),
        f"slide_{number}",
        slide.chart.title,
        t("chart_unavailable"),
        config={"displayModeBar": False},
    )
    # Folded under the slide, so the screen stays one message while the data is a click away.
    ui.chart_table(slide.chart, f"slide_{number}", state)
if slide.table is not None:
    st.table(slide.table.set_index(slide.table.columns[0]))
st.caption(t("present_keys"))
