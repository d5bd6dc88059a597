"""Run the dashboard as a real Streamlit server on a free loopback port (load test, fault tests, browser tests).

The server is a child process (Streamlit is never imported here). Its output goes to a
log file rather than a pipe: a pipe nobody reads fills up and stalls a busy server,
and tests read the log to wait for a mark such as `store.PAUSED_MARK`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from planboard.settings import PROJECT_ROOT

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running dashboard: its base URL, process and log file."""

    base: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, mark: str, timeout: float = 60) -> None:
        """Block until mark appears in the server's output (e.g. a write paused before commit)."""
        deadline = time.monotonic() + timeout
        while mark not in self.log():
            if self.process.poll() is not None:
                raise RuntimeError(f"server ended before {mark!r}:\n{self.log()[-4000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {mark!r} in the server log after {timeout} s:\n{self.log()[-4000:]}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no cleanup runs in the server, as in a power cut or the OOM killer."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def peak_rss_mb(self) -> float | None:
        """The server's peak resident memory so far (Linux), in MB."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None


def _wait_healthy(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{server.base}/_stcore/health", timeout=2) as r:  # noqa: S310 - loopback
                if r.status == 200:
                    return
        except OSError:
            pass
        if server.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not start:\n{server.log()[-4000:]}")
        time.sleep(0.3)


@contextlib.contextmanager
def run_server(db: Path, extra_env: dict | None = None, log_dir: Path | None = None, port: int | None = None):
    """Run the dashboard on 127.0.0.1 against the store at db; yield a Server. Stopped on exit.

    The log goes to log_dir, kept for the caller; without one, to a temporary folder removed on exit.
    """
    port = port or free_port()
    env = {**os.environ, "PLANBOARD_DB": str(db), **(extra_env or {})}
    own_dir = log_dir is None
    log_dir = Path(log_dir or tempfile.mkdtemp(prefix="planboard-server-"))
    log_path = log_dir / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(PROJECT_ROOT / "dashboard.py"),
                "--server.headless",
                "true",
                "--server.address",
                LOOPBACK,
                "--server.port",
                str(port),
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://{LOOPBACK}:{port}", process, log_path)
    try:
        _wait_healthy(server, timeout=60)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if own_dir:
            shutil.rmtree(log_dir, ignore_errors=True)
