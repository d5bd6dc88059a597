"""Chart builders: what they draw, the table of it, and the sentence, in both languages.

The built store holds only the plan document's baselines; `with_actuals` adds a few
reported actuals (fictional, for tests) so that charts with actuals can be checked.
"""

from __future__ import annotations

import ast
import math
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from planboard import chart_text, charts, item_charts, loaders, sentences, store
from planboard.chart_style import ACTUAL, FONT_FAMILY, GOAL, Style
from planboard.settings import PROJECT_ROOT
from planboard.status import STATUSES
from tests.conftest import PLAN_ID

CHART_MODULES = [
    "charts.py",
    "chart_base.py",
    "chart_stages.py",
    "chart_style.py",
    "chart_text.py",
    "sentences.py",
    "item_charts.py",
]

# (item_no, metric_code, fiscal_year, value, stage_no): fictional actuals for the tests.
ACTUALS = [
    ("18-3", "", 2018, 14, None),
    ("18-3", "", 2019, 14, None),
    ("18-2", "", 2018, 5, None),
    ("18-6", "", 2019, 6, None),
    ("18-1", "", 2019, None, 3),
    ("18-7", "1-1", 2018, None, 2),
    ("18-7", "1-1", 2019, None, 2),
    ("18-7", "1-2", 2019, None, 3),
    ("18-7", "1-3", 2019, None, 0),
]


@pytest.fixture
def with_actuals(fresh_db) -> Path:
    """A copy of the store with the ACTUALS above reported as an import."""
    con = store.connect(fresh_db)
    try:
        for item_no, metric_code, fiscal_year, value, stage_no in ACTUALS:
            con.execute(
                """insert into actual_revision (plan_id, item_no, metric_code, fiscal_year, value, stage_no,
                   value_text, source, editor, recorded_at, change_kind)
                   values (?, ?, ?, ?, ?, ?, ?, 'test', 'test', ?, 'import')""",
                [PLAN_ID, item_no, metric_code, fiscal_year, value, stage_no, str(value), store.now_jst()],
            )
    finally:
        con.close()
    return fresh_db


@pytest.fixture
def actual_con(with_actuals):
    c = store.connect(with_actuals, read_only=True)
    yield c
    c.close()


def rows_of(con, item_no, metric_code=None):
    df = loaders.metric_year(con, PLAN_ID, item_no=item_no)
    return df if metric_code is None else df[df["metric_code"] == metric_code]


def trace(fig, name):
    found = [t for t in fig.data if t.name == name]
    assert len(found) == 1, (name, [t.name for t in fig.data])
    return found[0]


def is_none(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


# --- the text catalogue -------------------------------------------------------------


def test_every_chart_text_has_japanese_and_english():
    for key, entry in chart_text.CHART_TEXT.items():
        assert set(entry) == {"ja", "en"}, key
        assert entry["ja"].strip() and entry["en"].strip(), key
        # English may leave out a Japanese-only value (the printed goal) and names years by
        # FY where Japanese uses the era; otherwise both take the same values.
        english, japanese = (set(re.findall(r"{(\w+)", entry[lang])) for lang in ("en", "ja"))
        assert english <= japanese | {"fy", "year"}, key
        assert japanese - english <= {"goal", "planned", "era"}, key


def test_every_chart_text_key_is_used_and_every_used_key_exists():
    source = "\n".join((PROJECT_ROOT / "planboard" / m).read_text(encoding="utf-8") for m in CHART_MODULES)
    used = set(re.findall(r"""\bct\(\s*["']([a-z0-9_]+)["']""", source))
    assert used <= set(chart_text.CHART_TEXT), sorted(used - set(chart_text.CHART_TEXT))
    literals = {n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant)}
    dynamic = {k for k in chart_text.CHART_TEXT if k.startswith("role_")}  # ct(f"role_{year_role}")
    unused = set(chart_text.CHART_TEXT) - literals - dynamic
    assert not unused, sorted(unused)


