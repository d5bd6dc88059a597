"""Plotly figures drawn in the page by the app's own Plotly.js bundle.

Streamlit's st.plotly_chart brings the full Plotly.js (a 4.7 MB chunk: every trace type, 3-D
and maps) and evaluates it in one task of about a second after the first chart arrives.
Planboard's charts are 2-D scatter, bar and heatmap traces (chart_style.TRACE_TYPES), so the
app serves a Plotly.js built with those alone (1.2 MB, 0.4 MB gzipped, the Plotly.js version of
the plotly package; scripts/build-plotly-bundle.sh). It lies gzipped in static/, served by
Streamlit's static file serving (.streamlit/config.toml), and the browser unpacks it
(DecompressionStream: Chromium and Edge 80, Firefox 113, Safari 16.4).

Every page asks for the bundle first thing (`preload`), so the browser fetches it while
Streamlit is still loading the code of the page's elements; each chart is then a small
component of Streamlit's (components.v2: in the page, not an iframe) that evaluates the
bundle once and hands its figure to Plotly.js.

The figure goes as Plotly's JSON text and is drawn by Plotly.js, which turns trace and layout
text into SVG text with its own few tags, as in st.plotly_chart: none of it becomes HTML of the
page. The scripts below are fixed text; the only value put in them is the bundle's file name.
"""

from __future__ import annotations

import hashlib
import json
import math

import numpy as np
import plotly.io as pio
import streamlit as st

from planboard.settings import PROJECT_ROOT

BUNDLE_FILE = "plotly-planboard.min.js.gz"
BUNDLE_PATH = PROJECT_ROOT / "static" / BUNDLE_FILE

# Loads the bundle once per page and hands every caller the same promise of window.Plotly.
# Streamlit serves static/ at app/static/ beside the app's pages, so the address is relative
# to the page's base: it holds under a server.baseUrlPath too. The bundle lies there gzipped and
# the browser unpacks it: served as plain JavaScript, Streamlit's server gzipped its 1.2 MB anew
# for every viewer, holding up its event loop ~30-40 ms each time (docs/performance.md, change 37).
_LOADER = """
function loadPlotly() {
  if (!window.planboardPlotly) {
    const url = new URL("app/static/__BUNDLE__", document.baseURI).href;
    window.planboardPlotly = (window.DecompressionStream
      ? fetch(url)
      : Promise.reject(new Error("this browser cannot unpack Plotly.js (DecompressionStream)")))
      .then((response) => {
        if (!response.ok) throw new Error("Plotly.js did not load");
        const unpacked = response.body.pipeThrough(new DecompressionStream("gzip"));
        return new Response(unpacked, { headers: { "Content-Type": "text/javascript" } }).blob();
      })
      .then((code) => new Promise((resolve, reject) => {
        // A script from a blob address, as a fetched script, is compiled off the page's thread.
        const script = document.createElement("script");
        script.src = URL.createObjectURL(code);
        script.onload = () => {
          URL.revokeObjectURL(script.src);
          if (window.Plotly) resolve(window.Plotly);
          else reject(new Error("Plotly.js did not run"));
        };
        script.onerror = () => {
          URL.revokeObjectURL(script.src);
          reject(new Error("Plotly.js did not load"));
        };
        document.head.appendChild(script);
      }))
      .catch((error) => {
        window.planboardPlotly = null;
        throw error;
      });
  }
  return window.planboardPlotly;
}
""".replace("__BUNDLE__", BUNDLE_FILE)

_PRELOAD_KEY = "plotly_preload"
# A preload link in a Markdown element: Streamlit draws Markdown with its own first code, so
# the element appears (and the browser starts fetching) while the page still waits for the
# code of its widgets and charts; an st.html script came only with the charts themselves
# (docs/performance.md, change 34). The chart then finds the bundle fetched. The style hides
# the element, so the page has no empty gap at its top.
_PRELOAD_MARKDOWN = (
    f"<style>.st-key-{_PRELOAD_KEY} {{ display: none; }}</style>"
    f'<link rel="preload" as="fetch" crossorigin="anonymous" href="app/static/{BUNDLE_FILE}">'
)

