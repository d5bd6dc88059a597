"""The command line: `python -m planboard COMMAND`.

Exit codes: 0 done, 1 the input was rejected, 2 the command was used wrongly.
"""

from __future__ import annotations

import argparse
import getpass
import subprocess
import sys
import time
from pathlib import Path

from planboard import (
    accounts,
    current_rows,
    demo,
    exports,
    i18n,
    ingest,
    integrity,
    loaders,
    restore,
    settings,
    slides,
    store,
    synth,
    templates,
)
from planboard.fiscal_year import FiscalYearError, format_fiscal_year, parse_fiscal_year
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

    revert = commands.add_parser(
        "revert", help="undo one revision of an actual, the newest or an older one (appends a revert)"
    )
    revert.add_argument("revision_id", type=int, help="the revision to undo (actual_revision.revision_id)")
    revert.add_argument("--user", help="editor name recorded with the revert (required unless --dry-run)")
    revert.add_argument("--dry-run", action="store_true", help="say what the value would become; write nothing")
    revert.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help="language of the messages (default: ja)")
    _add_db(revert)

    editor = commands.add_parser("add-editor", help="add an editor (or change a password) in secrets.toml")
    editor.add_argument("name", help="the editor's name as they sign in")
    editor.add_argument("--secrets", help="secrets file (default: .streamlit/secrets.toml)")
    editor.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    demo_cmd = commands.add_parser("demo", help="build the demo store: the plan plus fictional sample actuals")
    demo_cmd.add_argument("--db", help="demo store path (default: data/demo/planboard-demo.duckdb)")

    export = commands.add_parser("export", help="export the council deck (PPTX, PDF), its charts or its tables")
    export.add_argument("--format", required=True, choices=exports.FORMATS, help="what to write (docs/exports.md)")
    export.add_argument("--out", required=True, help="file to write; for png and svg a folder, one file per chart")
    export.add_argument("--dept", help="only one 部 or 課, by its name (default: the whole plan)")
    export.add_argument("--fy", help="fiscal year, any common form: R1, 令和元年度, 2019 (default: the plan's last)")
    export.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help="language of the export (default: ja)")
    export.add_argument("--plan", help="plan_id (default: the store's only plan)")
    export.add_argument("--high-contrast", action="store_true", help="charts in high contrast")
    export.add_argument(
        "--demo", action="store_true", help="export from the demo store, labelled サンプルデータ（架空） throughout"
    )
    export.add_argument("--db", help="store path; with --demo the demo store's (built when missing)")
    syn = commands.add_parser(
        "synth", help="write a synthetic scale store of many fictional plans (docs/performance.md)"
    )
    syn.add_argument("--db", required=True, help="store path to write (never the default store)")
    preset = syn.add_mutually_exclusive_group()
    preset.add_argument("--small", action="store_true", help="quick preset for tests (12 plans, ~3,700 revisions)")
    preset.add_argument(
        "--large", action="store_true", help="the benchmark's scale: 1,741 plans, ~10.1 million revisions"
    )
    syn.add_argument("--plans", type=int, help="number of plans (municipalities)")
    syn.add_argument("--metrics", type=int, help="metrics per plan")
    syn.add_argument("--years", type=int, help="plan years per plan")
    syn.add_argument("--revisions-per-year", type=int, help="revisions per metric and plan year (default 12: monthly)")
    syn.add_argument("--seed", type=int, help="seed of the pseudo-random values (default 1)")
    syn.add_argument("--replace", action="store_true", help="delete an existing file at --db first")

    from planboard import bench  # the benchmark command's own options live with it

    bench.add_parser(commands)
    check = commands.add_parser("check", help="check that the store is whole and its newest backup is current")
    _add_db(check)
    refresh = commands.add_parser(
        "refresh", help="remake the rows kept ready for the pages (after an import of many plans)"
    )
    _add_db(refresh)

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
    store.bring_up_to_date(db)  # a store made by an older Planboard: views and tables, rows kept
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
    language = args.lang or i18n.default_language()
    print(report.to_text(language))
    if not report.kept_rows_current:
        # In a process of its own: its memory is not added to what the import kept.
        print(i18n.t("refresh_running", language), flush=True)
        refreshed = subprocess.run([sys.executable, "-m", "planboard", "refresh", "--db", str(db)], check=False)
        if refreshed.returncode:
            print(i18n.t("refresh_failed", language), file=sys.stderr)
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
    if not args.dry_run and not (args.user or "").strip():
        raise UsageError("取り消すには --user 名前 が必要です（どうなるかを見るだけなら --dry-run）。")
    db = _existing_store(args.db)
    language = args.lang or i18n.default_language()
    try:
        if args.dry_run:
            print(ingest.revert_preview(db, args.revision_id).describe(language))
            return 0
        result = ingest.revert(db, args.revision_id, args.user)
    except ingest.RevertError as exc:
        print(f"error: {exc.message_en if language == 'en' else exc.message_ja}", file=sys.stderr)
        return 1
    print(f"revision {result.revision_id}: {result.describe(language)}")
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


