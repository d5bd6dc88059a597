"""Editor accounts: scrypt hashes in secrets.toml, sign-in, lock-out, and the add-editor command."""

from __future__ import annotations

import io
import stat
import tomllib

import pytest

from planboard import accounts
from planboard.cli import main

PASSWORD = "correct horse battery staple"


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_hashes_are_salted_carry_their_parameters_and_verify():
    first, second = accounts.hash_password(PASSWORD), accounts.hash_password(PASSWORD)
    assert first != second  # a fresh salt each time
    assert first.split("$")[:4] == ["scrypt", "16384", "8", "1"]
    assert PASSWORD not in first
    assert accounts.verify_password(PASSWORD, first) and accounts.verify_password(PASSWORD, second)
    assert not accounts.verify_password(PASSWORD + "!", first)


@pytest.mark.parametrize(
    "stored",
    ["", "plain", "scrypt$16384$8$1$!!$!!", "bcrypt$16384$8$1$AAAA$AAAA", "scrypt$4194304$8$1$AAAAAAAA$" + "A" * 44],
)
def test_malformed_or_too_costly_hashes_never_verify(stored):
    assert not accounts.verify_password(PASSWORD, stored)


def test_sign_in_checks_the_password_and_does_not_say_which_part_was_wrong():
    editors = {"山田": accounts.hash_password(PASSWORD)}
    guard = accounts.LoginGuard(max_failures=5, lockout_minutes=15, clock=FakeClock())
    ok = accounts.sign_in("山田", PASSWORD, editors, guard)
    assert (ok.ok, ok.editor, ok.reason) == (True, "山田", "ok")
    wrong_password = accounts.sign_in("山田", "nope", editors, guard)
    unknown_name = accounts.sign_in("鈴木", PASSWORD, editors, guard)
    assert (wrong_password.reason, unknown_name.reason) == ("wrong", "wrong")
    assert wrong_password.message_ja == unknown_name.message_ja == "名前かパスワードが違います。"
    assert accounts.sign_in("山田", PASSWORD, {}, guard).reason == "no_editors"


def test_repeated_failures_lock_the_name_until_the_lockout_ends():
    clock = FakeClock()
    guard = accounts.LoginGuard(max_failures=3, lockout_minutes=10, clock=clock)
    editors = {"山田": accounts.hash_password(PASSWORD)}
    results = [accounts.sign_in("山田", "wrong", editors, guard).reason for _ in range(3)]
    assert results == ["wrong", "wrong", "locked"]

    locked = accounts.sign_in("山田", PASSWORD, editors, guard)  # even the right password
    assert (locked.ok, locked.reason, locked.retry_after_seconds) == (False, "locked", 600)
    assert "ロック" in locked.message_ja and "locked" in locked.message_en

    clock.now += 601
    assert accounts.sign_in("山田", PASSWORD, editors, guard).ok


def test_a_success_resets_the_count_of_failures():
    guard = accounts.LoginGuard(max_failures=3, lockout_minutes=10, clock=FakeClock())
    editors = {"山田": accounts.hash_password(PASSWORD)}
    for _ in range(2):
        accounts.sign_in("山田", "wrong", editors, guard)
    assert accounts.sign_in("山田", PASSWORD, editors, guard).ok
    assert [accounts.sign_in("山田", "wrong", editors, guard).reason for _ in range(2)] == ["wrong", "wrong"]


def test_lockout_settings_come_from_the_registry(monkeypatch):
    monkeypatch.setenv("PLANBOARD_LOGIN_MAX_FAILURES", "2")
    monkeypatch.setenv("PLANBOARD_LOGIN_LOCKOUT_MINUTES", "1")
    guard = accounts.LoginGuard(clock=FakeClock())
    assert (guard.max_failures, guard.lockout_seconds) == (2, 60.0)


def test_add_editor_creates_a_private_secrets_file_without_the_password(tmp_path):
    path = tmp_path / ".streamlit" / "secrets.toml"
    accounts.add_editor("山田 花子", PASSWORD, path)
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    editors = accounts.load_editors(path)
    assert list(editors) == ["山田 花子"] and accounts.verify_password(PASSWORD, editors["山田 花子"])


def test_add_editor_keeps_other_sections_and_replaces_an_existing_password(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text(
        '# OIDC for st.login\n[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n'
        'cookie_secret = "xyz"\n\n[planboard.editors]\n"佐藤" = "scrypt$old"\n\n[other]\nkey = 1\n',
        encoding="utf-8",
    )
    accounts.add_editor("佐藤", PASSWORD, path)
    accounts.add_editor('名前 "引用" \\', PASSWORD + "2", path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["auth"] == {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "xyz"}
    assert data["other"] == {"key": 1}
    assert set(data["planboard"]["editors"]) == {"佐藤", '名前 "引用" \\'}
    assert accounts.verify_password(PASSWORD, data["planboard"]["editors"]["佐藤"])
    assert "# OIDC for st.login" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "password", "existing"),
    [
        ("山田", "short", ""),
        ("", PASSWORD, ""),
        ("a\x00b", PASSWORD, ""),
        ("山田", PASSWORD, "[planboard]\neditors = { x = 'y' }\n"),
        ("山田", PASSWORD, "not toml ["),
    ],
)
def test_add_editor_refuses_bad_input_and_leaves_the_file(tmp_path, name, password, existing):
    path = tmp_path / "secrets.toml"
    path.write_text(existing, encoding="utf-8")
    with pytest.raises(accounts.AccountError):
        accounts.add_editor(name, password, path)
    assert path.read_text(encoding="utf-8") == existing


def test_cli_add_editor_reads_stdin_and_prints_neither_password_nor_hash(tmp_path, monkeypatch, capsys):
    path = tmp_path / "secrets.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["add-editor", "山田", "--secrets", str(path), "--password-stdin"]) == 0
    out = capsys.readouterr()
    stored = accounts.load_editors(path)["山田"]
    assert PASSWORD not in out.out + out.err and stored not in out.out + out.err
    assert "山田" in out.out and accounts.verify_password(PASSWORD, stored)


def test_cli_add_editor_prompts_twice_and_refuses_a_mismatch(tmp_path, monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    path = tmp_path / "secrets.toml"
    assert main(["add-editor", "山田", "--secrets", str(path)]) == 1
    assert not path.exists()
