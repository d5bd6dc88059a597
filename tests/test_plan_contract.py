"""Data contracts: the store says exactly what the plan document prints.

EXPECTED is an independent transcription of every table of the document
(data/plan/nerima-2018/source_document.txt). If any text or number in
data/plan/ were mistyped, a test here fails: goal titles, item titles, descriptions
and footnotes must appear in the document word for word, and each target's rule must
follow from what its cell prints. Each such check is shown to fail on a mistyped copy.
"""

from __future__ import annotations

import re
import shutil
import unicodedata

import pandas as pd
import pytest

from planboard import store
from tests.conftest import PLAN_DIR, PLAN_ID

DASH = "—"
SOURCE = (PLAN_DIR / PLAN_ID / "source_document.txt").read_text(encoding="utf-8")

# (item, metric code): goal text, 26年度末, 29年度末, 30年度, 31年度, 計
PRINTED = {
    ("18-1", ""): (
        "具体的取組の推進",
        "区政改革計画の検討に向けた準備",
        "区政改革計画の策定 具体的取組の推進",
        "推進",
        "推進",
        "推進",
    ),
    ("18-2", ""): ("プロジェクト事業の 実施 計9事業", DASH, "新規3事業", "新規3事業", "新規3事業", "6事業"),
    ("18-3", ""): ("相談情報ひろば 計16か所", DASH, "計12か所", "2か所開設", "2か所開設", "4か所開設"),
    ("18-4", ""): ("協働ワークショップの実施", DASH, DASH, "開始", "実施", "実施"),
    ("18-5", ""): (
        "新たな広報戦略の実施",
        DASH,
        "「よりどりみどり練馬」の実施 新たな広報戦略の検討",
        "開始",
        "実施",
        "実施",
    ),
    ("18-6", ""): ("整備箇所の拡大", DASH, "4か所", "検討", "拡大", "拡大"),
    **{
        ("18-7", code): ("新たな納付方法の導入", DASH, "検討", "システム改修", "運用開始", "運用開始")
        for code in ("1-1", "1-2", "1-3", "1-4", "2-1")
    },
    ("18-8", "1"): (
        "① 練馬区オープンデータサイトの検索機能の向上",
        DASH,
        "練馬区オープンデータサイト開設・公開",
        "向上",
        DASH,
        "向上",
    ),
    ("18-8", "2"): (
        "② 東京都オープンデータサイトとの連携",
        DASH,
        "練馬区オープンデータサイト開設・公開",
        "連携",
        DASH,
        "連携",
    ),
    ("18-8", "3"): (
        "③ データを活用した取組の実施",
        DASH,
        "練馬区オープンデータサイト開設・公開",
        "検討",
        "実施",
        "実施",
    ),
    ("2-4", "1-1"): (
        "マイナポータルを活用した子育て情報の提供 提供情報の充実",
        DASH,
        "情報提供の開始",
        "充実",
        "充実",
        "充実",
    ),
    ("2-4", "1-2"): (
        "児童手当認定請求および 現況届 受付開始",
        DASH,
        "受付開始 (児童手当認定請求)",
        "受付開始 (児童手当の現況届)",
        DASH,
        "受付開始 (児童手当の現況届)",
    ),
    ("2-4", "1-3"): ("オンライン手続の導入 保育園入園申請 導入検討", DASH, DASH, "課題整理", "導入検討", "導入検討"),
    ("2-4", "1-4"): ("保育施設の現況届 受付開始", DASH, "導入検討", "受付開始", DASH, "受付開始"),
    ("2-4", "2-1"): (
        "1) 保育施設空き情報提供事業の充実",
        DASH,
        "対象保育施設数の拡大に向けた検討",
        "対象保育施設数の拡大",
        DASH,
        "対象保育施設数の拡大",
    ),
    ("2-4", "2-2"): ("2) 民間子育て情報ポータルサイトのスマートフォン対応支援", DASH, DASH, "実施", DASH, "実施"),
}

# Cumulative numbers: FY2014, FY2017 (actual baselines), FY2018, FY2019 (plan), goal, 計 (new over the period)
NUMBERS = {
    "18-2": (None, 3, 6, 9, 9, 6),
    "18-3": (None, 12, 14, 16, 16, 4),
    "18-6": (None, 4, None, None, None, None),
}

