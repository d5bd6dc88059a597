"""Local editor accounts: scrypt password hashes in .streamlit/secrets.toml, and sign-in with lock-out.

Editors are listed under ``[planboard.editors]`` as ``name = "hash"``; add or change
one with ``python -m planboard add-editor NAME``. Where an identity provider is set up
(``[auth]`` in secrets.toml, used with st.login), the app signs editors in with it
instead; this module is the fallback for a ward without one.

>>> stored = hash_password("correct horse battery")
>>> stored.startswith("scrypt$16384$8$1$"), verify_password("correct horse battery", stored)
(True, True)
>>> verify_password("wrong", stored)
False
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import re
import secrets
import tempfile
import threading
import time
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from planboard import settings
from planboard.settings import PROJECT_ROOT

DEFAULT_SECRETS = PROJECT_ROOT / ".streamlit" / "secrets.toml"
MIN_PASSWORD_LENGTH = 12
MAX_NAME_LENGTH = 64
# scrypt cost: n=2**14, r=8 takes about 16 MB and 50 ms, OWASP's minimum for scrypt.
SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES, SALT_BYTES = 2**14, 8, 1, 32, 16
# Refuse stored parameters beyond these: a tampered hash must not make sign-in eat memory.
MAX_N, MAX_R, MAX_P = 2**20, 32, 16
_EDITORS_HEADER = re.compile(r"^\s*\[\s*planboard\s*\.\s*editors\s*\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")


class AccountError(ValueError):
    """An account that cannot be added; message_ja and message_en say why."""

    def __init__(self, message_ja: str, message_en: str):
        super().__init__(f"{message_ja} / {message_en}")
        self.message_ja = message_ja
        self.message_en = message_en


def hash_password(password: str) -> str:
    """A salted scrypt hash that carries its own parameters: scrypt$n$r$p$salt$key (base64)."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)])


