"""The command line: `python -m planboard COMMAND`.

Exit codes: 0 done, 1 the input was rejected, 2 the command was used wrongly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planboard import store
from planboard.plan_files import PlanDataError


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="store path (default: $PLANBOARD_DB, else data/planboard.duckdb)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m planboard", description="Planboard plan store")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="create or migrate the store from data/plan/")
    _add_db(build)
    build.add_argument("--plan-dir", help="folder of plan folders (default: data/plan)")
    return parser


def cmd_build(args: argparse.Namespace) -> int:
    db = store.resolve_db_path(args.db)
    try:
        counts = store.build(db, Path(args.plan_dir) if args.plan_dir else None)
    except (PlanDataError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"built {db}")
    for table, n in counts.items():
        print(f"  {table}: {n}")
    return 0


COMMANDS = {"build": cmd_build}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    return COMMANDS[args.command](args)
