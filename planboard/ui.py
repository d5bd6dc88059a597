"""Streamlit helpers shared by the pages: the cached store, the shared sidebar and
the view state that lives in the URL. The only module of planboard/ that imports
Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from planboard import i18n, loaders, settings, status, store
from planboard.fiscal_year import format_fiscal_year, parse_fiscal_year

URL_KEYS = ("lang", "plan", "fy", "bureau", "section", "item")
MAX_NOTICE_VALUE = 40


@dataclass
class ViewState:
    """What the user is looking at; every field round-trips through the query string."""

    language: str
    plan: dict
    fiscal_year: int
    bureau: str | None = None
    section: str | None = None
    item_no: str | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def plan_id(self) -> str:
        return self.plan["plan_id"]

    def t(self, key: str, **values) -> str:
        return i18n.t(key, self.language, **values)

    def fy_label(self, year: int | None = None) -> str:
        return format_fiscal_year(self.fiscal_year if year is None else int(year), self.language)


@st.cache_resource(show_spinner=False)
def _ensure_store(db_path: str) -> str:
    # Built once per server process: the store is created from data/plan/ on first run.
    return str(store.ensure_store(Path(db_path)))


def db_path() -> Path:
    return Path(_ensure_store(str(store.resolve_db_path())))


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
    """Run loaders.<name> on the store, cached until the store changes."""
    path = db_path()
    return _cached(str(path), _store_version(path), dt.date.today(), name, tuple(sorted(params.items())))


def escape_markdown(text: object) -> str:
    """Show user- or link-supplied text literally in a markdown element."""
    s = str(text)
    if len(s) > MAX_NOTICE_VALUE:
        s = s[:MAX_NOTICE_VALUE] + "…"
    return escape_markdown_long(s)


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
    if value in options:
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
    st.session_state.update(
        w_lang=language,
        w_plan=plan["plan_id"],
        w_fy=fy or _default_year(years),
        w_bureau=bureau or "",
        w_section=section or "",
        item=_param("item"),
        url_notices=notices,
    )


def _default_year(years: list[int]) -> int:
    wanted = int(settings.get("default_fiscal_year"))
    return wanted if wanted in years else years[-1]


def _plan_row(plans: pd.DataFrame, plan_id: str | None) -> dict:
    rows = plans[plans["plan_id"] == plan_id] if plan_id else plans.head(1)
    return rows.iloc[0].to_dict()


def sidebar() -> ViewState:
    """Draw the shared sidebar (language, plan, year, 部 → 課) and return the view state."""
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
        )
        t = lambda key, **v: i18n.t(key, language, **v)  # noqa: E731
        plan_ids = list(plans["plan_id"])
        plan_id = st.selectbox(
            t("sidebar_plan"),
            plan_ids,
            key="w_plan",
            format_func=lambda p: _plan_label(plans, p, language),
        )
        plan = _plan_row(plans, plan_id)
        years = list(range(int(plan["first_fy"]), int(plan["last_fy"]) + 1))
        if st.session_state.get("w_fy") not in years:
            st.session_state["w_fy"] = _default_year(years)
        fiscal_year = st.selectbox(
            t("sidebar_fiscal_year"),
            years,
            key="w_fy",
            format_func=lambda y: format_fiscal_year(y, language),
        )
        depts = load("departments", plan_id=plan_id)
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
    state = ViewState(
        language=language,
        plan=plan,
        fiscal_year=int(fiscal_year),
        bureau=bureau or None,
        section=section or None,
        item_no=st.session_state.get("item"),
        notices=st.session_state.get("url_notices", []),
    )
    return state


def _plan_label(plans: pd.DataFrame, plan_id: str, language: str) -> str:
    row = _plan_row(plans, plan_id)
    if language == "en":
        return f"{row['municipality_en']} — {row['title_en']}"
    return f"{row['municipality_ja']} {row['title_ja']}"


PAGE_KEYS = ("slide", "hc")  # kept only on the page that owns them (presentation mode)


def write_url(state: ViewState, keep_page_keys: bool = False) -> None:
    """Put the view state in the query string so that a copied link reopens this view."""
    wanted = url_params(state)
    if keep_page_keys:
        wanted.update({k: st.query_params[k] for k in PAGE_KEYS if st.query_params.get(k)})
    current = {k: st.query_params.get(k) for k in (*URL_KEYS, *PAGE_KEYS) if st.query_params.get(k)}
    if current != wanted:
        st.query_params.from_dict(wanted)


def page_state() -> ViewState:
    """The view state the router drew for this run; every page starts with it.

    Streamlit treats a folder named `pages/` as an old-style multipage app until
    the router's st.navigation has run once in the server process, so a deep
    link (/items) opened first after a restart runs the page without the router.
    Switching that mode off and rerunning sends the run through the router.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory or "view_state" not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state["view_state"]


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


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A table as CSV in UTF-8 with BOM, the form Excel on Windows opens correctly."""
    return df.to_csv(index=False).encode("utf-8-sig")


def show_chart(chart, key: str, state: ViewState) -> None:
    """A chart, its one-sentence reading, and its data as a table with a CSV download."""
    if chart.figure is not None:
        st.plotly_chart(chart.figure, key=f"chart_{key}", config={"displaylogo": False})
    st.markdown(escape_markdown_long(chart.sentence))
    with st.expander(f"{state.t('show_table')}: {chart.title}"):
        st.dataframe(chart.table, hide_index=True, width="stretch")
        st.download_button(
            state.t("download_csv"),
            csv_bytes(chart.table),
            file_name=f"{key}.csv",
            mime="text/csv",
            key=f"csv_{key}",
        )


def escape_markdown_long(text: object) -> str:
    """Like escape_markdown, without shortening: for sentences built from the data."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$])", r"\\\1", str(text))


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