ITEMS = {
    # item: goal, mark, title, departments (部, 課)
    "18-1": (1, None, "区政改革計画に基づく取組の推進", [("区政改革担当部", "区政改革担当課")]),
    "18-2": (2, "★", "地域おこしプロジェクトの実施", [("地域文化部", "協働推進課")]),
    "18-3": (2, "★", "相談情報ひろばの充実", [("地域文化部", "協働推進課")]),
    "18-4": (2, "☆", "協働ワークショップの実施", [("地域文化部", "協働推進課")]),
    "18-5": (2, "☆", "新たな広報戦略の実施", [("区長室", "広聴広報課")]),
    "18-6": (3, "★", "無料公衆無線LAN(無料Wi-Fi)の整備", [("企画部", "情報政策課")]),
    "18-7": (3, "☆", "住民税などの新たな納付方法の導入", [("区民部", "収納課")]),
    "18-8": (3, "★", "オープンデータ活用の推進", [("企画部", "情報政策課")]),
    "2-4": (
        3,
        None,
        "ICTを活用した子育て関連サービスの拡充",
        [("こども家庭部", "子育て支援課"), ("こども家庭部", "保育課"), ("こども家庭部", "練馬子ども家庭支援センター")],
    ),
}
ROW_MARKS = {("2-4", "1-1"): "☆", ("2-4", "2-2"): "☆"}
STAGES_18_7 = ["検討", "システム改修", "運用開始"]


def _squash(text: str) -> str:
    # The document's text marks footnote references as superscripts (^{※1}) and list lines with
    # "- "; the data writes ※1 and joins the lines of a passage.
    text = re.sub(r"\^\{(※\d*)\}", r"\1", text)
    text = re.sub(r"(?m)^[ \t]*- ", "", text)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _metric_years(con):
    df = con.execute("select * from metric_year where plan_id = ?", [PLAN_ID]).df()
    return {(r.item_no, r.metric_code, int(r.fiscal_year)): r for r in df.itertuples()}


def test_every_item_is_in_the_store_with_goal_mark_title_and_departments(con):
    rows = con.execute(
        "select item_no, goal_no, mark, title_ja from initiative where plan_id = ? order by display_order", [PLAN_ID]
    ).fetchall()
    assert [r[0] for r in rows] == list(ITEMS)
    for item_no, goal_no, mark, title in rows:
        assert (goal_no, mark, title) == ITEMS[item_no][:3], item_no
        depts = con.execute(
            "select bureau, section from department where plan_id = ? and item_no = ? order by display_order",
            [PLAN_ID, item_no],
        ).fetchall()
        assert depts == ITEMS[item_no][3], item_no


def test_every_metric_is_in_the_store_and_no_other(con):
    keys = set(con.execute("select item_no, metric_code from metric where plan_id = ?", [PLAN_ID]).fetchall())
    assert keys == set(PRINTED)
    counts = dict(
        con.execute("select item_no, count(*) from metric where plan_id = ? group by 1", [PLAN_ID]).fetchall()
    )
    assert counts["18-8"] == 3 and counts["2-4"] == 6


def test_every_printed_cell_is_in_metric_year_as_printed(con):
    rows = _metric_years(con)
    totals = dict(
        ((r[0], r[1]), r[2:])
        for r in con.execute(
            "select item_no, metric_code, goal_text, total_text from metric where plan_id = ?", [PLAN_ID]
        ).fetchall()
    )
    for (item, code), (goal, fy14, fy17, fy18, fy19, total) in PRINTED.items():
        assert rows[(item, code, 2014)].actual_text == fy14, (item, code)
        assert rows[(item, code, 2017)].actual_text == fy17, (item, code)
        assert rows[(item, code, 2018)].planned_text == fy18, (item, code)
        assert rows[(item, code, 2019)].planned_text == fy19, (item, code)
        assert rows[(item, code, 2019)].goal_text == goal, (item, code)
        assert totals[(item, code)] == (goal, total), (item, code)


def test_every_parsed_number_is_right_and_dash_is_never_zero(con):
    rows = _metric_years(con)
    metric = {
        r[0]: r[1:]
        for r in con.execute(
            "select item_no, goal_value, total_value, kind from metric where plan_id = ? and metric_code = ''",
            [PLAN_ID],
        ).fetchall()
    }
    for item, (v14, v17, p18, p19, goal, total) in NUMBERS.items():
        got = (
            rows[(item, "", 2014)].actual_value,
            rows[(item, "", 2017)].actual_value,
            rows[(item, "", 2018)].planned_value,
            rows[(item, "", 2019)].planned_value,
            metric[item][0],
            metric[item][1],
        )
        assert [None if pd.isna(v) else v for v in got] == [v14, v17, p18, p19, goal, total], item
        assert metric[item][2] == "count"
    for (item, code, _fy), r in rows.items():
        if r.actual_text == DASH:
            assert pd.isna(r.actual_value) and pd.isna(r.actual_stage_no), (item, code)
        if r.planned_text == DASH:
            assert pd.isna(r.planned_value), (item, code)


