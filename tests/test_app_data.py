"""AppTest of the write side in the app: sign-in, notes, history and revert, demo mode, as-of date."""

from __future__ import annotations

import datetime as dt

import pytest

from planboard import accounts, ingest, loaders, notes, store
from tests.conftest import PLAN_ID, app_test, open_view_options

PASSWORD = "correct horse battery"
SAMPLE_ROWS = "取組番号,指標,年度,実績値,進捗段階,備考,出典\n18-3,,令和元年度,14,,,区の報告書\n"


@pytest.fixture
def app(fresh_db, monkeypatch):
    at = app_test(fresh_db, monkeypatch)
    at.secrets["planboard"] = {"editors": {"山田花子": accounts.hash_password(PASSWORD)}}
    return at


def _sign_in(at, password=PASSWORD):
    at.text_input(key="sign_in_name").set_value("山田花子")
    at.text_input(key="sign_in_password").set_value(password)
    at.button[[b.label for b in at.button].index("サインイン")].click().run()


def test_data_page_asks_for_an_editor_and_refuses_a_wrong_password(app):
    """An analyst opens データ: writing needs a sign-in; a wrong password is refused."""
    app.switch_page("pages/data.py").run()
    assert not app.exception
    assert app.text_input(key="sign_in_password")
    _sign_in(app, "wrong password!!")
    assert any("違います" in e.value for e in app.error)


class OidcUser(dict):
    """What st.user holds after an OIDC sign-in: the provider's claims."""

    is_logged_in = True


@pytest.mark.parametrize(
    ("claims", "editor"),
    [({"name": "山田花子", "email": "h@example.jp"}, "山田花子"), ({"email": "h@example.jp"}, "h@example.jp")],
)
def test_an_oidc_editor_is_named_by_the_name_claim_else_the_email(fresh_db, monkeypatch, claims, editor):
    import streamlit

    at = app_test(fresh_db, monkeypatch, "pages/data.py")
    at.secrets["auth"] = {"redirect_uri": "http://127.0.0.1/oauth2callback"}
    monkeypatch.setattr(streamlit, "user", OidcUser(claims, sub="abc123"))
    at.run()
    assert any(c.value == f"編集者：{editor}" for c in at.caption)
    assert at.button(key="note_save")


def test_an_oidc_sign_in_without_name_or_email_cannot_write(fresh_db, monkeypatch):
    """The provider sent only a subject id: the page says why, and offers no write (never editor "None")."""
    import streamlit

    at = app_test(fresh_db, monkeypatch, "pages/data.py")
    at.secrets["auth"] = {"redirect_uri": "http://127.0.0.1/oauth2callback"}
    monkeypatch.setattr(streamlit, "user", OidcUser(sub="abc123", name=None))
    at.run()
    assert not at.exception
    assert any("名前もメールアドレスも届かない" in e.value for e in at.error)
    assert not any("None" in c.value for c in at.caption)
    assert not [b for b in at.button if b.key == "note_save"]


def test_signed_in_editor_writes_a_note_that_the_item_page_shows(app, fresh_db):
    """An editor signs in, writes a 評価・課題 note; the item page shows it with the editor's name."""
    app.switch_page("pages/data.py").run()
    _sign_in(app)
    assert not app.exception
    assert any("山田花子" in c.value for c in app.caption)
    app.selectbox(key="note_metric").set_value(app.selectbox(key="note_metric").options[2]).run()
    area = app.text_area[0]
    area.input("<script>alert(1)</script> 2か所の開設が遅れた").run()
    app.button(key="note_save").click().run()
    assert any("保存しました" in s.value for s in app.success)
    app.switch_page("pages/item.py").run()
    app.selectbox(key="w_item_pick").set_value("18-3").run()
    assert not app.exception
    assert any("<script>" in t.value for t in app.text)  # shown as text, not run


