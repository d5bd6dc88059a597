"""The problems an actuals file can have as a whole (or in its header), each with its fix in Japanese and English."""

from __future__ import annotations

from planboard.problems import Problem


def _problem(code, what_ja, fix_ja, what_en, fix_en, row=None, column=None, letter=None) -> Problem:
    return Problem(code, what_ja, fix_ja, what_en, fix_en, row=row, column=column, letter=letter)


_SAVE_AS_JA = "Excel で「CSV UTF-8（コンマ区切り）」または「Excel ブック（.xlsx）」として保存し直してください。"
_SAVE_AS_EN = "Save it from Excel as 'CSV UTF-8 (comma delimited)' or as an Excel workbook (.xlsx)."


def too_large(size: int, limit: int) -> Problem:
    return _problem(
        "file_too_large",
        f"ファイルが大きすぎます（{size / 1024 / 1024:.2f} MB、上限 {limit / 1024 / 1024:.2f} MB）。",
        "ファイルを分けるか、不要なシートや書式を消してから取り込んでください（上限は設定 max_upload_mb）。",
        f"The file is too large ({size / 1024 / 1024:.2f} MB; the limit is {limit / 1024 / 1024:.2f} MB).",
        "Split the file or remove unneeded sheets and formatting (the limit is the setting max_upload_mb).",
    )


def empty() -> Problem:
    return _problem(
        "file_empty",
        "ファイルが空です。",
        "見出し行（取組番号, 指標, 年度, 実績値, 進捗段階, 備考, 出典）とデータの行を書いてください。テンプレートを使うと確実です。",
        "The file is empty.",
        "Write a header row (取組番号, 指標, 年度, 実績値, 進捗段階, 備考, 出典) and data rows; the template helps.",
    )


def no_rows(header_row: int | None) -> Problem:
    return _problem(
        "no_rows",
        "見出し行の下にデータの行がありません。",
        "1行に1つの指標・年度の実績を書いてください。",
        "There are no data rows below the header.",
        "Write one row per metric and fiscal year.",
        row=header_row,
    )


def macro(extension: str) -> Problem:
    return _problem(
        "xlsx_macro",
        f"マクロを含むブック（{extension}）は安全のため取り込めません。",
        "マクロを含まない「Excel ブック（.xlsx）」として保存し直してください。",
        f"Workbooks with macros ({extension}) are refused for safety.",
        "Save it as a macro-free Excel workbook (.xlsx).",
    )


def external_links() -> Problem:
    return _problem(
        "xlsx_external_links",
        "他のブックへの外部リンクを含むブックは取り込めません。",
        "Excel の「データ」→「リンクの編集」→「リンクの解除」で値に置き換えてから保存してください。",
        "Workbooks with external links to other workbooks are refused.",
        "In Excel use Data → Edit Links → Break Link to turn them into values, then save.",
    )


def zip_bomb(limit: int) -> Problem:
    return _problem(
        "xlsx_too_large_unpacked",
        f"展開すると {limit / 1024 / 1024:.0f} MB を超えるブックです（圧縮爆弾の疑い）。",
        "実績の表だけを新しいブックに貼り付けて保存し直してください。",
        f"The workbook unpacks to more than {limit / 1024 / 1024:.0f} MB (a possible zip bomb).",
        "Paste only the actuals table into a new workbook and save it again.",
    )


def xml_dtd() -> Problem:
    return _problem(
        "xlsx_dtd",
        "文書型定義（DTD）を含むブックは、安全のため取り込めません（Excel が保存したブックには含まれません）。",
        "Excel で開き、「Excel ブック（.xlsx）」として保存し直してください。",
        "Workbooks with a document type definition (DTD) are refused for safety; Excel never writes one.",
        "Open it in Excel and save it as an Excel workbook (.xlsx).",
    )


def corrupt_xlsx() -> Problem:
    return _problem(
        "xlsx_corrupt",
        "XLSX ファイルとして読めません（壊れているか、パスワードで保護されています）。",
        "Excel で開けることを確かめ、パスワードを外して「Excel ブック（.xlsx）」として保存し直してください。",
        "The file cannot be read as XLSX (it is damaged or password-protected).",
        "Check that it opens in Excel, remove any password and save it as an Excel workbook (.xlsx).",
    )


def not_xlsx() -> Problem:
    return _problem(
        "xlsx_not_workbook",
        "ZIP ファイルですが Excel ブックではありません。",
        _SAVE_AS_JA,
        "This is a ZIP file but not an Excel workbook.",
        _SAVE_AS_EN,
    )


