"""Every input of the hostile corpus (tests/hostile/cases.csv) is harmless: link values are refused
with a notice (or accepted when they are real values in disguise), notes and file names are shown as
text, bad uploads are refused cleanly, exports are neutralised, SQL fragments match nothing, and
nothing is written. AppTest of the whole app; the same link values in Chromium are in
tests/test_hostile_browser.py."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from planboard import accounts, ingest, loaders, notes, plotly_view, safe_cells, store, templates, ui
from planboard.settings import PROJECT_ROOT
from tests import hostile
from tests.conftest import PLAN_ID, app_test, table_snapshot

PASSWORD = "correct horse battery"
# A markdown element with a raw "<" would let the text become HTML; escaped it is "\<".
RAW_ANGLE = re.compile(r"(?<!\\)<")
PAGE_OF = {"slide": "present", "hc": "present", "item": "item"}


@pytest.fixture(scope="module")
def untouched(built_db):
    """The shared store before the link cases; the last of them checks nothing changed."""
    return table_snapshot(built_db)


def _markdown_texts(at) -> list[str]:
    """Every text the page shows as Markdown, but the Plotly.js preload: the one fixed piece of
    HTML (plotly_view), with nothing of the data or the link in it."""
    elements = [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.warning, *at.info, *at.error]
    return [str(e.value) for e in elements if e.value != plotly_view._PRELOAD_MARKDOWN]


def _app(db, monkeypatch, signed_in: bool = False):
    at = app_test(db, monkeypatch)
    at.secrets["planboard"] = {"editors": {"山田花子": accounts.hash_password(PASSWORD)}}
    return at


def test_the_corpus_is_large_and_covers_every_link_parameter():
    cases = hostile.load()
    assert len(cases) >= 40 and len({c.id for c in cases}) == len(cases)
    assert {c.target for c in hostile.of("url")} == {*ui.URL_KEYS, *ui.PAGE_KEYS}
    assert {c.target for c in hostile.of("url", browser_only=True)} == {*ui.URL_KEYS, *ui.PAGE_KEYS}
    assert {c.channel for c in cases} == {"url", "note", "upload", "export", "signin", "sql", "widget"}


def test_docs_list_every_input_of_the_corpus():
    doc = (PROJECT_ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| ((?:url|note|upload|export|signin|sql|widget)-\d+)", doc, re.MULTILINE))
    assert listed == {c.id for c in hostile.load()}


@pytest.mark.parametrize("case", hostile.of("url"), ids=str)
def test_a_hostile_link_value_is_answered_with_a_notice(case, built_db, monkeypatch, untouched):
    at = _app(built_db, monkeypatch)
    at.query_params[case.target] = case.value
    # The notices come from the router, the same on every page: the lightest page will do for the rest.
    at.switch_page(f"pages/{PAGE_OF.get(case.target, 'items')}.py").run()

    assert not at.exception, case.why
    notices = [w.value for w in at.warning if f"「{case.target}」" in w.value]
    if case.expect == "notice":
        assert len(notices) == 1, (case.why, [w.value for w in at.warning])
        assert len(notices[0]) < 200  # the value is shortened, whatever its size
    else:
        assert not notices, case.why
    for text in _markdown_texts(at):
        assert not RAW_ANGLE.search(text), text[:200]
        assert case.value not in text or len(case.value) < 40
    assert at.title and at.title[0].value  # the default view is shown


def test_no_hostile_link_wrote_anything(built_db, untouched):
    assert table_snapshot(built_db) == untouched


@pytest.mark.parametrize("case", hostile.of("note"), ids=str)
def test_a_hostile_note_is_stored_as_text_and_shown_as_text(case, fresh_db, monkeypatch):
    if case.expect == "refused":
        before = table_snapshot(fresh_db)
        with pytest.raises(notes.NoteError):
            notes.write_note(fresh_db, PLAN_ID, case.target, "", 2019, case.value, "山田")
        assert table_snapshot(fresh_db) == before
        return
    notes.write_note(fresh_db, PLAN_ID, case.target, "", 2019, case.value, "山田")
    at = _app(fresh_db, monkeypatch)
    at.query_params["item"] = case.target
    at.switch_page("pages/item.py").run()
    assert not at.exception
    assert case.value.strip() in [t.value for t in at.text]  # st.text: never markdown, never HTML
    assert not any(case.value.strip() in text for text in _markdown_texts(at))


@pytest.mark.parametrize("case", hostile.of("upload"), ids=str)
def test_a_hostile_upload_is_refused_cleanly_or_taken_as_plain_data(case, built_db, monkeypatch):
    # The shared store: nobody signs in and checking only reads, which the snapshot proves.
    data = case.upload_bytes()
    before = table_snapshot(built_db)
    at = _app(built_db, monkeypatch)
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value((case.file_name, data, "application/octet-stream")).run()
    at.button(key="import_check").click().run()
    assert not at.exception, case.why
    assert table_snapshot(built_db) == before  # checking writes nothing; nobody is signed in

    report = ingest.check_file(built_db, data, file_name=case.file_name, plan_id=PLAN_ID)
    outcome, _, detail = case.expect.partition(":")
    if outcome == "refused":
        assert [p.code for p in report.problems][:1] == [detail], case.why
        assert any("件の問題" in e.value or "問題" in e.value for e in at.error)
    else:
        assert report.ok and report.source_name == detail, (case.why, report.source_name)
        assert any("新規 1 件" in s.value for s in at.success)


@pytest.mark.parametrize("case", hostile.of("export"), ids=str)
def test_a_formula_in_the_data_is_neutralised_in_every_export(case, fresh_db):
    assert safe_cells.neutralise(case.value) == "'" + case.value
    row = f"18-3,,平成30年度,14,,{_csv_field(case.value)},\n"
    report = ingest.import_file(fresh_db, (hostile.UPLOAD_HEADER + row).encode(), "山田", file_name="f.csv")
    assert report.ok and report.written == 1, [p.message_en for p in report.problems]
    stored = report.changes[0].note  # as kept: 備考 is trimmed, so a leading tab or CR is gone
    with store.reading(fresh_db) as con:
        csv_file = templates.actuals_file(con, PLAN_ID, "csv", with_actuals=True)
        xlsx_file = templates.actuals_file(con, PLAN_ID, "xlsx", with_actuals=True)
        history = loaders.revisions(con, PLAN_ID)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_file), read_only=True)["実績"]
    for cells in (_csv_cells(csv_file), [v for r in sheet.iter_rows(values_only=True) for v in r if v is not None]):
        assert "'" + stored in cells and stored not in cells
        assert not [c for c in cells if isinstance(c, str) and c.startswith(safe_cells.FORMULA_TRIGGERS)]
    assert "'" + stored in _csv_cells(safe_cells.csv_bytes(history[["note"]]))  # the history download too
    again = ingest.check_file(fresh_db, csv_file, file_name="export.csv", plan_id=PLAN_ID)
    assert again.ok and again.counts()["changed"] == 0  # and the export imports back unchanged


def _csv_cells(data: bytes) -> list[str]:
    return [c for r in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in r]


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.mark.parametrize("case", hostile.of("signin"), ids=str)
def test_a_hostile_sign_in_is_refused_without_echoing_it(case, built_db, monkeypatch):
    at = _app(built_db, monkeypatch)
    at.switch_page("pages/data.py").run()
    name, password = (case.value, "wrong password!!") if case.target == "name" else ("山田花子", case.value)
    at.text_input(key="sign_in_name").set_value(name)
    at.text_input(key="sign_in_password").set_value(password)
    at.button[[b.label for b in at.button].index("サインイン")].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["名前かパスワードが違います。"]
    assert at.text_input(key="sign_in_password").value == ""  # the password does not stay in the form
    assert not any(case.value in text for text in _markdown_texts(at))
    accounts.GUARD.succeeded(name)  # leave no lock-out behind for other tests


@pytest.mark.parametrize("case", hostile.of("sql"), ids=str)
def test_sql_fragments_reach_the_store_as_values_and_match_nothing(case, con):
    loader, parameter = case.target.split(".")
    params = {"plan_id": PLAN_ID, "fiscal_year": 2019} if loader == "items" else {"plan_id": PLAN_ID}
    if loader == "departments":
        params = {}
    frame = getattr(loaders, loader)(con, **{**params, parameter: case.value})
    assert frame.empty, case.why
    assert con.execute("select count(*) from actual_revision").fetchone()[0] > 0  # nothing was dropped


@pytest.mark.parametrize("case", hostile.of("widget"), ids=str)
def test_hostile_text_in_the_search_box(case, built_db, monkeypatch):
    at = _app(built_db, monkeypatch)
    at.switch_page("pages/items.py").run()
    at.text_input(key="f_search").set_value(case.value).run()
    assert not at.exception
    assert any("該当" in i.value or "ありません" in i.value for i in at.info)
