"""python -m planboard bench: how fast the dashboard answers at the seed scale and at 10M+ revisions.

Measured, for the overview, items, item-detail and department pages (bench_pages.py says
exactly what a page's server-side work is):

- cold: a new process opens the store and runs the page once (nothing cached; the
  modules a running server has are imported before the clock starts);
- warm: in this process, `--repeat` filter changes across plans, departments and years,
  each a new page run (a cursor on the kept-open read-only instance, as in the app) with
  every loader and chart missing the cache: p50, p95;
- the same questions (each metric-year's latest actual and every status for one plan and
  filter) answered the way a typical Streamlit app does it: pandas on a Parquet export,
  in its own process (bench_pandas.py); the answers are checked to agree; speed ratio;
- at the large scale, a CSV of up to 1,000,000 rows checked and imported with full
  validation into a copy of the store, in its own process (bench_import.py);
- peak memory (ru_maxrss) of this process and of each child;
- the browser: navigation to every overview chart drawn, in Chromium (bench_browser.py).

Seed scale is the real plan store built from data/plan/ (data/bench/seed.duckdb); large
is the store at --db (default data/bench/large.duckdb, written by `synth --large` when
missing).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from planboard.settings import PROJECT_ROOT

BENCH_DIR = PROJECT_ROOT / "data" / "bench"
SEED_DB = BENCH_DIR / "seed.duckdb"
LARGE_DB = BENCH_DIR / "large.duckdb"
IMPORT_ROWS = 1_000_000
QUICK_REPEAT = 5
# Questions each side of the pandas comparison answers in a row before the other's turn.
PANDAS_TURN = 5
TARGETS = {
    "warm_p95_ms": 200,
    "cold_overview_s": 1.5,
    "browser_overview_s": 3.0,
    "import_1m_s": 15,
    "peak_rss_mb": 1536,
    "speedup_vs_pandas": 10,
}


def add_parser(commands) -> argparse.ArgumentParser:
    p = commands.add_parser("bench", help="benchmark the pages, an import and the browser (docs/performance.md)")
    p.add_argument(
        "--db", help="the large store (default data/bench/large.duckdb; written by synth --large if missing)"
    )
    p.add_argument("--scale", choices=["seed", "large", "both"], default="both")
    p.add_argument("--repeat", type=int, default=30, help="warm filter changes per page (at least 30)")
    p.add_argument("--json", help="write the results here as JSON")
    p.add_argument("--import-rows", type=int, default=IMPORT_ROWS, help="rows of the import file (default 1,000,000)")
    p.add_argument("--no-browser", action="store_true", help="skip the browser timing")
    p.add_argument(
        "--quick",
        action="store_true",
        help="smoke run for the test suite: 5 filter changes per page, one browser run (figures not meaningful)",
    )
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--child-args", help=argparse.SUPPRESS)
    return p


def _peak_mb() -> float:
    """Peak resident memory of this process: ru_maxrss.

    Linux carries ru_maxrss over fork and exec, so a child would report its parent's peak
    when that is higher. VmHWM (/proc/self/status) is the peak of this process's own memory
    since exec; children report the smaller of the two (the right one either way).
    """
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        status = Path("/proc/self/status").read_text()
        hwm = next(int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return round(maxrss, 1)
    return round(min(maxrss, hwm), 1)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(_pct(ms, 0.95), 1),
        "max_ms": round(max(ms), 1),
    }


# --- children: each runs in a fresh process and prints JSON lines ------------------------------


def _child_cold(args: dict) -> dict:
    from planboard import bench_pages  # imported before the clock, as a running server has it

    db = Path(args["db"])
    view = bench_pages.View(**args["view"])
    started = time.perf_counter()
    charts = bench_pages.run_page(db, args["page"], view)
    return {"seconds": time.perf_counter() - started, "charts": charts, "peak_rss_mb": _peak_mb()}


class _PlanboardAnswers:
    """The planboard side of the comparison, answered as a page run does: on the store's
    kept-open read-only instance, metric_year once and the item statuses from its rows."""

    def __init__(self, args: dict):
        from planboard import bench_pages, heap

        self.db = Path(args["db"])
        self.views = [bench_pages.View(**raw) for raw in args["views"]]
        heap.settle()  # as a running server has done (dashboard.py); the pandas side does the same

    def answer(self, i: int) -> float:
        from planboard import loaders, store

        v = self.views[i]
        started = time.perf_counter()
        with store.shared_reads(), store.reading(self.db) as con:
            rows = loaders.metric_year(con, v.plan_id, bureau=v.bureau, section=v.section, item_no=None)
            loaders.items_from_rows(rows, v.fiscal_year, loaders.plan_items(con, v.plan_id))
        return time.perf_counter() - started

    def summary(self) -> dict:
        return {"peak_rss_mb": _peak_mb()}


class _PandasAnswers:
    """The typical app's side: Parquet read into pandas once, then each question in memory."""

    def __init__(self, args: dict):
        from planboard import bench_pages, bench_pandas, heap, store

        self.views = [bench_pages.View(**raw) for raw in args["views"]]
        heap.settle()  # as planboard's side does, before the clock
        self.as_of = store.now_jst()
        started = time.perf_counter()
        self.data = bench_pandas.load(Path(args["parquet"]))
        self.load_s = time.perf_counter() - started
        self.first = None

    def answer(self, i: int) -> float:
        from planboard import bench_pandas

        v = self.views[i]
        started = time.perf_counter()
        rows, items = bench_pandas.answer(self.data, v.plan_id, v.fiscal_year, self.as_of, v.bureau, v.section)
        elapsed = time.perf_counter() - started
        if self.first is None:
            self.first = {
                "rows": sorted(
                    [r.item_no, r.metric_code, int(r.fiscal_year), r.status] for r in rows.itertuples(index=False)
                ),
                "items": sorted([r.item_no, r.status] for r in items.itertuples(index=False)),
            }
        return elapsed

    def summary(self) -> dict:
        return {"load_s": self.load_s, "first_answer": self.first, "peak_rss_mb": _peak_mb()}


