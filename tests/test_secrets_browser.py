"""Secrets never reach a page or the server's output: the app runs with a secrets file holding
recognisable markers (a password hash whose salt spells one, another secret, the password itself);
a viewer and an editor go through every page, including a failed sign-in with a marked password;
then the page HTML, the browser's storage, Streamlit's HTTP endpoints and the server's stdout and
stderr are searched for every marker. Chromium, loopback only."""

from __future__ import annotations

import base64
import urllib.request

import pytest

from planboard import accounts
from planboard.server import run_server
from tests.browser import launched_chromium, require_chromium, wait_for_app

pytestmark = pytest.mark.browser

require_chromium()


PASSWORD = "PBPASSWORDMARKER-7f3a9c"
WRONG_PASSWORD = "PBTYPEDMARKER-wrong-81d2"
OTHER_SECRET = "PBSECRETMARKER-smtp-5e41"
SALT = b"PBSALTMARKER0001"  # 16 bytes, as hash_password makes


def _marked_hash() -> tuple[str, list[str]]:
    """An editor's hash in add-editor's format, whose salt and key are markers too."""
    key = accounts._scrypt(PASSWORD, SALT, accounts.SCRYPT_N, accounts.SCRYPT_R, accounts.SCRYPT_P, 32)
    salt_b64, key_b64 = base64.b64encode(SALT).decode(), base64.b64encode(key).decode()
    stored = "$".join(
        ["scrypt", str(accounts.SCRYPT_N), str(accounts.SCRYPT_R), str(accounts.SCRYPT_P), salt_b64, key_b64]
    )
    return stored, [salt_b64, key_b64, stored]


def test_no_secret_reaches_a_page_or_the_server_log(fresh_db, tmp_path):
    stored, hash_markers = _marked_hash()
    assert accounts.verify_password(PASSWORD, stored)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'[smtp]\npassword = "{OTHER_SECRET}"\n\n[planboard.editors]\n"山田花子" = "{stored}"\n', encoding="utf-8"
    )
    markers = [PASSWORD, WRONG_PASSWORD, OTHER_SECRET, *hash_markers]
    upload = tmp_path / "report.csv"
    upload.write_text("取組番号,指標,年度,実績値\n18-3,,平成30年度,14\n", encoding="utf-8")
    seen: list[tuple[str, str]] = []

    with (
        run_server(fresh_db, {"STREAMLIT_SECRETS_FILES": str(secrets)}, log_dir=tmp_path) as server,
        launched_chromium() as browser,
    ):
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="ja-JP")

        def look(what: str) -> None:
            wait_for_app(page)
            assert page.locator("[data-testid='stException']").count() == 0, what
            storage = page.evaluate(
                "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage),"
                " [...document.querySelectorAll('input, textarea')].map(e => e.value)])"
            )  # what the browser keeps, and what stays typed in the form
            seen.append((what, page.content() + storage + str(page.context.cookies())))

        for path in ("overview", "items", "item?item=18-3", "department", "present", "history"):
            page.goto(f"{server.base}/{path}")
            look(path)
        page.goto(f"{server.base}/data")
        look("data")
        page.get_by_label("名前").fill("山田花子")
        page.get_by_label("パスワード").fill(WRONG_PASSWORD)
        page.get_by_role("button", name="サインイン").click()
        look("failed sign-in")
        assert "名前かパスワードが違います" in page.inner_text("body")
        page.get_by_label("名前").fill("山田花子")
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="サインイン").click()
        look("signed in")
        assert "編集者：山田花子" in page.inner_text("body")
        page.locator("input[type='file']").set_input_files(str(upload))
        page.get_by_role("button", name="内容を確認する（まだ登録しません）").first.click()
        look("import checked")
        for endpoint in ("_stcore/health", "_stcore/host-config", "_stcore/script-health-check"):
            try:
                with urllib.request.urlopen(f"{server.base}/{endpoint}", timeout=30) as r:  # noqa: S310 - loopback
                    seen.append((endpoint, r.read().decode("utf-8", "replace") + str(r.headers)))
            except urllib.error.HTTPError as exc:
                seen.append((endpoint, exc.read().decode("utf-8", "replace")))
        browser.close()
    seen.append(("server stdout and stderr", server.log()))

    assert len(seen) >= 12
    for what, text in seen:
        for marker in markers:
            assert marker not in text, f"{marker[:12]}… appears in {what}"
