"""The benchmark's quick version on a --small synthetic store: every field is there and sane.

No timing is asserted: speed is measured by `python -m planboard bench` (docs/performance.md).
"""

from __future__ import annotations

import json
import subprocess
import sys

from planboard import bench, bench_browser
from planboard.settings import PROJECT_ROOT

PAGES = ("overview", "items", "item", "department")


def test_quick_bench_on_a_small_synthetic_store(tmp_path):
    db = tmp_path / "small.duckdb"
    out = tmp_path / "bench.json"
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "planboard", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    made = run("synth", "--small", "--db", str(db))
    assert made.returncode == 0, made.stderr
    extra = [] if bench_browser.available() else ["--no-browser"]
    done = run("bench", "--db", str(db), "--scale", "large", "--quick", "--json", str(out), *extra)
    assert done.returncode == 0, done.stderr + done.stdout
    result = json.loads(out.read_text(encoding="utf-8"))

    assert result["quick"] is True
    assert result["machine"]["nproc"] >= 1 and result["machine"]["duckdb"]
    large = result["scales"]["large"]
    assert large["store"]["rows"]["plan"] == 12
    for page in PAGES:
        p = large["pages"][page]
        assert p["cold_s"] > 0 and p["cold_process_s"] >= p["cold_s"] and p["cold_peak_rss_mb"] > 0
        assert p["warm"]["n"] == 5 and 0 < p["warm"]["p50_ms"] <= p["warm"]["p95_ms"] <= p["warm"]["max_ms"]
    versus = large["versus_pandas"]
    assert versus["answers_match"] is True
    assert versus["planboard"]["warm"]["n"] == versus["pandas"]["warm"]["n"] == 5  # the same questions, cold one apart
    assert versus["turns_of"] == bench.PANDAS_TURN and versus["pandas"]["cold_s"] >= versus["pandas"]["load_s"]
    assert versus["pandas"]["parquet_bytes"] > 0 and versus["speedup_warm_p50"] > 0
    imported = large["import"]
    assert imported["ok"] and imported["rows"] > 1000 and imported["written"] > 0
    assert imported["check_s"] > 0 and imported["import_s"] > 0 and imported["peak_rss_mb"] > 0
    assert imported["whole_backup_s"] > 0 and imported["whole_backup_peak_rss_mb"] > 0
    if bench_browser.available():
        assert large["browser"]["charts"] >= 2 and large["browser"]["first_s"] > 0
    assert result["peak_rss_mb"] > 0 and large["peak_rss_mb"] > 0
    assert [p["at"] for p in result["pace"]] == ["start", "large", "end"] and all(p["s"] > 0 for p in result["pace"])
    assert set(result["targets"]) == {
        "warm_p95_ms",
        "cold_overview_s",
        "browser_overview_s",
        "import_1m_s",
        "peak_rss_mb",
        "speedup_vs_pandas",
    }
    assert all(t["measured"] is not None for k, t in result["targets"].items() if k != "browser_overview_s")


def test_the_performance_doc_quotes_the_recorded_figures():
    """docs/performance.md's targets table shows what docs/bench-results.json recorded, target by target."""
    doc = (PROJECT_ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    recorded = json.loads((PROJECT_ROOT / "docs" / "bench-results.json").read_text(encoding="utf-8"))["targets"]
    table = doc.split("## Targets", 1)[1].split("\n\n", 2)[1].splitlines()[2:]
    quoted = [float(row.split("|")[2].split()[0]) for row in table]
    targets = [float(row.split("|")[4]) for row in table]
    assert quoted == [t["measured"] for t in recorded.values()]
    assert targets == [t["target"] for t in recorded.values()]
