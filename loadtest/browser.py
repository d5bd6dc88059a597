"""Viewer sessions in Chromium: each a browser context of one browser, drawing the page for real.

Every session opens the overview, waits until it is rendered (script run finished, charts
drawn, page settled), checks it shows no exception, pauses as a reader would, and reloads
(a new session and script run) until the deadline. Chromium's drawing takes a core per few
pages, so the load test runs most sessions over the protocol (loadtest/protocol.py) and a few here.
"""

from __future__ import annotations

import asyncio
import random
import time

from loadtest.results import RENDER_TIMEOUT_S, SessionResult
from planboard.chromium import (
    APP_SELECTOR,
    CHROMIUM,
    CHROMIUM_ARGS,
    EXCEPTION_SELECTOR,
    RUNNING_SELECTOR,
    SETTLED_JS,
)

RENDER_TIMEOUT_MS = RENDER_TIMEOUT_S * 1000


async def _rendered(page) -> None:
    await page.wait_for_selector(APP_SELECTOR, timeout=RENDER_TIMEOUT_MS)
    await page.wait_for_selector("h1", timeout=RENDER_TIMEOUT_MS)
    await page.wait_for_selector(".js-plotly-plot", timeout=RENDER_TIMEOUT_MS)
    await page.wait_for_selector(RUNNING_SELECTOR, state="detached", timeout=RENDER_TIMEOUT_MS)
    await page.wait_for_function(SETTLED_JS, timeout=RENDER_TIMEOUT_MS)


async def _check(page, expect: str) -> str | None:
    """What is wrong with a rendered page, or None."""
    if await page.locator(EXCEPTION_SELECTOR).count():
        return "stException: " + (await page.locator(EXCEPTION_SELECTOR).first.inner_text())[:300]
    heading = await page.locator("h1").first.inner_text()
    if not heading.startswith(expect):
        return f"unexpected heading {heading[:80]!r}"
    return None


async def _session(browser, number: int, url: str, start_at: float, deadline: float, think: float, expect: str):
    result = SessionResult(number, "browser")
    rng = random.Random(number)
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = await context.new_page()
    page.on("pageerror", lambda exc: result.errors.append(f"page error: {exc}"[:300]))
    try:
        await asyncio.sleep(max(0.0, start_at - time.time()))
        first = True
        while first or time.time() < deadline:
            started = time.monotonic()
            try:
                if first:
                    await page.goto(url, timeout=RENDER_TIMEOUT_MS)
                else:
                    await page.reload(timeout=RENDER_TIMEOUT_MS)
                await _rendered(page)
            except Exception as exc:  # noqa: BLE001 - a timeout or crash is a failed render, counted and reported
                result.errors.append(f"render failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
                break
            result.renders.append(time.monotonic() - started)
            problem = await _check(page, expect)
            if problem:
                result.errors.append(problem)
            first = False
            await asyncio.sleep(min(rng.uniform(0.5, 1.5) * think, max(0.0, deadline - time.time())))
        result.connected_at_end = not result.errors and await page.locator(APP_SELECTOR).count() == 1
    finally:
        await context.close()
    return result


async def sessions(url: str, starts: list[tuple[int, float]], deadline: float, think: float, expect: str):
    """Chromium sessions numbered and started as in starts [(number, start time)], reading until deadline."""
    from playwright.async_api import async_playwright  # a test dependency (requirements-dev.txt)

    if not starts:
        return []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            return await asyncio.gather(
                *[_session(browser, n, url, start, deadline, think, expect) for n, start in starts]
            )
        finally:
            await browser.close()
