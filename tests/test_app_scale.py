"""Every page works on a store of many plans (the synthetic --small store), and plans are easy to pick."""

from __future__ import annotations

import pytest

from planboard import synth
from tests.conftest import app_test


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