# Children that answer one question per line of their input, so that the two sides of the
# comparison take turns: each pair of answers meets the machine in the same state.
ANSWERERS = {"data": _PlanboardAnswers, "pandas": _PandasAnswers}


def _serve_answers(kind: str, args: dict) -> None:
    answerer = ANSWERERS[kind](args)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        reply = answerer.summary() if request == "summary" else {"seconds": answerer.answer(request)}
        print(json.dumps(reply), flush=True)


def _child_prepare(args: dict) -> dict:
    """Work on the large store that is not measured (exports, the import file), kept out of
    the bench process so that its peak memory is the pages' own."""
    from planboard import bench_import, bench_pandas, store

    db = Path(args["db"])
    started = time.perf_counter()
    if args["what"] == "parquet":
        with store.reading(db) as con:
            sizes = bench_pandas.export(con, Path(args["out"]))
        return {"seconds": time.perf_counter() - started, "bytes": sum(sizes.values())}
    # The copy gets the backup every store in use has from its last write, so that the timed
    # import backs up as it does there: its own rows added to the newest backup (backup.py).
    # This first one is whole (every revision), as after a restore: timed, with its peak memory.
    with store.writing(db):
        pass
    backup_s, backup_peak = time.perf_counter() - started, _peak_mb()
    n = bench_import.write_csv(db, Path(args["out"]), int(args["rows"]))
    return {
        "seconds": time.perf_counter() - started,
        "rows": n,
        "backup_s": backup_s,
        "backup_peak_rss_mb": backup_peak,
    }


def _child_import(args: dict) -> dict:
    from planboard import bench_import

    return bench_import.run(Path(args["db"]), Path(args["csv"]))


def _child_refresh(args: dict) -> dict:
    from planboard import current_rows

    started = time.perf_counter()
    current_rows.remake(Path(args["db"]))
    return {"seconds": time.perf_counter() - started, "peak_rss_mb": _peak_mb()}


CHILDREN = {
    "cold": _child_cold,
    "import": _child_import,
    "refresh": _child_refresh,
    "prepare": _child_prepare,
}


def _spawn(kind: str, args: dict, env: dict | None = None) -> dict:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "planboard", "bench", "--child", kind, "--child-args", json.dumps(args)],
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench child {kind} failed:\n{result.stderr[-3000:]}")
    out = json.loads(result.stdout.strip().splitlines()[-1])
    out["process_s"] = round(time.perf_counter() - started, 3)
    return out


class _Answerer:
    """A child process of ANSWERERS: ask(i) has it answer view i and returns its seconds."""

    def __init__(self, kind: str, args: dict):
        self.kind = kind
        self.errors = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: it never fills up
        self.process = subprocess.Popen(
            [sys.executable, "-m", "planboard", "bench", "--child", kind, "--child-args", json.dumps(args)],
            cwd=PROJECT_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
        )

    def ready(self) -> None:
        """Wait until it has loaded its data, before any clock starts."""
        self._reply()

    def _reply(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=60)
            self.errors.seek(0)
            raise RuntimeError(f"bench child {self.kind} failed:\n{self.errors.read()[-3000:]}")
        return json.loads(line)

    def _request(self, request) -> dict:
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # it has died: _reply reads nothing and raises with what it wrote to stderr
        return self._reply()

    def ask(self, i: int) -> float:
        return self._request(i)["seconds"]

    def finish(self) -> dict:
        summary = self._request("summary")
        self.close()
        return summary

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.close()  # end of input: it exits
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.errors.close()