def test_numbers_in_printed_cells_agree_with_the_parsed_cumulative_values(con):
    """A cell printed as 'new N' must add N to the year before; '計N' is the total."""
    rows = _metric_years(con)
    for item in ("18-2", "18-3"):
        prev = rows[(item, "", 2017)].actual_value
        for fy in (2018, 2019):
            new = int(re.search(r"\d+", rows[(item, "", fy)].planned_text).group())
            assert rows[(item, "", fy)].planned_value == prev + new, (item, fy)
            prev = rows[(item, "", fy)].planned_value
        goal = int(re.search(r"計(\d+)", rows[(item, "", 2019)].goal_text).group(1))
        assert goal == rows[(item, "", 2019)].planned_value


def test_every_printed_text_appears_in_the_source_document(con):
    source = _squash(SOURCE)
    for (item, code), cells in PRINTED.items():
        for text in cells:
            assert _squash(text) in source, (item, code, text)
    for (title,) in con.execute("select title_ja from initiative").fetchall():
        assert _squash(title) in source, title
    for (text,) in con.execute("select text_ja from footnote").fetchall():
        assert _squash(text) in source, text


def check_goal_titles_are_printed(con) -> None:
    """Each goal's title as the document prints it under 「ビジョンに掲げた平成31年度の目標」."""
    source = _squash(SOURCE)
    titles = con.execute("select goal_no, title_ja from goal where plan_id = ? order by goal_no", [PLAN_ID]).fetchall()
    assert [no for no, _ in titles] == [1, 2, 3]
    for no, title in titles:
        assert _squash(title) in source, (no, title)


def check_descriptions_are_printed(con) -> None:
    """Each item's description is a passage of the document, word for word."""
    source = _squash(SOURCE)
    rows = con.execute("select item_no, description_ja from initiative where plan_id = ?", [PLAN_ID]).fetchall()
    assert {item for item, _ in rows} == set(ITEMS)
    for item, description in rows:
        assert description and _passages_in_order(_squash(description), source), item


def _passages_in_order(text: str, source: str) -> bool:
    """Every passage of text is in source, in the same order. The data joins a heading and the
    paragraph under it with 「：」 (2-4 ① and ②), where the document starts a new line."""
    at = 0
    for passage in text.split(":"):
        at = source.find(passage, at)
        if not passage or at < 0:
            return False
        at += len(passage)
    return True


def rule_the_cell_implies(item: str, printed: str) -> str:
    """How a plan cell is judged, from what it prints: a number is a count to reach (at_least),
    「拡大」 a count to grow beyond the baseline (increase), a stage a stage to reach (stage; a 「—」
    keeps the stage planned before), and a count metric's word such as 「検討」 nothing to measure."""
    if item not in NUMBERS:
        return "stage"
    if re.search(r"\d", printed):
        return "at_least"
    return "increase" if printed == "拡大" else "none"


def check_every_target_rule_follows_its_printed_cell(con) -> None:
    rules = {
        (r[0], r[1], r[2]): r[3:]
        for r in con.execute(
            "select item_no, metric_code, fiscal_year, planned_text, rule from target where plan_id = ?", [PLAN_ID]
        ).fetchall()
    }
    assert set(rules) == {(item, code, fy) for item, code in PRINTED for fy in (2018, 2019)}
    for (item, code), cells in PRINTED.items():
        for fy, printed in ((2018, cells[3]), (2019, cells[4])):
            planned_text, rule = rules[(item, code, fy)]
            assert planned_text == printed, (item, code, fy)
            assert rule == rule_the_cell_implies(item, printed), (item, code, fy, printed, rule)


def test_goal_titles_are_printed_in_the_source_document(con):
    check_goal_titles_are_printed(con)


def test_item_descriptions_are_printed_in_the_source_document(con):
    check_descriptions_are_printed(con)


def test_every_target_rule_follows_what_its_cell_prints(con):
    check_every_target_rule_follows_its_printed_cell(con)


def _replaced_once(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    "file, old, new, check",
    [
        ("goals.csv", "区民とともに進める区政", "区民とともに進めた区政", check_goal_titles_are_printed),
        (
            "initiatives.csv",
            "計画の取組を着実に実行します",
            "計画の取組を確実に実行します",
            check_descriptions_are_printed,
        ),
        ("initiatives.csv", "による保育施設空き状況", "による保育園空き状況", check_descriptions_are_printed),
        (
            "cells.csv",
            "18-3,,2019,plan,31年度,2か所開設,16,,at_least",
            "18-3,,2019,plan,31年度,2か所開設,16,,increase",
            check_every_target_rule_follows_its_printed_cell,
        ),
        (
            "cells.csv",
            "18-6,,2019,plan,31年度,拡大,,,increase",
            "18-6,,2019,plan,31年度,拡大,,,none",
            check_every_target_rule_follows_its_printed_cell,
        ),
        (
            "cells.csv",
            "18-4,,2019,plan,31年度,実施,,実施,stage",
            "18-4,,2019,plan,31年度,実施,,実施,none",
            check_every_target_rule_follows_its_printed_cell,
        ),
    ],
    ids=["goal-title", "description", "description-2-4-②", "rule-18-3", "rule-18-6", "rule-18-4"],
)
def test_each_new_check_fails_on_a_mistyped_copy_of_the_plan(tmp_path, file, old, new, check):
    """A copy of data/plan/ with one text or rule mistyped builds, and the check refuses it."""
    plan_dir = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan_dir)
    _replaced_once(plan_dir / PLAN_ID / file, old, new)
    db = tmp_path / "mistyped.duckdb"
    store.build(db, plan_dir)
    c = store.connect(db, read_only=True)
    try:
        with pytest.raises(AssertionError):
            check(c)
    finally:
        c.close()