# One chart: its own div in the component's element, drawn anew (Plotly.react) on every run.
_CHART_JS = (
    _LOADER
    + """
// The margins the first chart of each shape ended with, by margin_key and width, for as long
// as the browser tab shows the app.
const margins = window.planboardMargins || (window.planboardMargins = new Map());

export default function ({ data, parentElement }) {
  let chart = parentElement.querySelector(".planboard-chart");
  if (!chart) {
    chart = document.createElement("div");
    chart.className = "planboard-chart";
    // Named by its title (plain text), as st.plotly_chart names a chart.
    chart.setAttribute("role", "figure");
    parentElement.appendChild(chart);
  }
  chart.setAttribute("aria-label", data.label);
  const figure = JSON.parse(data.figure);
  // The chart follows its column's width, which changes with the window and the sidebar.
  // Only the width: the element's height grows when the chart is drawn, and redrawing then
  // would draw every chart twice. At a new width the chart finds its margins anew, from its own.
  let width = parentElement.clientWidth;
  const resized = new ResizeObserver(() => {
    if (parentElement.clientWidth === width) return;
    width = parentElement.clientWidth;
    if (window.Plotly && chart.layout) {
      chart.layout.margin = { ...figure.layout.margin };
      window.Plotly.Plots.resize(chart);
    }
  });
  resized.observe(parentElement);
  loadPlotly().then(
    (Plotly) => {
      // Plotly.js draws a chart a second time when its tick labels and legend push its margins.
      // Charts of the same shape (margin_key) at the same width end with the same margins, so a
      // later one starts from those the first one found and is drawn once. Margins only grow
      // from what a chart is given: one that needs more still gets them (drawn twice).
      const shape = data.margin_key + "@" + width;
      const found = margins.get(shape);
      const layout = found ? { ...figure.layout, margin: { ...figure.layout.margin, ...found } } : figure.layout;
      Plotly.react(chart, figure.data, layout, data.config);
      // Plotly.js has drawn by now (the charts waiting for the bundle are drawn one after the
      // other in one task, so the next one must find the margins at once). Only a chart drawn
      // from its own margins says what the shape needs.
      if (!found && chart._fullLayout) {
        const size = chart._fullLayout._size;
        margins.set(shape, { l: size.l, r: size.r, t: size.t, b: size.b });
      }
    },
    () => { chart.textContent = data.unavailable; },
  );
  // Called before the next figure is drawn and when the chart leaves the page.
  return () => {
    resized.disconnect();
    if (window.Plotly) window.Plotly.purge(chart);
  };
}
"""
)

# isolate_styles=False: Plotly.js puts its styles (mode bar, hover labels) in the document's
# head, which a shadow root would keep out.
_chart = st.components.v2.component("planboard_plotly_chart", js=_CHART_JS, isolate_styles=False)


def preload() -> None:
    """Start fetching the bundle now: call it before a page draws anything."""
    with st.container(key=_PRELOAD_KEY):
        st.markdown(_PRELOAD_MARKDOWN, unsafe_allow_html=True)


def figure_json(spec: dict) -> str:
    """A figure's dict (Chart.spec) as the JSON text Plotly.js takes, encoded as plotly.io does
    for a go.Figure (NaN as null, NumPy arrays as typed arrays), without making one."""
    return pio.json.to_json_plotly(spec)


# What a trace draws inside its plot, or only on hovering: its labels do not push the margins.
_INSIDE = ("text", "texttemplate", "hovertext", "hovertemplate", "customdata")


def margin_key(spec: dict) -> str:
    """What decides a chart's margins besides its width: its own margins and height, and the
    shape of its data and the rest of its layout (without the title, and the template that
    every chart shares): texts by their length, numbers by their digits.

    Plotly.js sizes a chart's margins to its tick labels and legend (the title sits in the top
    margin the layout sets). The count charts of a page's items differ in their figures and
    titles but not in this key, so the page draws them with the margins the first one found.
    """
    layout = {name: value for name, value in spec["layout"].items() if name not in ("title", "template")}
    exact = {name: layout.pop(name, None) for name in ("margin", "height")}
    traces = [{name: value for name, value in trace.items() if name not in _INSIDE} for trace in spec["data"]]
    shape = json.dumps([exact, _shape(traces), _shape(layout)], sort_keys=True, default=str)
    return hashlib.blake2b(shape.encode("utf-8"), digest_size=8).hexdigest()


def _shape(value):
    """value with each text as its length, each number as its count of digits, and a list of
    texts or of numbers summed up: how many, and the longest or the widest."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, dict):
        return {str(name): _shape(item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        items = [v.item() if isinstance(v, np.generic) else v for v in value]
        present = [v for v in items if not _is_gap(v)]
        if present and all(isinstance(v, str) for v in present):
            return ["texts", len(items), max(map(len, present))]
        if present and all(_is_number(v) for v in present):
            finite = [v for v in present if math.isfinite(v)]
            widest = max(map(abs, finite), default=0)
            fraction = any(v != int(v) for v in finite)
            return ["numbers", len(items), _digits(widest), min(present) < 0, fraction]
        return [_shape(item) for item in items]
    if isinstance(value, str):
        return len(value)
    if _is_number(value):
        return _digits(value)
    if value is None or isinstance(value, bool):
        return value
    return len(str(value))  # a date, a timestamp: drawn as its text


def _is_gap(value) -> bool:
    """None and NaN: no point drawn."""
    return value is None or (isinstance(value, float) and value != value)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _digits(number: float) -> int:
    return len(str(int(abs(number)))) if math.isfinite(number) else 0


def chart_data(spec: dict, label: str, unavailable: str, config: dict | None = None) -> dict:
    """What the page's chart component gets for a figure (its dict, Chart.spec)."""
    return {
        "figure": figure_json(spec),
        "margin_key": margin_key(spec),
        "config": {"displaylogo": False, **(config or {})},
        "label": label,
        "unavailable": unavailable,
    }


def show(spec: dict, key: str, label: str, unavailable: str, config: dict | None = None) -> None:
    """Draw a figure (its dict, Chart.spec) at the container's width; config is Plotly.js's.

    label names the chart for screen readers (its title); unavailable is the text shown
    instead if the bundle cannot be loaded.
    """
    _chart(key=key, data=chart_data(spec, label, unavailable, config), height="content")