# --- one scale ----------------------------------------------------------------------------------


def _store_info(db: Path) -> dict:
    from planboard import store

    with store.reading(db) as con:
        counts = store.row_counts(con, ("plan", "initiative", "metric", "target", "actual_revision"))
    return {"path": _shown(db), "bytes": db.stat().st_size, "rows": counts}


def _shown(path: Path) -> str:
    """A path as the results show it: relative to the project when inside it, so the JSON
    says where the store is in the project, not on the machine that ran the benchmark."""
    try:
        return str(Path(path).resolve().relative_to(PROJECT_ROOT.resolve()))
    except ValueError:
        return Path(path).name


def _pages(db: Path, repeat: int, log) -> dict:
    from planboard import bench_pages, heap

    out = {}
    for page in bench_pages.PAGES:
        views = bench_pages.filter_changes(db, page, repeat + 2)
        cold = _spawn("cold", {"db": str(db), "page": page, "view": asdict(views[0])})
        bench_pages.run_page(db, page, views[1])  # warms this process for the page (imports, first figures)
        heap.settle()  # as the server does on its first run (dashboard.py)
        times = []
        for view in views[2:]:
            started = time.perf_counter()
            bench_pages.run_page(db, page, view)
            times.append(time.perf_counter() - started)
        out[page] = {
            "cold_s": round(cold["seconds"], 3),
            "cold_process_s": cold["process_s"],
            "cold_peak_rss_mb": cold["peak_rss_mb"],
            "warm": _summary_ms(times),
        }
        log(
            f"    {page}: cold {out[page]['cold_s']:.3f} s, warm p50 {out[page]['warm']['p50_ms']} ms, "
            f"p95 {out[page]['warm']['p95_ms']} ms"
        )
    return out


def _versus_pandas(db: Path, repeat: int, work: Path, log) -> dict:
    from planboard import bench_pages, loaders, store

    views = bench_pages.filter_changes(db, "overview", repeat + 1, seed=11)
    parquet = work / "parquet"
    exported = _spawn("prepare", {"db": str(db), "what": "parquet", "out": str(parquet)})
    raw = [asdict(v) for v in views]
    sides = {}
    try:
        # One after the other, so that neither side's loading (the Parquet files' is timed)
        # shares the cores with the other's.
        for name, kind, args in (("ours", "data", {"db": str(db)}), ("theirs", "pandas", {"parquet": str(parquet)})):
            sides[name] = _Answerer(kind, {**args, "views": raw})
            sides[name].ready()
        # The sides take turns, a few questions each, so that a slow stretch of the machine
        # meets both. Not one question each: the pandas side's gigabytes would push the
        # other's few megabytes out of the CPU's caches before every answer, which a server
        # answering filter changes does not suffer.
        times = {"ours": [], "theirs": []}
        for start in range(0, len(views), PANDAS_TURN):
            for name in ("ours", "theirs"):
                times[name].extend(sides[name].ask(i) for i in range(start, min(start + PANDAS_TURN, len(views))))
        ours_summary, theirs_summary = sides["ours"].finish(), sides["theirs"].finish()
    finally:
        for side in sides.values():
            side.close()
    v = views[0]
    with store.reading(db) as con:
        rows = loaders.metric_year(con, v.plan_id, bureau=v.bureau, section=v.section, item_no=None)
        items = loaders.items(con, v.plan_id, v.fiscal_year, bureau=v.bureau, section=v.section)
    expected = {
        "rows": sorted([r.item_no, r.metric_code, int(r.fiscal_year), r.status] for r in rows.itertuples(index=False)),
        "items": sorted([r.item_no, r.status] for r in items.itertuples(index=False)),
    }
    warm_ours, warm_theirs = _summary_ms(times["ours"][1:]), _summary_ms(times["theirs"][1:])
    # Cold = the first answer in a new process; for pandas reading the Parquet files included.
    cold_ours, cold_theirs = times["ours"][0], theirs_summary["load_s"] + times["theirs"][0]
    result = {
        "question": "metric_year rows and item statuses of one plan and filter (latest revision per metric-year)",
        "answers_match": expected == theirs_summary["first_answer"],
        "turns_of": PANDAS_TURN,
        "planboard": {"cold_s": round(cold_ours, 3), "warm": warm_ours, "peak_rss_mb": ours_summary["peak_rss_mb"]},
        "pandas": {
            "parquet_export_s": round(exported["seconds"], 3),
            "parquet_bytes": exported["bytes"],
            "load_s": round(theirs_summary["load_s"], 3),
            "cold_s": round(cold_theirs, 3),
            "warm": warm_theirs,
            "peak_rss_mb": theirs_summary["peak_rss_mb"],
        },
        "speedup_warm_p50": round(warm_theirs["p50_ms"] / warm_ours["p50_ms"], 1),
        "speedup_warm_p95": round(warm_theirs["p95_ms"] / warm_ours["p95_ms"], 1),
        "speedup_cold": round(cold_theirs / cold_ours, 1),
    }
    log(
        f"    pandas: warm p50 {warm_theirs['p50_ms']} ms vs {warm_ours['p50_ms']} ms "
        f"(×{result['speedup_warm_p50']}), cold {result['pandas']['cold_s']} s vs {result['planboard']['cold_s']} s "
        f"(×{result['speedup_cold']}), answers match: {result['answers_match']}"
    )
    return result


