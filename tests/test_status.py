"""Status rules: the pure Python rules, and the store's SQL macro agreeing with them."""

import itertools

import duckdb
import pandas as pd
import pytest

from planboard import status
from planboard.store import SQL_DIR


def ev(**kw):
    kw.setdefault("ratio", 0.9)
    kw.setdefault("year_ended", True)
    return status.evaluate(**kw)


def test_count_at_or_above_cumulative_plan_is_achieved():
    assert ev(rule="at_least", planned_value=16, actual_value=16, base_value=12) == "achieved"
    assert ev(rule="at_least", planned_value=16, actual_value=17, base_value=12) == "achieved"


def test_count_within_ratio_is_on_track_and_below_is_behind():
    assert ev(rule="at_least", planned_value=10, actual_value=9, base_value=3) == "on_track"
    assert ev(rule="at_least", planned_value=16, actual_value=14, base_value=12) == "behind"


def test_count_without_growth_over_the_baseline_is_not_started():
    assert ev(rule="at_least", planned_value=14, actual_value=12, base_value=12) == "not_started"


def test_missing_actual_is_not_due_before_year_end_and_awaiting_after():
    assert ev(rule="at_least", planned_value=14, year_ended=False) == "not_due"
    assert ev(rule="at_least", planned_value=14, year_ended=True) == "no_actual"
    assert ev(rule="stage", planned_stage_no=2, year_ended=True) == "no_actual"


def test_stage_rules():
    assert ev(rule="stage", planned_stage_no=2, actual_stage_no=3) == "achieved"
    assert ev(rule="stage", planned_stage_no=2, actual_stage_no=2) == "achieved"
    assert ev(rule="stage", planned_stage_no=2, actual_stage_no=0) == "not_started"
    assert ev(rule="stage", planned_stage_no=3, actual_stage_no=2, year_ended=False) == "on_track"
    assert ev(rule="stage", planned_stage_no=3, actual_stage_no=2, year_ended=True) == "behind"
    assert ev(rule="stage", planned_stage_no=3, actual_stage_no=1, year_ended=False) == "behind"


def test_expand_only_target_compares_with_the_baseline():
    assert ev(rule="increase", actual_value=5, base_value=4) == "achieved"
    assert ev(rule="increase", actual_value=4, base_value=4) == "behind"
    assert ev(rule="increase", actual_value=4, base_value=4, year_ended=False) == "on_track"
    assert ev(rule="increase", actual_value=4, base_value=None) == "no_target"


def test_nothing_planned_is_no_target():
    assert ev(rule="none", actual_value=5) == "no_target"
    assert ev(rule=None) == "no_target"


def test_threshold_comes_from_settings(monkeypatch):
    monkeypatch.setenv("PLANBOARD_COUNT_ON_TRACK_RATIO", "0.8")
    assert (
        status.evaluate(rule="at_least", planned_value=16, actual_value=13, base_value=12, year_ended=True)
        == "on_track"
    )


def test_item_shows_the_metric_that_needs_attention_most():
    assert status.worst(["achieved", "behind", "no_actual"]) == "behind"
    assert status.worst(["achieved", "not_due"]) == "not_due"
    assert status.worst([]) == "no_target"


def test_every_status_has_icon_words_and_colour_in_both_languages():
    for s in status.STATUSES.values():
        assert s.icon and s.label_ja and s.label_en and s.colour.startswith("#")
    assert len({s.icon for s in status.STATUSES.values()}) == len(status.STATUSES)
    assert any("公式評価ではありません" in line for line in status.rules("ja"))
    assert any("not Nerima" in line for line in status.rules("en"))


@pytest.fixture(scope="module")
def sql():
    con = duckdb.connect()
    views = (SQL_DIR / "views.sql").read_text(encoding="utf-8")
    status_macro = views.split("create or replace macro planboard_status", 1)[1].split(";", 1)[0]
    con.execute("create or replace macro planboard_status" + status_macro)
    yield con
    con.close()


def test_sql_macro_agrees_with_the_python_rules_on_every_case(sql):
    rules = ["at_least", "stage", "increase", "none", None]
    values = [None, 0, 3, 4, 12, 14, 15, 16]
    stages = [None, 0, 1, 2, 3]
    cases = list(itertools.product(rules, [None, 14, 16], [None, 2, 3], values, stages, [None, 4, 12], [True, False]))
    frame = pd.DataFrame(cases, columns=["rule", "pv", "ps", "av", "sn", "bv", "ended"]).astype(object)
    frame = frame.where(frame.notna(), None)
    sql.register("cases", frame)
    got = sql.execute(
        """select planboard_status(rule::varchar, pv::double, ps::int, av::double, sn::int, bv::double,
                                   ended::boolean, 0.9) from cases"""
    ).fetchall()
    for case, (code,) in zip(cases, got, strict=True):
        rule, pv, ps, av, sn, bv, ended = case
        expected = status.evaluate(
            rule=rule,
            planned_value=pv,
            planned_stage_no=ps,
            actual_value=av,
            actual_stage_no=sn,
            base_value=bv,
            year_ended=ended,
            ratio=0.9,
        )
        assert code == expected, case
    assert len(cases) > 10_000
