"""Every page works on a store of many plans (the synthetic --small store), and plans are easy to pick."""

from __future__ import annotations

import pytest

from planboard import loaders, store, synth, ui
from tests.conftest import app_test, open_view_options


@pytest.fixture(scope="module")
def synth_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("synth-app") / "small.duckdb"
    synth.write_store(db, synth.PRESETS["small"])
    return db


@pytest.mark.parametrize("page", ["overview", "items", "item", "department", "present", "history"])
def test_every_page_runs_on_a_store_of_many_plans(synth_db, monkeypatch, page):
    app = app_test(synth_db, monkeypatch, f"pages/{page}.py")
    app.query_params["plan"] = "synth-0007"
    app.query_params["bureau"] = "架空環境部" if page == "department" else ""
    app.run()
    assert not app.exception, app.exception
    assert app.selectbox(key="w_plan").value == "synth-0007"


def test_the_plan_list_names_municipality_and_period(synth_db, monkeypatch):
    app = app_test(synth_db, monkeypatch)
    app.run()
    box = app.selectbox(key="w_plan")
    assert len(box.options) == synth.PRESETS["small"].plans
    label = box.options[0]
    assert label.startswith("架空市") and "年度 — " in label, label
    box.set_value("synth-0003").run()
    assert not app.exception
    assert app.query_params.get("plan") == "synth-0003"


@pytest.fixture(scope="module")
def many_plans_db(tmp_path_factory):
    """More plans than the sidebar lists at once (ui.PLAN_LIST_FOLD_AT)."""
    db = tmp_path_factory.mktemp("synth-many") / "many.duckdb"
    synth.write_store(db, synth.SynthSpec(plans=ui.PLAN_LIST_FOLD_AT + 5, metrics=12, years=2, revisions_per_year=1))
    return db


def _plan_list(app):
    return next(e for e in app.sidebar.expander if e.key == "w_plan_list")


def test_many_plans_are_listed_only_when_the_plan_list_is_opened(many_plans_db, monkeypatch):
    """The folded list names the chosen plan; its options reach the browser only while open."""
    app = app_test(many_plans_db, monkeypatch)
    app.query_params["plan"] = "synth-0042"
    app.run()
    assert not app.exception, app.exception
    assert not [box for box in app.sidebar.selectbox if box.key == "w_plan"]
    folded = _plan_list(app)
    assert folded.label.startswith("計画: 架空市0042（合成） ") and f"全{ui.PLAN_LIST_FOLD_AT + 5}件" in folded.label
    assert app.session_state["w_plan"] == "synth-0042"

    app.session_state["w_plan_list"] = True  # opened, as a click would
    app.run()
    box = app.selectbox(key="w_plan")
    assert box.value == "synth-0042" and len(box.options) == ui.PLAN_LIST_FOLD_AT + 5
    box.set_value("synth-0003").run()
    assert not app.exception, app.exception
    # The choice folds the list away again, and holds on later runs while folded.
    assert not [box for box in app.sidebar.selectbox if box.key == "w_plan"]
    assert _plan_list(app).label.startswith("計画: 架空市0003（合成） ")
    assert app.query_params.get("plan") == "synth-0003"
    app.selectbox(key="w_fy").set_value(app.selectbox(key="w_fy").options[0]).run()
    assert app.session_state["w_plan"] == "synth-0003"
    assert app.query_params.get("plan") == "synth-0003"


def test_the_folded_plan_list_speaks_the_chosen_language(many_plans_db, monkeypatch):
    app = app_test(many_plans_db, monkeypatch)
    app.query_params["plan"] = "synth-0007"
    app.run()
    app.radio(key="w_lang").set_value("en").run()
    assert not app.exception, app.exception
    assert (
        _plan_list(app).label.startswith("Plan: ")
        and f"(choose from {ui.PLAN_LIST_FOLD_AT + 5})" in _plan_list(app).label
    )
    assert app.session_state["w_plan"] == "synth-0007"


def test_the_plan_list_holds_across_the_sample_data_switch(many_plans_db, monkeypatch, tmp_path):
    """The sample store has its own plan: back on the store of many plans, the folded list
    starts again from that store's first plan instead of failing on the sample's."""
    monkeypatch.setenv("PLANBOARD_DEMO_DB", str(tmp_path / "demo.duckdb"))
    app = app_test(many_plans_db, monkeypatch)
    app.query_params["plan"] = "synth-0042"
    app.run()
    open_view_options(app).toggle(key="w_demo").set_value(True).run()
    assert not app.exception, app.exception
    app.toggle(key="w_demo").set_value(False).run()
    assert not app.exception, app.exception
    with store.reading(many_plans_db) as con:
        first = loaders.plans(con).iloc[0]
    assert app.session_state["w_plan"] == first["plan_id"]
    assert _plan_list(app).label.startswith(f"計画: {first['municipality_ja']} ")
