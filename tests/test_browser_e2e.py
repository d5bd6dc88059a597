"""End to end in Debian's Chromium: every page renders, headline charts show, filters drive the URL.

Screenshots go to $PLANBOARD_SCREENSHOT_DIR when set (scripts/screenshots.sh sets it to
docs/screenshots), else to a temporary folder.
"""

from __future__ import annotations

import os
import urllib.parse
import urllib.request
from pathlib import Path

import plotly.offline
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from planboard import i18n
from planboard.chart_style import TRACE_TYPES
from planboard.plotly_view import BUNDLE_FILE, BUNDLE_PATH
from tests.browser import (
    full_screenshot,
    launched_chromium,
    log_tail,
    require_chromium,
    streamlit_server,
    wait_for_app,
    wait_for_text,
)

pytestmark = pytest.mark.browser

require_chromium()


HEADLINE_TITLES = ["地域おこしプロジェクト", "相談情報ひろば", "無料公衆無線LAN", "新たな納付方法"]
PAGES = {
    "overview": "",  # the default page lives at the root
    "items": "items",
    "item": "item?item=18-3",
    "department": "department?bureau=地域文化部",
}


@pytest.fixture(scope="module")
def server_logs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("server-logs")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("demo") / "demo.duckdb"


@pytest.fixture(scope="module")
def server(built_db, demo_db, server_logs):
    with streamlit_server(built_db, {"PLANBOARD_DEMO_DB": str(demo_db)}, log_dir=server_logs) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="ja-JP")
    p = context.new_page()
    yield p
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    out = os.environ.get("PLANBOARD_SCREENSHOT_DIR")
    path = Path(out) if out else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _no_exception(page):
    # Streamlit answers an unknown page with a dialog, not an exception box.
    assert page.get_by_text("Page not found").count() == 0, page.url
    assert page.locator("[data-testid='stException']").count() == 0, page.locator(
        "[data-testid='stException']"
    ).first.inner_text()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_renders_without_an_exception(server, page, shots, name):
    """A viewer opens each page from a link and sees it render, in Japanese."""
    page.goto(f"{server}/{PAGES[name]}")
    wait_for_app(page)
    _no_exception(page)
    assert page.locator("h1").first.inner_text().strip()
    full_screenshot(page, shots / f"{name}.png")


def test_overview_shows_the_four_headline_charts(server, page):
    """An executive opens the link and sees the four headline charts with their titles."""
    page.goto(f"{server}/")
    wait_for_app(page)
    for title in HEADLINE_TITLES:
        wait_for_text(page, title)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 5", timeout=30_000)


_DRAWN = "n => [...document.querySelectorAll('.js-plotly-plot')].filter(e => e.querySelector('.main-svg')).length >= n"


def test_charts_are_drawn_by_the_apps_own_plotly_bundle(server, page):
    """The overview's charts come from static/'s bundle, built from the plotly package's Plotly.js
    version with every trace type the charts use; Streamlit's full Plotly chunk is never loaded,
    and drawing logs no error."""
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/")
    wait_for_app(page)
    page.wait_for_function(_DRAWN, arg=5, timeout=30_000)
    assert page.evaluate("window.Plotly.version") == plotly.offline.get_plotlyjs_version()
    traces = page.evaluate("Object.keys(window.Plotly.PlotSchema.get().traces)")
    assert set(TRACE_TYPES) <= set(traces), traces
    scripts = page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    assert any(name.endswith(f"/app/static/{BUNDLE_FILE}") for name in scripts)
    assert not [name for name in scripts if "PlotlyChart" in name]
    # Chromium reports the material icons it cannot fetch offline as failed resources; any
    # other error (a chart drawn with NaN coordinates, a script error) is a fault.
    assert [e for e in errors if "Failed to load resource" not in e] == []


