"""Streamlit helpers shared by the pages: the cached store, the shared sidebar and
the view state that lives in the URL. The only module of planboard/ that imports
Streamlit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from planboard import charts, exports, fingerprint, i18n, item_charts, loaders, plotly_view, settings, status, store
from planboard.chart_text import shortened
from planboard.fiscal_year import format_fiscal_year, parse_fiscal_year
from planboard.validation import normalise_code

URL_KEYS = ("lang", "plan", "fy", "bureau", "section", "item", "asof", "demo")
MAX_NOTICE_VALUE = 40
# A run waits at most this long for its turn (max_concurrent_runs), then runs anyway: never forever.
RUN_SLOT_WAIT_S = 120


@dataclass
class ViewState:
    """What the user is looking at; every field round-trips through the query string."""

    language: str
    plan: dict
    fiscal_year: int
    bureau: str | None = None
    section: str | None = None
    item_no: str | None = None
    as_of_date: dt.date | None = None  # "as reported on date D"; None = now
    demo: bool = False  # showing the demo store's fictional sample data
    notices: list[str] = field(default_factory=list)

    has_sample: bool = False  # the store shown holds the fictional sample, whatever switched it on

    @property
    def sample_label(self) -> str | None:
        """The label every page and export wears while fictional sample data is shown."""
        return i18n.t("sample_label", self.language) if self.demo or self.has_sample else None

    @property
    def plan_id(self) -> str:
        return self.plan["plan_id"]

    def t(self, key: str, **values) -> str:
        return i18n.t(key, self.language, **values)

    def fy_label(self, year: int | None = None) -> str:
        return format_fiscal_year(self.fiscal_year if year is None else int(year), self.language)


@st.cache_resource(show_spinner=False)
def _run_slots(count: int) -> threading.BoundedSemaphore:
    # One per server process: every session's runs share it.
    return threading.BoundedSemaphore(count)


@contextlib.contextmanager
def run_slot():
    """Take one of the server's max_concurrent_runs turns for this page run.

    Streamlit starts every session's run at once in its own thread, and Python runs one
    thread at a time: fifty viewers opening the link together would all finish after the
    whole minute. Taking turns lets the first finish in a second and the last no later.
    """
    count = int(settings.get("max_concurrent_runs"))
    if count <= 0:
        yield
        return
    slots = _run_slots(count)
    acquired = slots.acquire(timeout=RUN_SLOT_WAIT_S)
    try:
        yield
    finally:
        if acquired:
            slots.release()


@st.cache_resource(show_spinner=False)
def _ensure_store(db_path: str) -> str:
    # Built once per server process: the store is created from data/plan/ on first run.
    return str(store.ensure_store(Path(db_path)))


@st.cache_resource(show_spinner=False)
def _ensure_demo_store() -> str:
    # The demo store is disposable and separate from the default store.
    from planboard import demo

    path = Path(settings.get("demo_db"))
    if not path.exists() or store.stored_schema_version(path) < store.SCHEMA_VERSION:
        demo.build_demo_store(path)
    return str(path)


def db_path() -> Path:
    """The store this session shows: the demo store while demo mode is on, else the default store."""
    if st.session_state.get("w_demo"):
        return Path(_ensure_demo_store())
    return Path(_ensure_store(str(store.resolve_db_path())))


def as_of() -> dt.datetime | None:
    """End of the chosen day (JST) when the view is "as reported on date D", else None (now)."""
    day = st.session_state.get("w_asof")
    return dt.datetime.combine(day, dt.time(23, 59, 59)) if day else None


def _store_version(path: Path) -> tuple:
    # Writes from any process change the file or its WAL, which invalidates the cache.
    parts = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            s = p.stat()
            parts.append((s.st_mtime_ns, s.st_size))
        except FileNotFoundError:
            parts.append(None)
    return tuple(parts)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, version: tuple, today: dt.date, name: str, params: tuple):
    with store.reading(Path(path)) as con:
        return getattr(loaders, name)(con, **dict(params))


def load(name: str, **params):
    """Run loaders.<name> on the store, cached until the store changes.

    Loaders that take as_of get the view's "as reported on" time unless given one.
    """
    if "as_of" in inspect.signature(getattr(loaders, name)).parameters:
        params.setdefault("as_of", as_of())
    path = db_path()
    return _cached(str(path), _store_version(path), dt.date.today(), name, tuple(sorted(params.items())))


def escape_markdown(text: object) -> str:
    """Show user- or link-supplied text literally in a markdown element."""
    return escape_markdown_long(shortened(str(text), MAX_NOTICE_VALUE))


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value not in (None, "") else None


def _choice_from_url(name: str, options: list, parse, notices: list, language: str):
    """The option named in the URL, or None with a notice when it is unusable."""
    raw = _param(name)
    if raw is None:
        return None
    try:
        value = parse(raw)
    except (ValueError, TypeError):
        value = None
    if value is not None and (options is None or value in options):
        return value
    notices.append(i18n.t("notice_bad_param", language, name=name, value=escape_markdown(raw)))
    return None


def _init_from_url(plans: pd.DataFrame) -> None:
    """Seed the sidebar widgets from the query string once per session."""
    notices: list[str] = []
    lang = _choice_from_url("lang", list(i18n.LANGUAGES), str, notices, i18n.default_language())
    language = lang or i18n.default_language()
    plan_id = _choice_from_url("plan", list(plans["plan_id"]), str, notices, language)
    plan = _plan_row(plans, plan_id)
    years = list(range(int(plan["first_fy"]), int(plan["last_fy"]) + 1))
    fy = _choice_from_url("fy", years, parse_fiscal_year, notices, language)
    depts = load("departments", plan_id=plan["plan_id"])
    bureau = _choice_from_url("bureau", list(depts["bureau"].unique()), str, notices, language)
    sections = list(depts.loc[depts["bureau"] == bureau, "section"] if bureau else depts["section"])
    section = _choice_from_url("section", sections, str, notices, language)
    if section and not bureau:
        bureau = depts.loc[depts["section"] == section, "bureau"].iloc[0]
    as_of_day = _choice_from_url("asof", None, _past_date, notices, language) if _param("asof") else None
    _choice_from_url("demo", ["0", "1"], str, notices, language)  # read in sidebar(); here only checked
    item = None
    if _param("item"):  # the plan's metrics are read only to check an item named in the link
        plan_items = list(load("plan_metrics", plan_id=plan["plan_id"])["item_no"].unique())
        item = _choice_from_url("item", plan_items, normalise_code, notices, language)
    st.session_state.update(
        w_asof=as_of_day,
        w_lang=language,
        w_plan=plan["plan_id"],
        w_fy=fy or _default_year(years),
        w_bureau=bureau or "",
        w_section=section or "",
        item=item,
        url_notices=notices,
    )


def _past_date(text: str) -> dt.date:
    day = dt.date.fromisoformat(text)
    if not dt.date(2000, 1, 1) <= day <= dt.date.today():
        raise ValueError(text)
    return day


def number_param(raw: str | None, low: int, high: int) -> int | None:
    """A whole number from the link within low..high, else None. Only ASCII digits, and only a few:
    int() would also take '２' and fail on '²' or on thousands of digits."""
    if raw is None or not (raw.isascii() and raw.isdigit() and len(raw) <= 6):
        return None
    number = int(raw)
    return number if low <= number <= high else None


def _default_year(years: list[int]) -> int:
    wanted = int(settings.get("default_fiscal_year"))
    return wanted if wanted in years else years[-1]


def _plan_row(plans: pd.DataFrame, plan_id: str | None) -> dict:
    rows = plans[plans["plan_id"] == plan_id] if plan_id else plans.head(1)
    return rows.iloc[0].to_dict()


def keep_state(key: str) -> None:
    """Carry a widget's value into this run even if the widget is not drawn in it.

    Streamlit drops the value of a widget that a run does not draw, and starts a widget anew
    when its label changes (a new language, year or title); set again, the value holds.
    """
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]


def folded(title: str, key: str, expanded: bool = False):
    """An expander whose content is drawn only while it is open, or None while it is closed.

    Streamlit loads the code of every element type on a page before it shows the page, also
    for elements in a closed expander (docs/performance.md, change 30); so such content waits
    until it is opened, which reruns the page. The open state holds when the title changes.
    """
    keep_state(key)
    box = st.expander(title, expanded=expanded, key=key, on_change="rerun")
    return box if box.open else None


# Widgets whose options are shown in the viewer's language: the sidebar's, and the pages'.
LANGUAGE_LABELLED_KEYS = ("w_plan", "w_fy", "w_bureau", "w_section", "w_item_pick", "f_goal", "f_status", "f_mark")


def _language_changed() -> None:
    # The browser keeps a selectbox's or multiselect's value as the label it shows and
    # sends that label back on every later run. After a change of language the old label
    # is no longer among the options, so the next run (a page change) would reset the
    # widget: the year would go back to the default year. Setting each value again here
    # makes the server send it to the browser with the new language's label.
    for key in LANGUAGE_LABELLED_KEYS:
        keep_state(key)


# The as-of date and the sample switch are drawn only while their expander is open: the date
# input's code, loaded even for a closed expander, held back every page's first drawing
# (docs/performance.md, change 30). Opening or closing it reruns the page.
_VIEW_OPTION_KEYS = ("w_asof", "w_demo")


def _view_options(t) -> None:
    # Open at first when the link sets either option (asof, demo=1), then as the user leaves it.
    # The first state is kept for the session: the expander stays the same widget on every run.
    open_at_start = st.session_state.setdefault(
        "view_options_open_at_start", any(st.session_state.get(key) for key in _VIEW_OPTION_KEYS)
    )
    for key in _VIEW_OPTION_KEYS:
        keep_state(key)
    options = folded(t("sidebar_view_options"), "w_view_options", expanded=open_at_start)
    if options is None:
        return
    with options:
        st.date_input(
            t("sidebar_as_of"),
            key="w_asof",
            min_value=dt.date(2000, 1, 1),
            max_value=dt.date.today(),
            help=t("sidebar_as_of_help"),
            format="YYYY-MM-DD",
        )
        st.toggle(t("sidebar_demo"), key="w_demo", help=t("sidebar_demo_help"))


# Above this many plans the plan list is folded away, drawn only while open: Streamlit's
# selectbox makes the browser decode and lay out every option on every page load, ~0.2 s
# for 1,741 plans (docs/performance.md, change 33). Opening or closing it reruns the page.
PLAN_LIST_FOLD_AT = 50


def _plan_chooser(plans: pd.DataFrame, language: str) -> str:
    """The sidebar's plan selectbox, inside a folded 「計画: <chosen plan>」 when the store holds
    many plans; returns the chosen plan_id."""
    path = db_path()
    labels = _store_plan_labels(str(path), _store_version(path), language)

    def choose(**on_change) -> str:
        return st.selectbox(
            i18n.t("sidebar_plan", language),
            list(plans["plan_id"]),
            key="w_plan",
            format_func=labels.__getitem__,
            help=i18n.t("sidebar_plan_help", language),
            **on_change,
        )

    if len(plans) <= PLAN_LIST_FOLD_AT:
        return choose()
    chosen = st.session_state.get("w_plan")
    if chosen not in labels:  # none yet, or a plan of another store (the sample's, a restore's)
        chosen = plans["plan_id"].iloc[0]
    place_and_period = escape_markdown_long(plan_place_and_period(_plan_row(plans, chosen), language))
    plan_list = folded(i18n.t("sidebar_plan_folded", language, plan=place_and_period, n=len(plans)), "w_plan_list")
    if plan_list is None:
        st.session_state["w_plan"] = chosen  # kept while the selectbox is not drawn
        return chosen
    with plan_list:
        return choose(on_change=_close_plan_list)


def _close_plan_list() -> None:
    # A plan was chosen: fold the list away again, so the next pages load without it.
    st.session_state["w_plan_list"] = False


def sidebar() -> ViewState:
    """Draw the shared sidebar (language, plan, year, 部 → 課) and return the view state."""
    if "w_lang" not in st.session_state and "w_demo" not in st.session_state:
        # Demo mode picks the store, so it is read from the link before anything is loaded.
        st.session_state["w_demo"] = _param("demo") == "1"
    plans = load("plans")
    if plans.empty:
        st.error(i18n.t("store_missing_plan", i18n.default_language()))
        st.stop()
    if "w_lang" not in st.session_state:
        _init_from_url(plans)
    with st.sidebar:
        language = st.radio(
            i18n.t("sidebar_language", st.session_state["w_lang"]),
            list(i18n.LANGUAGES),
            format_func=i18n.LANGUAGES.get,
            key="w_lang",
            horizontal=True,
            on_change=_language_changed,
        )
        t = lambda key, **v: i18n.t(key, language, **v)  # noqa: E731
        plan = _plan_row(plans, _plan_chooser(plans, language))
        years = list(range(int(plan["first_fy"]), int(plan["last_fy"]) + 1))
        if st.session_state.get("w_fy") not in years:
            st.session_state["w_fy"] = _default_year(years)
        fiscal_year = st.selectbox(
            t("sidebar_fiscal_year"),
            years,
            key="w_fy",
            format_func=lambda y: format_fiscal_year(y, language),
        )
        depts = load("departments", plan_id=plan["plan_id"])
        # "" stands for "all": a None option would show as an empty placeholder.
        bureaus = ["", *depts["bureau"].unique()]
        if st.session_state.get("w_bureau") not in bureaus:
            st.session_state["w_bureau"] = ""
        bureau = st.selectbox(
            t("sidebar_bureau"),
            bureaus,
            key="w_bureau",
            format_func=lambda b: b or t("all"),
        )
        sections = ["", *(depts.loc[depts["bureau"] == bureau, "section"] if bureau else depts["section"])]
        if st.session_state.get("w_section") not in sections:
            st.session_state["w_section"] = ""
        section = st.selectbox(
            t("sidebar_section"),
            sections,
            key="w_section",
            format_func=lambda s: s or t("all"),
        )
        _view_options(t)
    state = ViewState(
        language=language,
        plan=plan,
        fiscal_year=int(fiscal_year),
        bureau=bureau or None,
        section=section or None,
        item_no=st.session_state.get("item"),
        as_of_date=st.session_state.get("w_asof"),
        demo=bool(st.session_state.get("w_demo")),
        has_sample=load("has_sample_data", plan_id=plan["plan_id"]),
        notices=st.session_state.get("url_notices", []),
    )
    return state


# 1,741 plans' labels take ~14 ms to build: once per store version and language, not per run.
@st.cache_data(show_spinner=False, max_entries=16)
def _store_plan_labels(path: str, version: tuple, language: str) -> dict[str, str]:
    return plan_labels(load("plans"), language)


def plan_labels(plans: pd.DataFrame, language: str) -> dict[str, str]:
    """plan_id → what the plan selectbox shows: municipality, then period, then title.

    With hundreds of municipalities in one store the list is searched by typing, so each
    label starts with what people type (the municipality, then the years). Built at once (and
    kept per store version): a format_func that looked each option up in the frame took seconds
    at 1,741 plans.
    """
    title = "title_en" if language == "en" else "title_ja"
    return {
        row["plan_id"]: f"{plan_place_and_period(row, language)} — {row[title]}" for row in plans.to_dict("records")
    }


def plan_place_and_period(plan: dict, language: str) -> str:
    """A plan row in short: 「架空市0042（合成） 2017–2024年度」."""
    if language == "en":
        return f"{plan['municipality_en']} FY{plan['first_fy']}–{plan['last_fy']}"
    return f"{plan['municipality_ja']} {plan['first_fy']}–{plan['last_fy']}年度"


PAGE_KEYS = ("slide", "hc")  # kept only on the page that owns them (presentation mode)


def write_url(state: ViewState, keep_page_keys: bool = False) -> None:
    """Put the view state in the query string so that a copied link reopens this view."""
    wanted = url_params(state)
    if keep_page_keys:
        wanted.update({k: st.query_params[k] for k in PAGE_KEYS if st.query_params.get(k)})
    current = {k: st.query_params.get(k) for k in (*URL_KEYS, *PAGE_KEYS) if st.query_params.get(k)}
    if current != wanted:
        st.query_params.from_dict(wanted)


def leave_pages_directory_mode() -> None:
    """Make this run go through the router: call before any widget is drawn.

    Streamlit treats a folder named `pages/` as an old-style multipage app until the
    router's st.navigation has run once in the server process, so the first session
    after a start runs inside a wrapper page: a deep link (/items) runs the page without
    the router, and the root runs the router nested in the wrapper, which gives the
    sidebar's widgets other ids than every later run: their values, seeded from the
    link, would fall back to the first option on the first page change (部 and 課
    dropped, English back to Japanese). Switching that mode off and rerunning before
    any widget exists sends the run through the router.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_state() -> ViewState:
    """The view state the router drew for this run; every page starts with it."""
    leave_pages_directory_mode()
    if "view_state" not in st.session_state:
        st.rerun()
    return st.session_state["view_state"]


