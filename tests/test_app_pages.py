"""AppTest of every page: it runs without exception and shows what its users need."""

from __future__ import annotations

import pandas as pd
import pytest

from planboard import status, ui
from tests.conftest import app_test, open_chart_tables


@pytest.fixture
def app(built_db, monkeypatch):
    return app_test(built_db, monkeypatch)


def _main_text(at) -> str:
    parts = [e.value for e in [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption]]
    return "\n".join(str(p) for p in parts)


def test_overview_is_the_default_page_with_statuses_and_headline_charts(app):
    """An executive opens the link: the overview shows every status tile and the four headline items."""
    app.run()
    assert not app.exception
    assert app.title[0].value.startswith("総括")
    tiles = {m.label: m.value for m in app.metric}
    assert tiles["？ 実績未報告"] == "9"
    assert tiles["◎ 達成"] == "0"
    subheaders = " ".join(s.value for s in app.subheader)
    for title in ("地域おこしプロジェクト", "相談情報ひろば", "無料公衆無線LAN", "新たな納付方法"):
        assert title in subheaders
    assert "実績" in _main_text(app)


def test_overview_lists_its_items_without_any_table_code(app):
    """The item list is a Markdown table and the chart tables and the as-of date stay undrawn until
    opened: no element of the first drawing needs Streamlit's table or date code, which the
    browser would load before showing any chart (docs/performance.md, change 30)."""
    app.run()
    assert not app.exception
    assert not app.dataframe and not app.table and not app.date_input
    listing = next(m.value for m in app.markdown if m.value.startswith("| 番号 |"))
    rows = listing.splitlines()[2:]
    assert [r.split(" | ")[0] for r in rows][:3] == ["| 18\\-1", "| 18\\-2", "| 18\\-3"]
    assert all(r.count(" | ") == 3 for r in rows)


def test_markdown_table_escapes_every_cell(monkeypatch):
    shown = []
    monkeypatch.setattr(ui.st, "markdown", shown.append)
    styles = []
    monkeypatch.setattr(ui.st, "html", styles.append)
    cells = ["x | y", "line\nbreak", "<script>alert(1)</script>", "# *a* \\ [l](u) &amp;"]
    ui.markdown_table(pd.DataFrame({"a|b": cells, "n": range(4)}), "t", nowrap=(1, 2))
    assert styles == ["<style>.st-key-t td:nth-child(1), .st-key-t td:nth-child(2) { white-space: nowrap; }</style>"]
    with pytest.raises(ValueError):
        ui.markdown_table(pd.DataFrame({"a": [1]}), "t} body {x")
    assert shown[0].splitlines() == [
        "| a\\|b | n |",
        "| --- | --- |",
        "| x \\| y | 0 |",
        "| line break | 1 |",
        "| \\<script\\>alert\\(1\\)\\</script\\> | 2 |",
        "| \\# \\*a\\* \\\\ \\[l\\]\\(u\\) \\&amp; | 3 |",
    ]


def test_overview_status_tiles_carry_colour_icon_and_word(app):
    """Each status tile shows its status colour (the summary chart's) beside its icon, word and count."""
    app.run()
    assert not app.exception
    tiles = [c for c in app.columns if c.metric]
    assert [c.metric[0].label for c in tiles] == ["△ 遅れ", "✕ 未着手", "？ 実績未報告", "○ 概ね順調", "◎ 達成"]
    by_badge = {s.badge("ja"): s for s in status.STATUSES.values()}
    for tile in tiles:
        (band,) = tile.get("html")
        assert f"background:{by_badge[tile.metric[0].label].colour};" in band.proto.body


def _info_text(at) -> str:
    return "\n".join(i.value for i in at.info)


def test_overview_says_which_actuals_are_missing_and_how_to_add_them(app):
    """On the store without actuals, the overview names the items waiting for them and how to add them."""
    app.run()
    assert not app.exception
    info = _info_text(app)
    assert (
        "9件の取組（18-1、18-2、18-3、18-4、18-5、18-6、18-7、18-8、2-4）は令和元年度（2019年度）の実績が未登録" in info
    )
    assert "「データ」ページ" in info and "python -m planboard import-actuals" in info
    links = [e for e in app.get("page_link") if "データ" in e.proto.label]
    assert links and links[0].proto.page == "data"


