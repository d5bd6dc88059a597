"""Helpers for browser tests: a real Streamlit server on loopback and Debian's Chromium via Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from planboard.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db: Path, extra_env: dict | None = None):
    """Run the dashboard on a free loopback port against the store at db; yield its base URL."""
    port = free_port()
    env = {**os.environ, "PLANBOARD_DB": str(db), **(extra_env or {})}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(PROJECT_ROOT / "dashboard.py"),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:  # noqa: S310 - loopback
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                raise RuntimeError(f"streamlit did not start:\n{out}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def chromium_available() -> bool:
    return CHROMIUM.exists() and shutil.which("fc-list") is not None


def wait_for_app(page, timeout_ms: int = 45_000, ready: str = "[data-testid='stMain'] h1") -> None:
    """Wait until Streamlit has finished the script run and the page has stopped changing.

    `ready` is an element every page draws (each page has a title), so a slow
    machine that has not started the run yet is not mistaken for a finished one.
    """
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=timeout_ms)
    page.wait_for_selector(ready, state="attached", timeout=timeout_ms)
    # While a run is in progress the header shows the status widget (Running… / Stop).
    page.wait_for_timeout(500)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=timeout_ms)
    page.wait_for_function(
        """() => new Promise(resolve => {
            let last = document.body.innerHTML.length, stable = 0;
            const tick = () => {
                const now = document.body.innerHTML.length;
                stable = now === last ? stable + 1 : 0;
                last = now;
                if (stable >= 4) resolve(true); else setTimeout(tick, 150);
            };
            tick();
        })""",
        timeout=timeout_ms,
    )


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
