"""FigureSpec builds the same figure as Plotly's own API for the calls the chart builders make."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from planboard.chart_style import TEMPLATE, Style, apply_layout
from planboard.figure_spec import FigureSpec
from tests.conftest import PLAN_ID


def _calls(fig):
    fig.add_trace(go.Scatter(name="a", y=[1, None, 3], x=["x", "y", "z"]), row=1, col=1)
    fig.add_trace(go.Bar(name="b", y=[1, 2, 3], x=["x", "y", "z"]), row=2, col=1)
    fig.add_annotation(x=1, y=0, text="no", showarrow=False, font={"size": 9}, row=2, col=1)
    apply_layout(fig, "title", Style(big=True, high_contrast=True), "sub")
    fig.update_layout(barmode="overlay", margin_t=99, legend={"y": -0.03})
    fig.update_annotations(selector={"text": "A"}, font_size=7)
    fig.update_xaxes(type="category", categoryarray=["x", "y", "z"], title_text="years")
    fig.update_yaxes(ticksuffix="件", rangemode="tozero")
    fig.update_yaxes(range=[0, 5], dtick=2, row=2, col=1)
    return fig


def test_subplots_and_updates_match_plotly():
    args = {"rows": 2, "cols": 1, "shared_xaxes": True, "row_heights": [0.6, 0.4], "subplot_titles": ("A", "B")}
    expected = _calls(make_subplots(**args))
    expected.layout.template = TEMPLATE
    expected = expected.to_dict()
    actual = go.Figure(_calls(FigureSpec.subplots(**args)).finished(), _validate=False).to_dict()
    assert actual == expected


def test_single_panel_matches_plotly():
    def calls(fig):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="n"))
        apply_layout(fig, "t", Style())
        fig.update_yaxes(autorange="reversed", showgrid=False)
        fig.add_annotation(x="a", y="b", text="c", showarrow=False)
        return fig

    expected = calls(go.Figure(go.Heatmap(z=[[1]])))
    expected.layout.template = TEMPLATE
    assert go.Figure(calls(FigureSpec(go.Heatmap(z=[[1]]))).finished(), _validate=False).to_dict() == expected.to_dict()


def test_template_keeps_what_plotly_default_sets_for_these_charts():
    # The cut template is Plotly's own default for every property a Planboard chart reads.
    # Named, not go.Figure()'s: once a Streamlit page has drawn a chart (an AppTest earlier in
    # the session), Streamlit's theme is the default template.
    full = pio.templates["plotly"].to_plotly_json()
    assert TEMPLATE["layout"] == {key: full["layout"][key] for key in TEMPLATE["layout"]}
    assert TEMPLATE["data"] == {kind: full["data"][kind] for kind in TEMPLATE["data"]}
    assert {"bar", "heatmap", "scatter"} <= set(TEMPLATE["data"]) and {"xaxis", "yaxis", "font"} <= set(
        TEMPLATE["layout"]
    )


def test_the_screen_gets_the_same_figure_as_plotly_would_send(con):
    """A chart's dict, as plotly_view sends it, is exactly what its go.Figure would have sent
    (every chart of the Nerima plan in both languages, normal and presentation sizes)."""
    from planboard import chart_payload, charts, item_charts, loaders

    rows = loaders.metric_year(con, PLAN_ID)
    parts = loaders.item_parts(
        rows, *(loaders.metric_stages(con, PLAN_ID, item_no=None), loaders.metric_facets(con, PLAN_ID, item_no=None))
    )
    items = loaders.items_from_rows(rows, 2019, loaders.plan_items(con, PLAN_ID))
    built = []
    for language, big in (("ja", False), ("en", True)):
        built.append(charts.status_summary(items, language, big=big))
        for no in items["item_no"]:
            built += item_charts.charts_for_item(*parts(no), language, 2019, big=big, high_contrast=big)
    assert len(built) > 20
    for chart in built:
        assert json.loads(chart_payload.figure_json(chart.spec)) == json.loads(
            pio.to_json(chart.figure, validate=False)
        )
