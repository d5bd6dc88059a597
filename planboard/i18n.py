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
    "nav_data": {"ja": "データ", "en": "Data"},
    "col_reason": {"ja": "理由", "en": "Why"},
    "kind_baseline": {"ja": "計画書の現況値", "en": "Plan baseline"},
    "kind_import": {"ja": "取込", "en": "Import"},
    "kind_correction": {"ja": "修正", "en": "Correction"},
    "kind_revert": {"ja": "取消（元に戻す）", "en": "Revert"},
    "nav_present": {"ja": "発表モード", "en": "Presentation"},
    "deck_scope": {"ja": "対象：{scope}", "en": "Scope: {scope}"},
    "deck_title_notes": {
        "ja": "{fy}の進捗を、{scope}について報告します。状況は Planboard 独自の判定です。",
        "en": "Progress for {fy}, {scope}. Statuses are Planboard's own scale.",
    },
    "deck_summary_title": {"ja": "取組の状況（{fy}）", "en": "Status of the items ({fy})"},
    "sample_label": {"ja": "サンプルデータ（架空）", "en": "Sample data (fictional)"},
    "col_data_kind": {"ja": "データの種類", "en": "Kind of data"},
    "present_prev": {"ja": "前へ", "en": "Previous"},
    "present_next": {"ja": "次へ", "en": "Next"},
    "present_exit": {"ja": "発表モードを終える", "en": "Leave presentation"},
    "present_high_contrast": {"ja": "ハイコントラスト", "en": "High contrast"},
    "present_counter": {"ja": "{n} / {total}", "en": "{n} / {total}"},
    "present_keys": {"ja": "← → キーでも移動できます", "en": "Use the ← → keys to move"},
    "col_link": {"ja": "詳細", "en": "Detail"},
    "open_detail": {"ja": "詳細を見る", "en": "Open"},
    "overview_heading": {"ja": "総括（{fy}）", "en": "Overview ({fy})"},
    "overview_scope_all": {"ja": "全庁", "en": "All departments"},
    "overview_lead": {
        "ja": "{scope}の取組{n}件の状況（{fy}末の計画と実績の比較）",
        "en": "Status of {n} items for {scope} (plan against actual at the end of {fy})",
    },
    "headline_heading": {"ja": "主な指標", "en": "Headline metrics"},
    "headline_none": {
        "ja": "選んだ部署には主な指標の取組がありません。部・課を「すべて」にすると4つのグラフが表示されます。",
        "en": "The selected department has no headline item. Set bureau and section to 'All' to see the four charts.",
    },
    "show_table": {"ja": "表で見る", "en": "Show as table"},
    "download_csv": {"ja": "CSVをダウンロード（UTF-8 BOM付き）", "en": "Download CSV (UTF-8 with BOM)"},
    "status_count_help": {"ja": "取組の件数", "en": "Number of items"},
    "items_filters": {"ja": "絞り込み", "en": "Filters"},
    "filter_goal": {"ja": "目標", "en": "Goal"},
    "filter_status": {"ja": "状況", "en": "Status"},
    "filter_mark": {"ja": "印", "en": "Mark"},
    "filter_search": {"ja": "検索（番号・名称・指標）", "en": "Search (number, title, metric)"},
    "mark_none": {"ja": "印なし", "en": "No mark"},
    "metrics_heading": {"ja": "指標ごとの計画と実績", "en": "Plan and actual by metric"},
    "col_plan_fy": {"ja": "{fy} 計画", "en": "{fy} plan"},
    "col_actual_fy": {"ja": "{fy} 実績", "en": "{fy} actual"},
    "col_item_status": {"ja": "取組の状況", "en": "Item status"},
    "col_metric_status": {"ja": "指標の状況", "en": "Metric status"},
    "no_actual_text": {"ja": "未報告", "en": "not reported"},
    "item_pick": {"ja": "取組を選ぶ", "en": "Choose an item"},
    "item_heading": {"ja": "{item_no} {title}", "en": "{item_no} {title}"},
    "item_goal": {"ja": "目標{goal_no}：{goal}", "en": "Goal {goal_no}: {goal}"},
    "item_departments": {"ja": "事業実施課", "en": "Departments"},
    "item_description": {"ja": "取組の内容", "en": "Description"},
    "item_footnotes": {"ja": "注記（※）", "en": "Footnotes (※)"},
    "item_reprint": {"ja": "再掲：{of}", "en": "Reprinted from {of}"},
    "item_title_note": {"ja": "名称について：{note}", "en": "About the title: {note}"},
    "item_metrics": {"ja": "指標", "en": "Metrics"},
    "item_history": {"ja": "実績の履歴", "en": "History of actuals"},
    "item_history_empty": {
        "ja": "この取組の実績はまだ登録されていません。計画書の現況値（基準）のみです。",
        "en": "No actual has been reported for this item yet; only the plan's baselines.",
    },
    "item_not_found": {
        "ja": "取組「{item}」はこの計画にありません。一覧から選んでください。",
        "en": "Item {item!r} is not in this plan. Choose one from the list.",
    },
    "item_status_line": {"ja": "{fy}の状況：{status}", "en": "Status for {fy}: {status}"},
    "metric_goal": {"ja": "31年度目標：{goal}", "en": "FY2019 goal: {goal}"},
    "metric_note": {"ja": "読み方：{note}", "en": "How it was read: {note}"},
    "col_revision": {"ja": "版", "en": "Revision"},
    "col_before": {"ja": "変更前", "en": "Before"},
    "col_after": {"ja": "変更後", "en": "After"},
    "col_note": {"ja": "備考", "en": "Note"},
    "col_editor": {"ja": "登録者", "en": "Editor"},
    "col_recorded_at": {"ja": "登録日時（日本時間）", "en": "Recorded at (JST)"},
    "col_kind": {"ja": "種別", "en": "Kind"},
    "dept_heading": {"ja": "部署別", "en": "By department"},
    "dept_lead": {
        "ja": "左の「部」「課」で部署を選ぶと、その部署の取組・状況・グラフを表示します。",
        "en": "Choose a bureau or section on the left to see its items, statuses and charts.",
    },
    "dept_selected": {"ja": "{dept} の取組（{n}件）", "en": "Items of {dept} ({n})"},
    "dept_table_heading": {"ja": "部署ごとの状況", "en": "Status by department"},
    "col_items_count": {"ja": "取組数", "en": "Items"},
    "empty_chart": {
        "ja": "表示できる数値がありません。実績は「データ」ページまたは `python -m planboard import-actuals` で登録できます。",
        "en": "Nothing to draw yet. Add actuals on the Data page or with `python -m planboard import-actuals`.",
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