def show_banners(state: ViewState) -> None:
    """What every page must say before anything else: sample data, or a view of the past."""
    if state.sample_label:
        st.warning(f"**{state.sample_label}** — {state.t('sample_banner')}", icon=":material/science:")
    if state.as_of_date:
        st.info(state.t("as_of_banner", day=state.as_of_date.isoformat()), icon=":material/history:")


def show_notices(state: ViewState) -> None:
    for notice in state.notices:
        st.warning(notice, icon="⚠️")
    state.notices.clear()
    st.session_state["url_notices"] = []


def status_badge(code: str, language: str) -> str:
    return status.STATUSES[code].badge(language)


def status_legend(state: ViewState) -> None:
    """The scale explained on screen, with the disclaimer that it is not Nerima's."""
    with st.expander(state.t("status_rules")):
        st.markdown("  \n".join(f"- {line}" for line in status.rules(state.language)))
        st.markdown("  \n".join(f"- {s.icon} **{s.label(state.language)}**" for s in status.STATUSES.values()))


def csv_bytes(df: pd.DataFrame, state: ViewState) -> bytes:
    """A table as CSV in UTF-8 with BOM, cells neutralised against formulas; while sample
    data is shown every row says so."""
    return exports.table_csv(df, state.sample_label, state.language)


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_downloads(df: pd.DataFrame, sheet: str, file_stem: str, key: str, state: ViewState) -> None:
    """A table's CSV and XLSX downloads (keys `<key>_csv` and `<key>_xlsx`), both made when clicked."""
    csv_download(df, file_stem, f"{key}_csv", state)
    xlsx_download(df, sheet, file_stem, f"{key}_xlsx", state)