def binary_workbook() -> Problem:
    return _problem(
        "xlsx_binary",
        "Excel バイナリブック（.xlsb）は取り込めません。",
        _SAVE_AS_JA,
        "Excel binary workbooks (.xlsb) are not supported.",
        _SAVE_AS_EN,
    )


def no_sheet(sheet_name: str) -> Problem:
    return _problem(
        "xlsx_no_sheet",
        "ブックにワークシートがありません。",
        f"「{sheet_name}」という名前のシート（なければ最初のシート）に表を置いてください。",
        "The workbook has no worksheet.",
        f"Put the table on a sheet named 「{sheet_name}」 (otherwise the first sheet is read).",
    )


def old_excel() -> Problem:
    return _problem(
        "file_old_excel",
        "旧形式の Excel ファイル（.xls）またはパスワード付きのブックです。",
        "パスワードを外し、" + _SAVE_AS_JA,
        "This is an old-format Excel file (.xls) or a password-protected workbook.",
        "Remove any password. " + _SAVE_AS_EN,
    )


def not_a_table(kind_ja: str, kind_en: str) -> Problem:
    return _problem(
        "file_not_table",
        f"CSV でも XLSX でもありません（中身は{kind_ja}です）。",
        "実績の表を " + _SAVE_AS_JA,
        f"This is neither CSV nor XLSX (it is {kind_en}).",
        "Choose the actuals table. " + _SAVE_AS_EN,
    )


def utf16() -> Problem:
    return _problem(
        "file_utf16",
        "UTF-16（Excel の「Unicode テキスト」）のファイルは取り込めません。",
        _SAVE_AS_JA,
        "UTF-16 files (Excel's 'Unicode Text') are not supported.",
        _SAVE_AS_EN,
    )


def unknown_encoding() -> Problem:
    return _problem(
        "file_encoding",
        "文字コードを判別できません（UTF-8 でも Shift_JIS（CP932）でもありません）。",
        _SAVE_AS_JA,
        "The character encoding is neither UTF-8 nor Shift_JIS (CP932).",
        _SAVE_AS_EN,
    )


def unsupported_extension(extension: str) -> Problem:
    return _problem(
        "file_extension",
        f"拡張子「{extension}」のファイルは取り込めません。",
        "拡張子が .csv または .xlsx のファイルを選んでください。",
        f"Files ending in '{extension}' are not accepted.",
        "Choose a file ending in .csv or .xlsx.",
    )


def mismatch(extension: str, kind: str) -> Problem:
    actual_ja = "Excel ブック（ZIP）" if kind == "xlsx" else "テキスト（CSV）"
    actual_en = "an Excel workbook (ZIP)" if kind == "xlsx" else "text (CSV)"
    return _problem(
        "file_mismatch",
        f"拡張子は「{extension}」ですが、中身は{actual_ja}です。",
        "拡張子を中身に合わせるか、" + _SAVE_AS_JA,
        f"The file ends in '{extension}' but holds {actual_en}.",
        "Give it the right extension, or: " + _SAVE_AS_EN,
    )


def csv_unreadable(line: int, detail: str) -> Problem:
    return _problem(
        "csv_unreadable",
        f"CSV として読めません（{line}行目付近: {detail}）。",
        '引用符（"）の対応を確かめるか、' + _SAVE_AS_JA,
        f"The file cannot be read as CSV (near line {line}: {detail}).",
        'Check the quotes ("), or: ' + _SAVE_AS_EN,
        row=line,
    )


def duplicate_header(row: int | None, text: str, letter: str) -> Problem:
    return _problem(
        "header_duplicate",
        "同じ意味の見出しが2つあります。",
        "どちらかの列を消すか、見出しを直してください。",
        "Two columns have headers with the same meaning.",
        "Delete one of them or correct its header.",
        row=row,
        column=text,
        letter=letter,
    )


def missing_headers(row: int | None, missing_ja: str, missing_en: str) -> Problem:
    return _problem(
        "header_missing",
        f"見出し行に {missing_ja} の列がありません。",
        "1行目を見出し行にして、取組番号・指標・年度・実績値・進捗段階・備考・出典 の見出しを書いてください（テンプレートと同じ形）。",
        f"The header row has no column for {missing_en}.",
        "Make the first row the header row with 取組番号, 指標, 年度, 実績値, 進捗段階, 備考, 出典 (as in the template).",
        row=row,
    )


def too_many_rows(limit: int) -> Problem:
    return _problem(
        "too_many_rows",
        f"行が多すぎます（{limit:,}行まで）。",
        "実績の表だけを残し、ファイルを分けて取り込んでください。",
        f"Too many rows (the limit is {limit:,}).",
        "Keep only the actuals table, or split the file.",
    )