def _import(db: Path, rows: int, work: Path, log) -> dict:
    copy = work / "import.duckdb"
    shutil.copy(db, copy)
    csv_path = work / "import.csv"
    made = _spawn("prepare", {"db": str(copy), "what": "csv", "out": str(csv_path), "rows": rows})
    n, make_s = made["rows"], made["seconds"]
    env = {"PLANBOARD_MAX_IMPORT_ROWS": str(max(n, 10_000)), "PLANBOARD_MAX_UPLOAD_MB": "500"}
    result = _spawn("import", {"db": str(copy), "csv": str(csv_path)}, env=env)
    result["file_written_s"] = round(make_s, 3)
    result["whole_backup_s"] = round(made["backup_s"], 3)
    result["whole_backup_peak_rss_mb"] = round(made["backup_peak_rss_mb"], 1)
    # An import of this many plans leaves the pages' kept rows to `refresh`, which the import
    # command then runs in a process of its own (planboard/current_rows.py): timed the same way.
    refreshed = _spawn("refresh", {"db": str(copy)}) if not result["kept_rows_current"] else None
    result["refresh_s"] = refreshed and round(refreshed["seconds"], 3)
    result["refresh_peak_rss_mb"] = refreshed and refreshed["peak_rss_mb"]
    log(
        f"    import {n:,} rows: check {result['check_s']} s, import {result['import_s']} s, "
        f"peak {result['peak_rss_mb']} MB, ok {result['ok']}; then the pages' rows remade in "
        f"{result['refresh_s']} s, peak {result['refresh_peak_rss_mb']} MB; whole backup before it "
        f"{result['whole_backup_s']} s, peak {result['whole_backup_peak_rss_mb']} MB"
    )
    return result


def _browser(db: Path, runs: int, log) -> dict | None:
    from planboard import bench_browser, bench_pages

    if not bench_browser.available():
        return None
    views = bench_pages.filter_changes(db, "overview", runs, seed=13)
    views = [bench_pages.View(v.plan_id, v.fiscal_year, language="ja") for v in views]
    expected = [bench_pages.run_page(db, "overview", v) for v in views]
    result = bench_browser.measure(db, views, expected)
    log(f"    browser: first {result['first_s']} s, then median {result['repeat_median_s']} s")
    return result


def _scale(name: str, db: Path, args, work: Path, log) -> dict:
    log(f"  {name}: {db}")
    work.mkdir(parents=True, exist_ok=True)
    out = {"store": _store_info(db)}
    out["pages"] = _pages(db, args.repeat, log)
    out["versus_pandas"] = _versus_pandas(db, args.repeat, work, log)
    out["import"] = _import(db, args.import_rows, work, log) if name == "large" else None
    out["browser"] = None if args.no_browser else _browser(db, 1 if args.quick else 4, log)
    return out


# --- the report ---------------------------------------------------------------------------------


def pace() -> float:
    """Seconds for a fixed piece of pure-Python work: how fast the machine ran at that moment.

    This machine's two virtual cores run the same work up to ~1.5× slower at some moments
    than at others; the pace taken at the start, after each scale and at the end shows in
    which stretch a run's figures were measured (docs/performance.md).
    """
    started = time.perf_counter()
    total = 0
    for i in range(2_000_000):
        total += i * i
    return round(time.perf_counter() - started, 3)


def machine() -> dict:
    import duckdb
    import pandas
    import plotly
    import pyarrow
    import streamlit

    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu_model": model,
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
        "plotly": plotly.__version__,
        "streamlit": streamlit.__version__,
    }


