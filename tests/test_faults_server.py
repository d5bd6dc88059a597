"""The dashboard's server killed with SIGKILL while an editor's import from the Data page is inside its
transaction, and while it builds the store on its first run; after a restart the store is whole,
with all or none of that import, and the pages render (Chromium, loopback only)."""

from __future__ import annotations

import pytest

from planboard import accounts, integrity, store
from planboard.server import run_server
from tests.browser import launched_chromium, require_chromium, wait_for_app
from tests.conftest import table_snapshot

pytestmark = pytest.mark.browser

require_chromium()


PASSWORD = "correct horse battery"
KILLED_FILE = (
    "取組番号,指標,年度,実績値,進捗段階,備考,出典\r\n"
    + "".join(f"18-7,1-{i},令和元年度,,システム改修,,killed\r\n" for i in range(1, 5))
).encode("utf-8")


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as b:
        yield b


def _count(db, source: str) -> int:
    with store.reading(db) as con:
        return con.execute("select count(*) from actual_revision where source = ?", [source]).fetchone()[0]


def _no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def _import_on_the_data_page(page, base: str, upload) -> None:
    page.goto(f"{base}/data")
    wait_for_app(page)
    page.get_by_label("名前").fill("山田花子")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="サインイン").click()
    wait_for_app(page)
    page.locator("input[type='file']").set_input_files(str(upload))
    wait_for_app(page)
    page.get_by_role("button", name="内容を確認する（まだ登録しません）").first.click()
    wait_for_app(page)
    page.get_by_role("button", name="この内容で登録する").click()


def test_server_killed_during_an_import_keeps_none_of_it_and_restarts(fresh_db, tmp_path, browser):
    secrets = tmp_path / "secrets.toml"
    accounts.add_editor("山田花子", PASSWORD, secrets_path=secrets)
    upload = tmp_path / "killed.csv"
    upload.write_bytes(KILLED_FILE)
    before = table_snapshot(fresh_db)
    env = {"STREAMLIT_SECRETS_FILES": str(secrets)}
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="ja-JP")

    with run_server(fresh_db, {**env, store.PAUSE_ENV: "120"}, log_dir=tmp_path) as server:
        _import_on_the_data_page(page, server.base, upload)
        server.wait_for_log(store.PAUSED_MARK)  # the rows are inserted, the transaction is open
        server.kill()

    assert integrity.check_store(fresh_db) == []
    assert _count(fresh_db, "killed") == 0 and table_snapshot(fresh_db) == before  # none of it

    with run_server(fresh_db, env, log_dir=tmp_path) as server:
        page.goto(f"{server.base}/")
        wait_for_app(page)
        _no_exception(page)
        _import_on_the_data_page(page, server.base, upload)
        wait_for_app(page)
        assert "4件を登録しました" in page.inner_text("body")
        _no_exception(page)
    assert _count(fresh_db, "killed") == 4  # ... or all of it
    page.close()


def test_server_killed_while_building_the_store_on_its_first_run_builds_it_on_the_next(tmp_path, browser):
    db = tmp_path / "first-run.duckdb"
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="ja-JP")
    with run_server(db, {store.PAUSE_ENV: "120"}, log_dir=tmp_path) as server:
        page.goto(f"{server.base}/")  # the first session builds the store from data/plan/
        server.wait_for_log(store.PAUSED_MARK)
        server.kill()
    assert integrity.check_store(db) != []  # not built: the app will build it again

    with run_server(db, log_dir=tmp_path) as server:
        page.goto(f"{server.base}/")
        wait_for_app(page)
        _no_exception(page)
        assert page.locator("h1").first.inner_text().startswith("総括")
    assert integrity.check_store(db) == []
    page.close()
