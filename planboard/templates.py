"""The import template and the current-actuals export: one row per metric and year, as CSV or XLSX bytes.

Both have the import file's Japanese headers, so a filled-in template or an edited
export imports as it is. The extra columns 指標名, 種類, 計画値（参考）, 選べる段階 help
the person filling it in; the importer ignores them.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from planboard import loaders
from planboard.fiscal_year import era_name
from planboard.import_file import HEADER_JA, SHEET_NAME
from planboard.safe_cells import csv_bytes, xlsx_bytes
from planboard.validation import NOT_STARTED_JA

HINT_LABEL, HINT_KIND, HINT_PLANNED, HINT_STAGES = "指標名", "種類", "計画値（参考）", "選べる段階"
COLUMNS = [
    HEADER_JA["plan_id"],
    HEADER_JA["item_no"],
    HEADER_JA["metric_code"],
    HINT_LABEL,
    HEADER_JA["fiscal_year"],
    HINT_KIND,
    HINT_PLANNED,
    HEADER_JA["value"],
    HEADER_JA["stage"],
    HINT_STAGES,
    HEADER_JA["note"],
    HEADER_JA["source"],
]
FORMATS = ("csv", "xlsx")
INSTRUCTIONS = [
    "このブックは Planboard の実績取込用です。「実績」シートの1行が1つの指標・年度です。",
    "実績値: 件数の指標の年度末の累計を数字だけで（単位・カンマなし）。空欄は「実績なし」で、0 ではありません。",
    "進捗段階: 段階の指標の到達段階を「選べる段階」の名前か番号で。まだなら「未着手」（または 0）。",
    "年度: 令和元年度・平成30年度・2019 などどの書き方でも読めます。",
    "備考: 累計が前年度より減るときは、その理由をここに書いてください。",
    "出典: 数字のもとになった資料。空欄ならファイル名が出典になります。",
    "指標名・種類・計画値（参考）・選べる段階の列は参考で、取り込みでは読みません。",
    "実績値も進捗段階も備考も出典も空の行は読み飛ばします。",
    "取り込み: python -m planboard import-actuals ファイル名 --dry-run で確認してから --user 名前 で登録します。",
]


def actuals_sheet(con: duckdb.DuckDBPyConnection, plan_id: str, with_actuals: bool = False) -> pd.DataFrame:
    """The rows of the template (plan years, actual columns blank) or of the export (with current actuals).

    The export also lists the baseline years that hold an actual, so that it shows
    every current actual and re-imports without change.
    """
    years = loaders.metric_year(con, plan_id)
    stages = loaders.plan_stages(con, plan_id)
    stage_lists = {
        key: " / ".join([NOT_STARTED_JA, *group["stage_ja"]])
        for key, group in stages.groupby(["item_no", "metric_code"])
    }
    has_actual = years["actual_value"].notna() | years["actual_stage_no"].notna()
    rows = years[(years["year_role"] == "plan") | (has_actual if with_actuals else False)]
    has_actual = has_actual[rows.index] & with_actuals
    count = rows["kind"] == "count"
    return pd.DataFrame(
        {
            HEADER_JA["plan_id"]: rows["plan_id"],
            HEADER_JA["item_no"]: rows["item_no"],
            HEADER_JA["metric_code"]: rows["metric_code"],
            HINT_LABEL: rows["metric_label_ja"],
            HEADER_JA["fiscal_year"]: rows["fiscal_year"].map(era_name),
            HINT_KIND: [
                f"件数（{u}・年度末の累計）" if c else "段階" for c, u in zip(count, rows["unit_ja"], strict=True)
            ],
            HINT_PLANNED: rows["planned_text"],
            HEADER_JA["value"]: rows["actual_value"].where(has_actual).astype("Int64"),
            HEADER_JA["stage"]: rows["actual_stage_ja"].where(has_actual),
            HINT_STAGES: [
                "" if c else stage_lists.get((i, m), "")
                for c, i, m in zip(count, rows["item_no"], rows["metric_code"], strict=True)
            ],
            HEADER_JA["note"]: rows["actual_note"].where(has_actual),
            HEADER_JA["source"]: rows["actual_source"].where(has_actual),
        },
        columns=COLUMNS,
    ).reset_index(drop=True)


def actuals_file(
    con: duckdb.DuckDBPyConnection, plan_id: str, file_format: str = "xlsx", with_actuals: bool = False
) -> bytes:
    """The template (with_actuals=False) or the current-actuals export as CSV (UTF-8 with BOM) or XLSX bytes."""
    if file_format not in FORMATS:
        raise ValueError(f"file_format must be one of {FORMATS}, not {file_format!r}")
    sheet = actuals_sheet(con, plan_id, with_actuals)
    if file_format == "csv":
        return csv_bytes(sheet)
    instructions = pd.DataFrame({"説明": INSTRUCTIONS})
    text_columns = [HEADER_JA["item_no"], HEADER_JA["metric_code"], HEADER_JA["fiscal_year"]]
    return xlsx_bytes({SHEET_NAME: sheet, "説明": instructions}, text_columns={SHEET_NAME: text_columns})


def suggested_file_name(plan_id: str, file_format: str = "xlsx", with_actuals: bool = False) -> str:
    """A download name, e.g. 'planboard-actuals-template-nerima-2018.xlsx'."""
    kind = "actuals" if with_actuals else "actuals-template"
    return f"planboard-{kind}-{plan_id}.{file_format}"