def test_overview_says_so_before_the_year_ends_too(app):
    """Viewed as reported on 2019-06-30, FY2019 is not yet due; its missing actuals are still named."""
    app.query_params["asof"] = "2019-06-30"
    app.run()
    assert not app.exception
    assert {m.label: m.value for m in app.metric}["◇ 期限前"] != "0"
    assert "の実績が未登録" in _info_text(app)


def test_department_page_says_which_actuals_are_missing(app):
    """A department's page names its items without actuals and how to add them."""
    app.switch_page("pages/department.py").run()
    app.selectbox(key="w_bureau").set_value("企画部").run()
    assert not app.exception
    info = _info_text(app)
    assert "2件の取組（18-6、18-8）" in info and "python -m planboard import-actuals" in info


def test_overview_follows_the_department_filter(app):
    """Choosing 区民部 leaves only 18-7 among the headline charts."""
    app.run()
    app.selectbox(key="w_bureau").set_value("区民部").run()
    assert not app.exception
    subheaders = " ".join(s.value for s in app.subheader)
    assert "18-7" in subheaders and "18-3" not in subheaders


def test_items_filters_change_what_is_listed(app):
    """An analyst narrows the list by goal, mark and search text."""
    app.switch_page("pages/items.py").run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 9
    app.multiselect(key="f_goal").set_value([1]).run()
    assert list(app.dataframe[0].value["番号"]) == ["18-1"]
    app.multiselect(key="f_goal").set_value([]).run()
    app.multiselect(key="f_mark").set_value(["★"]).run()
    assert list(app.dataframe[0].value["番号"]) == ["18-2", "18-3", "18-6", "18-8"]
    app.multiselect(key="f_mark").set_value([]).run()
    app.text_input(key="f_search").set_value("Wi-Fi").run()
    assert list(app.dataframe[0].value["番号"]) == ["18-6"]
    app.text_input(key="f_search").set_value("").run()
    app.multiselect(key="f_status").set_value(["achieved"]).run()
    assert not app.dataframe or len(app.dataframe[0].value) == 0 or "該当" in _main_text(app)


def test_items_metric_table_has_plan_and_actual_per_year(app):
    """Every metric is listed with the plan as printed and 未報告 where no actual exists."""
    app.switch_page("pages/items.py").run()
    metrics = app.dataframe[1].value
    assert len(metrics) == 20
    row = metrics[metrics["番号"] == "18-3"].iloc[0]
    assert row["令和元年度（2019年度） 計画"] == "2か所開設"
    assert row["令和元年度（2019年度） 実績"] == "未報告"
    assert row["平成29年度（2017年度） 実績"] == "計12か所"


def test_item_page_from_a_link(app):
    """A link with ?item=18-7 opens 18-7's detail with its footnotes and history."""
    app.query_params["item"] = "18-7"
    app.switch_page("pages/item.py").run()
    assert not app.exception
    assert app.title[0].value.startswith("18-7")
    text = _main_text(app)
    assert "地方税共通納税システム" in text or "地方税共通納税システム" in " ".join(w.value for w in app.markdown)
    history_note = next(i.value for i in app.info if "実績はまだ登録されていません" in i.value)
    assert "「データ」ページ" in history_note and "python -m planboard import-actuals" in history_note
    assert app.query_params.get("item") == "18-7"


def test_item_page_opens_on_an_item_of_the_linked_department(app):
    """A link narrowed to 保育課 without an item opens that 課's item (2-4), not the plan's first."""
    app.query_params["section"] = "保育課"
    app.switch_page("pages/item.py").run()
    assert not app.exception
    assert app.title[0].value.startswith("2-4")
    assert app.query_params.get("item") == "2-4"


