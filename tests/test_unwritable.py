"""A read-only or full disk under the store: the Data and History pages say so clearly, nothing
is written, and every page goes on showing the data (AppTest, whole app).

On a real read-only bind mount or a full tmpfs where the tests may mount (tests/mounts.py),
else with the same errors injected.
"""

from __future__ import annotations

import contextlib

import pytest

from planboard import accounts, ingest, store
from tests import mounts
from tests.conftest import app_test, table_snapshot

PASSWORD = "correct horse battery"
UPLOAD = "取組番号,指標,年度,実績値,進捗段階,備考,出典\n18-2,,令和元年度,9,,,区の報告\n".encode()
WORDS = {"read_only": "読み取り専用", "disk_full": "空き"}
VIEW_PAGES = ("overview", "items", "item", "department", "present", "history")


@pytest.fixture(params=["read_only", "disk_full"])
def kind(request):
    return request.param


@pytest.fixture(params=["mount", "injected"])
def unwritable_db(request, kind, fresh_db, tmp_path, monkeypatch):
    """(path, kind): a store with one revertable revision, on a disk that refuses writes."""
    assert ingest.import_file(fresh_db, UPLOAD.replace(b"9,", b"8,"), "山田", file_name="first.csv").written == 1
    if request.param == "injected":
        inject = contextlib.nullcontext(fresh_db)
        mounts.inject(monkeypatch, kind)
    elif not mounts.can_mount():
        pytest.skip("cannot mount here; the injected variant covers it")
    else:
        copy = mounts.read_only_copy if kind == "read_only" else mounts.full_disk_copy
        inject = copy(fresh_db, tmp_path)
    with inject as db:
        yield db, kind


def _app(db, monkeypatch, page):
    at = app_test(db, monkeypatch)
    at.secrets["planboard"] = {"editors": {"山田花子": accounts.hash_password(PASSWORD)}}
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception
    return at


def _sign_in(at):
    at.text_input(key="sign_in_name").set_value("山田花子")
    at.text_input(key="sign_in_password").set_value(PASSWORD)
    at.button[[b.label for b in at.button].index("サインイン")].click().run()
    assert not at.exception


def _said(at, kind) -> bool:
    return any(WORDS[kind] in e.value and "変わっていません" in e.value for e in at.error)


def test_writes_are_refused_with_a_clear_message_and_viewing_goes_on(unwritable_db, monkeypatch):
    db, kind = unwritable_db
    before = table_snapshot(db)
    at = _app(db, monkeypatch, "data")
    assert any(WORDS[kind] in w.value or "空き" in w.value for w in at.warning)  # said before anyone tries
    _sign_in(at)

    at.file_uploader[0].set_value(("報告.csv", UPLOAD, "text/csv")).run()
    at.button(key="import_check").click().run()
    assert any("変更 1 件" in s.value for s in at.success)  # checking only reads: it works
    at.button(key="import_confirm").click().run()
    assert not at.exception and _said(at, kind)

    at.text_area[0].input("遅れの理由").run()
    at.button(key="note_save").click().run()
    assert not at.exception and _said(at, kind)

    at.switch_page("pages/history.py").run()
    at.button(key="h_revert_go").click().run()
    assert not at.exception and _said(at, kind)

    for page in VIEW_PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
    assert table_snapshot(db) == before


def test_the_library_says_why_a_write_failed(unwritable_db):
    db, kind = unwritable_db
    with pytest.raises(store.StoreUnwritable) as refused:
        ingest.import_file(db, UPLOAD, "山田", file_name="報告.csv")
    assert refused.value.reason == kind
    assert WORDS[kind] in refused.value.message_ja and refused.value.message_en
