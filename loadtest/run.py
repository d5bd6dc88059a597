"""The load test, bounded in time and on loopback only.

It copies a store into a temporary folder, starts the dashboard on a free 127.0.0.1 port,
opens N viewer sessions that render the overview and rerun it after a pause until the time
is up (all but B of them over Streamlit's protocol, B in Chromium), and meanwhile runs E
editors, each a separate process importing actuals through planboard.ingest. Afterwards it
checks that no session saw an error, that every imported row is in the store exactly once,
that the store is whole and that its newest backup equals it, and reports the time to a
rendered overview (median, p95, max). Everything stops by itself.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from loadtest import browser, editors, protocol
from loadtest.results import RENDER_TIMEOUT_S, summary
from planboard import integrity, store
from planboard.server import run_server

OVERVIEW_HEADING = "総括"
# Beyond --seconds, the viewers may take this long to finish their last render and the editors their last import.
GRACE_SECONDS = RENDER_TIMEOUT_S + 60


@dataclass
class LoadConfig:
    sessions: int = 50  # viewer sessions in all
    browsers: int = 2  # how many of them are Chromium contexts; the rest speak the protocol
    editors: int = 2
    seconds: float = 60.0
    think: float = 20.0  # a viewer's pause between two renders, ±50 %
    ramp: float = 0.0  # seconds over which the sessions are opened; 0 = all at once
    interval: float = 15.0  # an editor's pause between two imports (each import invalidates every cache)
    db: str | None = None


def run(config: LoadConfig, workdir: Path | None = None) -> dict:
    """Run the load test and return its report; report["passed"] says whether everything held."""
    workdir = Path(workdir or tempfile.mkdtemp(prefix="planboard-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = {"PLANBOARD_BACKUP_DIR": str(workdir / "backups")}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # for this process and the editor processes
    try:
        db = _copy_store(config.db, workdir)
        plan_id, years, metrics = editors.editor_metrics(db, max(config.editors, 1))
        before = editors.revision_count(db)
        with run_server(db, env, log_dir=workdir) as server:
            asyncio.run(_warm_up(server.base))
            viewers, imports, wall = _drive(config, server.base, db, plan_id, years, metrics)
            rss = server.peak_rss_mb()
            log = server.log()
        return _report(config, db, viewers, imports, before, wall, rss, log, workdir)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _copy_store(source: str | None, workdir: Path) -> Path:
    """A copy of the store to load (built from data/plan/ when there is none), with a first backup."""
    source_path = store.resolve_db_path(source)
    target = workdir / "store.duckdb"
    if source_path.exists():
        shutil.copy(source_path, target)
        wal = source_path.with_name(source_path.name + ".wal")
        if wal.exists():
            shutil.copy(wal, target.with_name(target.name + ".wal"))
    store.ensure_store(target)
    with store.writing(target):
        pass  # an empty write backs the copy up, so that the end can compare the store with its backup
    return target


async def _warm_up(base: str) -> None:
    """One page run before the clock starts: the figures are those of a server that has been up, not
    of its first minute (which also builds its caches and, on a fresh store, the store itself)."""
    async with protocol.connect(base) as ws:
        await asyncio.wait_for(protocol.run_once(ws), RENDER_TIMEOUT_S)


def _drive(config: LoadConfig, base: str, db: Path, plan_id: str, years: list[int], metrics: list):
    started = time.monotonic()
    start_at = time.time() + 2.0  # the editor processes start meanwhile
    deadline = start_at + config.seconds
    starts = [start_at + config.ramp * i / config.sessions for i in range(config.sessions)]
    in_browser = set(range(0, config.sessions, max(1, config.sessions // max(config.browsers, 1)))[: config.browsers])

    async def viewers():
        chromium = browser.sessions(
            f"{base}/", [(i, starts[i]) for i in sorted(in_browser)], deadline, config.think, OVERVIEW_HEADING
        )
        speakers = [
            protocol.session(base, i, starts[i], deadline, config.think, OVERVIEW_HEADING)
            for i in range(config.sessions)
            if i not in in_browser
        ]
        results = await asyncio.gather(chromium, *speakers)
        return sorted([*results[0], *results[1:]], key=lambda r: r.session)

    with ProcessPoolExecutor(max(config.editors, 1), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [
            pool.submit(
                editors.run_editor,
                str(db),
                plan_id,
                years,
                metrics[i],
                f"{editors.EDITOR_PREFIX}{i + 1}",
                deadline,
                config.interval,
            )
            for i in range(config.editors)
        ]
        results = asyncio.run(asyncio.wait_for(viewers(), timeout=config.seconds + GRACE_SECONDS))
        imports = [r for f in futures for r in f.result(timeout=GRACE_SECONDS)]
    return results, imports, time.monotonic() - started


def _server_errors(log: str) -> list[str]:
    return [line[:300] for line in log.splitlines() if "Traceback" in line or " ERROR " in line][:20]


def _report(config, db, viewers, imports, before, wall, rss, log, workdir) -> dict:
    errors = [f"session {v.session} ({v.kind}): {e}" for v in viewers for e in v.errors]
    problems = editors.verify(db, imports, before) + integrity.check_store(db) + integrity.compare_with_backup(db)
    failed = [f"{r['file_name']}: {r['error']}" for r in imports if not r["ok"]]
    held = sum(v.connected_at_end for v in viewers)
    in_browser = [v for v in viewers if v.kind == "browser"]
    report = {
        "config": asdict(config),
        "sessions_held": held,
        "first_render": summary([v.renders[0] for v in viewers if v.renders]),
        "every_render": summary([r for v in viewers for r in v.renders]),
        "browser_first_render": summary([v.renders[0] for v in in_browser if v.renders]),
        "browser_every_render": summary([r for v in in_browser for r in v.renders]),
        "session_errors": errors,
        "imports": {
            "done": sum(r["ok"] for r in imports),
            "failed": failed,
            "revisions_written": sum(r["written"] for r in imports if r["ok"]),
            "seconds": summary([r["seconds"] for r in imports]),
        },
        "store_problems": problems,
        "revisions_before": before,
        "revisions_after": editors.revision_count(db),
        "server_errors": _server_errors(log),
        "server_peak_rss_mb": None if rss is None else round(rss),
        "wall_seconds": round(wall, 1),
        "cores": os.cpu_count(),
        "workdir": str(workdir),
    }
    report["passed"] = bool(
        held == config.sessions
        and not errors
        and not failed
        and not problems
        and not report["server_errors"]
        and (config.editors == 0 or report["imports"]["done"] >= config.editors)
    )
    return report


def to_text(report: dict) -> str:
    """The report for a terminal."""
    c, imports = report["config"], report["imports"]

    def line(name, s):
        return f"  {name} ({s['count']}): median {s['median_s']} s, p95 {s['p95_s']} s, max {s['max_s']} s"

    lines = [
        f"load test: {c['sessions']} sessions ({c['browsers']} in Chromium), {c['editors']} editors, "
        f"{c['seconds']:.0f} s, {report['cores']} cores",
        f"  sessions held to the end: {report['sessions_held']} / {c['sessions']}",
        line("first render of the overview", report["first_render"]),
        line("every render", report["every_render"]),
        line("first render in Chromium", report["browser_first_render"]),
        f"  imports: {imports['done']} done, {len(imports['failed'])} failed, {imports['revisions_written']} "
        f"revisions; p95 {imports['seconds']['p95_s']} s",
        f"  store: {report['revisions_before']} → {report['revisions_after']} revisions; "
        + ("nothing lost or doubled, whole, backup equal" if not report["store_problems"] else "PROBLEMS"),
        f"  server peak memory {report['server_peak_rss_mb']} MB; wall time {report['wall_seconds']} s",
    ]
    problems = report["session_errors"] + imports["failed"] + report["store_problems"] + report["server_errors"]
    lines += [f"  problem: {p}" for p in problems[:20]]
    lines.append("PASSED" if report["passed"] else "FAILED")
    return "\n".join(lines)