def test_history_lists_an_import_with_its_editor_and_reverts_it(app, fresh_db):
    """A correction made by 山田花子 is listed with before → after and can be reverted."""
    report = ingest.import_file(fresh_db, SAMPLE_ROWS.encode("utf-8"), "山田花子", file_name="report.csv")
    assert report.ok and report.written == 1
    app.switch_page("pages/history.py").run()
    assert not app.exception
    history = app.dataframe[0].value
    assert history.iloc[0]["登録者"] == "山田花子" and history.iloc[0]["変更後"] == "14"
    # The filters say 「すべて」 while nothing is chosen, in the UI's language, like the items page's.
    assert [app.multiselect(key=k).proto.placeholder for k in ("h_item", "h_editor")] == ["すべて", "すべて"]
    _sign_in(app)
    app.button(key="h_revert_go").click().run()
    assert any("取り消しました" in s.value for s in app.success)
    con = store.connect(fresh_db, read_only=True)
    kinds = [
        r[0]
        for r in con.execute(
            "select change_kind from actual_revision where plan_id = ? and item_no = '18-3' order by revision_id",
            [PLAN_ID],
        ).fetchall()
    ]
    con.close()
    assert kinds[-2:] == ["import", "revert"]


def test_an_older_change_is_reverted_after_the_newest_with_a_preview_of_the_value(app, fresh_db):
    """15 → 16 → 17: the editor reverts the 17, then the 16; the preview says 16 → 15, and 15 it is."""
    for value in (15, 16, 17):
        rows = SAMPLE_ROWS.replace(",14,", f",{value},").encode("utf-8")
        assert ingest.import_file(fresh_db, rows, "山田花子", file_name=f"{value}.csv").written == 1
    app.switch_page("pages/history.py").run()
    _sign_in(app)
    app.button(key="h_revert_go").click().run()  # the newest: 17 → 16
    assert any("「17」→「16」" in s.value for s in app.success)
    with store.reading(fresh_db) as con:
        history = loaders.revisions(con, PLAN_ID, "18-3")
    sixteen = history[(history["value_text"] == "16") & (history["change_kind"] != "revert")]["revision_id"]
    app.selectbox(key="h_revert").set_value(int(sixteen.iloc[0])).run()
    assert any("「16」→「15」" in i.value for i in app.info)
    app.button(key="h_revert_go").click().run()
    assert not app.exception and not app.error
    with store.reading(fresh_db) as con:
        rows = loaders.metric_year(con, PLAN_ID, item_no="18-3")
    assert rows[rows["fiscal_year"] == 2019].iloc[0]["actual_value"] == 15.0


def test_history_lists_a_note_change_and_reverts_it(app, fresh_db):
    """山田 rewrote a 評価・課題 note; the History page lists before → after and an editor reverts it."""
    notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "最初の評価", editor="山田")
    notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "書き直した評価", editor="佐藤")
    app.switch_page("pages/history.py").run()
    assert not app.exception
    note_history = app.dataframe[1].value
    assert note_history.iloc[0][["変更前", "変更後", "登録者"]].tolist() == ["最初の評価", "書き直した評価", "佐藤"]
    assert any("「書き直した評価」→「最初の評価」" in i.value for i in app.info)
    _sign_in(app)
    app.button(key="h_note_revert_go").click().run()
    assert any("評価・課題の版" in s.value for s in app.success)
    with store.reading(fresh_db) as con:
        current = loaders.metric_notes(con, PLAN_ID, "18-3")
    assert list(current["note_text"]) == ["最初の評価"]
    assert app.dataframe[1].value.iloc[0]["登録者"] == "山田花子"


def test_as_of_date_shows_what_was_reported_then(app, fresh_db):
    """Choosing a date before the import shows the statuses as they were on that day."""
    ingest.import_file(fresh_db, SAMPLE_ROWS.encode("utf-8"), "山田花子", file_name="report.csv")
    app.switch_page("pages/items.py").run()
    table = app.dataframe[1].value
    assert table[table["番号"] == "18-3"].iloc[0]["令和元年度（2019年度） 実績"] == "14"
    open_view_options(app).date_input(key="w_asof").set_value(dt.date(2020, 1, 1)).run()
    assert not app.exception
    table = app.dataframe[1].value
    assert table[table["番号"] == "18-3"].iloc[0]["令和元年度（2019年度） 実績"] == "未報告"
    assert any("2020-01-01" in i.value for i in app.info)
    assert app.query_params.get("asof") == "2020-01-01"