def _import_peaks(imported: dict) -> list[float]:
    """The import process's peak, the refresh's after it and that of the whole backup made before it."""
    peaks = [imported["peak_rss_mb"], imported["refresh_peak_rss_mb"], imported["whole_backup_peak_rss_mb"]]
    return [p for p in peaks if p is not None]


def verdicts(scales: dict) -> dict:
    """Each target at the large scale: the measured figure, the target, met or not."""
    large = scales.get("large")
    if not large:
        return {}
    pages = large["pages"]
    figures = {
        "warm_p95_ms": max(p["warm"]["p95_ms"] for p in pages.values()),
        "cold_overview_s": pages["overview"]["cold_s"],
        "browser_overview_s": large["browser"]["repeat_max_s"] if large["browser"] else None,
        "import_1m_s": large["import"]["import_s"] if large["import"] else None,
        "peak_rss_mb": max([large["peak_rss_mb"], *(_import_peaks(large["import"]) if large["import"] else [])]),
        "speedup_vs_pandas": large["versus_pandas"]["speedup_warm_p50"],
    }
    out = {}
    for key, target in TARGETS.items():
        value = figures[key]
        met = None if value is None else (value >= target if key == "speedup_vs_pandas" else value <= target)
        out[key] = {"measured": value, "target": target, "met": met}
    return out


def _table(result: dict) -> str:
    lines = ["", f"{'scale':6} {'page':11} {'cold s':>7} {'warm p50':>9} {'warm p95':>9}"]
    for name, scale in result["scales"].items():
        for page, p in scale["pages"].items():
            lines.append(
                f"{name:6} {page:11} {p['cold_s']:7.3f} {p['warm']['p50_ms']:7.1f}ms {p['warm']['p95_ms']:7.1f}ms"
            )
    paces = ", ".join(f"{p['at']} {p['s']} s" for p in result["pace"])
    lines += ["", f"pace (the same pure-Python work; higher is a slower moment of the machine): {paces}", ""]
    for key, v in result["targets"].items():
        mark = "met" if v["met"] else ("n/a" if v["met"] is None else "MISSED")
        lines.append(f"target {key:20} measured {v['measured']!s:>10}  target {v['target']!s:>6}  {mark}")
    return "\n".join(lines)


def main(args) -> int:
    if args.child in ANSWERERS:
        _serve_answers(args.child, json.loads(args.child_args))
        return 0
    if args.child:
        print(json.dumps(CHILDREN[args.child](json.loads(args.child_args))))
        return 0
    if args.quick:
        args.repeat = QUICK_REPEAT
    elif args.repeat < 30:
        print("error: --repeat must be at least 30", file=sys.stderr)
        return 2
    from planboard import store, synth

    log = lambda text: print(text, flush=True)  # noqa: E731
    scales = {}
    # Other work on the machine slows every figure: the load average is recorded with them.
    load_before = [round(x, 2) for x in os.getloadavg()]
    paces = [{"at": "start", "s": pace()}]
    names = ["seed", "large"] if args.scale == "both" else [args.scale]
    with tempfile.TemporaryDirectory(prefix="planboard-bench-") as tmp:
        work = Path(tmp)
        for name in names:
            if name == "seed":
                if not SEED_DB.exists() or store.stored_schema_version(SEED_DB) < store.SCHEMA_VERSION:
                    SEED_DB.unlink(missing_ok=True)
                    store.build(SEED_DB)
                db = SEED_DB
            else:
                db = Path(args.db) if args.db else LARGE_DB
                if not db.exists():
                    log(f"  writing the large synthetic store {db} (a few minutes)")
                    synth.write_store(db, synth.PRESETS["large"], log=log)
                elif store.bring_up_to_date(db):
                    log(f"  updated the views of {db} to this version")
            scales[name] = _scale(name, db, args, work / name, log)
            scales[name]["peak_rss_mb"] = _peak_mb()
            paces.append({"at": name, "s": pace()})
    command = "python -m planboard bench " + " ".join(sys.argv[2:] if sys.argv[1:2] == ["bench"] else sys.argv[1:])
    result = {
        "command": command.strip(),
        "quick": bool(args.quick),
        "load_average_before": load_before,
        "nice": os.nice(0),  # the process priority it ran at (children and the server inherit it)
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "pace": [*paces, {"at": "end", "s": pace()}],
        "when": store.now_jst().isoformat(),
        "machine": machine(),
        "measured": __doc__.split("Measured, ", 1)[1].split("\n\nSeed scale")[0],
        "scales": scales,
        "peak_rss_mb": _peak_mb(),
    }
    result["targets"] = verdicts(scales)
    print(_table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0
