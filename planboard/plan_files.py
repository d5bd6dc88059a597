"""Read a plan folder under data/plan/ and check it before anything is loaded.

Each plan lives in its own folder of UTF-8 CSV files (see docs/schema.md). A
problem raises PlanDataError naming the file, the row, the column and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# file name -> (table, required columns, key columns, columns parsed as numbers)
FILES: dict[str, tuple[str, list[str], list[str], list[str]]] = {
    "plan.csv": (
        "plan",
        ["plan_id", "municipality_ja", "title_ja", "first_fy", "last_fy", "source_document"],
        ["plan_id"],
        ["first_fy", "last_fy", "vision_fy", "previous_plan_end_fy"],
    ),
    "goals.csv": ("goal", ["plan_id", "goal_no", "title_ja", "source"], ["plan_id", "goal_no"], ["goal_no"]),
    "initiatives.csv": (
        "initiative",
        ["plan_id", "item_no", "display_order", "goal_no", "title_ja", "source"],
        ["plan_id", "item_no"],
        ["display_order", "goal_no", "headline_order"],
    ),
    "departments.csv": (
        "department",
        ["plan_id", "item_no", "display_order", "bureau", "section", "source"],
        ["plan_id", "item_no", "display_order"],
        ["display_order"],
    ),
    "footnotes.csv": (
        "footnote",
        ["plan_id", "item_no", "footnote_no", "text_ja", "source"],
        ["plan_id", "item_no", "footnote_no"],
        [],
    ),
    "metrics.csv": (
        "metric",
        ["plan_id", "item_no", "display_order", "label_ja", "kind", "goal_text", "source"],
        ["plan_id", "item_no", "metric_code"],
        ["display_order", "goal_value", "total_value"],
    ),
    "stages.csv": (
        "metric_stage",
        ["plan_id", "item_no", "stage_no", "stage_ja", "source"],
        ["plan_id", "item_no", "metric_code", "stage_no"],
        ["stage_no"],
    ),
    "facets.csv": (
        "metric_facet",
        ["plan_id", "item_no", "facet", "value_ja", "source"],
        ["plan_id", "item_no", "metric_code", "facet"],
        [],
    ),
    "cells.csv": (
        "cell",
        ["plan_id", "item_no", "fiscal_year", "role", "printed_text", "source"],
        ["plan_id", "item_no", "metric_code", "fiscal_year"],
        ["fiscal_year", "value"],
    ),
}
OPTIONAL_FILES = {"footnotes.csv", "facets.csv", "stages.csv"}


class PlanDataError(ValueError):
    """A plan file is not as docs/schema.md describes; the message says where and how to fix it."""


@dataclass
class PlanFolder:
    path: Path
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def plan_id(self) -> str:
        return self.frames["plan"].iloc[0]["plan_id"]


def plan_folders(plan_dir: Path) -> list[Path]:
    """Every folder under plan_dir that holds a plan.csv, in name order."""
    return sorted(p.parent for p in Path(plan_dir).glob("*/plan.csv"))


def read_plan_folder(folder: Path) -> PlanFolder:
    plan = PlanFolder(Path(folder))
    for name, (table, required, _keys, numeric) in FILES.items():
        path = plan.path / name
        if not path.exists():
            if name in OPTIONAL_FILES:
                plan.frames[table] = pd.DataFrame(columns=required + ["metric_code"])
                continue
            raise PlanDataError(f"{path}: ファイルがありません。docs/schema.md の形式で作成してください。")
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        df = df.apply(lambda col: col.str.strip())
        _check_columns(path, df, required)
        if "metric_code" not in df.columns and name in ("metrics.csv", "stages.csv", "facets.csv", "cells.csv"):
            df["metric_code"] = ""
        for col in numeric:
            if col in df.columns:
                df[col] = _numbers(path, df, col)
        plan.frames[table] = df
    _check(plan)
    return plan


def _check_columns(path: Path, df: pd.DataFrame, required: list[str]) -> None:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise PlanDataError(f"{path}: 列 {', '.join(missing)} がありません。見出し行に追加してください。")
    for col in required:
        blank = df.index[df[col] == ""]
        if len(blank):
            row = int(blank[0]) + 2  # header is line 1
            raise PlanDataError(f"{path} {row}行目「{col}」列が空です。値を入れてください。")


def _numbers(path: Path, df: pd.DataFrame, col: str) -> pd.Series:
    out = pd.to_numeric(df[col].replace("", None), errors="coerce")
    bad = df.index[(df[col] != "") & out.isna()]
    if len(bad):
        row = int(bad[0]) + 2
        raise PlanDataError(
            f"{path} {row}行目「{col}」列の「{df.at[bad[0], col]}」は数値ではありません。"
            "数字だけを書くか、数値がなければ空欄にしてください。"
        )
    return out


def _check(plan: PlanFolder) -> None:
    f = plan.frames
    if len(f["plan"]) != 1:
        raise PlanDataError(f"{plan.path / 'plan.csv'}: 計画は1フォルダに1行だけ書いてください。")
    plan_id = plan.plan_id
    for name, (table, _req, keys, _num) in FILES.items():
        df = f[table]
        path = plan.path / name
        other = df.index[df["plan_id"] != plan_id] if len(df) else []
        if len(other):
            raise PlanDataError(
                f"{path} {int(other[0]) + 2}行目「plan_id」列が「{df.at[other[0], 'plan_id']}」です。"
                f"このフォルダの計画「{plan_id}」にそろえてください。"
            )
        dup = df.index[df.duplicated(subset=keys, keep="first")] if len(df) else []
        if len(dup):
            raise PlanDataError(
                f"{path} {int(dup[0]) + 2}行目: {', '.join(keys)} の組合せが前の行と重複しています。どちらかを直してください。"
            )
    items = set(f["initiative"]["item_no"])
    goals = set(f["goal"]["goal_no"])
    metric_keys = list(zip(f["metric"]["item_no"], f["metric"]["metric_code"], strict=True))
    metrics = set(metric_keys)
    stages = {(r.item_no, r.metric_code, r.stage_ja): int(r.stage_no) for r in f["metric_stage"].itertuples()}
    _refs(plan, "initiatives.csv", f["initiative"], "goal_no", lambda r: r.goal_no in goals, "goals.csv の目標番号")
    for name, table in (("departments.csv", "department"), ("footnotes.csv", "footnote"), ("metrics.csv", "metric")):
        _refs(plan, name, f[table], "item_no", lambda r: r.item_no in items, "initiatives.csv の取組番号")
    for name, table in (("stages.csv", "metric_stage"), ("facets.csv", "metric_facet"), ("cells.csv", "cell")):
        _refs(
            plan, name, f[table], "metric_code", lambda r: (r.item_no, r.metric_code) in metrics, "metrics.csv の指標"
        )
    kinds = dict(zip(metric_keys, f["metric"]["kind"], strict=True))
    _refs(
        plan, "metrics.csv", f["metric"], "kind", lambda r: r.kind in ("count", "milestone"), "count または milestone"
    )
    cells = f["cell"]
    _refs(plan, "cells.csv", cells, "role", lambda r: r.role in ("baseline", "plan"), "baseline または plan")
    _refs(
        plan,
        "cells.csv",
        cells,
        "rule",
        lambda r: (r.role == "baseline" and r.rule == "") or r.rule in ("at_least", "stage", "increase", "none"),
        "plan 行は at_least / stage / increase / none、baseline 行は空欄",
    )
    _refs(
        plan,
        "cells.csv",
        cells,
        "stage_ja",
        lambda r: r.stage_ja == "" or (r.item_no, r.metric_code, r.stage_ja) in stages,
        "stages.csv にあるその指標の段階名",
    )
    _refs(
        plan,
        "cells.csv",
        cells,
        "value",
        lambda r: pd.isna(r.value) or kinds[(r.item_no, r.metric_code)] == "count",
        "件数（count）の指標だけが数値を持ちます",
    )
    cells["stage_no"] = [stages.get((r.item_no, r.metric_code, r.stage_ja)) for r in cells.itertuples()]


def _refs(plan: PlanFolder, name: str, df: pd.DataFrame, col: str, ok, expected: str) -> None:
    for i, row in enumerate(df.itertuples()):
        if not ok(row):
            raise PlanDataError(
                f"{plan.path / name} {i + 2}行目「{col}」列の「{getattr(row, col)}」が正しくありません。"
                f"{expected}を書いてください。"
            )