def csv_download(df: pd.DataFrame, file_stem: str, key: str, state: ViewState, container=st) -> None:
    """A table as CSV (csv_bytes), made only when clicked: written on every run, a plan's history
    of 5,820 revisions took ~46 ms, and each chart's table a few ms more on every page."""
    container.download_button(
        state.t("download_csv"),
        lambda: csv_bytes(df, state),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=key,
        on_click="ignore",
    )


def xlsx_download(df: pd.DataFrame, sheet: str, file_stem: str, key: str, state: ViewState) -> None:
    """A table as an XLSX workbook of one sheet, cells neutralised as in its CSV and, while sample
    data is shown, labelled so on every row. Built only when clicked: openpyxl is slow on long tables."""
    st.download_button(
        state.t("download_xlsx"),
        lambda: exports.table_xlsx({sheet: df}, state.sample_label, state.language),
        file_name=f"{file_stem}.xlsx",
        mime=XLSX_MIME,
        key=key,
        on_click="ignore",
    )


# The frames go in unhashed (a leading underscore tells Streamlit so); `data` is their
# fingerprint.of: Streamlit's own hashing of DataFrames cost more than building the charts.
@st.cache_resource(show_spinner=False, max_entries=512)
def _item_charts(data: str, language: str, fiscal_year: int, first: int | None, _rows, _stages, _facets):
    return item_charts.charts_for_item(_rows, _stages, _facets, language, fiscal_year, first=first)


