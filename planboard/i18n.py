"""The one catalogue of user-interface text, Japanese first, English available.

Every string the app shows comes from here: TEXT for the pages, CHART_TEXT for the words on
charts, in chart sentences and in exports (read through chart_text.ct, usable without
Streamlit), STATUS_NAMES and STATUS_RULES_JA / _EN for the statuses (planboard/status.py).
Tests check that each key has both languages and that no key in use is missing.
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
    "sidebar_plan_help": {
        "ja": "市区町村名か年度（例: 2019）を入力すると候補が絞り込まれます。",
        "en": "Type a municipality or a year (e.g. 2019) to narrow the list.",
    },
    "sidebar_plan_folded": {"ja": "計画: {plan}（全{n:,}件から選ぶ）", "en": "Plan: {plan} (choose from {n:,})"},
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
    "actuals_missing": {
        "ja": "{n}件の取組（{items}）は{fy}の実績が未登録のため、グラフは計画と計画書の現況値だけを示しています。"
        "実績は「データ」ページで CSV・Excel ファイルを取り込むか、"
        "`python -m planboard import-actuals ファイル名` で登録できます。",
        "en": "{n} items ({items}) have no actual for {fy} yet, so their charts show only the plan and its "
        "baselines. Add actuals by importing a CSV or Excel file on the Data page, or with "
        "`python -m planboard import-actuals FILE`.",
    },
    "actuals_add_link": {"ja": "「データ」ページで実績を登録する", "en": "Add actuals on the Data page"},
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
    "sample_banner": {
        "ja": "表示中の実績は架空のサンプルです（実在しない数値）。左の「サンプルデータ」を切ると実データに戻ります。",
        "en": "The actuals shown are a fictional sample, not real figures. Turn 'Sample data' off on the left to return to real data.",
    },
    "as_of_banner": {
        "ja": "{day} までに登録された実績で表示しています（その日の報告時点の状態）。",
        "en": "Showing the actuals as reported up to {day}.",
    },
    "sidebar_view_options": {"ja": "表示の時点・サンプル", "en": "Point in time, sample data"},
    "sidebar_as_of": {"ja": "この日までに登録された実績で表示", "en": "Show actuals as reported on"},
    "sidebar_as_of_help": {
        "ja": "空欄なら最新。日付を選ぶと、その日の終わりまでに登録された実績で表示します。",
        "en": "Blank shows the latest. A date shows what had been reported by the end of that day.",
    },
    "sidebar_demo": {"ja": "サンプルデータ（架空）を表示", "en": "Show sample data (fictional)"},
    "sidebar_demo_help": {
        "ja": "架空の実績を入れた別のストアに切り替えます。実データのストアは変わりません。",
        "en": "Switches to a separate store holding fictional actuals. The real store is not touched.",
    },
    "signed_in_as": {"ja": "編集者：{name}", "en": "Editor: {name}"},
    "sign_out": {"ja": "サインアウト", "en": "Sign out"},
    "sign_in": {"ja": "サインイン", "en": "Sign in"},
    "sign_in_oidc": {"ja": "組織のアカウントでサインイン", "en": "Sign in with your organisation's account"},
    "sign_in_oidc_no_name": {
        "ja": "サインインしたアカウントから名前もメールアドレスも届かないため、登録できません（閲覧はできます）。"
        "管理者に、名前（name）かメールアドレス（email）を渡す設定を依頼してください。",
        "en": "Your sign-in sent neither a name nor an email address, so you cannot record changes (viewing works). "
        "Ask the administrator to have the identity provider send the name or email claim.",
    },
    "sign_in_needed": {
        "ja": "実績の登録・修正・取消には編集者のサインインが必要です（閲覧には不要です）。",
        "en": "Recording, correcting or reverting actuals needs an editor to sign in (viewing does not).",
    },
    "sign_in_name": {"ja": "名前", "en": "Name"},
    "sign_in_password": {"ja": "パスワード", "en": "Password"},
    "item_notes": {"ja": "評価・課題", "en": "Evaluation and issues"},
    "item_notes_empty": {
        "ja": "評価・課題のコメントはまだありません（「データ」ページで書けます）。",
        "en": "No evaluation comment yet (write one on the Data page).",
    },
    "col_notes": {"ja": "{fy} 評価・課題", "en": "{fy} evaluation"},
    "nav_section_data": {"ja": "実績データ", "en": "Actuals"},
    "nav_history": {"ja": "履歴", "en": "History"},
    "col_row": {"ja": "行", "en": "Row"},
    "col_column": {"ja": "列", "en": "Column"},
    "col_value": {"ja": "値", "en": "Value"},
    "col_fix": {"ja": "問題と直し方", "en": "Problem and fix"},
    "col_change": {"ja": "変更", "en": "Change"},
    "data_heading": {"ja": "データ（実績の登録・修正）", "en": "Data (record and correct actuals)"},
    "data_tab_import": {"ja": "ファイルから取込", "en": "Import a file"},
    "data_tab_correct": {"ja": "表で修正", "en": "Correct in a table"},
    "data_tab_notes": {"ja": "評価・課題", "en": "Evaluation notes"},
    "data_tab_template": {"ja": "テンプレート・書き出し", "en": "Template and export"},
    "data_upload": {"ja": "実績ファイル（CSV または XLSX）", "en": "Actuals file (CSV or XLSX)"},
    "data_upload_help": {
        "ja": "1行に1指標・1年度。見出しは日本語（取組番号・指標・年度・実績値・進捗段階・備考・出典）か英語。文字コードは UTF-8 / UTF-8 BOM付き / Shift_JIS（CP932）。",
        "en": "One row per metric and year. Headers in Japanese or English (item_no, metric_code, fiscal_year, value, stage, note, source). UTF-8, UTF-8 with BOM or CP932.",
    },
    "data_check": {"ja": "内容を確認する（まだ登録しません）", "en": "Check (nothing is recorded yet)"},
    "data_confirm": {"ja": "この内容で登録する", "en": "Record these changes"},
    "data_nothing_to_write": {
        "ja": "変更はありません。登録するものはありません。",
        "en": "Nothing changes; there is nothing to record.",
    },
    "data_written": {
        "ja": "{n}件を登録しました（バッチ {batch}）。履歴ページで確認・取消できます。",
        "en": "Recorded {n} revisions (batch {batch}). See or revert them on the History page.",
    },
    "store_read_only_warning": {
        "ja": "ストアが読み取り専用のため、いまは登録できません。表示はこれまでどおり使えます。管理者に連絡してください。",
        "en": "The store is read-only, so nothing can be recorded now. Viewing still works. Tell the administrator.",
    },
    "store_low_space_warning": {
        "ja": "ストアのあるディスクの空きが少なくなっています。登録できないことがあります。管理者に空き容量の確保を依頼してください。",
        "en": "The store's disk is nearly full; recording may fail. Ask the administrator to free space.",
    },
    "data_write_failed": {
        "ja": "登録できませんでした。ストアは変わっていません。理由：{reason}",
        "en": "Could not record; the store is unchanged. Reason: {reason}",
    },
    "data_correct_lead": {
        "ja": "{fy}の実績を直接直せます。変更した行だけが新しい版として記録されます（前の値は履歴に残ります）。",
        "en": "Correct the actuals of {fy} here. Only changed rows are recorded as new revisions (earlier values stay in the history).",
    },
    "data_notes_lead": {
        "ja": "指標と年度ごとに、評価・課題のコメントを残せます。取組の詳細ページと書き出しに表示されます。",
        "en": "Leave an evaluation comment per metric and year. It shows on the item page and in exports.",
    },
    "data_note_metric": {"ja": "指標", "en": "Metric"},
    "data_note_text": {"ja": "評価・課題", "en": "Evaluation and issues"},
    "data_note_save": {"ja": "コメントを保存", "en": "Save comment"},
    "data_note_saved": {"ja": "保存しました。", "en": "Saved."},
    "data_note_same": {"ja": "前と同じ内容なので、記録しませんでした。", "en": "Same as before; nothing recorded."},
    "data_template_lead": {
        "ja": "取込用のテンプレート（計画の指標を記入済み）と、現在の実績の書き出し（同じ形式で再取込できます）。",
        "en": "The import template (with the plan's metrics filled in) and the current actuals in the same format (re-importable).",
    },
    "data_template_csv": {"ja": "テンプレート（CSV, UTF-8 BOM付き）", "en": "Template (CSV, UTF-8 with BOM)"},
    "data_template_xlsx": {"ja": "テンプレート（Excel）", "en": "Template (Excel)"},
    "data_export_csv": {"ja": "現在の実績（CSV）", "en": "Current actuals (CSV)"},
    "data_export_xlsx": {"ja": "現在の実績（Excel）", "en": "Current actuals (Excel)"},
    "data_as_of_readonly": {
        "ja": "過去の時点を表示中は登録できません。左の「表示の時点」を空にしてください。",
        "en": "Recording is off while showing a past date. Clear the date on the left.",
    },
    "history_heading": {"ja": "実績の履歴", "en": "History of actuals"},
    "history_lead": {
        "ja": "誰が・いつ・何を・どう変えたか（変更前 → 変更後）。取消は新しい版として記録され、何も消えません。",
        "en": "Who changed what, when, before → after. A revert is recorded as a new revision; nothing is deleted.",
    },
    "history_filter_item": {"ja": "取組", "en": "Item"},
    "history_filter_editor": {"ja": "登録者", "en": "Editor"},
    "history_revert_heading": {"ja": "変更を取り消す", "en": "Revert a change"},
    "history_revert": {"ja": "この版を取り消す（元の値に戻す）", "en": "Revert this revision"},
    "history_revert_pick": {"ja": "取り消す版", "en": "Revision to revert"},
    "history_revert_more": {
        "ja": "新しい {n} 件を表示しています。古い版は、上の「取組」で絞り込むと選べます。",
        "en": "Showing the newest {n}. Filter by item above to pick an older revision.",
    },
    "revert_preview": {
        "ja": "版 {rev} を取り消すと、値は「{current}」→「{after}」になります。",
        "en": "Reverting revision {rev} changes the value from '{current}' to '{after}'.",
    },
    "revert_preview_later": {
        "ja": "この版より後の版（{ids}）の変更も、あわせて取り消されます。",
        "en": "The changes of the later revisions ({ids}) are undone with it.",
    },
    "revert_done": {
        "ja": "版 {rev} を取り消しました。値は「{current}」→「{after}」になりました。",
        "en": "Reverted revision {rev}: the value went from '{current}' to '{after}'.",
    },
    "revert_done_later": {
        "ja": "この版より後の版（{ids}）の変更も、あわせて取り消しました。",
        "en": "The changes of the later revisions ({ids}) were undone with it.",
    },
    "revert_no_actual": {"ja": "実績なし", "en": "no actual"},
    "history_reverted": {"ja": "（新しい版 {new} として記録しました）", "en": "(recorded as revision {new})"},
    "history_notes_heading": {"ja": "評価・課題の履歴", "en": "History of evaluation notes"},
    "history_notes_empty": {
        "ja": "評価・課題はまだ書かれていません。",
        "en": "No evaluation note has been written yet.",
    },
    "history_note_revert": {"ja": "この版の変更を取り消す（前の評価・課題に戻す）", "en": "Revert this note revision"},
    "history_note_revert_pick": {"ja": "取り消す評価・課題の版", "en": "Note revision to revert"},
    "history_note_revert_preview": {
        "ja": "取り消すと、評価・課題は「{current}」→「{after}」になります。",
        "en": "Reverting changes the note from '{current}' to '{after}'.",
    },
    "history_note_revert_same": {
        "ja": "評価・課題はすでに版 {rev} の前の内容です。取り消すことはありません。",
        "en": "The note already reads as it did before revision {rev}; there is nothing to revert.",
    },
    "history_note_reverted": {
        "ja": "評価・課題の版 {rev} を取り消しました（新しい版 {new}）。",
        "en": "Reverted note revision {rev} (new revision {new}).",
    },
    "history_no_revertable": {
        "ja": "取り消せる版はありません（計画書の現況値は取り消せません）。",
        "en": "No revision can be reverted (the plan document's baselines cannot).",
    },
    "col_link": {"ja": "詳細", "en": "Detail"},
    "open_detail": {"ja": "詳細を見る", "en": "Open"},
    "more_charts": {
        "ja": "この取組には、ほかに{n}件のグラフがあります（取組の詳細で表示）。",
        "en": "This item has {n} more chart(s) on its own page.",
    },
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
    "download_png": {"ja": "PNG画像", "en": "PNG image"},
    "download_svg": {"ja": "SVG画像", "en": "SVG image"},
    "download_pptx": {"ja": "議会資料（PowerPoint）", "en": "Council pack (PowerPoint)"},
    "download_pdf": {"ja": "議会資料（PDF）", "en": "Council pack (PDF)"},
    "show_table": {"ja": "表で見る", "en": "Show as table"},
    "chart_unavailable": {
        "ja": "グラフを描けませんでした（描画用のファイルを読み込めません）。データは「表で見る」にあります。",
        "en": "The chart could not be drawn (its drawing library did not load). Its data is under 'Show as table'.",
    },
    "download_csv": {"ja": "CSVをダウンロード（UTF-8 BOM付き）", "en": "Download CSV (UTF-8 with BOM)"},
    "download_xlsx": {"ja": "Excel（XLSX）をダウンロード", "en": "Download Excel (XLSX)"},
    "status_count_help": {"ja": "取組の件数", "en": "Number of items"},
    "items_filters": {"ja": "絞り込み", "en": "Filters"},
    "filter_goal": {"ja": "目標", "en": "Goal"},
    "filter_status": {"ja": "状況", "en": "Status"},
    "filter_mark": {"ja": "印", "en": "Mark"},
    "filter_search": {"ja": "検索（番号・名称・指標）", "en": "Search (number, title, metric)"},
    "mark_none": {"ja": "印なし", "en": "No mark"},
    "empty_items_filtered": {
        "ja": "この条件に当てはまる取組はありません。いま絞り込んでいる条件：{filters}。"
        "どれかを外すか選択を増やすと表示されます。",
        "en": "No item matches. Filters set now: {filters}. Remove one or choose more values to see items.",
    },
    "filter_department": {"ja": "部・課（左の選択）", "en": "Bureau and section (on the left)"},
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
        "ja": "この取組の実績はまだ登録されていません。計画書の現況値（基準）のみです。"
        "実績は「データ」ページで CSV・Excel ファイルを取り込むか、"
        "`python -m planboard import-actuals ファイル名` で登録できます。",
        "en": "No actual has been reported for this item yet; only the plan's baselines. "
        "Add actuals by importing a CSV or Excel file on the Data page, or with "
        "`python -m planboard import-actuals FILE`.",
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
    "refresh_running": {
        "ja": "ページ用の集計を作り直します（python -m planboard refresh）…",
        "en": "Remaking the rows kept ready for the pages (python -m planboard refresh)…",
    },
    "refresh_failed": {
        "ja": "ページ用の集計を作り直せませんでした。取り込みは完了しています（ページは少し遅く表示されます）。"
        "python -m planboard refresh を実行してください。",
        "en": "The rows kept ready for the pages could not be remade. The import is complete (pages show a "
        "little more slowly); run python -m planboard refresh.",
    },
    "refresh_done": {
        "ja": "{db}: ページ用の集計を作り直しました（{seconds:.1f} 秒）",
        "en": "{db}: remade the rows kept ready for the pages ({seconds:.1f} s)",
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


# Words on charts, in chart sentences and reasons, and in exports.
CHART_TEXT: dict[str, dict[str, str]] = {
    # Traces, legends and the matching table columns (same words in both places).
    "plan_cumulative": {"ja": "計画（累計）", "en": "Plan (cumulative)"},
    "actual_cumulative": {"ja": "実績（累計）", "en": "Actual (cumulative)"},
    "plan_new": {"ja": "計画（その年度の新規）", "en": "Plan (new in the year)"},
    "actual_new": {"ja": "実績（その年度の新規）", "en": "Actual (new in the year)"},
    "goal_line": {"ja": "目標 {value}（{year_end}）", "en": "Goal: {value} by the {year_end}"},
    "reference_line": {"ja": "基準 {value}（{year_end}）", "en": "Baseline: {value} at the {year_end}"},
    "plan_stage": {"ja": "計画の段階", "en": "Planned stage"},
    "actual_stage": {"ja": "到達段階（実績）", "en": "Stage reached (actual)"},
    "not_applicable": {"ja": "対象外", "en": "n/a"},
    "not_applicable_legend": {"ja": "対象外（この組合せはありません）", "en": "n/a (no such combination)"},
    # Panels, axes and subtitles.
    "panel_cumulative": {"ja": "年度末の累計", "en": "Cumulative at year end"},
    "panel_new": {"ja": "年度ごとの新規", "en": "New in each year"},
    "goal_subtitle": {"ja": "目標（{year_end}）：{goal}", "en": "Goal by the {year_end}: {goal}"},
    "goal_words": {
        "ja": "目標（{year_end}）：{goal}（数値目標なし。基準より増やすこと）",
        "en": "Goal by the {year_end}: expand (no figure given; more than the baseline)",
    },
    "axis_items": {"ja": "取組数", "en": "Items"},
    "no_actual_mark": {"ja": "実績<br>未登録", "en": "no actual<br>yet"},
    "cell_planned": {"ja": "計画：{stage}", "en": "Plan: {stage}"},
    "cell_reached": {"ja": "到達：{stage}", "en": "Reached: {stage}"},
    "not_reported": {"ja": "未登録", "en": "not reported"},
    "not_started_stage": {"ja": "未着手", "en": "Not started"},
    "title_payment_matrix": {"ja": "{item_no} 納付方法 × 税目：{fy}", "en": "{item_no} Payment method × tax: {fy}"},
    "title_status_summary": {"ja": "取組の状況", "en": "Items by status"},
    "title_status_summary_year": {"ja": "取組の状況：{fy}", "en": "Items by status: {fy}"},
    "title_milestones": {"ja": "段階の計画と実績", "en": "Stages planned and reached"},
    # Table columns.
    "col_fiscal_year": {"ja": "年度", "en": "Fiscal year"},
    "col_year_role": {"ja": "区分", "en": "Year type"},
    "col_metric": {"ja": "指標", "en": "Metric"},
    "col_status": {"ja": "状況", "en": "Status"},
    "col_count": {"ja": "件数", "en": "Count"},
    "col_items": {"ja": "取組番号", "en": "Item numbers"},
    "col_method": {"ja": "納付方法", "en": "Payment method"},
    "col_tax": {"ja": "税目", "en": "Tax"},
    "col_goal": {"ja": "目標", "en": "Goal"},
    "col_reference": {"ja": "基準線", "en": "Baseline line"},
    "role_baseline": {"ja": "基準（計画書の現況）", "en": "Baseline (plan document)"},
    "role_plan": {"ja": "計画年度", "en": "Plan year"},
    "role_outside_plan": {"ja": "計画期間外", "en": "Outside the plan period"},
    # Years and numbers.
    "tick_baseline": {"ja": "{era}末（基準）", "en": "End of FY{year} (baseline)"},
    "year_end": {"ja": "{era}末", "en": "end of {fy}"},
    "value_unit": {"ja": "{n}{unit}", "en": "{n} {unit}"},
    "items_count": {"ja": "{n}件", "en": "{n}"},
    # Sentences (planboard/sentences.py).
    "s_count_actual": {
        "ja": "計画{plan}に対し、{year_end}の実績{actual}（達成率{rate}）。",
        "en": "Against a plan of {plan}, the actual at the {year_end} was {actual} ({rate} of plan).",
    },
    "s_count_missing": {
        "ja": "{fy}の実績はまだ登録されていません（計画{plan}、{last_end}{last}）。",
        "en": "No actual has been reported for {fy} yet (plan {plan}; {last_end}: {last}).",
    },
    "s_count_missing_no_last": {
        "ja": "{fy}の実績はまだ登録されていません（計画{plan}）。",
        "en": "No actual has been reported for {fy} yet (plan {plan}).",
    },
    "s_increase_actual": {
        "ja": "目標「{goal}」に対し、{year_end}の実績{actual}（基準の{base_end}{base}から{change}）。",
        "en": "Against the goal to expand, the actual at the {year_end} was {actual} ({change} on {base} at the {base_end}).",
    },
    "s_increase_missing": {
        "ja": "{fy}の実績はまだ登録されていません（目標「{goal}」、{last_end}{last}）。",
        "en": "No actual has been reported for {fy} yet (goal: expand; {last_end}: {last}).",
    },
    "s_increase_up": {"ja": "{diff}増", "en": "up {diff}"},
    "s_increase_none": {"ja": "増加なし", "en": "no increase"},
    "s_count_no_number": {
        "ja": "{fy}の計画は「{planned}」で、数値の計画はありません（{last_end}{last}）。",
        "en": "{fy} has no numeric plan ({last_end}: {last}).",
    },
    "s_count_baseline": {
        "ja": "{year_end}の実績（計画書の現況）は{actual}。",
        "en": "At the {year_end} the plan document reports {actual}.",
    },
    "s_count_no_data": {
        "ja": "{fy}の計画・実績の数値はありません。",
        "en": "There is no planned or actual figure for {fy}.",
    },
    "s_stage_actual": {
        "ja": "{era}の計画は「{planned}」、到達段階は「{actual}」。",
        "en": "{fy}: planned stage '{planned}', stage reached '{actual}'.",
    },
    "s_stage_missing": {
        "ja": "{fy}の到達段階はまだ登録されていません（計画は「{planned}」）。",
        "en": "No stage has been reported for {fy} yet (planned: '{planned}').",
    },
    "s_stage_missing_last": {
        "ja": "{fy}の到達段階はまだ登録されていません（計画は「{planned}」、{last_end}は「{last}」）。",
        "en": "No stage has been reported for {fy} yet (planned: '{planned}'; {last_end}: '{last}').",
    },
    "s_stages_many": {
        "ja": "{fy}：{n}指標のうち{reached}指標が計画の段階に到達{missing}。",
        "en": "{fy}: {reached} of {n} metrics reached the planned stage{missing}.",
    },
    "s_stages_many_none": {
        "ja": "{fy}の到達段階は、{n}指標のいずれもまだ登録されていません。",
        "en": "No stage has been reported for {fy} yet for any of the {n} metrics.",
    },
    "s_matrix": {
        "ja": "{fy}：{n}つの組合せのうち{reached}つが計画の段階「{planned}」に到達{missing}。",
        "en": "{fy}: {reached} of {n} combinations reached the planned stage '{planned}'{missing}.",
    },
    "s_matrix_none": {
        "ja": "{fy}の到達段階は、{n}つの組合せのいずれもまだ登録されていません（計画は「{planned}」）。",
        "en": "No stage has been reported for {fy} yet for any of the {n} combinations (planned: '{planned}').",
    },
    "s_missing_suffix": {"ja": "（未登録{missing}）", "en": " ({missing} not yet reported)"},
    # Why an item has its status (planboard/item_charts.reason): plan and actual in like terms,
    # the cumulative plan against the cumulative actual, the planned stage against the stage reached.
    "r_reported": {"ja": "{metric}：{plan}に対し{actual}", "en": "{metric}: {actual} against {plan}"},
    "r_not_reported": {
        "ja": "{metric}：{plan}に対し実績は未報告",
        "en": "{metric}: no actual reported yet against {plan}",
    },
    "r_plan_cumulative": {"ja": "計画（累計）{plan}", "en": "a cumulative plan of {plan}"},
    "r_plan_increase": {"ja": "計画「{planned}」（基準{base}）", "en": "a plan to expand on the baseline of {base}"},
    "r_plan_printed": {"ja": "計画「{planned}」", "en": "the plan '{planned}'"},
    "r_plan_stage": {"ja": "計画の段階「{planned}」", "en": "the planned stage '{planned}'"},
    "r_plan_carried": {
        "ja": "計画の段階「{planned}」（前年度の計画を維持）",
        "en": "the planned stage '{planned}' (kept from the year before)",
    },
    "r_actual_count": {"ja": "実績{actual}", "en": "actual {actual}"},
    "r_actual_stage": {"ja": "到達段階「{actual}」", "en": "stage reached '{actual}'"},
    "s_summary": {"ja": "{n}件の取組：{parts}。", "en": "{n} items: {parts}."},
    "s_summary_part": {"ja": "{label}{count}件", "en": "{count} {label}"},
    "s_summary_empty": {"ja": "該当する取組はありません。", "en": "No items."},
    "list_separator": {"ja": "、", "en": ", "},
}

# The name of each status (planboard/status.py gives its icon, colour and severity).
STATUS_NAMES: dict[str, dict[str, str]] = {
    "behind": {"ja": "遅れ", "en": "Behind"},
    "not_started": {"ja": "未着手", "en": "Not started"},
    "no_actual": {"ja": "実績未報告", "en": "Awaiting actuals"},
    "on_track": {"ja": "概ね順調", "en": "On track"},
    "not_due": {"ja": "期限前", "en": "Not yet due"},
    "achieved": {"ja": "達成", "en": "Achieved"},
    "no_target": {"ja": "目標なし", "en": "No target"},
}

# How statuses are decided, shown beside every status (planboard/status.py `rules`).
STATUS_RULES_JA = [
    "これは Planboard 独自の判定で、練馬区の公式評価ではありません。",
    "その年度に計画がない（「—」や数値のない「検討」など）→ 目標なし",
    "実績が未登録 → 年度末（3月31日）前なら 期限前、過ぎていれば 実績未報告",
    "件数の指標：その年度末の累計実績が累計計画以上 → 達成；前期末（基準）から増えていない → 未着手；"
    "計画の{ratio:.0%}以上 → 概ね順調；それ未満 → 遅れ",
    "件数で「拡大」だけが目標の指標：基準（前期末）より多い → 達成；年度中 → 概ね順調；それ以外 → 遅れ",
    "段階の指標：到達段階が計画段階以上 → 達成；未着手と報告 → 未着手；年度中で1段階手前 → 概ね順調；それ以外 → 遅れ",
    "取組（事業）の状況は、その指標のうち最も注意が必要なもの（遅れ → 未着手 → 実績未報告 → 概ね順調 → 期限前 → 達成）。",
]
STATUS_RULES_EN = [
    "This is Planboard's own scale, not Nerima ward's official evaluation.",
    "No plan for that year (a dash, or words such as 'study' with no number) → No target",
    "No actual yet → Not yet due before the year ends (31 March), Awaiting actuals after",
    "Count metrics: cumulative actual at or above the cumulative plan → Achieved; no growth "
    "over the baseline → Not started; at least {ratio:.0%} of plan → On track; less → Behind",
    "Count metrics whose only target is 'expand': above the baseline → Achieved; "
    "during the year → On track; otherwise → Behind",
    "Stage metrics: stage reached at or past the planned stage → Achieved; reported as not "
    "started → Not started; one stage short during the year → On track; otherwise → Behind",
    "An item shows the status of its metric that needs attention most "
    "(Behind → Not started → Awaiting actuals → On track → Not yet due → Achieved).",
]


def default_language() -> str:
    lang = str(settings.get("default_language"))
    return lang if lang in LANGUAGES else "ja"


def t(key: str, language: str = "ja", **values) -> str:
    """The text for key in language, with {placeholders} filled in."""
    entry = TEXT[key]
    text = entry.get(language) or entry["ja"]
    return text.format(**values) if values else text
