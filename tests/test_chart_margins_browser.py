"""Charts of the same shape share their margins in the page, and each is drawn once (change 38).

The chart component's own script (plotly_view._CHART_JS) runs in Chromium on a bare page that
gets the bundle from static/, as the app's page does; the two charts are handed to it in one task,
as the app's charts are drawn once the bundle is in.
"""

from __future__ import annotations

import copy

import pytest

from planboard import chart_payload, plotly_view
from tests.browser import launched_chromium, require_chromium
from tests.conftest import count_chart

require_chromium()
pytestmark = pytest.mark.browser

ORIGIN = "http://planboard.test/"

# Draws each chart of `charts` ([data, width]) in its own column, all in one task, then reports
# whether Plotly.js drew each a second time for its margins, and the margins each ended with.
_DRAW = """async ([source, charts]) => {
  const module = await import(URL.createObjectURL(new Blob([source], {type: "text/javascript"})));
  const columns = charts.map(([data, width]) => {
    const column = document.createElement("div");
    column.style.width = width + "px";
    document.body.appendChild(column);
    return column;
  });
  charts.forEach(([data], i) => module.default({data, parentElement: columns[i]}));
  await window.planboardPlotly;
  await new Promise((resolve) => setTimeout(resolve, 500));
  return columns.map((column) => {
    const layout = column.querySelector(".planboard-chart")._fullLayout;
    const size = layout._size;
    return {redrawn: "_redrawFromAutoMarginCount" in layout, margins: [size.l, size.r, size.t, size.b]};
  });
}"""


def _draw(charts: list) -> list[dict]:
    with launched_chromium() as browser:
        page = browser.new_page(locale="ja-JP")
        page.route(ORIGIN, lambda route: route.fulfill(body="<html><body></body></html>", content_type="text/html"))
        page.route(
            f"{ORIGIN}app/static/{plotly_view.BUNDLE_FILE}",
            lambda route: route.fulfill(body=plotly_view.BUNDLE_PATH.read_bytes(), content_type="application/gzip"),
        )
        page.goto(ORIGIN)
        return page.evaluate(_DRAW, [plotly_view._CHART_JS, charts])


def _same(margins: list, others: list) -> bool:
    """The same margins, to the pixel: Plotly.js may land half a pixel apart from another start."""
    return all(abs(a - b) <= 1 for a, b in zip(margins, others, strict=True))


def _data(spec: dict) -> dict:
    return plotly_view.chart_data(chart_payload.screen(spec), "chart", "unavailable")


def _other_figures(spec: dict) -> dict:
    """Another item's chart of the same shape: other figures of as many digits, another title."""
    other = copy.deepcopy(spec)
    for trace in other["data"]:
        trace["y"] = [None if v is None else v + 1 for v in trace["y"]]
    other["layout"]["title"]["text"] = "別の取組"
    return other


def test_a_chart_shaped_like_an_earlier_one_is_drawn_once_with_the_margins_it_needs(con):
    first = count_chart(con).spec  # 18-3: figures 12-17, two digits
    second = _other_figures(first)
    assert chart_payload.margin_key(second) == chart_payload.margin_key(first)
    alone = {**_data(second), "margin_key": "drawn alone"}

    drawn = _draw([[_data(first), 560], [_data(second), 560], [alone, 560], [_data(second), 420]])

    # The first draws twice (its tick labels push the margins), the second starts from them.
    assert drawn[0]["redrawn"] and not drawn[1]["redrawn"]
    # ... and ends with exactly the margins it gets when drawn alone: none wider than needed.
    assert drawn[2]["redrawn"] and _same(drawn[1]["margins"], drawn[2]["margins"])
    # Another width is another shape: the chart finds its own margins.
    assert drawn[3]["redrawn"]


def test_a_chart_that_needs_more_than_its_shape_found_still_gets_it(con):
    """Should two charts of unlike needs ever share a key, the later one still gets the margins
    it needs (at the cost of the second drawing), as when drawn alone."""
    first = count_chart(con).spec
    wider = copy.deepcopy(first)
    wider["layout"]["yaxis"]["ticksuffix"] = "か所（累計、見込みを含む）"  # far wider tick labels
    shared = {**_data(wider), "margin_key": chart_payload.margin_key(first)}
    alone = {**_data(wider), "margin_key": "drawn alone"}

    drawn = _draw([[_data(first), 560], [shared, 560], [alone, 560]])

    assert drawn[1]["redrawn"] and _same(drawn[1]["margins"], drawn[2]["margins"])
    assert drawn[1]["margins"][0] > drawn[0]["margins"][0]