@st.cache_resource(show_spinner=False, max_entries=128)
def _status_summary(data: str, language: str, _items: pd.DataFrame):
    return charts.status_summary(_items, language)


def charts_for_item(rows: pd.DataFrame, stages: pd.DataFrame, facets: pd.DataFrame, state: ViewState, first=None):
    """item_charts.charts_for_item, built once per distinct data and shared by every session.

    The cache key is the data itself (its fingerprint), so a changed store builds anew.
    The charts are shared: show them, never modify them.
    """
    data = fingerprint.of(rows, stages, facets)
    return _item_charts(data, state.language, state.fiscal_year, first, rows, stages, facets)


def leading_chart(item_no: str, rows: pd.DataFrame, stages: pd.DataFrame, facets: pd.DataFrame, key: str, state):
    """An item's first chart, a note of how many more its page has, and the link to that page.

    The overview and department pages list many items: one chart each keeps them quick to
    draw and to read; the item page has them all.
    """
    for chart in charts_for_item(rows, stages, facets, state, first=1):
        show_chart(chart, key, state)
    more = item_charts.chart_count(rows, facets) - 1
    if more > 0:
        st.caption(state.t("more_charts", n=more))
    item_page_link(state, item_no, state.t("open_detail"))


def status_summary(items: pd.DataFrame, state: ViewState):
    """charts.status_summary, shared like charts_for_item."""
    return _status_summary(fingerprint.of(items), state.language, items)


