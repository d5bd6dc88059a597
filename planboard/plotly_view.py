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

import streamlit as st

from planboard.chart_payload import ScreenFigure
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


def chart_data(figure: ScreenFigure, label: str, unavailable: str, config: dict | None = None) -> dict:
    """What the page's chart component gets for a figure (Chart.screen)."""
    return {
        "figure": figure.json,
        "margin_key": figure.margin_key,
        "config": {"displaylogo": False, **(config or {})},
        "label": label,
        "unavailable": unavailable,
    }


def show(figure: ScreenFigure, key: str, label: str, unavailable: str, config: dict | None = None) -> None:
    """Draw a figure (Chart.screen, or chart_payload.screen of a figure's dict) at the
    container's width; config is Plotly.js's.

    label names the chart for screen readers (its title); unavailable is the text shown
    instead if the bundle cannot be loaded.
    """
    _chart(key=key, data=chart_data(figure, label, unavailable, config), height="content")