def test_the_server_sends_the_gzipped_bundle_as_it_is(server):
    """Not gzipped again on the way (change 37): the file's own bytes, with no Content-Encoding."""
    request = urllib.request.Request(f"{server}/app/static/{BUNDLE_FILE}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers.get("Content-Encoding") is None
        assert response.read() == BUNDLE_PATH.read_bytes()


# Counts Plotly.js's draws (react) and redraws at a new size (Plots.resize) from the page's start.
_COUNT_DRAWS = """
window.draws = {react: 0, resize: 0};
let plotly;
Object.defineProperty(window, "Plotly", {configurable: true, get: () => plotly, set(p) {
  plotly = p;
  const react = p.react, resize = p.Plots.resize;
  p.react = function () { window.draws.react++; return react.apply(this, arguments); };
  p.Plots.resize = function () { window.draws.resize++; return resize.apply(this, arguments); };
}});
"""


def test_charts_are_named_and_follow_their_columns_width(server, page):
    """Each chart is drawn once, named by its title for screen readers, and redrawn at its
    column's width when that changes without the window changing (as when the sidebar is folded)."""
    page.add_init_script(_COUNT_DRAWS)
    page.goto(f"{server}/")
    wait_for_app(page)
    page.wait_for_function(_DRAWN, arg=5, timeout=30_000)
    page.wait_for_timeout(1000)
    assert page.evaluate("window.draws") == {"react": 5, "resize": 0}
    names = page.evaluate("[...document.querySelectorAll('.planboard-chart')].map(c => c.getAttribute('aria-label'))")
    assert "取組の状況" in names
    assert "18-2 地域おこしプロジェクト事業数" in names
    chart = ".planboard-chart"
    page.evaluate(f"document.querySelector('{chart}').parentElement.style.width = '400px'")
    page.wait_for_function(f"() => document.querySelector('{chart} .main-svg').getAttribute('width') === '400'")
    assert page.evaluate("window.draws.resize") >= 1


def test_a_chart_says_so_when_its_bundle_cannot_load(server, page):
    """Without Plotly.js a chart leaves a sentence pointing to its table, which still works."""
    page.route(f"**/app/static/{BUNDLE_FILE}", lambda route: route.abort())
    page.goto(f"{server}/")
    wait_for_app(page)
    wait_for_text(page, i18n.t("chart_unavailable", "ja"))
    page.get_by_text(f"{i18n.t('show_table', 'ja')}: ").first.click()
    page.locator("[data-testid='stExpander'] [data-testid='stDataFrame']").first.wait_for(timeout=15_000)


def test_department_filter_changes_the_url_and_the_items(server, page):
    """An analyst picks 地域文化部: the link and the list both change; the link reopens the same view."""
    page.goto(f"{server}/items")
    wait_for_app(page)
    wait_for_text(page, "9件の取組")
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").nth(2)
    box.click()
    page.get_by_role("option", name="地域文化部").click()
    wait_for_app(page)
    page.wait_for_function("() => decodeURIComponent(location.search).includes('bureau=地域文化部')", timeout=15_000)
    wait_for_text(page, "3件の取組")
    copied = page.url
    assert "bureau=" in urllib.parse.urlparse(copied).query

    fresh = page.context.new_page()
    fresh.goto(copied)
    wait_for_app(fresh)
    wait_for_text(fresh, "3件の取組")
    _no_exception(fresh)


def test_presentation_pages_with_the_arrow_keys_at_1920x1080(server, server_logs, browser, shots):
    """A presenter opens 発表モード on a projector and moves with → and ←; the link follows."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ja-JP")
    page = context.new_page()
    page.goto(f"{server}/present")
    wait_for_app(page)
    _no_exception(page)
    assert page.locator("[data-testid='stSidebar']").is_hidden()
    wait_for_text(page, "1 / ")
    page.screenshot(path=str(shots / "present-1.png"))
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('slide=2')", timeout=15_000)
    wait_for_app(page)
    wait_for_text(page, "2 / ")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('slide=3')", timeout=15_000)
    wait_for_app(page)
    wait_for_text(page, "18-2")
    wait_for_text(page, "出典")
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    page.screenshot(path=str(shots / "present-3.png"))
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('slide=2')", timeout=15_000)
    # The rerun for slide 2 must be over before a download is asked for: a deferred download
    # belongs to the run that drew its button, and a rerun replaces it.
    wait_for_app(page)
    wait_for_text(page, "2 / ")
    _no_exception(page)
    for label, magic in (("議会資料（PDF）", b"%PDF"), ("議会資料（PowerPoint）", b"PK")):
        data = _download(page, label, server_logs).read_bytes()
        assert data.startswith(magic) and len(data) > 20_000, label
    context.close()


def _download(page, label: str, server_logs: Path) -> Path:
    """Click a download button and wait for its file, made on the server after the click."""
    try:
        # Longer than the export's own limits (export_render, export_pdf), so a stuck
        # export shows as the app's message in the log rather than as this wait.
        with page.expect_download(timeout=240_000) as download:
            page.get_by_role("button", name=label).click()
    except PlaywrightTimeout:
        pytest.fail(f"no {label} download; the server said:\n{log_tail(server_logs)}")
    return Path(download.value.path())


def test_a_deck_downloaded_while_the_sample_is_shown_is_the_sample_deck(
    server, server_logs, demo_db, built_db, browser
):
    """The council pack is made after the click, on a server thread outside the page's run: it
    still comes from the store on screen (the fictional sample), not from the default store."""
    from pptx import Presentation

    from planboard import loaders, slides, store

    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ja-JP")
    page = context.new_page()
    page.goto(f"{server}/present?demo=1&fy=2019")
    wait_for_app(page)
    wait_for_text(page, "1 / ")
    _no_exception(page)
    deck_file = _download(page, "議会資料（PowerPoint）", server_logs)
    shapes = [shape for slide in Presentation(deck_file).slides for shape in slide.shapes]
    text = "\n".join(shape.text_frame.text for shape in shapes if shape.has_text_frame)
    context.close()

    def deck_lines(db: Path) -> set[str]:
        with store.reading(db) as con:
            plan = loaders.plans(con).iloc[0].to_dict()
            deck = slides.build_deck(slides.load_deck_data(con, plan, 2019), "ja")
        return {line for slide in deck for line in slide.lines}

    sample, default = deck_lines(demo_db), deck_lines(built_db)
    assert sample - default and default - sample, "the two stores' decks should differ"
    assert all(line in text for line in sample - default)
    assert not any(line in text for line in default - sample)
    assert "サンプルデータ（架空）" in text
    # nothing in the making reached for a script run's context (session state, st caches)
    assert "missing ScriptRunContext" not in log_tail(server_logs, chars=10_000_000)


def test_sample_data_wears_its_label(server, page, shots):
    """Someone opens a link with the fictional sample switched on: every page says so."""
    page.goto(f"{server}/?demo=1")
    wait_for_app(page)
    wait_for_text(page, "サンプルデータ（架空）")
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 5", timeout=30_000)
    _no_exception(page)
    full_screenshot(page, shots / "overview-sample.png")
    page.goto(f"{server}/items?demo=1")
    wait_for_app(page)
    wait_for_text(page, "サンプルデータ（架空）")