def show_chart(chart, key: str, state: ViewState) -> None:
    """A chart, its one-sentence reading, and its data as a table with CSV, PNG and SVG downloads."""
    if chart.spec is not None:
        plotly_view.show(chart.screen, f"chart_{key}", chart.title, state.t("chart_unavailable"))
    st.markdown(escape_markdown_long(chart.sentence))
    chart_table(chart, key, state)


def chart_table(chart, key: str, state: ViewState) -> None:
    """「表で見る」: the chart's data as a table, folded away, with CSV, PNG and SVG downloads.

    Its content is drawn only while it is open (opening it reruns the page): a table drawn in a
    closed expander still makes the browser load Streamlit's table code (~1.2 MB) before it shows
    the page's elements, charts included (docs/performance.md, change 30).
    """
    box = folded(f"{state.t('show_table')}: {escape_markdown_long(chart.title)}", f"table_{key}")
    if box is None:
        return
    with box:
        st.dataframe(chart.table, hide_index=True, width="stretch")
        c1, c2, c3 = st.columns(3)
        csv_download(chart.table, key, f"csv_{key}", state, container=c1)
        if chart.spec is not None:
            # Rendered only when asked for: kaleido starts a browser, which takes seconds.
            c2.download_button(
                state.t("download_png"),
                lambda: exports.chart_png(chart, sample_label=state.sample_label),
                file_name=f"{key}.png",
                mime="image/png",
                key=f"png_{key}",
                on_click="ignore",
            )
            c3.download_button(
                state.t("download_svg"),
                lambda: exports.chart_svg(chart, sample_label=state.sample_label),
                file_name=f"{key}.svg",
                mime="image/svg+xml",
                key=f"svg_{key}",
                on_click="ignore",
            )


