"""Every query in queries/ runs, and every caller passes exactly the parameters its SQL names."""

from __future__ import annotations

import ast

import pytest

from planboard import loaders, queries
from planboard.settings import PROJECT_ROOT
from planboard.store import now_jst
from tests.conftest import PLAN_ID

CALLER_FILES = sorted((PROJECT_ROOT / "planboard").glob("*.py"))


def _calls():
    """(file, line, query name, keyword names) for every queries.run / rows / arrow / plain(con, "name", ...) call."""
    for path in CALLER_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("run", "rows", "arrow", "plain")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "queries"
            ):
                name = node.args[1].value
                yield path.name, node.lineno, name, {k.arg for k in node.keywords}


def test_every_caller_passes_exactly_the_named_parameters():
    calls = list(_calls())
    assert calls, "no callers found"
    for file, line, name, passed in calls:
        assert passed == queries.named_parameters(queries.load(name)), f"{file}:{line} {name}"


def test_every_query_file_has_a_caller():
    called = {name for _f, _l, name, _p in _calls()}
    assert called == set(queries.names())


def test_wrong_parameters_are_refused(con):
    with pytest.raises(queries.QueryParameterError):
        queries.run(con, "footnotes", plan_id=PLAN_ID)
    with pytest.raises(queries.QueryParameterError):
        queries.run(con, "plans", plan_id=PLAN_ID)


def test_parameters_are_bound_not_formatted(con):
    hostile = "18-3' or '1'='1"
    assert loaders.initiative(con, PLAN_ID, hostile) is None
    assert loaders.items(con, PLAN_ID, 2019, bureau="x'; drop table plan; --").empty
    assert con.execute("select count(*) from plan").fetchone()[0] == 1


def test_items_lists_every_item_with_department_goal_and_status(con):
    df = loaders.items(con, PLAN_ID, 2019)
    assert list(df["item_no"]) == ["18-1", "18-2", "18-3", "18-4", "18-5", "18-6", "18-7", "18-8", "2-4"]
    row = df.set_index("item_no").loc["18-3"]
    assert (row["bureau"], row["section"], row["goal_text"]) == ("地域文化部", "協働推進課", "相談情報ひろば 計16か所")
    # no actuals have been reported in the default store: never invent one
    assert set(df["status"]) == {"no_actual"}


def test_department_filter_narrows_items_and_metric_rows(con):
    items = loaders.items(con, PLAN_ID, 2019, section="保育課")
    assert list(items["item_no"]) == ["2-4"]
    assert list(loaders.items(con, PLAN_ID, 2019, bureau="地域文化部")["item_no"]) == ["18-2", "18-3", "18-4"]
    rows = loaders.metric_year(con, PLAN_ID, bureau="企画部")
    assert set(rows["item_no"]) == {"18-6", "18-8"}


def test_department_items_in_document_order(con):
    assert loaders.department_items(con, PLAN_ID, section="保育課") == ["2-4"]
    assert loaders.department_items(con, PLAN_ID, bureau="地域文化部") == ["18-2", "18-3", "18-4"]
    assert loaders.department_items(con, PLAN_ID) == list(loaders.plan_items(con, PLAN_ID)["item_no"])


def test_departments_in_plan_order(con):
    df = loaders.departments(con, PLAN_ID)
    assert df["bureau"].iloc[0] == "区政改革担当部"
    assert list(df.loc[df["bureau"] == "こども家庭部", "section"]) == [
        "子育て支援課",
        "保育課",
        "練馬子ども家庭支援センター",
    ]


def test_item_detail_loaders(con):
    item = loaders.initiative(con, PLAN_ID, "18-7")
    assert item["title_ja"] == "住民税などの新たな納付方法の導入" and item["goal_no"] == 3
    assert list(loaders.footnotes(con, PLAN_ID, "18-7")["footnote_no"]) == ["※1", "※2"]
    assert len(loaders.metric_stages(con, PLAN_ID, "18-7")) == 15
    assert len(loaders.metric_facets(con, PLAN_ID, "18-7")) == 5
    assert len(loaders.revisions(con, PLAN_ID, "18-3")) == 2


