"""`python -m loadtest [--sessions 50] [--browsers 2] [--editors 2] [--seconds 60] [--json OUT]`: see docs/reliability.md."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loadtest.run import LoadConfig, run, to_text


def main(argv: list[str] | None = None) -> int:
    defaults = LoadConfig()
    parser = argparse.ArgumentParser(prog="python -m loadtest", description="Planboard load test on 127.0.0.1")
    parser.add_argument("--db", help="store to copy (default: $PLANBOARD_DB, else data/planboard.duckdb)")
    parser.add_argument("--sessions", type=int, default=defaults.sessions, help="viewer sessions (default: 50)")
    parser.add_argument("--browsers", type=int, default=defaults.browsers, help="of which in Chromium (default: 2)")
    parser.add_argument("--editors", type=int, default=defaults.editors, help="editors importing (default: 2)")
    parser.add_argument("--seconds", type=float, default=defaults.seconds, help="length of the load (default: 60)")
    parser.add_argument("--think", type=float, default=defaults.think, help="viewer pause, s (default: 20)")
    parser.add_argument("--interval", type=float, default=defaults.interval, help="editor pause, s (default: 15)")
    parser.add_argument("--ramp", type=float, default=defaults.ramp, help="seconds to open all sessions (default: 0)")
    parser.add_argument("--workdir", help="folder for the store copy, backups and server log (default: a temp folder)")
    parser.add_argument("--json", help="also write the report to this file")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.seconds <= 0 or args.editors < 0 or not 0 <= args.browsers <= args.sessions:
        parser.error("need --sessions ≥ 1, --seconds > 0, --editors ≥ 0 and 0 ≤ --browsers ≤ --sessions")
    config = LoadConfig(
        sessions=args.sessions,
        browsers=args.browsers,
        editors=args.editors,
        seconds=args.seconds,
        think=args.think,
        ramp=args.ramp,
        interval=args.interval,
        db=args.db,
    )
    report = run(config, Path(args.workdir) if args.workdir else None)
    print(to_text(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