def _demo_store(cli_value: str | None) -> Path:
    path = Path(cli_value) if cli_value else Path(settings.get("demo_db"))
    if path.resolve() == Path(settings.get("db")).resolve():
        raise UsageError(f"{path} は既定のストアです。--demo にはデモ用のストアを指定してください。")
    if not path.exists():
        try:
            demo.build_demo_store(path)
        except demo.DemoStoreError as exc:
            raise UsageError(str(exc)) from exc
    return path


def _fiscal_year(text: str | None, plan: dict) -> int:
    first, last = int(plan["first_fy"]), int(plan["last_fy"])
    if text is None:
        return last
    try:
        year = parse_fiscal_year(text)
    except FiscalYearError as exc:
        raise UsageError(str(exc)) from exc
    if not first <= year <= last:
        years = "、".join(format_fiscal_year(y) for y in range(first, last + 1))
        raise UsageError(f"年度「{text}」はこの計画の年度ではありません（{years}）。")
    return year


def _department(con, plan_id: str, name: str | None) -> tuple[str | None, str | None]:
    """(部, 課) for --dept: the name of a 部 or of a 課, else a usage error listing the valid names."""
    if name is None:
        return None, None
    departments = loaders.departments(con, plan_id)
    name = name.strip()
    if name in set(departments["bureau"]):
        return name, None
    if name in set(departments["section"]):
        return None, name
    valid = "、".join(dict.fromkeys([*departments["bureau"], *departments["section"]]))
    raise UsageError(f"部署「{name}」はこの計画にありません。部か課の名前を指定してください: {valid}")


def _export_target(out: Path, file_format: str) -> None:
    if file_format in exports.CHART_FORMATS:
        if out.exists() and not out.is_dir():
            raise UsageError(f"{out}: --format {file_format} の --out はフォルダです（グラフ1つにファイル1つ）。")
        return
    if out.suffix.lower() != f".{file_format}":
        raise UsageError(f"{out}: --format {file_format} では拡張子を .{file_format} にしてください。")
    if not out.parent.is_dir():
        raise UsageError(f"{out.parent}: フォルダがありません。")


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    _export_target(out, args.format)
    language = args.lang or i18n.default_language()
    db = _demo_store(args.db) if args.demo else _existing_store(args.db)
    plan_id = _plan_id(db, args.plan)
    if plan_id is None:
        raise UsageError("ストアに計画が複数あります。--plan で選んでください。")
    with store.reading(db) as con:
        # The label follows the data, not the flag: a store holding the sample is always labelled.
        labelled = args.demo or loaders.has_sample_data(con, plan_id)
        sample_label = i18n.t("sample_label", language) if labelled else None
        plans = loaders.plans(con)
        plan = plans[plans["plan_id"] == plan_id].iloc[0].to_dict()
        fiscal_year = _fiscal_year(args.fy, plan)
        bureau, section = _department(con, plan_id, args.dept)
        data = slides.load_deck_data(con, plan, fiscal_year, bureau, section, sample_label=sample_label)
        sheets = exports.workbook_sheets(con, data, language) if args.format == "xlsx" else None
    try:
        files = _export_files(args, out, data, sheets, language, sample_label)
    except exports.ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.format in exports.CHART_FORMATS:
        out.mkdir(parents=True, exist_ok=True)
        if not files:
            print("この範囲の資料にはグラフがありません。/ This deck has no chart.", file=sys.stderr)
    for path, payload in files.items():
        path.write_bytes(payload)
        print(f"wrote {path} ({len(payload):,} bytes)")
    return 0


