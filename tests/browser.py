"""Helpers for browser tests: a real Streamlit server on loopback and Debian's Chromium via Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

from planboard.chromium import APP_SELECTOR, CHROMIUM, CHROMIUM_ARGS, RUNNING_SELECTOR, SETTLED_JS
from planboard.server import run_server

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "chromium_available",
    "full_screenshot",
    "launched_chromium",
    "log_tail",
    "require_chromium",
    "streamlit_server",
    "wait_for_app",
]


@contextlib.contextmanager
def streamlit_server(db: Path, extra_env: dict | None = None, log_dir: Path | None = None):
    """Run the dashboard on a free loopback port against the store at db; yield its base URL.

    With log_dir, the server's log stays there for a failing test to show (`log_tail`)."""
    with run_server(db, extra_env, log_dir=log_dir) as server:
        yield server.base


def log_tail(log_dir: Path, chars: int = 4000) -> str:
    """The end of the server logs in log_dir: what the app said while a test waited in vain."""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")[-chars:] for p in sorted(log_dir.glob("*.log")))


def chromium_available() -> bool:
    return CHROMIUM.exists() and shutil.which("fc-list") is not None


def require_chromium() -> None:
    """At the top of a browser-test module: skip it where Debian's chromium is missing, except in
    CI, where a missing browser is a broken setup and must fail, not pass by skipping."""
    if chromium_available():
        return
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium and fontconfig: scripts/setup.sh --test installs them")
    pytest.skip("Debian's chromium is not installed (bash scripts/setup.sh --test)", allow_module_level=True)


@contextlib.contextmanager
def launched_chromium():
    """Debian's Chromium through Playwright (no browser download), closed on the way out."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_app(page, timeout_ms: int = 45_000, ready: str = "[data-testid='stMain'] h1") -> None:
    """Wait until Streamlit has finished the script run and the page has stopped changing.

    `ready` is an element every page draws (each page has a title), so a slow
    machine that has not started the run yet is not mistaken for a finished one.
    """
    page.wait_for_selector(APP_SELECTOR, timeout=timeout_ms)
    page.wait_for_selector(ready, state="attached", timeout=timeout_ms)
    page.wait_for_timeout(500)
    page.wait_for_selector(RUNNING_SELECTOR, state="detached", timeout=timeout_ms)
    page.wait_for_function(SETTLED_JS, timeout=timeout_ms)


def full_screenshot(page, path) -> None:
    """Screenshot the whole page: Streamlit scrolls inside its main block, so grow the viewport to fit it."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll(\"[data-testid='stMain'], [data-testid='stAppViewContainer'] section\")]"
        ".map(e => e.scrollHeight), 800)"
    )
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 12000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": 1000})


def wait_for_text(page, text: str, timeout_ms: int = 45_000) -> None:
    """Wait until the page's main area shows text (a rerun may still be under way)."""
    page.wait_for_function(
        "t => (document.querySelector(\"[data-testid='stMain']\") || document.body).innerText.includes(t)",
        arg=text,
        timeout=timeout_ms,
    )