# Columns of short codes and words kept on one line: a browser sizes a Markdown table's columns
# by their text, and a long reason beside them would break 「18-1」 at its hyphen. Fixed text:
# only the table's key and column numbers go in.
_NOWRAP_RULE = ".st-key-{key} td:nth-child({column})"


def markdown_table(frame: pd.DataFrame, key: str, nowrap: tuple[int, ...] = ()) -> None:
    """A small table as Markdown: text in an HTML table, with no table code for the browser to load.

    Every cell is escaped; a line break in a cell becomes a space. The columns numbered in
    nowrap (from 1) keep each cell on one line.
    """

    def row(cells) -> str:
        return "| " + " | ".join(escape_markdown_long(" ".join(str(c).splitlines())) for c in cells) + " |"

    if not re.fullmatch(r"[\w-]+", key):
        raise ValueError(f"markdown_table: key {key!r} is not a plain name")  # it goes into a style
    with st.container(key=key):
        if nowrap:
            rules = ", ".join(_NOWRAP_RULE.format(key=key, column=int(n)) for n in nowrap)
            st.html(f"<style>{rules} {{ white-space: nowrap; }}</style>")
        st.markdown(
            "\n".join(
                [row(frame.columns), "|" + " --- |" * len(frame.columns), *map(row, frame.itertuples(index=False))]
            )
        )


def escape_markdown_long(text: object) -> str:
    """Like escape_markdown, without shortening: for sentences built from the data."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$&])", r"\\\1", str(text))


# A status tile's colour band: only a colour of status.STATUSES goes in, never text.
_STATUS_BAND = (
    '<div style="height:0.6rem;border-radius:0.3rem;background:{colour};'
    'box-shadow:inset 0 0 0 1px rgba(0,0,0,0.25)"></div>'
)


def status_tiles(counts: pd.Series, codes: list[str], state: ViewState) -> None:
    """One tile per status with its colour (as in the status summary chart), icon, word and count
    of items: the colour never stands alone."""
    # At least five columns, so that one department's one or two tiles keep the overview's size.
    for col, code in zip(st.columns(max(len(codes), 5)), codes, strict=False):
        s = status.STATUSES[code]
        with col.container(border=True):
            st.html(_STATUS_BAND.format(colour=s.colour))
            st.metric(s.badge(state.language), int(counts.get(code, 0)), help=state.t("status_count_help"))


# Statuses of items with no actual for the year: their charts draw the plan alone.
AWAITING_ACTUALS = ("no_actual", "not_due")


def missing_actuals_note(items: pd.DataFrame, state: ViewState) -> None:
    """Which items have no actual for the year, and how to add them (the Data page or the CLI)."""
    waiting = items[items["status"].isin(AWAITING_ACTUALS)]
    if waiting.empty:
        return
    listed = (", " if state.language == "en" else "、").join(waiting["item_no"])
    st.info(state.t("actuals_missing", n=len(waiting), items=listed, fy=state.fy_label()))
    st.page_link(
        "pages/data.py",
        label=state.t("actuals_add_link"),
        icon=":material/upload_file:",
        query_params=url_params(state, item=None),
    )


def item_page_link(state: ViewState, item_no: str, label: str) -> None:
    """A link to an item's detail page that keeps the rest of the view."""
    st.page_link("pages/item.py", label=label, query_params=url_params(state, item=item_no))


