"""The benchmark's comparison: the same questions answered the way a typical Streamlit app does it.

Such an app exports its tables (here to Parquet), reads them into pandas once (cached
with st.cache_data), and on every filter change finds each metric-year's latest
revision with sort + drop_duplicates, joins the plan's targets and metrics, and
computes the statuses in memory. `answer` does exactly that for one filter state and
returns what loaders.metric_year and loaders.items return for it (their status
columns are checked to agree), so the timings compare like with like.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from planboard import status

TABLES = ("actual_revision", "target", "metric", "plan", "initiative", "department", "setting")
KEYS = ["item_no", "metric_code", "fiscal_year"]


def export(con, out_dir: Path) -> dict[str, int]:
    """Write every table the app needs to Parquet (the typical app's data file); returns bytes per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for table in TABLES:
        path = out_dir / f"{table}.parquet"
        con.table(table).write_parquet(str(path))
        sizes[table] = path.stat().st_size
    return sizes


def load(out_dir: Path) -> dict[str, pd.DataFrame]:
    return {table: pd.read_parquet(out_dir / f"{table}.parquet") for table in TABLES}


def _status(df: pd.DataFrame, ratio: float) -> np.ndarray:
    """planboard_status, vectorised: the first matching rule wins (NaN compares false, like NULL)."""
    rule, pv, ps = df["rule"], df["planned_value"], df["planned_stage_no"]
    av, ast, base, ended = df["actual_value"], df["actual_stage_no"], df["base_value"], df["year_ended"]
    missing = np.where(ended, "no_actual", "not_due")
    stage, increase = rule == "stage", rule == "increase"
    conditions = [
        ~rule.isin(["at_least", "stage", "increase"]),
        stage & ps.isna(),
        stage & ast.isna(),
        stage & (ast >= ps),
        stage & (ast == 0),
        stage & ~ended & (ast == ps - 1),
        stage,
        av.isna(),
        increase & base.isna(),
        increase & (av > base),
        increase & ended,
        increase,
        pv.isna(),
        av >= pv,
        base.notna() & (av <= base),
        av >= ratio * pv,
    ]
    choices = [
        "no_target",
        "no_target",
        missing,
        "achieved",
        "not_started",
        "on_track",
        "behind",
        missing,
        "no_target",
        "achieved",
        "behind",
        "on_track",
        "no_target",
        "achieved",
        "not_started",
        "on_track",
    ]
    return np.select([c.fillna(False).to_numpy(bool) for c in conditions], choices, default="behind")


def answer(data: dict[str, pd.DataFrame], plan_id: str, fiscal_year: int, as_of: dt.datetime, bureau, section):
    """metric_year rows and item statuses of one plan and filter state, in pandas."""
    rev = data["actual_revision"]
    mine = rev[(rev["plan_id"] == plan_id) & (rev["recorded_at"] <= as_of)]
    latest = mine.sort_values("revision_id").drop_duplicates(KEYS, keep="last")
    target = data["target"]
    t = target[target["plan_id"] == plan_id].sort_values(KEYS)
    # A stage plan of 「—」 keeps the earlier year's stage (as max() over the window does in SQL).
    stage = t["planned_stage_no"].fillna(-1).groupby([t["item_no"], t["metric_code"]]).cummax()
    t = t.assign(planned_stage_cum=stage.where(stage >= 0))
    plan = data["plan"].set_index("plan_id").loc[plan_id]
    keys = pd.concat([t[KEYS], latest[KEYS]]).drop_duplicates()
    base = latest.loc[latest["fiscal_year"] == plan["previous_plan_end_fy"], ["item_no", "metric_code", "value"]]
    metric = data["metric"]
    rows = (
        keys.merge(metric[metric["plan_id"] == plan_id][["item_no", "metric_code", "kind"]], on=KEYS[:2])
        .merge(t[[*KEYS, "rule", "planned_value", "planned_stage_cum"]], on=KEYS, how="left")
        .merge(latest[[*KEYS, "value", "stage_no", "revision_id"]], on=KEYS, how="left")
        .merge(base.rename(columns={"value": "base_value"}), on=KEYS[:2], how="left")
        .rename(
            columns={"value": "actual_value", "stage_no": "actual_stage_no", "planned_stage_cum": "planned_stage_no"}
        )
    )
    year_end = pd.to_datetime((rows["fiscal_year"] + 1).astype(str) + "-03-31")
    rows["year_ended"] = year_end < pd.Timestamp(as_of.date())
    ratio = float(data["setting"].set_index("name").loc["count_on_track_ratio", "value"])
    rows["status"] = _status(rows, ratio)
    dept = data["department"]
    dept = dept[dept["plan_id"] == plan_id]
    if bureau is not None:
        dept = dept[dept["bureau"] == bureau]
    if section is not None:
        dept = dept[dept["section"] == section]
    rows = rows[rows["item_no"].isin(dept["item_no"])]
    year = rows[rows["fiscal_year"] == fiscal_year].copy()
    year["severity"] = year["status"].map({c: s.severity for c, s in status.STATUSES.items()})
    items = year.sort_values("severity").drop_duplicates("item_no")[["item_no", "status"]]
    return rows, items
