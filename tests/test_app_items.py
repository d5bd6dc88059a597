"""AppTest of the items page: what a user opening the dashboard reads."""

from __future__ import annotations

import pytest

from tests.conftest import app_test


@pytest.fixture
def app(built_db, monkeypatch):
    return app_test(built_db, monkeypatch, page="pages/items.py")


def _table_text(at) -> str:
    return "\n".join(df.value.to_string() for df in at.dataframe)


def test_items_page_lists_all_nine_items_in_japanese(app):
    """A viewer opens the dashboard and sees every item with its department and status."""
    app.run()
    assert not app.exception
    assert "取組一覧" in app.title[0].value and "令和元年度（2019年度）" in app.title[0].value
    table = app.dataframe[0].value
    assert list(table["番号"]) == ["18-1", "18-2", "18-3", "18-4", "18-5", "18-6", "18-7", "18-8", "2-4"]
    assert set(table["状況"]) == {"？ 実績未報告"}
    assert "地域文化部 協働推進課" in set(table["事業実施課"])


def test_department_filter_changes_the_list(app):
    """An analyst picks 地域文化部 and sees only its three items."""
    app.run()
    app.selectbox(key="w_bureau").set_value("地域文化部").run()
    assert not app.exception
    assert list(app.dataframe[0].value["番号"]) == ["18-2", "18-3", "18-4"]
    assert app.query_params.get("bureau") == "地域文化部"


def test_english_switch(app):
    """A user switches to English and reads English headings."""
    app.run()
    app.radio(key="w_lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value.startswith("Items") and "FY2019" in app.title[0].value


def test_bad_link_values_give_a_notice_not_a_traceback(app):
    """Someone opens a link with a mangled year and an unknown bureau."""
    app.query_params["fy"] = "H99"
    app.query_params["bureau"] = "<script>alert(1)</script>"
    app.run()
    assert not app.exception
    notices = " ".join(w.value for w in app.warning)
    assert "fy" in notices and "bureau" in notices
    assert len(app.dataframe[0].value) == 9


def test_an_empty_list_names_the_filters_that_emptied_it(app):
    """On the store without actuals, an analyst picks 状況 = ◎ 達成 within 地域文化部: no item matches,
    and the notice names both filters instead of only telling them to reset 部・課."""
    app.run()
    app.selectbox(key="w_bureau").set_value("地域文化部").run()
    app.multiselect(key="f_status").set_value(["achieved"]).run()
    assert not app.exception
    info = " ".join(i.value for i in app.info)
    assert "状況 = ◎ 達成" in info and "部・課（左の選択） = 地域文化部" in info
    assert "外す" in info
    assert "目標 =" not in info and "印 =" not in info


def test_an_empty_search_is_named_literally(app):
    """A search that matches nothing is named in the notice, shown as typed (not as markdown)."""
    app.run()
    app.text_input(key="f_search").set_value("**存在しない**").run()
    assert not app.exception
    info = " ".join(i.value for i in app.info)
    assert "検索（番号・名称・指標） = 「\\*\\*存在しない\\*\\*」" in info
    assert "部・課" not in info