def url_params(state: ViewState, **overrides) -> dict:
    params = {
        "lang": state.language,
        "plan": state.plan_id,
        "fy": str(state.fiscal_year),
        "bureau": state.bureau,
        "section": state.section,
        "item": state.item_no,
        "asof": state.as_of_date.isoformat() if state.as_of_date else None,
        "demo": "1" if state.demo else None,
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v}


def deck_data(state: ViewState):
    """What the council deck is drawn from, for the current plan, year and department."""
    from planboard.slides import deck_data_from

    return deck_data_from(
        lambda name, **params: load(name, **{k: v for k, v in params.items() if k != "as_of"}),
        state.plan,
        state.fiscal_year,
        state.bureau,
        state.section,
    )


# Constant CSS for presentation mode (no user text): hide the app's chrome and
# enlarge type so that a projector at 1920×1080 reads from the back of the room.
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; max-width: 100%; }
[data-testid="stMain"] h1 { font-size: 3.2rem; }
[data-testid="stMain"] h3 { font-size: 2.1rem; font-weight: 500; }
[data-testid="stMain"] table { font-size: 1.6rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 1.2rem; }
.planboard-hc [data-testid="stMain"], body.planboard-hc { color: #000; }
</style>
"""


def hide_chrome_for_presentation() -> None:
    st.html(PRESENTATION_CSS)


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return False


def _local_editors() -> dict[str, str]:
    from planboard import accounts

    try:
        editors = st.secrets.get("planboard", {}).get("editors", {})
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        editors = {}
    return dict(editors) or accounts.load_editors()


def editor(state: ViewState) -> str | None:
    """The signed-in editor, drawing the sign-in form when there is none.

    Viewing needs no sign-in; every write asks for this name and stores it with
    the revision. With an [auth] section in secrets, Streamlit's OIDC sign-in is
    used; otherwise the local accounts of secrets.toml (planboard/accounts.py).
    """
    t = state.t
    if _oidc_configured():
        if st.user.is_logged_in:
            name = oidc_editor_name(st.user)
            if name is None:
                st.error(t("sign_in_oidc_no_name"))
            else:
                st.caption(t("signed_in_as", name=name))
            st.button(t("sign_out"), on_click=st.logout, key="oidc_logout")
            return name
        st.button(t("sign_in_oidc"), on_click=st.login, key="oidc_login", type="primary")
        return None
    signed_in = st.session_state.get("editor")
    if signed_in:
        c1, c2 = st.columns([3, 1])
        c1.caption(t("signed_in_as", name=signed_in))
        if c2.button(t("sign_out"), key="local_logout"):
            st.session_state.pop("editor", None)
            st.rerun()
        return signed_in
    with st.form("sign_in", border=True):
        st.markdown(f"**{t('sign_in_needed')}**")
        st.text_input(t("sign_in_name"), key="sign_in_name")
        st.text_input(t("sign_in_password"), type="password", key="sign_in_password")
        st.form_submit_button(t("sign_in"), type="primary", on_click=_sign_in_submitted)
    failed = st.session_state.pop("sign_in_failed", None)
    if failed:
        st.error(failed.message_en if state.language == "en" else failed.message_ja)
    return None


def oidc_editor_name(user) -> str | None:
    """The editor's name from the identity provider's claims: `name`, else `email`; None when it
    sent neither (str(None) would record every such editor as "None")."""
    for claim in ("name", "email"):
        value = user.get(claim)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _sign_in_submitted() -> None:
    # A callback runs before the form is drawn again, so it may empty the password field:
    # right or wrong, a password stays neither in the session nor in the page.
    from planboard import accounts

    password = st.session_state.get("sign_in_password") or ""
    st.session_state["sign_in_password"] = ""
    result = accounts.sign_in(st.session_state.get("sign_in_name") or "", password, _local_editors())
    if result.ok:
        st.session_state["editor"] = result.editor
    else:
        st.session_state["sign_in_failed"] = result


def show_write_warning(state: ViewState) -> None:
    """Before anyone writes: say so when the store is read-only or its disk nearly full."""
    problem = store.write_problem(db_path())
    if problem:
        st.warning(state.t(f"store_{problem}_warning"), icon="⚠️")


def show_write_failure(exc: store.StoreUnwritable, state: ViewState) -> None:
    """A write the disk refused: why, in the viewer's language, and that nothing changed."""
    st.error(state.t("data_write_failed", reason=exc.message_en if state.language == "en" else exc.message_ja))


@st.cache_data(show_spinner=False, max_entries=32)
def _template_file(path: str, version: tuple, plan_id: str, file_format: str, with_actuals: bool) -> bytes:
    from planboard import templates

    with store.reading(Path(path)) as con:
        return templates.actuals_file(con, plan_id, file_format, with_actuals=with_actuals)


def template(state: ViewState, file_format: str, with_actuals: bool) -> bytes:
    """The import template, or the current actuals in the same format, as file bytes.

    Cached until the store changes, like `load`: the データ page offers four of them on every
    run, and writing a workbook is most of that page's work.
    """
    path = db_path()
    return _template_file(str(path), _store_version(path), state.plan_id, file_format, with_actuals)


def actuals_sheet(state: ViewState) -> pd.DataFrame:
    """Current actuals of the plan in the import format, for the correction table."""
    from planboard import templates

    with store.reading(db_path()) as con:
        return templates.actuals_sheet(con, state.plan_id, with_actuals=True)


def show_report(report, state: ViewState) -> None:
    """An import or correction report: every problem with row, column, value and fix, or the preview."""
    t = state.t
    if not report.ok:
        st.error(t("import_rejected", n=len(report.problems)))
        problems = report.problems_frame()
        message = "message_en" if state.language == "en" else "message_ja"
        table = problems[["row", "column", "value", message]].rename(
            columns={"row": t("col_row"), "column": t("col_column"), "value": t("col_value"), message: t("col_fix")}
        )
        st.dataframe(table, hide_index=True, width="stretch")
        return
    counts = report.counts()
    st.success(t("import_summary", **counts))
    changes = report.changes_frame()
    label = "metric_label_en" if state.language == "en" else "metric_label_ja"
    statuses = {s: t(f"import_status_{s}") for s in ("new", "changed", "unchanged")}
    table = pd.DataFrame(
        {
            t("col_row"): changes["row"],
            t("col_item_no"): changes["item_no"],
            t("col_metric"): changes[label],
            t("col_fiscal_year"): [format_fiscal_year(int(y), state.language) for y in changes["fiscal_year"]],
            t("col_before"): changes["before_text"].fillna(""),
            t("col_after"): changes["after_text"].fillna(""),
            t("col_note"): changes["note"].fillna(""),
            t("col_change"): changes["status"].map(statuses),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    if report.skipped_rows:
        st.caption(t("import_skipped", rows=", ".join(map(str, report.skipped_rows))))


def era_label(year: int) -> str:
    """The year as the import format writes it (令和元年度)."""
    from planboard.fiscal_year import era_name

    return era_name(year)


def deck_file(state: ViewState, file_format: str, high_contrast: bool = False) -> Callable[[], bytes]:
    """The council pack as PPTX or PDF, the same slides as presentation mode: a function that
    makes it when the download button is clicked (st.download_button's deferred data).

    Streamlit calls that function later, on a thread without a script run, where session state
    reads as empty and st caches have no session: the deck would come from the default store
    while the sample is shown, and at "now" in an "as reported on" view. So the store and the
    as-of time are taken here, in the script run, and the function reads the store itself.
    """
    from planboard import slides

    path, when = db_path(), as_of()

    def make() -> bytes:
        with store.reading(path) as con:
            data = slides.load_deck_data(
                con, state.plan, state.fiscal_year, state.bureau, state.section, when, state.sample_label
            )
        deck = slides.build_deck(data, state.language, high_contrast=high_contrast)
        export = exports.deck_pptx if file_format == "pptx" else exports.deck_pdf
        return export(deck, state.language, state.sample_label)

    return make
