"""The benchmark's browser timing: navigation to the overview until all its charts are drawn.

A real Streamlit server (tests/browser.py's streamlit_server, on loopback) and Debian's
Chromium driven by Playwright. Each run opens a fresh browser context, navigates to
/?plan=…&fy=… and stops the clock when every chart the page has (the status
summary and the headline items' charts, counted by bench_pages.overview) shows a
drawn Plotly SVG. The first run is the server's first page (cold: nothing cached, the
store not yet opened); later runs pick other plans, so the loaders' cache misses.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from planboard.settings import PROJECT_ROOT

_DRAWN = """n => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(e => e.querySelector('.main-svg')).length >= n"""


def available() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return Path("/usr/bin/chromium").exists()


def measure(db: Path, views: list, expected: list[int], timeout_s: float = 60) -> dict:
    """Seconds from navigation to all overview charts drawn, for each view (the first on a fresh server)."""
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

    times = []
    with streamlit_server(db) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for view, n in zip(views, expected, strict=True):
                context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="ja-JP")
                page = context.new_page()
                started = time.perf_counter()
                page.goto(f"{base}/?plan={view.plan_id}&fy={view.fiscal_year}")
                page.wait_for_function(_DRAWN, arg=n, timeout=timeout_s * 1000, polling=50)
                times.append(time.perf_counter() - started)
                context.close()
        finally:
            browser.close()
    repeat = times[1:] or times
    return {
        "charts": expected[0],
        "first_s": round(times[0], 3),
        "repeat_median_s": round(statistics.median(repeat), 3),
        "repeat_max_s": round(max(repeat), 3),
        "runs": len(times),
        "all_s": [round(t, 3) for t in times],
    }