def verify_password(password: str, stored: str) -> bool:
    """Whether password matches a hash made by hash_password; False for a malformed hash."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        n, r, p = int(n), int(r), int(p)
        salt, key = base64.b64decode(salt, validate=True), base64.b64decode(key, validate=True)
    except (ValueError, AttributeError):
        return False
    if scheme != "scrypt" or not (1 < n <= MAX_N and n & (n - 1) == 0 and 0 < r <= MAX_R and 0 < p <= MAX_P):
        return False
    if not 16 <= len(key) <= 64:
        return False
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, len(key)), key)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=256 * n * r * p + (1 << 20)
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def normalise_name(name: str) -> str:
    """Editor names are compared after NFKC and trimming, so full-width and half-width agree."""
    return unicodedata.normalize("NFKC", name or "").strip()


# --- secrets.toml ------------------------------------------------------------------------------


def load_editors(secrets_path: Path | None = None) -> dict[str, str]:
    """The [planboard.editors] table of secrets.toml (name -> hash); empty when the file has none."""
    path = Path(secrets_path or DEFAULT_SECRETS)
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    editors = data.get("planboard", {}).get("editors", {})
    return {str(k): str(v) for k, v in editors.items() if isinstance(v, str)}


def add_editor(name: str, password: str, secrets_path: Path | None = None) -> Path:
    """Add an editor, or change their password, in secrets.toml; returns the file written.

    Other sections of the file are kept as they are: only the [planboard.editors]
    table is rewritten (moved to the end of the file). The file is created when
    missing and is readable by its owner only.
    """
    name = normalise_name(name)
    _check_name(name)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"パスワードは{MIN_PASSWORD_LENGTH}文字以上にしてください。",
            f"Use a password of at least {MIN_PASSWORD_LENGTH} characters.",
        )
    path = Path(secrets_path or DEFAULT_SECRETS)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        editors = tomllib.loads(text).get("planboard", {}).get("editors", {})
    except tomllib.TOMLDecodeError as exc:
        raise AccountError(
            f"{path} は TOML として読めません（{exc}）。直してからもう一度実行してください。",
            f"{path} is not valid TOML ({exc}); fix it and run again.",
        ) from None
    rest = _without_editors_table(text)
    if tomllib.loads(rest).get("planboard", {}).get("editors"):
        raise AccountError(
            f"{path} の planboard.editors が [planboard.editors] 表の形で書かれていないため、書き換えられません。",
            f"{path} defines planboard.editors other than as a [planboard.editors] table; move it there first.",
        )
    editors = {**editors, name: hash_password(password)}
    table = "[planboard.editors]\n" + "".join(f"{_toml_string(k)} = {_toml_string(v)}\n" for k, v in editors.items())
    new_text = (rest.rstrip("\n") + "\n\n" if rest.strip() else "") + table
    if tomllib.loads(new_text)["planboard"]["editors"] != editors:  # never write a file that reads differently
        raise AssertionError("secrets.toml would not round-trip")
    _write_private(path, new_text)
    return path


def _check_name(name: str) -> None:
    if not name or len(name) > MAX_NAME_LENGTH or any(not c.isprintable() for c in name):
        raise AccountError(
            f"編集者名は1〜{MAX_NAME_LENGTH}文字で、制御文字を含めないでください。",
            f"An editor name has 1 to {MAX_NAME_LENGTH} printable characters.",
        )


def _without_editors_table(text: str) -> str:
    kept, inside = [], False
    for line in text.splitlines(keepends=True):
        if _EDITORS_HEADER.match(line):
            inside = True
            continue
        if inside and _ANY_HEADER.match(line):
            inside = False
        if not inside:
            kept.append(line)
    return "".join(kept)


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secrets-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)  # atomic: a reader sees the old file or the new one
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- signing in --------------------------------------------------------------------------------


class LoginGuard:
    """Counts wrong passwords per editor name and locks the name for a while after too many.

    The count lives in this process's memory, not in the store. Streamlit serves every
    session from one server process, so one guard sees every attempt on the app; keeping
    it out of DuckDB means a sign-in never needs the store's single write lock, which
    imports hold, and the dashboard can keep its store read-only. A restart clears it,
    which only someone with access to the server can do.
    """

    def __init__(
        self,
        max_failures: int | None = None,
        lockout_minutes: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._max_failures = max_failures
        self._lockout_minutes = lockout_minutes
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, list] = {}  # name -> [count, locked_until]

    @property
    def max_failures(self) -> int:
        return int(self._max_failures or settings.get("login_max_failures"))

    @property
    def lockout_seconds(self) -> float:
        return float(self._lockout_minutes or settings.get("login_lockout_minutes")) * 60

    def seconds_locked(self, name: str) -> int:
        """How long name stays locked (0 when it is not)."""
        with self._lock:
            _count, until = self._failures.get(normalise_name(name), (0, 0.0))
            return max(0, int(until - self._clock() + 0.999))

    def failed(self, name: str) -> None:
        with self._lock:
            entry = self._failures.setdefault(normalise_name(name), [0, 0.0])
            entry[0] += 1
            if entry[0] >= self.max_failures:
                entry[:] = [0, self._clock() + self.lockout_seconds]

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(normalise_name(name), None)


GUARD = LoginGuard()


@functools.cache
def _dummy_hash() -> str:
    # Verified against when the name is unknown, so that a wrong name takes as long as a wrong password.
    return hash_password(secrets.token_hex(16))


@dataclass(frozen=True)
class SignInResult:
    ok: bool
    editor: str | None
    reason: str  # 'ok', 'wrong', 'locked' or 'no_editors'
    retry_after_seconds: int = 0

    @property
    def message_ja(self) -> str:
        return {
            "ok": f"{self.editor} さんとしてサインインしました。",
            "wrong": "名前かパスワードが違います。",
            "locked": f"失敗が続いたため、この名前は一時的にロックされています。{self.retry_after_seconds // 60 + 1}分ほど後に試してください。",
            "no_editors": "編集者が登録されていません。管理者が python -m planboard add-editor で登録してください。",
        }[self.reason]

    @property
    def message_en(self) -> str:
        return {
            "ok": f"Signed in as {self.editor}.",
            "wrong": "Wrong name or password.",
            "locked": f"Too many failures: this name is locked. Try again in about {self.retry_after_seconds // 60 + 1} minutes.",
            "no_editors": "No editors are set up. An administrator adds them with python -m planboard add-editor.",
        }[self.reason]


def sign_in(name: str, password: str, editors: Mapping[str, str], guard: LoginGuard = GUARD) -> SignInResult:
    """Check an editor's name and password against editors (e.g. st.secrets["planboard"]["editors"]).

    A locked name is refused without checking the password. Unknown names and wrong
    passwords get the same answer and take the same time.
    """
    if not editors:
        return SignInResult(False, None, "no_editors")
    wanted = normalise_name(name)
    locked = guard.seconds_locked(wanted)
    if locked:
        return SignInResult(False, None, "locked", locked)
    match = next((k for k in editors if normalise_name(k) == wanted), None) if wanted else None
    stored = editors[match] if match is not None else _dummy_hash()
    if verify_password(password or "", str(stored)) and match is not None:
        guard.succeeded(wanted)
        return SignInResult(True, match, "ok")
    guard.failed(wanted)
    locked = guard.seconds_locked(wanted)
    return SignInResult(False, None, "locked" if locked else "wrong", locked)
