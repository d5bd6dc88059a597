"""The server-side work of each dashboard page, for the benchmark: loaders, charts, tables.

Each function does what the page file does before drawing (pages/overview.py,
pages/items.py, pages/item.py, pages/department.py): the same loaders with the same
parameters, the same chart builders and tables, the charts' cache keys (fingerprint.of),
and what plotly_view.show sends for every figure (its JSON and margin key). It runs on one
read-only connection opened for the run, as the app does inside store.shared_reads. Every
loader runs (no st.cache_data hit), so each filter change is measured as a cache miss; only
the plan list, which the app loads once per store version, is left out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from planboard import charts, fingerprint, item_charts, loaders, plotly_view, store, tables

PAGES = ("overview", "items", "item", "department")


@dataclass(frozen=True)
class View:
    """One filter state: what the sidebar (and the item picker) has chosen."""

    plan_id: str
    fiscal_year: int
    bureau: str | None = None
    section: str | None = None
    item_no: str | None = None
    language: str = "ja"


def _serialise(chart_list) -> int:
    # plotly_view.show sends each figure as JSON with its margin key: part of the server's work
    # (made once a chart, Chart.screen; every chart here is new, as on a cache miss).
    for chart in chart_list:
        plotly_view.chart_data(chart.screen, chart.title, "")
    return len(chart_list)


def overview(con, v: View) -> int:
    """pages/overview.py: statuses, the summary chart, each headline item's leading chart, the reasons."""
    rows = loaders.metric_year(con, v.plan_id, bureau=v.bureau, section=v.section, item_no=None)
    items = loaders.items_from_rows(rows, v.fiscal_year, loaders.plan_items(con, v.plan_id))
    loaders.data_as_of(con, v.plan_id)
    stages = loaders.metric_stages(con, v.plan_id, None)
    facets = loaders.metric_facets(con, v.plan_id, None)
    if items.empty:
        return 0
    fingerprint.of(items)  # ui.status_summary's cache key
    built = [charts.status_summary(items, v.language)]
    headline = items[items["headline_order"].notna()].sort_values("headline_order")
    built += _leading_charts(rows, stages, facets, headline["item_no"], v)
    item_charts.reasons(rows, items, v.fiscal_year, v.language, stages)
    return _serialise(built)


def items_page(con, v: View) -> int:
    """pages/items.py without filters: the item list and the metric table with notes."""
    rows = loaders.metric_year(con, v.plan_id, bureau=v.bureau, section=v.section, item_no=None)
    items = loaders.items_from_rows(rows, v.fiscal_year, loaders.plan_items(con, v.plan_id))
    if items.empty:
        return 0
    notes = loaders.metric_notes(con, v.plan_id, None)
    tables.metric_table(
        rows[rows["item_no"].isin(items["item_no"])],
        items,
        v.language,
        v.fiscal_year,
        link_params={"plan": v.plan_id, "fy": str(v.fiscal_year)},
        notes=notes,
    )
    return 0


def item_page(con, v: View) -> int:
    """pages/item.py: one item's texts, charts, notes and history."""
    plan_items = loaders.plan_items(con, v.plan_id)
    in_department = loaders.department_items(con, v.plan_id, v.bureau, v.section)
    item_no = v.item_no or next(iter(in_department), plan_items["item_no"].iloc[0])
    loaders.initiative(con, v.plan_id, item_no)
    rows = loaders.metric_year(con, v.plan_id, bureau=None, section=None, item_no=item_no)
    loaders.metrics(con, v.plan_id, item_no)
    stages = loaders.metric_stages(con, v.plan_id, item_no)
    facets = loaders.metric_facets(con, v.plan_id, item_no)
    loaders.footnotes(con, v.plan_id, item_no)
    history = loaders.revisions(con, v.plan_id, item_no)
    loaders.metric_notes(con, v.plan_id, item_no)
    item_status = loaders.item_status(rows, v.fiscal_year, item_no)
    item_charts.reason(rows[rows["fiscal_year"] == v.fiscal_year], item_status, v.language, stages)
    fingerprint.of(rows, stages, facets)  # ui.charts_for_item's cache key
    built = item_charts.charts_for_item(rows, stages, facets, v.language, v.fiscal_year)
    tables.history_table(history, v.language)
    return _serialise(built)


def department_page(con, v: View) -> int:
    """pages/department.py with a 部 or 課 chosen: its items, statuses, leading charts and reasons."""
    rows = loaders.metric_year(con, v.plan_id, bureau=v.bureau, section=v.section, item_no=None)
    items = loaders.items_from_rows(rows, v.fiscal_year, loaders.plan_items(con, v.plan_id))
    stages = loaders.metric_stages(con, v.plan_id, None)
    facets = loaders.metric_facets(con, v.plan_id, None)
    item_charts.reasons(rows, items, v.fiscal_year, v.language, stages)
    return _serialise(_leading_charts(rows, stages, facets, items["item_no"], v))


def _leading_charts(rows, stages, facets, item_nos, v: View) -> list:
    """ui.leading_chart for each item: its first chart and the count of the others."""
    parts_of = loaders.item_parts(rows, stages, facets)
    built = []
    for no in item_nos:
        item_rows, item_stages, item_facets = parts_of(no)
        fingerprint.of(item_rows, item_stages, item_facets)  # ui.charts_for_item's cache key
        item_charts.chart_count(item_rows, item_facets)
        built += item_charts.charts_for_item(item_rows, item_stages, item_facets, v.language, v.fiscal_year, first=1)
    return built


PAGE_FUNCTIONS = {"overview": overview, "items": items_page, "item": item_page, "department": department_page}


def run_page(db: Path, page: str, view: View) -> int:
    """One page run as the app makes it: the sidebar's departments, then the page; returns its chart count."""
    with store.shared_reads(), store.reading(db) as con:
        loaders.departments(con, view.plan_id)
        return PAGE_FUNCTIONS[page](con, view)


def filter_changes(db: Path, page: str, n: int, seed: int = 7) -> list[View]:
    """n filter states for a page: plans, years and departments drawn at random (fixed seed).

    The department page always has a 部 or 課 chosen; the item page an item.
    """
    rng = random.Random(f"{seed}-{page}")
    with store.reading(db) as con:
        plans = loaders.plans(con)
        picked = plans.sample(n=min(n, len(plans)), random_state=rng.randrange(1 << 30), replace=False)
        views = []
        for i in range(n):
            plan = picked.iloc[i % len(picked)]
            years = list(range(int(plan["first_fy"]), int(plan["last_fy"]) + 1))
            depts = loaders.departments(con, plan["plan_id"])
            bureau = section = item_no = None
            choice = rng.random()
            if page == "department" or choice < 0.3:
                d = depts.iloc[rng.randrange(len(depts))]
                bureau = d["bureau"]
                section = d["section"] if rng.random() < 0.4 else None
            if page == "item":
                bureau = section = None
                items = loaders.items(con, plan["plan_id"], years[-1])
                item_no = items["item_no"].iloc[rng.randrange(len(items))]
            views.append(View(plan["plan_id"], rng.choice(years), bureau, section, item_no, rng.choice(["ja", "en"])))
    return views