def test_as_of_date_and_sample_outlive_their_closed_expander(app, fresh_db):
    """「表示の時点・サンプル」 draws its widgets only while open; closing it keeps their values, and a
    link with asof opens it."""
    app.switch_page("pages/items.py").run()
    assert not [w for w in app.date_input if w.key == "w_asof"]
    open_view_options(app).date_input(key="w_asof").set_value(dt.date(2020, 1, 1)).run()
    app.session_state["w_view_options"] = False
    app.run()
    assert not app.exception
    assert not [w for w in app.date_input if w.key == "w_asof"]
    for page in ("pages/items.py", "pages/overview.py"):
        app.switch_page(page).run()
        assert any("2020-01-01" in i.value for i in app.info), page
    assert app.query_params.get("asof") == "2020-01-01"


def test_view_options_stay_as_the_user_left_them(app, tmp_path, monkeypatch):
    """Clearing the date or switching the language leaves 「表示の時点・サンプル」 open, and the sample
    switched on outlives a closed expander too."""
    monkeypatch.setenv("PLANBOARD_DEMO_DB", str(tmp_path / "demo.duckdb"))
    open_view_options(app).date_input(key="w_asof").set_value(dt.date(2020, 1, 1)).run()
    app.radio(key="w_lang").set_value("en").run()
    assert app.date_input(key="w_asof").value == dt.date(2020, 1, 1)
    app.date_input(key="w_asof").set_value(None).run()
    assert not app.exception
    assert app.date_input(key="w_asof").value is None  # still drawn: the expander stayed open
    app.toggle(key="w_demo").set_value(True).run()
    app.session_state["w_view_options"] = False
    app.run()
    assert not [w for w in app.toggle if w.key == "w_demo"]
    app.switch_page("pages/items.py").run()
    assert not app.exception
    assert any("Sample data" in w.value or "サンプルデータ" in w.value for w in app.warning)


def test_a_link_with_an_as_of_date_opens_the_view_options(app):
    app.query_params["asof"] = "2020-01-01"
    app.run()
    assert not app.exception
    assert app.date_input(key="w_asof").value == dt.date(2020, 1, 1)


def test_item_page_as_of_a_past_date_shows_the_notes_written_by_then(app, fresh_db):
    """A note written today is not shown on the item page as reported on 2020-01-01."""
    notes.write_note(fresh_db, PLAN_ID, "18-3", "", 2019, "今日書いた評価", editor="山田")
    app.query_params["item"] = "18-3"
    app.switch_page("pages/item.py").run()
    assert any(t.value == "今日書いた評価" for t in app.text)
    open_view_options(app).date_input(key="w_asof").set_value(dt.date(2020, 1, 1)).run()
    assert not app.exception
    assert not any(t.value == "今日書いた評価" for t in app.text)
    assert any("評価・課題のコメントはまだありません" in c.value for c in app.caption)


def test_demo_mode_labels_every_page(app, tmp_path, monkeypatch):
    """Switching the sample on shows 「サンプルデータ（架空）」 on every page; the real store is untouched."""
    monkeypatch.setenv("PLANBOARD_DEMO_DB", str(tmp_path / "demo.duckdb"))
    app.run()
    open_view_options(app).toggle(key="w_demo").set_value(True).run()
    assert not app.exception
    for page in ("overview", "items", "item", "department", "present", "data", "history"):
        app.switch_page(f"pages/{page}.py").run()
        assert not app.exception, page
        assert any("サンプルデータ（架空）" in w.value for w in app.warning), page
    tiles = {m.label: m.value for m in app.switch_page("pages/overview.py").run().metric}
    assert tiles["？ 実績未報告"] != "9"  # the sample's actuals are shown
    assert app.query_params.get("demo") == "1"
