"""The one catalogue of user-interface text, Japanese first, English available.

Every string the app shows comes from TEXT; a test checks that each key has
both languages and that the pages use no key that is missing.
"""

from __future__ import annotations

from planboard import settings

LANGUAGES = {"ja": "日本語", "en": "English"}

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"ja": "Planboard 計画進捗ダッシュボード", "en": "Planboard plan tracker"},
    "nav_overview": {"ja": "総括", "en": "Overview"},
    "nav_items": {"ja": "取組一覧", "en": "Items"},
    "nav_item": {"ja": "取組の詳細", "en": "Item detail"},
    "nav_department": {"ja": "部署別", "en": "By department"},
    "nav_section_view": {"ja": "見る", "en": "View"},
    "sidebar_language": {"ja": "言語 / Language", "en": "Language / 言語"},
    "sidebar_plan": {"ja": "計画", "en": "Plan"},
    "sidebar_fiscal_year": {"ja": "年度", "en": "Fiscal year"},
    "sidebar_bureau": {"ja": "部", "en": "Bureau (部)"},
    "sidebar_section": {"ja": "課", "en": "Section (課)"},
    "all": {"ja": "すべて", "en": "All"},
    "source": {"ja": "出典", "en": "Source"},
    "as_of": {"ja": "実績データの時点", "en": "Actuals as of"},
    "as_of_none": {
        "ja": "実績の登録はまだありません（計画書の現況値のみ）",
        "en": "No actuals reported yet (only the plan's baselines)",
    },
    "not_official": {
        "ja": "状況は Planboard 独自の判定です（練馬区の公式評価ではありません）。",
        "en": "Statuses are Planboard's own scale, not Nerima ward's official evaluation.",
    },
    "status_rules": {"ja": "状況の判定方法", "en": "How statuses are decided"},
    "col_item_no": {"ja": "番号", "en": "No."},
    "col_goal": {"ja": "目標", "en": "Goal"},
    "col_title": {"ja": "取組", "en": "Item"},
    "col_mark": {"ja": "印", "en": "Mark"},
    "col_department": {"ja": "事業実施課", "en": "Department"},
    "col_bureau": {"ja": "部", "en": "Bureau"},
    "col_section": {"ja": "課", "en": "Section"},
    "col_fy_goal": {"ja": "31年度目標", "en": "FY2019 goal"},
    "col_status": {"ja": "状況", "en": "Status"},
    "col_metric": {"ja": "指標", "en": "Metric"},
    "col_fiscal_year": {"ja": "年度", "en": "Fiscal year"},
    "col_planned": {"ja": "計画", "en": "Plan"},
    "col_actual": {"ja": "実績", "en": "Actual"},
    "col_metrics_count": {"ja": "指標数", "en": "Metrics"},
    "items_heading": {"ja": "取組一覧（{fy}）", "en": "Items ({fy})"},
    "items_caption": {
        "ja": "{n}件の取組。状況は {fy} 末の計画と実績の比較です。",
        "en": "{n} items. Status compares plan and actual at the end of {fy}.",
    },
    "mark_legend": {
        "ja": "印：☆は平成30年度に始まる取組、★は既存の取組の拡充に付いているように読めますが、この章に凡例はなく未確認です。",
        "en": "Marks: ☆ seems to mark items that start in FY2018 and ★ existing items being expanded; "
        "the chapter has no legend, so this reading is unconfirmed.",
    },
    "empty_items": {
        "ja": "この条件に当てはまる取組はありません。部・課の選択を「すべて」に戻してください。",
        "en": "No item matches. Set the bureau and section back to 'All'.",
    },
    "notice_bad_param": {
        "ja": "リンクの「{name}」の値「{value}」は使えないため、既定の表示にしました。",
        "en": "The link's value {value!r} for '{name}' cannot be used; showing the default view instead.",
    },
    "import_file_line": {
        "ja": "ファイル: {name}（形式 {format}、文字コード {encoding}）",
        "en": "File: {name} (format {format}, encoding {encoding})",
    },
    "import_ignored_columns": {
        "ja": "読み飛ばした列: {columns}",
        "en": "Columns ignored: {columns}",
    },
    "import_rejected": {
        "ja": "取り込めません（問題 {n} 件）。何も登録していません。",
        "en": "Rejected ({n} problems). Nothing was recorded.",
    },
    "import_none": {"ja": "（なし）", "en": "(none)"},
    "import_row": {"ja": "{row}行目", "en": "row {row}"},
    "import_status_new": {"ja": "新規", "en": "new"},
    "import_status_changed": {"ja": "変更", "en": "changed"},
    "import_status_unchanged": {"ja": "変更なし", "en": "unchanged"},
    "import_skipped": {
        "ja": "値のない行（読み飛ばし）: {rows}",
        "en": "Rows without a value (skipped): {rows}",
    },
    "import_summary": {
        "ja": "新規 {new} 件、変更 {changed} 件、変更なし {unchanged} 件",
        "en": "{new} new, {changed} changed, {unchanged} unchanged",
    },
    "import_written": {
        "ja": "{n} 件を登録しました（バッチ {batch}）。",
        "en": "Recorded {n} revisions (batch {batch}).",
    },
    "store_missing_plan": {
        "ja": "ストアに計画がありません。`python -m planboard build` を実行してください。",
        "en": "The store holds no plan. Run `python -m planboard build`.",
    },
}


def default_language() -> str:
    lang = str(settings.get("default_language"))
    return lang if lang in LANGUAGES else "ja"


def t(key: str, language: str = "ja", **values) -> str:
    """The text for key in language, with {placeholders} filled in."""
    entry = TEXT[key]
    text = entry.get(language) or entry["ja"]
    return text.format(**values) if values else text