def test_chart_modules_do_not_import_streamlit():
    for module in CHART_MODULES:
        tree = ast.parse((PROJECT_ROOT / "planboard" / module).read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [n for n in names if n.split(".")[0] == "streamlit"], module


# --- count_chart ----------------------------------------------------------------------


def test_count_chart_without_actuals_draws_plan_baseline_and_goal_and_no_zero(con):
    chart = charts.count_chart(rows_of(con, "18-3"), "ja")
    fig = chart.figure
    labels = ["平成29年度末（基準）", "平成30年度（2018年度）", "令和元年度（2019年度）"]
    assert list(trace(fig, "計画（累計）").x) == labels
    assert trace(fig, "計画（累計）").y == (None, 14.0, 16.0)
    assert trace(fig, "実績（累計）").y == (12.0, None, None)
    assert trace(fig, "計画（その年度の新規）").y == (None, 2.0, 2.0)
    assert trace(fig, "目標 16か所（令和元年度末）").y == (16.0, 16.0, 16.0)
    assert trace(fig, "目標 16か所（令和元年度末）").line.color == GOAL
    assert trace(fig, "目標 16か所（令和元年度末）").line.dash == "dash"
    # No actual reported: no actual-new bars at all, and the gap is named in words.
    assert "実績（その年度の新規）" not in [t.name for t in fig.data]
    assert [a.text for a in fig.layout.annotations].count("実績<br>未登録") == 2
    assert fig.layout.xaxis.type == "category" and list(fig.layout.xaxis.categoryarray) == labels
    assert chart.title == "18-3 相談情報ひろば設置数"
    assert chart.sentence == "令和元年度（2019年度）の実績はまだ登録されていません（計画16か所、平成29年度末12か所）。"
    assert list(chart.table.columns) == [
        "年度",
        "区分",
        "計画（累計）",
        "実績（累計）",
        "計画（その年度の新規）",
        "実績（その年度の新規）",
        "目標",
    ]
    assert chart.table["年度"].tolist() == labels
    assert chart.table["実績（累計）"].tolist()[0] == 12
    assert chart.table["実績（累計）"].isna().tolist() == [False, True, True]
    assert chart.table["計画（その年度の新規）"].tolist()[1:] == [2, 2]


def test_count_chart_with_actuals_draws_new_and_cumulative_and_says_rate(actual_con):
    chart = charts.count_chart(rows_of(actual_con, "18-3"), "ja")
    fig = chart.figure
    assert trace(fig, "実績（累計）").y == (12.0, 14.0, 14.0)
    # FY2019 added nothing: a reported zero is drawn as zero.
    assert trace(fig, "実績（その年度の新規）").y == (None, 2.0, 0.0)
    assert not [a for a in fig.layout.annotations if a.text == "実績<br>未登録"]
    assert chart.sentence == "計画16か所に対し、令和元年度末の実績14か所（達成率88%）。"
    assert chart.table["実績（その年度の新規）"].tolist()[1:] == [2, 0]

    en = charts.count_chart(rows_of(actual_con, "18-3"), "en")
    assert (
        en.sentence
        == "Against a plan of 16 sites, the actual at the end of FY2019 (Reiwa 1) was 14 sites (88% of plan)."
    )
    assert list(trace(en.figure, "Actual (cumulative)").x) == [
        "End of FY2017 (baseline)",
        "FY2018 (Heisei 30)",
        "FY2019 (Reiwa 1)",
    ]
    assert "Goal: 16 sites by the end of FY2019 (Reiwa 1)" in [t.name for t in en.figure.data]
    assert list(en.table.columns)[:4] == ["Fiscal year", "Year type", "Plan (cumulative)", "Actual (cumulative)"]


def test_count_chart_missing_year_stays_missing_not_zero(actual_con):
    """18-2 has an actual for FY2018 only: FY2019 is left out, never drawn as 0."""
    chart = charts.count_chart(rows_of(actual_con, "18-2"), "ja")
    actual_new = trace(chart.figure, "実績（その年度の新規）").y
    assert actual_new[1] == 2.0 and is_none(actual_new[2]) and actual_new[2] != 0
    assert is_none(trace(chart.figure, "実績（累計）").y[2])
    assert pd.isna(chart.table["実績（累計）"].iloc[2])
    assert chart.sentence == "令和元年度（2019年度）の実績はまだ登録されていません（計画9事業、平成30年度末5事業）。"
    assert (
        charts.count_chart(rows_of(actual_con, "18-2"), "en").sentence
        == "No actual has been reported for FY2019 (Reiwa 1) yet (plan 9 projects; end of FY2018 (Heisei 30): 5 projects)."
    )
    # The sentence can be asked about another year.
    assert charts.count_chart(rows_of(actual_con, "18-2"), "ja", fiscal_year=2018).sentence == (
        "計画6事業に対し、平成30年度末の実績5事業（達成率83%）。"
    )


def test_count_chart_expand_goal_shows_baseline_reference_and_goal_in_words(con, actual_con):
    chart = charts.count_chart(rows_of(con, "18-6"), "ja")
    fig = chart.figure
    reference = trace(fig, "基準 4か所（平成29年度末）")
    assert set(reference.y) == {4.0} and reference.line.dash == "dash"
    assert "整備箇所の拡大" in fig.layout.title.subtitle.text and "数値目標なし" in fig.layout.title.subtitle.text
    # The plan gives no number, so no plan trace is drawn or named.
    assert not [t for t in fig.data if t.name and t.name.startswith("計画")]
    assert chart.table["基準線"].tolist() == [4, 4, 4]
    assert (
        chart.sentence
        == "令和元年度（2019年度）の実績はまだ登録されていません（目標「整備箇所の拡大」、平成29年度末4か所）。"
    )

    reported = charts.count_chart(rows_of(actual_con, "18-6"), "ja")
    assert (
        reported.sentence
        == "目標「整備箇所の拡大」に対し、令和元年度末の実績6か所（基準の平成29年度末4か所から2か所増）。"
    )
    assert charts.count_chart(rows_of(actual_con, "18-6"), "en").sentence == (
        "Against the goal to expand, the actual at the end of FY2019 (Reiwa 1) was 6 sites "
        "(up 2 sites on 4 sites at the end of FY2017 (Heisei 29))."
    )
    en = charts.count_chart(rows_of(con, "18-6"), "en")
    assert "Baseline: 4 sites at the end of FY2017 (Heisei 29)" in [t.name for t in en.figure.data]
    assert "expand" in en.figure.layout.title.subtitle.text


def test_count_chart_refuses_rows_of_several_metrics(con):
    with pytest.raises(ValueError, match="one metric"):
        charts.count_chart(loaders.metric_year(con, PLAN_ID), "ja")
    with pytest.raises(ValueError, match="count"):
        charts.count_chart(rows_of(con, "18-1"), "ja")


def test_builders_do_not_change_their_input(con):
    rows = rows_of(con, "18-3")
    before = rows.copy()
    charts.count_chart(rows, "ja")
    pd.testing.assert_frame_equal(rows, before)


# --- the shared look --------------------------------------------------------------------


def test_layout_font_palette_and_big_and_high_contrast(con):
    rows = rows_of(con, "18-3")
    normal = charts.count_chart(rows, "ja").figure
    assert normal.layout.font.family == FONT_FAMILY
    assert normal.layout.plot_bgcolor == "#FFFFFF" and normal.layout.xaxis.gridcolor == "#E6E6E6"
    assert trace(normal, "実績（累計）").line.color == ACTUAL
    assert trace(normal, "計画（累計）").line.color == "#7096F8"

    big = charts.count_chart(rows, "ja", big=True).figure
    assert big.layout.title.font.size >= 32
    assert big.layout.xaxis.tickfont.size >= 20 and big.layout.yaxis.tickfont.size >= 20

    contrast = charts.count_chart(rows, "ja", high_contrast=True).figure
    assert contrast.layout.font.color == "#000000"
    assert trace(contrast, "実績（累計）").line.width > trace(normal, "実績（累計）").line.width


# --- milestone_timeline ------------------------------------------------------------------


def test_milestone_timeline_one_metric_stages_on_y_by_shape(actual_con):
    rows = rows_of(actual_con, "18-7", "1-1")
    stages = loaders.metric_stages(actual_con, PLAN_ID, "18-7")
    chart = charts.milestone_timeline(rows, stages, "ja")
    planned, reached = trace(chart.figure, "計画の段階"), trace(chart.figure, "到達段階（実績）")
    assert planned.y == (None, 2.0, 3.0)
    assert reached.y == (1.0, 2.0, 2.0)
    assert planned.marker.symbol != reached.marker.symbol  # shape, not colour alone
    assert list(chart.figure.layout.yaxis.ticktext) == ["検討", "システム改修", "運用開始"]
    assert chart.sentence == "令和元年度の計画は「運用開始」、到達段階は「システム改修」。"
    assert chart.table["到達段階（実績）"].tolist() == ["検討", "システム改修", "システム改修"]
    assert chart.table["状況"].tolist()[-1] == "△ 遅れ"

    en = charts.milestone_timeline(rows, stages, "en")
    assert en.sentence == "FY2019 (Reiwa 1): planned stage 'In service', stage reached 'System changes'."
    assert list(en.figure.layout.yaxis.ticktext) == ["Study", "System changes", "In service"]


def test_milestone_timeline_not_started_and_missing(con, actual_con):
    stages = loaders.metric_stages(con, PLAN_ID, "18-7")
    missing = charts.milestone_timeline(rows_of(con, "18-7", "1-1"), stages, "ja")
    assert trace(missing.figure, "到達段階（実績）").y == (1.0, None, None)
    assert missing.sentence == (
        "令和元年度（2019年度）の到達段階はまだ登録されていません（計画は「運用開始」、平成29年度末は「検討」）。"
    )
    not_started = charts.milestone_timeline(rows_of(actual_con, "18-7", "1-3"), stages, "ja")
    assert trace(not_started.figure, "到達段階（実績）").y[-1] == 0.0
    assert list(not_started.figure.layout.yaxis.ticktext)[0] == "未着手"


def test_milestone_timeline_several_metrics_one_row_each(con):
    stages = loaders.metric_stages(con, PLAN_ID, "18-8")
    chart = charts.milestone_timeline(rows_of(con, "18-8"), stages, "ja")
    planned = [t for t in chart.figure.data if t.name == "計画の段階"]
    assert len(planned) == 3 and sum(t.showlegend for t in planned) == 1
    assert [t.text[-1] for t in planned] == ["向上", "連携", "実施"]
    assert chart.title == "18-8 オープンデータ活用の推進"
    assert chart.sentence == "令和元年度（2019年度）の到達段階は、3指標のいずれもまだ登録されていません。"
    assert charts.milestone_timeline(rows_of(con, "18-8"), stages, "en").sentence == (
        "No stage has been reported for FY2019 (Reiwa 1) yet for any of the 3 metrics."
    )


# --- payment_matrix ------------------------------------------------------------------------


def test_payment_matrix_has_nine_cells_four_not_applicable(con):
    facets = loaders.metric_facets(con, PLAN_ID, "18-7")
    stages = loaders.metric_stages(con, PLAN_ID, "18-7")
    chart = charts.payment_matrix(rows_of(con, "18-7"), facets, "ja", 2019, stages)
    assert len(chart.table) == 9
    assert (chart.table["状況"] == "対象外").sum() == 4
    texts = [a.text for a in chart.figure.layout.annotations]
    assert len(texts) == 9 and texts.count("対象外") == 4
    assert chart.table["納付方法"].unique().tolist() == ["ペイジー", "クレジットカード", "地方税共通納税システム"]
    assert chart.table["税目"].unique().tolist() == ["住民税(普通徴収分)", "軽自動車税", "住民税(給与特別徴収分)"]
    assert chart.sentence == (
        "令和元年度（2019年度）の到達段階は、5つの組合せのいずれもまだ登録されていません（計画は「運用開始」）。"
    )

    en = charts.payment_matrix(rows_of(con, "18-7"), facets, "en", 2019, stages)
    assert (en.table["Status"] == "n/a").sum() == 4
    assert [a.text for a in en.figure.layout.annotations].count("n/a") == 4
    assert "Plan: In service" in en.figure.layout.annotations[0].text


def test_payment_matrix_cells_show_status_icon_word_and_stages(actual_con):
    facets = loaders.metric_facets(actual_con, PLAN_ID, "18-7")
    stages = loaders.metric_stages(actual_con, PLAN_ID, "18-7")
    chart = charts.payment_matrix(rows_of(actual_con, "18-7"), facets, "ja", 2019, stages)
    cell = chart.table.set_index(["納付方法", "税目"])
    assert cell.loc[("ペイジー", "住民税(普通徴収分)"), "状況"] == "△ 遅れ"
    assert cell.loc[("ペイジー", "軽自動車税"), "状況"] == "◎ 達成"
    assert cell.loc[("クレジットカード", "住民税(普通徴収分)"), "到達段階（実績）"] == "未着手"
    assert cell.loc[("クレジットカード", "軽自動車税"), "到達段階（実績）"] == "未登録"
    achieved = next(a for a in chart.figure.layout.annotations if a.text.startswith("◎ 達成"))
    assert achieved.text == "◎ 達成<br>計画：運用開始<br>到達：運用開始"
    assert achieved.font.color == "#FFFFFF"  # white on #0017C1
    legend = [t.name for t in chart.figure.data if t.type == "scatter"]
    assert legend == ["△ 遅れ", "✕ 未着手", "？ 実績未報告", "◎ 達成", "対象外（この組合せはありません）"]
    assert chart.sentence == "令和元年度（2019年度）：5つの組合せのうち1つが計画の段階「運用開始」に到達（未登録2）。"
    assert charts.payment_matrix(rows_of(actual_con, "18-7"), facets, "en", 2019, stages).sentence == (
        "FY2019 (Reiwa 1): 1 of 5 combinations reached the planned stage 'In service' (2 not yet reported)."
    )


# --- status_summary ------------------------------------------------------------------------


def test_status_summary_without_actuals(con):
    chart = charts.status_summary(loaders.items(con, PLAN_ID, 2019), "ja", fiscal_year=2019)
    bar = chart.figure.data[0]
    assert bar.x == (9,) and bar.y == ("？ 実績未報告",)
    assert chart.title == "取組の状況：令和元年度（2019年度）"
    assert chart.sentence == "9件の取組：実績未報告9件。"
    assert chart.table.to_dict("list")["件数"] == [9]


def test_status_summary_counts_colours_and_labels(actual_con):
    items = loaders.items(actual_con, PLAN_ID, 2019)
    chart = charts.status_summary(items, "ja")
    bar = chart.figure.data[0]
    assert dict(zip(bar.y, bar.x, strict=True)) == {"△ 遅れ": 2, "？ 実績未報告": 5, "◎ 達成": 2}
    assert list(bar.marker.color) == [STATUSES[c].colour for c in ("behind", "no_actual", "achieved")]
    assert list(bar.text) == ["△ 遅れ  2件", "？ 実績未報告  5件", "◎ 達成  2件"]
    assert chart.table["取組番号"].tolist()[0] == "18-3、18-7"
    assert chart.sentence == "9件の取組：遅れ2件、実績未報告5件、達成2件。"
    en = charts.status_summary(items, "en")
    assert en.sentence == "9 items: 2 Behind, 5 Awaiting actuals, 2 Achieved."
    assert list(en.table.columns) == ["Status", "Count", "Item numbers"]


def test_sentence_helpers_round_half_up_and_never_say_zero_for_missing():
    assert chart_text.percent(0.875) == "88%" and chart_text.percent(0.125) == "13%"
    rows = pd.DataFrame(
        {
            "item_no": ["x"] * 2,
            "metric_code": [""] * 2,
            "fiscal_year": [2017, 2018],
            "year_role": ["baseline", "plan"],
            "rule": [None, "at_least"],
            "planned_value": [None, 5.0],
            "planned_text": [None, "5"],
            "actual_value": [None, None],
            "goal_text": [None, None],
            "base_value": [None, None],
            "unit_ja": ["件", "件"],
        }
    )
    assert sentences.count_sentence(rows, "ja") == "平成30年度（2018年度）の実績はまだ登録されていません（計画5件）。"


# --- PNG (kaleido with the system Chromium) --------------------------------------------------


def _chromium() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def test_chart_renders_to_png_with_japanese_text(actual_con, monkeypatch):
    pytest.importorskip("kaleido")
    image = pytest.importorskip("PIL.Image")
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium for kaleido (set BROWSER_PATH)")
    monkeypatch.setenv("BROWSER_PATH", browser)
    chart = charts.count_chart(rows_of(actual_con, "18-3"), "ja", big=True)
    png = chart.figure.to_image(format="png", width=1920, height=1080)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 30_000
    import io

    picture = image.open(io.BytesIO(png)).convert("RGB")
    assert picture.size == (1920, 1080)
    colours = picture.getcolors(maxcolors=1_000_000)
    assert len(colours) > 50  # text and lines, not a blank page
    assert any(rgb == (0x00, 0x17, 0xC1) for _count, rgb in colours)  # the actual bars


# --- which charts an item gets (item_charts) ----------------------------------------------


def test_faceted_item_has_its_matrix_first_then_a_timeline_of_every_year(actual_con):
    """18-7 (method × tax facets): the one-year matrix leads, the timeline of every year follows."""
    rows = rows_of(actual_con, "18-7")
    stages = loaders.metric_stages(actual_con, PLAN_ID, "18-7")
    facets = loaders.metric_facets(actual_con, PLAN_ID, "18-7")
    built = item_charts.charts_for_item(rows, stages, facets, "ja", 2019)
    assert [c.title for c in built] == [
        "18-7 納付方法 × 税目：令和元年度（2019年度）",
        "18-7 住民税などの新たな納付方法の導入",
    ]
    assert item_charts.chart_count(rows, facets) == 2
    assert [c.title for c in item_charts.charts_for_item(rows, stages, facets, "ja", 2019, first=1)] == [built[0].title]
    table = built[1].table
    assert table["指標"].nunique() == 5
    years = ["平成29年度末（基準）", "平成30年度（2018年度）", "令和元年度（2019年度）"]
    for _metric, part in table.groupby("指標", sort=False):
        assert part["年度"].tolist() == years
        assert part["計画の段階"].tolist()[1:] == ["システム改修", "運用開始"]
        assert part["到達段階（実績）"].tolist()[0] == "検討"
    pay_easy = table[table["指標"] == "ペイジー × 住民税(普通徴収分)"]
    assert pay_easy["到達段階（実績）"].tolist() == ["検討", "システム改修", "システム改修"]
    assert pay_easy["状況"].tolist()[-1] == "△ 遅れ"


def test_reasons_set_the_cumulative_plan_against_the_cumulative_actual(actual_con):
    """18-3 plans 2か所開設 a year, 16か所 in all by FY2019: the reason sets 16 (not 「2か所開設」)
    against the reported total, both with their unit; a year without an actual says so."""
    rows = loaders.metric_year(actual_con, PLAN_ID)
    why = item_charts.reasons(rows, loaders.items(actual_con, PLAN_ID, 2019), 2019, "ja")
    assert why["18-3"] == "相談情報ひろば設置数：計画（累計）16か所に対し実績14か所"
    assert why["18-2"] == "地域おこしプロジェクト事業数：計画（累計）9事業に対し実績は未報告"
    assert why["18-6"] == "無料公衆無線LAN整備箇所数：計画「拡大」（基準4か所）に対し実績6か所"
    earlier = item_charts.reasons(rows, loaders.items(actual_con, PLAN_ID, 2018), 2018, "ja")
    assert earlier["18-2"] == "地域おこしプロジェクト事業数：計画（累計）6事業に対し実績5事業"
    en = item_charts.reasons(rows, loaders.items(actual_con, PLAN_ID, 2019), 2019, "en")
    assert en["18-3"] == "Consultation and information plazas: actual 14 sites against a cumulative plan of 16 sites"
    assert en["18-2"] == "Community projects: no actual reported yet against a cumulative plan of 9 projects"


def test_reasons_set_the_planned_stage_against_the_stage_reached(actual_con):
    """Milestones: the planned stage against the stage reached; a 「—」 plan keeps the year before's stage."""
    rows = loaders.metric_year(actual_con, PLAN_ID)
    items = loaders.items(actual_con, PLAN_ID, 2019)
    why = item_charts.reasons(rows, items, 2019, "ja")
    assert why["18-7"] == "ペイジー × 住民税(普通徴収分)：計画の段階「運用開始」に対し到達段階「システム改修」"
    assert why["18-8"] == (
        "練馬区オープンデータサイトの検索機能の向上：計画の段階「向上」（前年度の計画を維持）に対し実績は未報告"
    )
    en = item_charts.reasons(rows, items, 2019, "en")
    assert en["18-7"] == (
        "Pay-easy × resident tax (ordinary collection): stage reached 'システム改修' against the planned stage '運用開始'"
    )
    assert en["18-8"].endswith("against the planned stage '向上' (kept from the year before)")
    assert not [text for text in en.values() if "「" in text or "」" in text]  # English quotes in English
    # Given the plan's stages, English reasons name the stages in English, as the charts do.
    stages = loaders.metric_stages(actual_con, PLAN_ID, None)
    english = dict(zip(stages["stage_ja"], stages["stage_en"], strict=False))
    named = item_charts.reasons(rows, items, 2019, "en", stages)
    assert named["18-7"] == (
        f"Pay-easy × resident tax (ordinary collection): stage reached '{english['システム改修']}' "
        f"against the planned stage '{english['運用開始']}'"
    )
    assert "システム改修" not in named["18-7"] and named["18-7"] != en["18-7"]
    assert item_charts.reasons(rows, items, 2019, "ja", stages) == why  # Japanese reads the same
    # One item on its own reads the same as in the pass over every item.
    item_rows = rows[(rows["item_no"] == "18-7") & (rows["fiscal_year"] == 2019)]
    assert item_charts.reason(item_rows, "behind", "ja") == why["18-7"]


# --- layout that the figure decides: legend, subtitle -----------------------------------------


def test_long_subtitle_is_wrapped_to_the_width_of_an_overview_column(con):
    """18-6's goal in words is longer than a half-width column: it is broken into lines that
    fit (not cut off), with room for each line above the plot; on a slide it fits on one line."""
    chart = charts.count_chart(rows_of(con, "18-6"), "ja")
    words = chart_text.ct("goal_words", "ja", goal="整備箇所の拡大", year_end=chart_text.year_end(2019, "ja"))
    lines = chart.figure.layout.title.subtitle.text.split("<br>")
    assert len(lines) == 2 and "".join(lines) == words
    assert all(chart_text.text_ems(line) <= Style().subtitle_ems for line in lines)
    assert chart_text.text_ems(words) > Style().subtitle_ems  # the unwrapped text would not fit
    one_line = charts.count_chart(rows_of(con, "18-3"), "ja").figure
    assert "<br>" not in one_line.layout.title.subtitle.text
    # The top margin grows by the extra line (both charts have the panel titles below it).
    assert chart.figure.layout.margin.t - one_line.layout.margin.t == int(Style().subtitle * 1.3)
    big = charts.count_chart(rows_of(con, "18-6"), "ja", big=True).figure
    assert big.layout.title.subtitle.text == words
    english = charts.count_chart(rows_of(con, "18-6"), "en").figure.layout.title.subtitle.text.split("<br>")
    assert len(english) == 2 and all(chart_text.text_ems(line) <= Style().subtitle_ems for line in english)


def test_wrap_ems_breaks_at_punctuation_and_brackets_and_never_before_a_closing_one():
    assert chart_text.wrap_ems("目標（令和元年度末）：整備箇所の拡大（数値目標なし。基準より増やすこと）", 30) == [
        "目標（令和元年度末）：整備箇所の拡大（数値目標なし。",
        "基準より増やすこと）",
    ]
    assert chart_text.wrap_ems("あいうえお。かきくけこ", 5) == ["あいうえお。", "かきくけこ"]
    assert chart_text.wrap_ems("Goal by the end of FY2019", 10) == ["Goal by the end", "of FY2019"]
    assert chart_text.wrap_ems("", 10) == []


def test_legend_is_anchored_to_the_foot_of_the_figure(con, actual_con):
    """The legend is placed in figure (container) coordinates at the bottom, so Plotly keeps a
    strip for it under the plot and the tick labels, whatever height the chart is drawn at."""
    stages = loaders.metric_stages(actual_con, PLAN_ID, "18-7")
    facets = loaders.metric_facets(actual_con, PLAN_ID, "18-7")
    figures = [
        charts.count_chart(rows_of(con, "18-2"), "ja").figure,
        charts.count_chart(rows_of(con, "18-3"), "ja", big=True).figure,
        *(c.figure for c in item_charts.charts_for_item(rows_of(actual_con, "18-7"), stages, facets, "ja", 2019)),
    ]
    for fig in figures:
        legend = fig.layout.legend
        assert (legend.yref, legend.y, legend.yanchor) == ("container", 0, "bottom")
        assert fig.layout.xaxis.automargin  # the tick labels push the plot up, above the legend


def _svg_boxes(svg: str) -> tuple[float, float]:
    """(top of the legend, bottom of the lowest x tick label) in an SVG drawn by Plotly."""
    legend_top = float(re.search(r'<g class="legend"[^>]*transform="translate\([\d.]+,([\d.]+)\)', svg).group(1))
    bottoms = []
    for tick in re.finditer(
        r'<g class="x\d*tick"><text[^>]* y="([\d.]+)"[^>]*font-size: ([\d.]+)px[^>]*>(.*?)</text>', svg
    ):
        y, size, lines = float(tick.group(1)), float(tick.group(2)), tick.group(3).count('class="line"') or 1
        bottoms.append(y + (lines - 1) * 1.3 * size + 0.3 * size)  # baseline of the last line + descent
    return legend_top, max(bottoms)


def test_legend_sits_below_two_line_year_ticks_on_a_column_and_a_slide(actual_con, monkeypatch):
    """Drawn by Plotly: the legend's top is below the second line (（基準）, （2018年度）) of the year
    ticks, in an overview column (460 × 480) and on a 1920 × 1080 slide (charts capped at 640 px)."""
    from planboard import export_render

    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium for kaleido (set BROWSER_PATH)")
    monkeypatch.setenv("BROWSER_PATH", browser)
    stages = loaders.metric_stages(actual_con, PLAN_ID, "18-7")
    requests = [
        export_render.Render(charts.count_chart(rows_of(actual_con, "18-2"), "ja"), "svg", 460, 480),
        export_render.Render(charts.count_chart(rows_of(actual_con, "18-3"), "ja"), "svg", 460, 480),
        export_render.Render(charts.count_chart(rows_of(actual_con, "18-2"), "ja", big=True), "svg", 1800, 640),
        export_render.Render(charts.count_chart(rows_of(actual_con, "18-3"), "ja", big=True), "svg", 1800, 640),
        export_render.Render(
            charts.milestone_timeline(rows_of(actual_con, "18-7"), stages, "ja", big=True), "svg", 1800, 640
        ),
    ]
    for request, svg in zip(requests, export_render.render(requests), strict=True):
        legend_top, ticks_bottom = _svg_boxes(svg.decode("utf-8"))
        assert legend_top >= ticks_bottom, (request.chart.title, request.width, legend_top, ticks_bottom)


def test_the_app_caches_charts_by_a_fingerprint_of_their_data(con, actual_con):
    """ui.charts_for_item keys its shared cache by the data's fingerprint, not Streamlit's
    column-by-column hashing: equal data is a hit, any changed cell builds anew."""
    from types import SimpleNamespace

    from planboard import fingerprint, ui

    state = SimpleNamespace(language="ja", fiscal_year=2019)
    stages = loaders.metric_stages(con, PLAN_ID, "18-2")
    facets = loaders.metric_facets(con, PLAN_ID, "18-2")
    plan_only, with_actuals = rows_of(con, "18-2"), rows_of(actual_con, "18-2")
    assert fingerprint.of(plan_only) == fingerprint.of(plan_only.copy())
    assert fingerprint.of(plan_only) != fingerprint.of(with_actuals)
    changed = plan_only.copy()
    planned = changed["planned_value"].dropna()
    changed.loc[planned.index[-1], "planned_value"] = planned.iloc[-1] + 1
    assert fingerprint.of(plan_only) != fingerprint.of(changed)
    assert fingerprint.of(plan_only, stages) != fingerprint.of(stages, plan_only)

    first = ui.charts_for_item(plan_only, stages, facets, state)
    assert ui.charts_for_item(plan_only.copy(), stages.copy(), facets.copy(), state) is first
    other = ui.charts_for_item(with_actuals, stages, facets, state)
    assert other is not first
    assert [c.sentence for c in other] == [
        c.sentence for c in item_charts.charts_for_item(with_actuals, stages, facets, "ja", 2019)
    ]
    assert ui.status_summary(loaders.items(con, PLAN_ID, 2019), state) is not ui.status_summary(
        loaders.items(actual_con, PLAN_ID, 2019), state
    )
