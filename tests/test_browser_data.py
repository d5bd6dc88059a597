"""End to end in Chromium: an editor signs in, imports a CP932 CSV written the way Japanese Excel
writes it on the Data page, and the History page names the editor."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from planboard import accounts
from tests.browser import (
    full_screenshot,
    launched_chromium,
    require_chromium,
    streamlit_server,
    wait_for_app,
    wait_for_text,
)

pytestmark = pytest.mark.browser

require_chromium()


EXCEL_CSV = (
    "取組番号,指標,年度,実績値,進捗段階,備考,出典\r\n"
    "１８－３,,平成30年度,１４,,,架空のテストデータ\r\n"
    "18-7,①－１,令和元年度,,運用開始,,架空のテストデータ\r\n"
).encode("cp932")


def test_editor_imports_a_cp932_csv_on_the_data_page(fresh_db, tmp_path):
    secrets = tmp_path / "secrets.toml"
    accounts.add_editor("山田花子", "correct horse battery", secrets_path=secrets)
    upload = tmp_path / "架空の実績_fictional_test.csv"  # test figures, not real actuals
    upload.write_bytes(EXCEL_CSV)
    shots = os.environ.get("PLANBOARD_SCREENSHOT_DIR")
    with (
        streamlit_server(fresh_db, {"STREAMLIT_SECRETS_FILES": str(secrets)}) as base,
        launched_chromium() as browser,
    ):
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="ja-JP")
        page.goto(f"{base}/data")
        wait_for_app(page)
        page.get_by_label("名前").fill("山田花子")
        page.get_by_label("パスワード").fill("correct horse battery")
        page.get_by_role("button", name="サインイン").click()
        wait_for_app(page)
        wait_for_text(page, "編集者：山田花子")

        page.locator("input[type='file']").set_input_files(str(upload))
        wait_for_app(page)
        page.get_by_role("button", name="内容を確認する（まだ登録しません）").first.click()
        wait_for_app(page)
        wait_for_text(page, "新規 2 件")
        if shots:
            full_screenshot(page, os.path.join(shots, "data.png"))
        page.get_by_role("button", name="この内容で登録する").click()
        wait_for_app(page)
        wait_for_text(page, "2件を登録しました")
        assert page.locator("[data-testid='stException']").count() == 0

        page.goto(f"{base}/history")
        wait_for_app(page)
        assert page.locator("[data-testid='stException']").count() == 0
        box = page.locator("[data-testid='stSelectbox']").filter(has_text="取り消す版")
        assert _revert_list_offers(page, box, "山田花子", "14"), page.get_by_role("option").all_inner_texts()
        page.keyboard.press("Escape")
        if shots:
            full_screenshot(page, os.path.join(shots, "history.png"))
        browser.close()


def _revert_list_offers(page, box, *words: str, tries: int = 3) -> bool:
    """Whether the revert list, opened, has an option with all the words. The keyboard opens it
    (a click at the bottom of the window only focused it); a rerun of the page closes it again,
    so it is opened anew until it shows its options or the tries are spent."""
    wanted = " && ".join(f"o.innerText.includes({w!r})" for w in words)
    for _ in range(tries):
        box.get_by_role("combobox").press("ArrowDown")
        try:
            page.wait_for_function(
                f"() => [...document.querySelectorAll('[role=option]')].some(o => {wanted})", timeout=5_000
            )
            return True
        except PlaywrightTimeout:
            wait_for_app(page)
    return False
