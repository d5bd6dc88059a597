"""Access: no write without a signed-in editor, whatever is sent; viewers read through read-only
connections; pages never open the store for writing; the default run listens on 127.0.0.1 with
XSRF protection on. (Secrets never reaching logs or pages: tests/test_secrets_browser.py.)"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import os
import re
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request

import pandas as pd
import pytest
import websockets

from loadtest import protocol
from planboard import accounts, ingest, notes, store, templates
from planboard.server import free_port
from planboard.settings import PROJECT_ROOT
from tests.conftest import PLAN_ID, app_test, table_snapshot

UPLOAD = "取組番号,指標,年度,実績値,進捗段階,備考,出典\n18-3,,平成30年度,14,,,区の報告\n".encode()
WRITE_BUTTONS = {"import_confirm", "correct_confirm", "note_save", "h_revert_go", "h_note_revert_go"}
# The library's writes; pages may call them only where an editor is signed in.
WRITE_CALLS = {
    ("ingest", "import_file"),
    ("ingest", "apply_corrections"),
    ("ingest", "revert"),
    ("notes", "write_note"),
    ("notes", "write_notes"),
    ("notes", "revert_note"),
}
# Opening the store other than through store.reading, or writing it, from page code.
FORBIDDEN_IN_PAGES = {("store", "connect"), ("store", "writing"), ("store", "build"), ("duckdb", "connect")}
PAGE_FILES = [PROJECT_ROOT / "dashboard.py", *sorted((PROJECT_ROOT / "pages").glob("*.py"))]
WRITE_WORDS = re.compile(
    r"\b(insert|update|delete|create|drop|alter|attach|detach|copy|pragma|install|load|export|checkpoint|set)\b"
)


def _calls(path) -> list[tuple[ast.Call, tuple[str, str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name):
                found.append((node, (owner.id, node.func.attr)))
    return found


def _guards(path) -> dict[int, list[str]]:
    """For each line, the source of every `if` test and lambda/def around it (what must hold to reach it)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    guards: dict[int, list[str]] = {}

    def visit(node, around):
        if isinstance(node, ast.If):
            inner = [*around, ast.get_source_segment(source, node.test)]
            for child in node.body:
                visit(child, inner)
            for child in node.orelse:
                visit(child, around)
            return
        for line in range(getattr(node, "lineno", 0), getattr(node, "end_lineno", 0) + 1):
            guards[line] = around  # children come later and override: the innermost guards win
        for child in ast.iter_child_nodes(node):
            visit(child, around)

    visit(tree, [])
    return guards


def _signed_in_guard(tests: list[str]) -> bool:
    return any("editor" in t or "_write_allowed" in t for t in tests)


def test_pages_call_the_library_writes_only_where_an_editor_is_signed_in():
    seen = set()
    for path in PAGE_FILES:
        guards = _guards(path)
        for node, call in _calls(path):
            if call in WRITE_CALLS:
                seen.add((path.name, call))
                assert path.name in ("data.py", "history.py"), (path.name, call)
                assert _signed_in_guard(guards[node.lineno]), (path.name, node.lineno, guards[node.lineno])
    assert {c for _p, c in seen} == WRITE_CALLS - {("notes", "write_notes")}


def test_pages_never_open_the_store_themselves():
    for path in PAGE_FILES:
        text = path.read_text(encoding="utf-8")
        assert "import duckdb" not in text, path.name
        for _node, call in _calls(path):
            assert call not in FORBIDDEN_IN_PAGES, (path.name, call)
    ui_calls = {call for _n, call in _calls(PROJECT_ROOT / "planboard" / "ui.py") if call[0] in ("store", "duckdb")}
    # ui.py reads through store.reading; ensure_store builds the store once when there is none (first run)
    assert ui_calls <= {
        ("store", "reading"),
        ("store", "ensure_store"),
        ("store", "resolve_db_path"),
        ("store", "stored_schema_version"),
        ("store", "write_problem"),
    }, ui_calls


def test_the_read_queries_hold_no_statement_that_writes():
    for path in sorted((PROJECT_ROOT / "queries").glob("*.sql")):
        sql = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8")).lower()
        assert not WRITE_WORDS.search(sql), (path.name, WRITE_WORDS.search(sql).group(0))


def test_every_library_write_refuses_a_missing_editor(fresh_db):
    before = table_snapshot(fresh_db)
    with store.reading(fresh_db) as con:
        sheet = templates.actuals_sheet(con, PLAN_ID, with_actuals=True).head(1)
    sheet = sheet.assign(**{"実績値": "14"})
    writes = [
        lambda e: ingest.import_file(fresh_db, UPLOAD, e, file_name="a.csv"),
        lambda e: ingest.apply_corrections(fresh_db, sheet, e, plan_id=PLAN_ID),
        lambda e: ingest.revert(fresh_db, 1, e),
        lambda e: notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "理由", e),
        lambda e: notes.revert_note(fresh_db, 1, e),
    ]
    for write in writes:
        for editor in ("", "   ", None, "\u3000"):
            with pytest.raises(ingest.EditorRequired):
                write(editor)
    assert table_snapshot(fresh_db) == before


@pytest.fixture
def app(fresh_db, monkeypatch):
    at = app_test(fresh_db, monkeypatch)
    at.secrets["planboard"] = {"editors": {"山田花子": accounts.hash_password("correct horse battery")}}
    return at


def _keys(at) -> set[str]:
    return {b.key for b in at.button if b.key}


