"""The charts' Plotly.js bundle: the right version, served, and loaded by fixed scripts only.

tests/test_browser_e2e.py draws the charts with it in Chromium and checks its trace types.
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import gzip
import re
import tomllib

import numpy as np
import pandas as pd
import plotly.offline

from planboard import chart_payload, plotly_view
from planboard.chart_style import TRACE_TYPES
from planboard.settings import PROJECT_ROOT
from tests.conftest import count_chart


def test_the_bundle_is_the_plotly_packages_plotly_js_version():
    # The figures' JSON is written by the plotly package for the Plotly.js it ships.
    header = gzip.decompress(plotly_view.BUNDLE_PATH.read_bytes())[:300].decode("utf-8")
    found = re.search(r"plotly\.js \(planboard: ([a-z, ]+) - minified\) v(\S+)", header)
    assert found, header
    assert found.group(2) == plotly.offline.get_plotlyjs_version(), "run scripts/build-plotly-bundle.sh"
    # Built with every trace type the charts draw (the browser test checks they are registered).
    assert set(found.group(1).split(", ")) == set(TRACE_TYPES), "run scripts/build-plotly-bundle.sh"
    assert (PROJECT_ROOT / "static" / "LICENSE-plotly.js.txt").read_text(encoding="utf-8").startswith("MIT License")


def test_streamlit_serves_the_bundle_beside_the_app():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    # Streamlit serves static/ beside the main script, dashboard.py.
    assert plotly_view.BUNDLE_PATH.parent == PROJECT_ROOT / "static"
    assert (PROJECT_ROOT / "dashboard.py").exists()


def test_the_scripts_name_the_bundle_and_nothing_else():
    for script in (plotly_view._PRELOAD_MARKDOWN, plotly_view._CHART_JS):
        assert f'"app/static/{plotly_view.BUNDLE_FILE}"' in script
        assert "__BUNDLE__" not in script


def test_the_server_sends_the_gzipped_bundle_as_it_is():
    # Streamlit gzips what it serves from static/ on every request, unless its type is already
    # compressed: the bundle lies there gzipped so that the server only sends it (change 37).
    from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES
    from streamlit.web.server.component_file_utils import guess_content_type

    # (tests/test_browser_e2e.py asks the running server for it.)
    assert guess_content_type(str(plotly_view.BUNDLE_PATH)) in DEFAULT_EXCLUDED_CONTENT_TYPES
    assert 'as="fetch" crossorigin="anonymous"' in plotly_view._PRELOAD_MARKDOWN  # what fetch() asks


def _with_numbers(spec: dict, change) -> dict:
    """A copy of spec with change applied to every number list of its traces."""
    spec = copy.deepcopy(spec)
    for trace in spec["data"]:
        for name in ("x", "y"):
            values = list(trace.get(name, []))
            if values and all(isinstance(v, int | float) or v is None for v in values):
                trace[name] = [None if v is None else change(v) for v in values]
    return spec


def test_charts_of_the_same_shape_share_a_margin_key(con):
    """The key sees what sizes tick labels and legends (texts' lengths, numbers' digits), not
    the figures or the title; charts with the same key are drawn with shared margins (change 38)."""
    spec = count_chart(con).spec
    key = chart_payload.margin_key(spec)
    retitled = copy.deepcopy(spec)
    retitled["layout"]["title"]["text"] = "別の取組の名前"
    assert chart_payload.margin_key(retitled) == key
    # Another order of the same figures, and other figures of as many digits: the same labels' width.
    reordered = copy.deepcopy(spec)
    for trace in reordered["data"]:
        if isinstance(trace.get("y"), list):
            trace["y"] = trace["y"][::-1]
    assert chart_payload.margin_key(reordered) == key
    assert chart_payload.margin_key(_with_numbers(spec, lambda v: v * 100)) != key  # wider tick labels
    renamed = copy.deepcopy(spec)
    renamed["data"][0]["name"] += "（見込み）"  # a longer legend entry
    assert chart_payload.margin_key(renamed) != key
    relabelled = copy.deepcopy(spec)
    relabelled["layout"]["xaxis"]["categoryarray"] = [c + "末" for c in spec["layout"]["xaxis"]["categoryarray"]]
    assert chart_payload.margin_key(relabelled) != key


def test_the_margin_key_takes_whatever_a_figure_may_hold():
    """Gaps, infinities, NumPy scalars and rows, dates and pandas' NA: a key, never an error,
    and a chart's own margins and height are part of it exactly."""
    odd = [
        float("nan"),
        None,
        float("inf"),
        np.int64(3),
        np.bool_(True),
        dt.date(2020, 4, 1),
        pd.Timestamp("2020-04-01"),
        decimal.Decimal("1.5"),
        pd.NA,
        [],
        list(np.arange(6).reshape(2, 3)),
        [np.float64(1.5), None, float("nan")],
    ]
    for value in odd:
        assert (
            len(chart_payload.margin_key({"data": [{"type": "heatmap", "z": value, "y": [value]}], "layout": {}})) == 16
        )
    base = {"data": [{"type": "bar", "y": [1, 2]}], "layout": {"margin": {"t": 104}, "height": 480}}
    taller = {**base, "layout": {"margin": {"t": 104}, "height": 640}}
    more_top = {**base, "layout": {"margin": {"t": 126}, "height": 480}}  # a two-line subtitle
    keys = {chart_payload.margin_key(spec) for spec in (base, taller, more_top)}
    assert len(keys) == 3


def test_a_chart_is_made_ready_for_the_page_once(con):
    """Charts are cached and shared (ui.charts_for_item): their JSON and margin key are made once."""
    chart = count_chart(con)
    assert chart.screen is chart.screen
    assert chart.screen == chart_payload.screen(chart.spec)
    assert chart.screen.json == chart_payload.figure_json(chart.spec)
