"""Planboard's command line in real processes, for tests that kill them or run several at once."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time

from planboard import store
from planboard.settings import PROJECT_ROOT


def run_planboard(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m planboard ARGS` to the end (at most 2 minutes)."""
    return subprocess.run(
        [sys.executable, "-m", "planboard", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def start_planboard(*args: str, env: dict | None = None) -> subprocess.Popen:
    """Start `python -m planboard ARGS` and return at once."""
    return subprocess.Popen(
        [sys.executable, "-m", "planboard", *args],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def wait_for_pause(proc: subprocess.Popen, timeout: float = 60) -> None:
    """Block until a write started with store.PAUSE_ENV says it is paused inside its open transaction."""
    selector = selectors.DefaultSelector()
    selector.register(proc.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if selector.select(timeout=0.5) and store.PAUSED_MARK in proc.stderr.readline():
            return
        if proc.poll() is not None:
            raise AssertionError(f"ended before pausing: {proc.stdout.read()} {proc.stderr.read()}")
    raise AssertionError("did not pause")