def _export_files(args, out: Path, data, sheets, language: str, sample_label: str | None) -> dict[Path, bytes]:
    """What an export writes, by path. Drawing takes seconds, so it runs after the store is closed."""
    if args.format == "csv":
        return {out: exports.table_csv(exports.metric_sheet(data, language), sample_label, language)}
    if args.format == "xlsx":
        return {out: exports.table_xlsx(sheets, sample_label, language)}
    deck = slides.build_deck(data, language, high_contrast=args.high_contrast)
    if args.format == "pptx":
        return {out: exports.deck_pptx(deck, language, sample_label)}
    if args.format == "pdf":
        return {out: exports.deck_pdf(deck, language, sample_label)}
    images = exports.deck_chart_files(deck, args.format, sample_label=sample_label)
    return {out / name: image for name, image in images.items()}


def cmd_synth(args: argparse.Namespace) -> int:
    base = synth.PRESETS["small" if args.small else "large"]
    if not (args.small or args.large) and None in (args.plans, args.metrics, args.years):
        raise UsageError("--plans, --metrics と --years を指定するか、--small / --large を使ってください。")
    spec = synth.SynthSpec(
        plans=args.plans if args.plans is not None else base.plans,
        metrics=args.metrics if args.metrics is not None else base.metrics,
        years=args.years if args.years is not None else base.years,
        revisions_per_year=args.revisions_per_year if args.revisions_per_year is not None else base.revisions_per_year,
        seed=args.seed if args.seed is not None else base.seed,
    )
    db = Path(args.db)
    if db.resolve() in (Path(store.resolve_db_path()).resolve(), Path(settings.get("demo_db")).resolve()):
        raise UsageError(f"{db}: 既定のストアやデモのストアには合成データを書きません。別のパスを指定してください。")
    try:
        spec.check()
        print(
            f"writing {db}: {spec.plans} plans × {spec.metrics} metrics × {spec.years} years, {spec.revisions:,} revisions"
        )
        result = synth.write_store(db, spec, replace=args.replace, log=print)
    except (ValueError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for table, n in result["counts"].items():
        print(f"  {table}: {n:,}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from planboard import bench

    return bench.main(args)


def cmd_check(args: argparse.Namespace) -> int:
    db = store.resolve_db_path(args.db)
    problems = integrity.check_store(db)
    if not problems:
        problems = [f"backup: {p}" for p in integrity.compare_with_backup(db)]
    for problem in problems:
        print(f"problem: {problem}")
    print(f"{db}: " + ("whole" if not problems else f"{len(problems)} problems (python -m planboard restore)"))
    return 1 if problems else 0


def cmd_refresh(args: argparse.Namespace) -> int:
    db = _existing_store(args.db)
    started = time.perf_counter()
    current_rows.remake(db)
    print(i18n.t("refresh_done", i18n.default_language(), db=db, seconds=time.perf_counter() - started))
    return 0


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
    "export": cmd_export,
    "synth": cmd_synth,
    "bench": cmd_bench,
    "check": cmd_check,
    "refresh": cmd_refresh,
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