def test_as_of_before_anything_was_recorded_shows_only_the_documents_baselines(con):
    early = loaders.metric_year(con, PLAN_ID, as_of=now_jst().replace(year=2000))
    known = early[early["actual_revision_id"].notna()]
    baselines = con.execute(
        "select count(*) from actual_revision where plan_id = ? and change_kind = 'baseline'", [PLAN_ID]
    ).fetchone()[0]
    assert len(known) == baselines > 0  # the document's figures, known from the start
    assert (
        set(known["year_role"]) == {"baseline"} and early.loc[early["year_role"] == "plan", "actual_value"].isna().all()
    )
    assert loaders.data_as_of(con, PLAN_ID, as_of=now_jst().replace(year=2000)) is None
    # baselines copied from the document are not reports: no "as of" until someone reports
    assert loaders.data_as_of(con, PLAN_ID) is None


def _store(store_name: str, built_db, tmp_path_factory):
    """The Nerima store, or a small synthetic one of twelve plans."""
    from planboard import synth

    if store_name == "seed":
        return built_db
    db = tmp_path_factory.mktemp("synth") / "small.duckdb"
    synth.write_store(db, synth.PRESETS["small"])
    return db


@pytest.mark.parametrize("store_name", ["seed", "synth"])
def test_items_from_rows_agrees_with_the_items_query(store_name, built_db, tmp_path_factory):
    """Pages list items from the metric_year rows they already have; the result is the items query's."""
    import pandas as pd

    from planboard import store

    with store.reading(_store(store_name, built_db, tmp_path_factory)) as c:
        for plan in loaders.plans(c).head(3).itertuples():
            depts = loaders.departments(c, plan.plan_id)
            pairs = list(zip(depts["bureau"], depts["section"], strict=True))
            filters = [(None, None), (pairs[0][0], None), pairs[0], pairs[-1]]
            for bureau, section in filters:
                rows = loaders.metric_year(c, plan.plan_id, bureau=bureau, section=section)
                for year in range(int(plan.first_fy) - 1, int(plan.last_fy) + 1):
                    expected = loaders.items(c, plan.plan_id, year, bureau=bureau, section=section)
                    actual = loaders.items_from_rows(rows, year, loaders.plan_items(c, plan.plan_id))
                    # the item page's one status agrees too, item by item
                    statuses = dict(zip(expected["item_no"], expected["status"], strict=True))
                    for item_no in loaders.plan_items(c, plan.plan_id)["item_no"]:
                        one_item = rows[rows["item_no"] == item_no]
                        assert loaders.item_status(one_item, year, item_no) == statuses.get(item_no), (item_no, year)
                    if expected.empty:
                        assert actual.empty
                        continue
                    # None or NaN for a missing mark, depending on the column's other values
                    same = lambda df: df.astype(object).where(df.notna(), None)  # noqa: E731
                    pd.testing.assert_frame_equal(same(actual), same(expected), check_dtype=False)


@pytest.mark.parametrize("store_name", ["seed", "synth"])
def test_by_item_gives_what_the_mask_and_the_per_item_queries_give(store_name, built_db, tmp_path_factory):
    """The overview and department pages split the plan's rows, stages and facets once per page."""
    import pandas as pd

    from planboard import store

    with store.reading(_store(store_name, built_db, tmp_path_factory)) as c:
        for plan_id in loaders.plans(c)["plan_id"].head(2):
            rows = loaders.metric_year(c, plan_id)
            rows_of = loaders.by_item(rows)
            item_nos = list(loaders.plan_items(c, plan_id)["item_no"]) + ["no-such-item"]
            for item_no in item_nos:
                pd.testing.assert_frame_equal(rows_of(item_no), rows[rows["item_no"] == item_no])
            assert sum(len(rows_of(no)) for no in item_nos) == len(rows)
            for loader in (loaders.metric_stages, loaders.metric_facets):
                whole = loader(c, plan_id, None)
                part_of = loaders.by_item(whole, reset_index=True)
                for item_no in item_nos:
                    part = part_of(item_no)
                    pd.testing.assert_frame_equal(part, whole[whole["item_no"] == item_no].reset_index(drop=True))
                    # the per-item query's own empty result has object columns
                    pd.testing.assert_frame_equal(part, loader(c, plan_id, item_no), check_dtype=not part.empty)
            # item_parts hands the pages the three parts together
            stages, facets = loaders.metric_stages(c, plan_id, None), loaders.metric_facets(c, plan_id, None)
            parts_of = loaders.item_parts(rows, stages, facets)
            for item_no in item_nos:
                got = parts_of(item_no)
                expected = (
                    rows_of(item_no),
                    *(loaders.by_item(f, reset_index=True)(item_no) for f in (stages, facets)),
                )
                for part, want in zip(got, expected, strict=True):
                    pd.testing.assert_frame_equal(part, want)
