"""Debian's Chromium for the browser tests and the load test: where it is, how it is started,
and when a Streamlit page counts as rendered."""

from __future__ import annotations

import os
from pathlib import Path

# BROWSER_PATH is also what kaleido reads for PNG charts (README).
CHROMIUM = Path(os.environ.get("BROWSER_PATH") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Names resolve to nothing: whatever a page asks for (a favicon from fonts.gstatic.com),
    # a test's browser reaches nothing beyond the server on 127.0.0.1.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
APP_SELECTOR = "[data-testid='stAppViewContainer']"
# Shown in the header while a script run is in progress (Running… / Stop).
RUNNING_SELECTOR = "[data-testid='stStatusWidget']"
EXCEPTION_SELECTOR = "[data-testid='stException']"
# Resolves once the page's HTML has not changed for four ticks of 150 ms: charts and tables drawn.
SETTLED_JS = """() => new Promise(resolve => {
    let last = document.body.innerHTML.length, stable = 0;
    const tick = () => {
        const now = document.body.innerHTML.length;
        stable = now === last ? stable + 1 : 0;
        last = now;
        if (stable >= 4) resolve(true); else setTimeout(tick, 150);
    };
    tick();
})"""
