"""Shared fixtures: a store built from data/plan/ in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planboard import store
from planboard.settings import PROJECT_ROOT

PLAN_DIR = PROJECT_ROOT / "data" / "plan"
PLAN_ID = "nerima-2018"


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """A store built once per test session; tests must only read it."""
    db = tmp_path_factory.mktemp("store") / "planboard.duckdb"
    store.build(db, PLAN_DIR)
    return db


@pytest.fixture
def fresh_db(tmp_path, built_db) -> Path:
    """A private copy of the built store that a test may write to."""
    db = tmp_path / "planboard.duckdb"
    shutil.copy(built_db, db)
    return db


@pytest.fixture
def con(built_db):
    c = store.connect(built_db, read_only=True)
    yield c
    c.close()


def table_snapshot(db: Path) -> dict[str, list]:
    """Every row of every table, to prove a rejected write changed nothing."""
    c = store.connect(db, read_only=True)
    try:
        tables = [
            r[0]
            for r in c.execute(
                "select table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        return {t: sorted(map(repr, c.execute(f'select * from "{t}"').fetchall())) for t in tables}  # noqa: S608
    finally:
        c.close()


def app_test(db: Path, monkeypatch, page: str | None = None):
    """An AppTest of the whole app (router and sidebar included) on the store at db.

    AppTest re-detects the `pages/` folder before every run, so every rerun would
    first take Streamlit's old multipage path (see planboard.ui.page_state) and
    lose the widget values a test has just set. The server decides once per
    process; the patch below makes AppTest decide the way st.navigation does.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original_init = PagesManager.__init__

    def init_without_pages_dir_mode(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init_without_pages_dir_mode)
    monkeypatch.setenv("PLANBOARD_DB", str(db))
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=30)
    if page:
        at.switch_page(page)
    return at


def open_view_options(app):
    """Open the sidebar's 「表示の時点・サンプル」 as a click would: its widgets are drawn only then."""
    app.session_state["w_view_options"] = True
    return app.run()


def open_chart_tables(app):
    """Open every 「表で見る」 of the page as clicks would: their tables are drawn only then."""
    for expander in app.expander:
        if expander.key and expander.key.startswith("table_"):
            app.session_state[expander.key] = True
    return app.run()


def count_chart(con, item_no: str = "18-3"):
    """The leading chart of a Nerima count item (18-3: consultation plazas), as the pages build it."""
    from planboard import item_charts, loaders

    rows = loaders.metric_year(con, PLAN_ID, item_no=item_no)
    stages, facets = loaders.metric_stages(con, PLAN_ID, item_no), loaders.metric_facets(con, PLAN_ID, item_no)
    return item_charts.charts_for_item(rows, stages, facets, "ja", 2019, first=1)[0]
