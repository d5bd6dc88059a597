"""The view in the link (language, fiscal year, 部) survives a change of language and of page,
in Debian's Chromium against a freshly started server."""

from __future__ import annotations

import urllib.parse

import pytest

from planboard import i18n, loaders, status
from planboard.fiscal_year import format_fiscal_year
from planboard.server import run_server
from tests.browser import launched_chromium, require_chromium, wait_for_app
from tests.conftest import PLAN_ID

pytestmark = pytest.mark.browser

require_chromium()

FISCAL_YEAR = 2018  # not the default year (settings: default_fiscal_year), so a reset shows
BUREAU = "企画部"  # some of the plan's items, not all, so a dropped filter shows
OTHER_LANGUAGE = {"ja": "en", "en": "ja"}


@pytest.fixture(scope="module")
def shared_server(built_db, tmp_path_factory):
    """One server for the module; `sessions` counts the browser sessions opened on it."""
    demo_db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with run_server(built_db, {"PLANBOARD_DEMO_DB": str(demo_db)}) as server:
        yield {"server": server, "sessions": 0, "env": {"PLANBOARD_DEMO_DB": str(demo_db)}}


@pytest.fixture
def base(shared_server) -> str:
    shared_server["sessions"] += 1
    return shared_server["server"].base


@pytest.fixture
def cold_base(shared_server, built_db):
    """A server on which no session has run yet: the module's, when this test is its first user."""
    if shared_server["sessions"] == 0:
        shared_server["sessions"] += 1
        yield shared_server["server"].base
        return
    with run_server(built_db, shared_server["env"]) as server:
        yield server.base


@pytest.fixture
def open_view():
    """Open a link in Debian's Chromium (Japanese locale) and wait for the app; return the page."""
    with launched_chromium() as browser:

        def open_(url: str):
            page = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="ja-JP").new_page()
            page.goto(url)
            wait_for_app(page)
            return page

        yield open_


@pytest.fixture(scope="module")
def bureau_items(built_db) -> int:
    """How many items the 取組一覧 lists for BUREAU, read from the store."""
    from planboard import store

    con = store.connect(built_db, read_only=True)
    try:
        return len(loaders.items(con, PLAN_ID, FISCAL_YEAR, bureau=BUREAU))
    finally:
        con.close()


def _link(path: str = "", **params) -> str:
    return f"/{path}?{urllib.parse.urlencode(params)}"


def _query(page) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(page.url).query))


def _heading(page) -> str:
    return page.locator("[data-testid='stMain'] h1").first.inner_text().strip()


def _wait_for_page(page, title_key: str) -> None:
    """Wait until the page drawn is the one titled title_key (in either language), and has settled:
    a view that lost its language is then reported by the assertions, not by a timeout."""
    page.wait_for_function(
        """titles => {
            const h1 = document.querySelector("[data-testid='stMain'] h1");
            return !!h1 && titles.some(t => h1.innerText.startsWith(t));
        }""",
        arg=[i18n.t(title_key, language) for language in i18n.LANGUAGES],
        timeout=45_000,
    )
    wait_for_app(page)


def _choose_language(page, language: str, title_key: str = "nav_overview") -> None:
    page.locator("[data-testid='stSidebar'] [data-testid='stRadio'] label", has_text=i18n.LANGUAGES[language]).click()
    page.wait_for_function("l => new URLSearchParams(location.search).get('lang') === l", arg=language)
    _wait_for_page(page, title_key)


def _go_to_items(page, language: str) -> None:
    page.locator("[data-testid='stSidebarNav'] a", has_text=i18n.t("nav_items", language)).first.click()
    _wait_for_page(page, "nav_items")


def _assert_items_view(page, language: str, items_count: int) -> None:
    """The 取組一覧 shows the year, 部 and language of the link, and the link still names them."""
    fy = format_fiscal_year(FISCAL_YEAR, language)
    assert urllib.parse.urlparse(page.url).path == "/items"
    assert _query(page) == {"lang": language, "plan": PLAN_ID, "fy": str(FISCAL_YEAR), "bureau": BUREAU}
    assert _heading(page) == i18n.t("items_heading", language, fy=fy)
    caption = i18n.t("items_caption", language, n=items_count, fy=fy)
    assert page.get_by_text(caption).count() == 1, f"no {caption!r} on {page.url}"


def test_first_page_change_after_the_server_starts_keeps_the_link(cold_base, open_view, bureau_items):
    """The first viewer after a restart opens a link with year, 部 and English, then opens 取組一覧:
    the link and the page keep all three."""
    page = open_view(cold_base + _link(lang="en", fy=FISCAL_YEAR, bureau=BUREAU))
    _go_to_items(page, "en")
    _assert_items_view(page, "en", bureau_items)


@pytest.mark.parametrize("start", ["en", "ja"])
def test_language_change_then_page_change_keeps_the_year_and_department(base, open_view, bureau_items, start):
    """A viewer opens a link with year and 部, switches the language, then opens 取組一覧: the
    year and 部 are those of the link, in the language chosen."""
    page = open_view(base + _link(lang=start, fy=FISCAL_YEAR, bureau=BUREAU))
    chosen = OTHER_LANGUAGE[start]
    _choose_language(page, chosen)
    assert _query(page)["fy"] == str(FISCAL_YEAR)
    assert _query(page)["bureau"] == BUREAU
    _go_to_items(page, chosen)
    _assert_items_view(page, chosen, bureau_items)


def test_items_filter_survives_a_language_change(base, open_view):
    """An analyst filters 取組一覧 by a status, switches to English and searches: the status
    filter is still set, now in English."""
    page = open_view(base + _link("items", lang="ja"))
    status_box = page.locator("[data-testid='stMain'] [data-testid='stMultiSelect']")
    status_box.filter(has_text=i18n.t("filter_status", "ja")).click()
    page.get_by_role("option", name=status.STATUSES["no_actual"].badge("ja")).click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    _choose_language(page, "en", "nav_items")
    page.locator("[data-testid='stMain'] [data-testid='stTextInput'] input").fill("18")
    page.keyboard.press("Enter")
    wait_for_app(page)
    chosen = status_box.filter(has_text=i18n.t("filter_status", "en")).inner_text()
    assert status.STATUSES["no_actual"].badge("en") in chosen
