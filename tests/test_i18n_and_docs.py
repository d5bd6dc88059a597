"""The text catalogue is complete, and the docs describe every setting, table and column."""

from __future__ import annotations

import re

from planboard import i18n, settings, store
from planboard.settings import PROJECT_ROOT

UI_FILES = [
    PROJECT_ROOT / "dashboard.py",
    *sorted((PROJECT_ROOT / "pages").glob("*.py")),
    PROJECT_ROOT / "planboard" / "ui.py",
]


def test_every_text_has_japanese_and_english():
    for key, entry in i18n.TEXT.items():
        assert set(entry) == {"ja", "en"}, key
        assert entry["ja"].strip() and entry["en"].strip(), key
        assert sorted(re.findall(r"{(\w+)", entry["ja"])) == sorted(re.findall(r"{(\w+)", entry["en"])), key


def test_every_key_the_pages_use_is_in_the_catalogue():
    used = set()
    for path in UI_FILES:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']""", text))
        used |= set(re.findall(r"""i18n\.t\(\s*["']([a-z0-9_]+)["']""", text))
    assert used, "no catalogue keys found in the pages"
    assert used <= set(i18n.TEXT), sorted(used - set(i18n.TEXT))


def test_every_setting_is_documented():
    doc = (PROJECT_ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for s in settings.SETTINGS.values():
        assert f"`{s.name}`" in doc and f"`{s.env_var}`" in doc, s.name


def test_every_table_view_and_column_is_documented(built_db):
    doc = (PROJECT_ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    con = store.connect(built_db, read_only=True)
    try:
        columns = con.execute(
            "select table_name, column_name from information_schema.columns where table_schema = 'main'"
        ).fetchall()
        codes = [r[0] for r in con.execute("select code from status_code").fetchall()]
    finally:
        con.close()
    for table in {t for t, _c in columns}:
        assert f"### `{table}`" in doc, table
    for table, column in columns:
        section = doc.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
        assert f"`{column}`" in section, f"{table}.{column}"
    for code in codes:
        assert f"`{code}`" in doc, code


def test_one_catalogue_holds_chart_and_status_words_in_both_languages():
    from planboard import chart_text, i18n, status

    assert chart_text.CHART_TEXT is i18n.CHART_TEXT  # charts read the catalogue, not a copy
    for entry in [*i18n.CHART_TEXT.values(), *i18n.STATUS_NAMES.values()]:
        assert entry.get("ja") and entry.get("en"), entry
    assert set(i18n.STATUS_NAMES) == set(status.STATUSES)
    assert len(i18n.STATUS_RULES_JA) == len(i18n.STATUS_RULES_EN)
    assert all(s.label("en") == i18n.STATUS_NAMES[s.code]["en"] for s in status.STATUSES.values())