def test_marks_on_rows_of_2_4(con):
    marks = {
        (r[0], r[1]): r[2]
        for r in con.execute("select item_no, metric_code, mark from metric where plan_id = ?", [PLAN_ID]).fetchall()
    }
    assert {k: v for k, v in marks.items() if v} == ROW_MARKS


def test_milestones_carry_their_ordered_stages(con):
    for code in ("1-1", "1-2", "1-3", "1-4", "2-1"):
        stages = [
            r[0]
            for r in con.execute(
                "select stage_ja from metric_stage where plan_id = ? and item_no = '18-7' and metric_code = ? order by stage_no",
                [PLAN_ID, code],
            ).fetchall()
        ]
        assert stages == STAGES_18_7
    kinds = dict(
        con.execute("select item_no || ':' || metric_code, kind from metric where plan_id = ?", [PLAN_ID]).fetchall()
    )
    for key, kind in kinds.items():
        n = con.execute("select count(*) from metric_stage where item_no || ':' || metric_code = ?", [key]).fetchone()[
            0
        ]
        assert (n > 0) == (kind == "milestone"), key


def test_18_7_covers_every_method_and_tax_named_in_the_text(con):
    pairs = set(
        con.execute(
            """select max(value_ja) filter (where facet = 'method'), max(value_ja) filter (where facet = 'tax')
           from metric_facet where item_no = '18-7' group by metric_code"""
        ).fetchall()
    )
    assert pairs == {
        ("ペイジー", "住民税(普通徴収分)"),
        ("ペイジー", "軽自動車税"),
        ("クレジットカード", "住民税(普通徴収分)"),
        ("クレジットカード", "軽自動車税"),
        ("地方税共通納税システム", "住民税(給与特別徴収分)"),
    }


@pytest.mark.parametrize(
    "table, keys",
    [
        ("plan", "plan_id"),
        ("goal", "plan_id, goal_no"),
        ("initiative", "plan_id, item_no"),
        ("department", "plan_id, item_no, display_order"),
        ("metric", "plan_id, item_no, metric_code"),
        ("metric_stage", "plan_id, item_no, metric_code, stage_no"),
        ("target", "plan_id, item_no, metric_code, fiscal_year"),
        ("metric_year", "plan_id, item_no, metric_code, fiscal_year"),
    ],
)
def test_keys_are_unique_and_not_null(con, table, keys):
    dup = con.execute(f"select count(*) - count(distinct ({keys})) from {table}").fetchone()[0]  # noqa: S608
    assert dup == 0
    for col in keys.split(", "):
        assert con.execute(f"select count(*) from {table} where {col} is null").fetchone()[0] == 0  # noqa: S608


def test_every_row_names_its_source(con):
    for table in ("goal", "initiative", "department", "footnote", "metric", "metric_stage", "metric_facet", "target"):
        assert con.execute(f"select count(*) from {table} where coalesce(source, '') = ''").fetchone()[0] == 0  # noqa: S608
    baseline_sources = con.execute(
        "select distinct source from actual_revision where change_kind = 'baseline'"
    ).fetchall()
    assert baseline_sources and all("アクションプラン" in s[0] for s in baseline_sources)


def test_metric_year_has_every_metric_for_every_year(con):
    rows = _metric_years(con)
    for item, code in PRINTED:
        for fy in (2014, 2017, 2018, 2019):
            assert (item, code, fy) in rows
    assert len(rows) == len(PRINTED) * 4
    assert {r.kind for r in rows.values()} == {"count", "milestone"}
    assert rows[("2-4", "1-1", 2019)].section == "子育て支援課、保育課、練馬子ども家庭支援センター"


def test_a_dash_in_a_stage_plan_keeps_the_stage_planned_before(con):
    rows = _metric_years(con)
    r = rows[("18-8", "1", 2019)]
    assert r.planned_text == DASH and r.planned_stage_ja == "向上"