def test_item_page_of_a_faceted_item_has_the_timeline_of_every_year(app):
    """On 18-7's page the method × tax matrix is followed by the stage timeline, whose table
    holds every year's planned and reached stage (検討 at the baseline, システム改修 in FY2018)."""
    app.query_params["item"] = "18-7"
    app.switch_page("pages/item.py").run()
    assert not app.exception
    labels = [e.label.replace("\\", "") for e in app.expander]  # as shown: titles are escaped Markdown
    matrix = labels.index("表で見る: 18-7 納付方法 × 税目：令和元年度（2019年度）")
    timeline = labels.index("表で見る: 18-7 住民税などの新たな納付方法の導入")
    assert matrix < timeline
    # Folded, the table is not drawn (nor sent); opening it reruns the page with it.
    assert not app.expander[timeline].dataframe
    table = open_chart_tables(app).expander[timeline].dataframe[0].value
    assert set(table["年度"]) == {"平成29年度末（基準）", "平成30年度（2018年度）", "令和元年度（2019年度）"}
    by_year = table.groupby("年度")
    assert set(by_year.get_group("平成29年度末（基準）")["到達段階（実績）"]) == {"検討"}
    assert set(by_year.get_group("平成30年度（2018年度）")["計画の段階"]) == {"システム改修"}
    assert set(by_year.get_group("令和元年度（2019年度）")["計画の段階"]) == {"運用開始"}


def test_unknown_item_gives_a_notice_and_falls_back(app):
    """A mistyped link (?item=99-9) shows a notice and the first item instead of a traceback."""
    app.query_params["item"] = "99-9"
    app.switch_page("pages/item.py").run()
    assert not app.exception
    assert any("99" in w.value for w in app.warning)
    assert app.title[0].value.startswith("18-1")


def test_department_page_without_and_with_a_department(app):
    """Without a department the page lists every 課; choosing 企画部 shows its two items."""
    app.switch_page("pages/department.py").run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 8
    app.selectbox(key="w_bureau").set_value("企画部").run()
    assert not app.exception
    text = _main_text(app)
    assert "18-6" in text and "18-8" in text and "18-2" not in text


def test_presentation_mode_follows_the_link_and_the_buttons(app):
    """A presenter opens ?slide=3 and steps forward and back with the buttons."""
    app.query_params["slide"] = "3"
    app.switch_page("pages/present.py").run()
    assert not app.exception
    assert app.title[0].value.startswith("18-2")
    # the chart slide's data, folded under it
    open_chart_tables(app)
    table = next(e for e in app.expander if e.label.startswith("表で見る: 18\\-2"))  # the title escaped
    assert "年度" in table.dataframe[0].value.columns
    app.button(key="present_next").click().run()
    assert app.query_params.get("slide") == "4"
    app.button(key="present_prev").click().run()
    app.button(key="present_prev").click().run()
    assert app.query_params.get("slide") == "2"
    assert app.title[0].value.startswith("取組の状況")


def test_presentation_mode_follows_the_department_filter(app):
    """With 区民部 chosen, the deck holds only 18-7's headline slide."""
    app.run()
    app.selectbox(key="w_bureau").set_value("区民部").run()
    app.switch_page("pages/present.py").run()
    titles = []
    for n in range(1, 10):
        app.query_params["slide"] = str(n)
        app.run()
        titles.append(app.title[0].value)
    assert any(t.startswith("18-7") for t in titles)
    assert not any(t.startswith("18-2") for t in titles)


def test_bad_slide_number_gives_a_notice(app):
    app.query_params["slide"] = "999"
    app.switch_page("pages/present.py").run()
    assert not app.exception
    assert any("slide" in w.value for w in app.warning)


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/department.py", "pages/item.py"])
def test_a_rerun_of_the_same_view_builds_no_chart_again(app, monkeypatch, page):
    """Charts are cached by their data's fingerprint: the second run of a view takes every chart
    from the cache (the key must stay the same from run to run, or the cache only costs)."""
    from planboard import charts, item_charts, ui

    built = []
    for module, name in ((item_charts, "charts_for_item"), (charts, "status_summary")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _n=name, **k: built.append(_n) or _real(*a, **k))
    ui._item_charts.clear()
    ui._status_summary.clear()
    if page != "pages/overview.py":
        app.switch_page(page)
    if page == "pages/department.py":
        app.query_params["bureau"] = "地域文化部"
    app.run()
    assert not app.exception
    first = len(built)
    assert first > 0
    app.run()
    assert not app.exception
    assert len(built) == first