def test_without_sign_in_the_data_and_history_pages_change_nothing(app, fresh_db):
    """Whatever a visitor does on the write pages without signing in, the store stays as it was."""
    assert ingest.import_file(fresh_db, UPLOAD, "山田", file_name="first.csv").written == 1  # a revertable revision
    before = table_snapshot(fresh_db)
    app.query_params["editor"] = "山田花子"  # a link cannot sign anyone in
    app.switch_page("pages/data.py").run()
    app.file_uploader[0].set_value(("報告.csv", UPLOAD.replace(b"14", b"15"), "text/csv")).run()
    app.button(key="import_check").click().run()
    assert any("変更 1 件" in s.value for s in app.success)  # the preview is shown ...
    editor_key = app.data_editor[0].key
    app.session_state[editor_key] = {"edited_rows": {0: {"実績値": "16"}}, "added_rows": [], "deleted_rows": []}
    app.button(key="correct_check").click().run()
    assert any("変更 1 件" in s.value or "新規 1 件" in s.value for s in app.success)
    app.text_area[0].input("理由").run()
    assert not (_keys(app) & WRITE_BUTTONS)  # ... but there is nothing to confirm it with
    assert app.text_input(key="sign_in_password")
    app.switch_page("pages/history.py").run()
    assert not (_keys(app) & WRITE_BUTTONS)
    assert not app.exception
    assert table_snapshot(fresh_db) == before


def test_a_signed_in_editor_looking_at_the_past_cannot_write_either(app, fresh_db):
    app.query_params["asof"] = "2020-01-01"
    app.switch_page("pages/data.py").run()
    app.text_input(key="sign_in_name").set_value("山田花子")
    app.text_input(key="sign_in_password").set_value("correct horse battery")
    app.button[[b.label for b in app.button].index("サインイン")].click().run()
    app.file_uploader[0].set_value(("報告.csv", UPLOAD, "text/csv")).run()
    app.button(key="import_check").click().run()
    assert not (_keys(app) & WRITE_BUTTONS)


def test_viewer_pages_read_through_read_only_connections(fresh_db, monkeypatch):
    opened: list[bool] = []
    real = store.connect

    def recording(db_path, read_only=False, retries=50):
        opened.append(read_only)
        return real(db_path, read_only=read_only, retries=retries)

    monkeypatch.setattr(store, "connect", recording)
    at = app_test(fresh_db, monkeypatch)  # a store no session has cached yet
    for page in ("overview", "items", "item", "department", "present", "history", "data"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
    # Page runs take cursors on one kept-open read-only instance (planboard/read_instance.py).
    assert opened and all(opened), opened


@pytest.mark.parametrize("page_run", [False, True], ids=["alone", "in a page run"])
def test_loaders_get_a_connection_that_cannot_write(built_db, page_run):
    with contextlib.ExitStack() as stack:
        if page_run:
            stack.enter_context(store.shared_reads())
        con = stack.enter_context(store.reading(built_db))
        with pytest.raises(Exception, match="read-only"):
            con.execute("insert into setting values ('x', 'y', 'z')")
        assert isinstance(con.execute("select count(*) from plan").fetchone()[0], int)
        frame = pd.DataFrame({"a": [1]})
        con.register("f", frame)
        with pytest.raises(Exception, match="read-only"):
            con.execute("create table t as select * from f")


def test_the_default_run_listens_on_loopback_with_xsrf_protection():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = config["server"]
    assert server["address"] == "127.0.0.1"
    assert server["enableXsrfProtection"] is True
    assert server.get("enableCORS", True) is True
    assert config["client"]["showErrorDetails"] == "none"
    run_sh = (PROJECT_ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert "--server.address 127.0.0.1" in run_sh
    for loosening in ("0.0.0.0", "enableXsrfProtection false", "enableCORS false", "address ::"):
        assert loosening not in run_sh


def test_the_server_as_configured_listens_on_loopback_only_and_checks_xsrf_tokens(built_db, tmp_path):
    """Started without --server.address, as scripts/run.sh would be without its flag: config.toml decides."""
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PLANBOARD_DB": str(built_db)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _listening_addresses(port) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.3)
        time.sleep(1)
        listening = _listening_addresses(port)
        with urllib.request.urlopen(base + "/_stcore/health", timeout=10) as response:  # noqa: S310 - loopback
            cookies = response.headers.get_all("Set-Cookie") or []
        forged = urllib.request.Request(base + "/_stcore/upload_file/s/f", data=b"x", method="PUT")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(forged, timeout=10)  # noqa: S310 - loopback
        own_site = asyncio.run(_session_opens(base, origin=base))
        other_site = asyncio.run(_session_opens(base, origin="https://evil.example"))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    assert listening == {"127.0.0.1"}, listening
    assert any(c.startswith("_streamlit_xsrf=") for c in cookies), cookies
    assert refused.value.code == 403  # an upload without the XSRF token is refused
    assert own_site and not other_site  # another site's page cannot open a session (websocket hijacking)


async def _session_opens(base: str, origin: str) -> bool:
    """Whether a page of origin can open a session on the server at base and get a script run."""
    try:
        async with websockets.connect(
            base.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"], origin=origin
        ) as ws:
            await asyncio.wait_for(protocol.run_once(ws), 60)
            return True
    except (websockets.WebSocketException, OSError):
        return False


def _listening_addresses(port: int) -> set[str]:
    """Local addresses in LISTEN state on port, from /proc/net/tcp and tcp6."""
    found = set()
    for name in ("tcp", "tcp6"):
        try:
            lines = open(f"/proc/net/{name}").read().splitlines()[1:]  # noqa: SIM115
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(_address(address))
    return found


def _address(hex_address: str) -> str:
    if len(hex_address) == 8:
        return ".".join(str(int(hex_address[i : i + 2], 16)) for i in (6, 4, 2, 0))
    return "::" if set(hex_address) == {"0"} else hex_address
