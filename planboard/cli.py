"""The command line: `python -m planboard COMMAND`.

Exit codes: 0 done, 1 the input was rejected, 2 the command was used wrongly.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from planboard import accounts, demo, i18n, ingest, integrity, loaders, restore, store, templates
from planboard.plan_files import PlanDataError


class UsageError(Exception):
    """The command was used wrongly (exit code 2)."""


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="store path (default: $PLANBOARD_DB, else data/planboard.duckdb)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m planboard", description="Planboard plan store")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="create or migrate the store from data/plan/")
    _add_db(build)
    build.add_argument("--plan-dir", help="folder of plan folders (default: data/plan)")

    imp = commands.add_parser("import-actuals", help="validate and import an actuals file (CSV or XLSX)")
    imp.add_argument("file", help="the actuals file (docs/actuals.md)")
    imp.add_argument("--dry-run", action="store_true", help="check and show the changes; write nothing")
    imp.add_argument("--user", help="editor name recorded with the revisions (required unless --dry-run)")
    imp.add_argument("--plan", help="plan_id for rows that name none (default: the store's only plan)")
    imp.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help="language of the report (default: ja)")
    _add_db(imp)

    template = commands.add_parser("template", help="write the import template (or the current actuals)")
    template.add_argument("--out", required=True, help="file to write: .csv (UTF-8 with BOM) or .xlsx")
    template.add_argument("--with-actuals", action="store_true", help="fill in the current actuals (export)")
    template.add_argument("--plan", help="plan_id (default: the store's only plan)")
    _add_db(template)

    revert = commands.add_parser("revert", help="undo one revision of an actual (appends a revert)")
    revert.add_argument("revision_id", type=int, help="the revision to undo (actual_revision.revision_id)")
    revert.add_argument("--user", required=True, help="editor name recorded with the revert")
    _add_db(revert)

    editor = commands.add_parser("add-editor", help="add an editor (or change a password) in secrets.toml")
    editor.add_argument("name", help="the editor's name as they sign in")
    editor.add_argument("--secrets", help="secrets file (default: .streamlit/secrets.toml)")
    editor.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    demo_cmd = commands.add_parser("demo", help="build the demo store: the plan plus fictional sample actuals")
    demo_cmd.add_argument("--db", help="demo store path (default: data/demo/planboard-demo.duckdb)")

    check = commands.add_parser("check", help="check that the store is whole and its newest backup is current")
    _add_db(check)

    rest = commands.add_parser("restore", help="rebuild a missing or damaged store from data/plan/ and a backup")
    _add_db(rest)
    rest.add_argument("--from", dest="source", help="backup folder (default: the newest backup of the store)")
    rest.add_argument("--plan-dir", help="folder of plan folders (default: data/plan)")
    rest.add_argument("--force", action="store_true", help="replace the store even when it is whole")

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


def _existing_store(cli_value: str | None) -> Path:
    db = store.resolve_db_path(cli_value)
    if not db.exists():
        raise UsageError(f"{db}: ストアがありません。先に python -m planboard build を実行してください。")
    return db


def _plan_id(db: Path, requested: str | None) -> str | None:
    with store.reading(db) as con:
        plan_ids = list(loaders.plans(con)["plan_id"])
    if requested is not None and requested not in plan_ids:
        raise UsageError(f"計画「{requested}」はストアにありません（{', '.join(plan_ids)}）。")
    return requested or (plan_ids[0] if len(plan_ids) == 1 else None)


def cmd_import_actuals(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{path}: ファイルがありません。")
    if not args.dry_run and not (args.user or "").strip():
        raise UsageError("登録するには --user 名前 が必要です（確認だけなら --dry-run）。")
    db = _existing_store(args.db)
    plan_id = _plan_id(db, args.plan)
    if args.dry_run:
        report = ingest.check_file(db, path, plan_id=plan_id)
    else:
        report = ingest.import_file(db, path, editor=args.user, plan_id=plan_id)
    print(report.to_text(args.lang or i18n.default_language()))
    return 0 if report.ok else 1


def cmd_template(args: argparse.Namespace) -> int:
    out = Path(args.out)
    file_format = out.suffix.lower().lstrip(".")
    if file_format not in templates.FORMATS:
        raise UsageError(f"{out}: 拡張子は .csv か .xlsx にしてください。")
    db = _existing_store(args.db)
    plan_id = _plan_id(db, args.plan)
    if plan_id is None:
        raise UsageError("ストアに計画が複数あります。--plan で選んでください。")
    with store.reading(db) as con:
        data = templates.actuals_file(con, plan_id, file_format, with_actuals=args.with_actuals)
    out.write_bytes(data)
    print(f"wrote {out}")
    return 0


def cmd_revert(args: argparse.Namespace) -> int:
    db = _existing_store(args.db)
    try:
        result = ingest.revert(db, args.revision_id, args.user)
    except (ingest.RevertError, ingest.EditorRequired) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if result.withdrawn:
        print(
            f"revision {result.revision_id}: 修正番号 {result.reverted_revision_id} を取り消しました（実績なしに戻りました）。"
        )
    else:
        print(
            f"revision {result.revision_id}: 修正番号 {result.reverted_revision_id} を取り消し、"
            f"修正番号 {result.restored_revision_id} の値「{result.value_text}」に戻しました。"
        )
    return 0


def cmd_add_editor(args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("パスワード / Password: ")
        if getpass.getpass("もう一度 / Again: ") != password:
            print("error: パスワードが一致しません。/ The passwords differ.", file=sys.stderr)
            return 1
    try:
        path = accounts.add_editor(args.name, password, Path(args.secrets) if args.secrets else None)
    except accounts.AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"editor {accounts.normalise_name(args.name)} saved in {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    try:
        path = demo.build_demo_store(Path(args.db) if args.db else None)
    except demo.DemoStoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"built demo store {path} (fictional sample actuals; run the app with PLANBOARD_DB={path})")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    db = store.resolve_db_path(args.db)
    problems = integrity.check_store(db)
    if not problems:
        problems = [f"backup: {p}" for p in integrity.compare_with_backup(db)]
    for problem in problems:
        print(f"problem: {problem}")
    print(f"{db}: " + ("whole" if not problems else f"{len(problems)} problems (python -m planboard restore)"))
    return 1 if problems else 0


def cmd_restore(args: argparse.Namespace) -> int:
    db = store.resolve_db_path(args.db)
    try:
        result = restore.restore(
            db, Path(args.source) if args.source else None, Path(args.plan_dir) if args.plan_dir else None, args.force
        )
    except restore.RestoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if result.moved_aside:
        print(f"kept the old store as {result.moved_aside}")
    print(
        f"restored {result.db} from {result.backup}: {result.revisions} revisions, {result.notes} notes"
        f" (baselines appended from data/plan/: {result.baselines_appended})"
    )
    return 0


COMMANDS = {
    "build": cmd_build,
    "import-actuals": cmd_import_actuals,
    "template": cmd_template,
    "revert": cmd_revert,
    "add-editor": cmd_add_editor,
    "demo": cmd_demo,
    "check": cmd_check,
    "restore": cmd_restore,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
