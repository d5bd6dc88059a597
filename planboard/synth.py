"""A synthetic scale store: many fictional plans with monthly actuals, for benchmarks and scale tests.

Everything is generated inside DuckDB from range() with hash()-based pseudo-random
numbers, so a 10-million-revision store is written by a handful of bulk INSERT …
SELECT statements, never row by row, and the same arguments (seed included) always
give the same store. Every name says it is synthetic: municipality 「架空市0001（合成）」,
plan_id `synth-0001`, source 「合成データ（synthetic）」. The schema, reference tables,
views and macros come from planboard.store, exactly as `build` writes them.

Per plan: goals, items of three metrics (a fifth of them milestones with three
stages), several 部 and 課, a target per metric and plan year, one baseline actual per
metric (the year before the plan), and K revisions per metric and plan year spread over
the fiscal year (the first an 'import', later ones 'correction', as planboard/ingest.py
would record re-imports). Every table is written in plan order, and revisions plan by plan
(as per-plan import batches arrive), which keeps each plan's rows together in DuckDB's row
groups, so that their zonemaps skip the other plans.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from planboard import store

SYNTHETIC_SOURCE = "合成データ（synthetic）"
SYNTHETIC_EDITOR = "架空担当者（合成）"
# The last fiscal year any synthetic plan covers: every synthetic actual lies in the past.
LAST_FY = 2024
BUREAUS = ["架空総務部", "架空企画部", "架空地域文化部", "架空こども家庭部", "架空環境部"]
SECTIONS = ["第一課", "第二課", "第三課"]
STAGES = [("検討", "Study"), ("準備", "Preparation"), ("実施", "In operation")]
METRICS_PER_ITEM = 3
GOALS = 4
HEADLINE_ITEMS = 4


@dataclass(frozen=True)
class SynthSpec:
    plans: int
    metrics: int
    years: int
    revisions_per_year: int = 12
    seed: int = 1

    @property
    def revisions(self) -> int:
        """Rows of actual_revision: one baseline per metric plus K per metric and plan year."""
        return self.plans * self.metrics * (1 + self.years * self.revisions_per_year)

    def check(self) -> None:
        if self.plans < 1 or self.metrics < 1 or self.years < 1:
            raise ValueError("--plans, --metrics and --years must be at least 1")
        if not 1 <= self.revisions_per_year <= 365:
            raise ValueError("--revisions-per-year must be between 1 and 365")
        if self.plans > 99_999:
            raise ValueError("--plans is at most 99,999")


# The quick preset for tests, and the scale the benchmark's targets are set for:
# 1,741 municipalities × 60 metrics × 8 years × 12 monthly revisions ≈ 10.1 million revisions.
PRESETS = {
    "small": SynthSpec(plans=12, metrics=24, years=3, revisions_per_year=4),
    "large": SynthSpec(plans=1741, metrics=60, years=8, revisions_per_year=12),
}

# Pseudo-random attributes of plan p and metric m, shared by every statement below so that
# targets, baselines and revisions agree. hash() is DuckDB's, fixed for a DuckDB version.
_MACROS = """
create or replace temp macro syn_h(seed, p, m, salt) as hash(seed, p, m, salt) % 1000003;
create or replace temp macro syn_first_fy(seed, p, years) as
    {last_fy} - years + 1 - cast(syn_h(seed, p, 0, 1) % 3 as integer);
create or replace temp macro syn_plan_id(p) as 'synth-' || lpad(cast(p as varchar), {width}, '0');
create or replace temp macro syn_kind(seed, p, m) as
    case when syn_h(seed, p, m, 2) % 5 = 0 then 'milestone' else 'count' end;
create or replace temp macro syn_rule(seed, p, m) as
    case
        when syn_kind(seed, p, m) = 'milestone' then 'stage'
        when syn_h(seed, p, m, 3) % 12 = 0 then 'increase'
        else 'at_least'
    end;
create or replace temp macro syn_base(seed, p, m) as cast(5 + syn_h(seed, p, m, 4) % 40 as integer);
create or replace temp macro syn_inc(seed, p, m) as cast(1 + syn_h(seed, p, m, 5) % 8 as integer);
-- share of the plan achieved: a few metrics never move (未着手), most land between 75 % and 114 %
create or replace temp macro syn_perf(seed, p, m) as
    case when syn_h(seed, p, m, 6) % 100 < 4 then 0.0 else 0.75 + (syn_h(seed, p, m, 6) % 40) / 100.0 end;
-- stages a milestone metric runs behind its plan
create or replace temp macro syn_lag(seed, p, m) as
    cast(case syn_h(seed, p, m, 7) % 6 when 4 then 1 when 5 then 2 else 0 end as integer);
create or replace temp macro syn_planned_stage(j, years) as cast(least(3, 1 + (j * 3) // years) as integer);
create or replace temp macro syn_count(seed, p, m, x) as
    cast(syn_base(seed, p, m) + round(syn_inc(seed, p, m) * syn_perf(seed, p, m) * x) as integer);
create or replace temp macro syn_item(m) as m // {per_item} + 1;
create or replace temp macro syn_item_no(i) as cast((i - 1) % {goals} + 1 as varchar) || '-' || cast(i as varchar);
create or replace temp macro syn_metric_code(m, metrics) as
    case when least({per_item}, metrics - (m // {per_item}) * {per_item}) = 1 then ''
    else cast(m % {per_item} + 1 as varchar) end;
create or replace temp macro syn_stage_ja(n, names) as
    case n when 0 then '未着手' else names[n] end;
"""

_PLANS = """
insert into plan
select
    syn_plan_id(p),
    '架空市' || lpad(cast(p as varchar), {width}, '0') || '（合成）',
    'Synthetic City ' || lpad(cast(p as varchar), {width}, '0') || ' (synthetic)',
    '架空市アクションプラン（' || syn_first_fy($seed, p, $years) || '年度～'
        || (syn_first_fy($seed, p, $years) + $years - 1) || '年度）（合成データ）',
    'Synthetic action plan (FY' || syn_first_fy($seed, p, $years) || '–FY'
        || (syn_first_fy($seed, p, $years) + $years - 1) || ') (synthetic)',
    '全章（合成データ）',
    syn_first_fy($seed, p, $years),
    syn_first_fy($seed, p, $years) + $years - 1,
    syn_first_fy($seed, p, $years) - 4,
    syn_first_fy($seed, p, $years) - 1,
    $source || ': python -m planboard synth --seed ' || $seed
from range(1, $plans + 1) as t(p)
"""

_GOALS = """
insert into goal
select syn_plan_id(p), g, '合成目標' || g || '（架空）', 'Synthetic goal ' || g, $source
from range(1, $plans + 1) as t(p), range(1, least({goals}, $items) + 1) as u(g)
order by p, g
"""

_INITIATIVES = """
insert into initiative
    (plan_id, item_no, display_order, goal_no, heading_no, title_ja, title_en, mark, headline_order,
     description_ja, reprint_of, title_note, source)
select
    syn_plan_id(p),
    syn_item_no(i),
    i,
    (i - 1) % {goals} + 1,
    '(' || i || ')',
    '合成取組' || i || '（架空）',
    'Synthetic item ' || i,
    case syn_h($seed, p, i, 10) % 3 when 0 then '★' when 1 then '☆' end,
    case when i <= {headline} then i end,
    '合成データ（synthetic）の架空の取組です。実在の自治体・事業とは関係ありません。',
    null,
    null,
    $source
from range(1, $plans + 1) as t(p), range(1, $items + 1) as u(i)
order by p, i
"""

# Every item has one 課; every seventh a second one in the next 部.
_DEPARTMENTS = """
insert into department
select
    syn_plan_id(p),
    syn_item_no(i),
    d,
    $bureaus[cast((syn_h($seed, p, i, 8) + d - 1) % {n_bureaus} as integer) + 1],
    replace($bureaus[cast((syn_h($seed, p, i, 8) + d - 1) % {n_bureaus} as integer) + 1], '部', '')
        || $sections[cast(syn_h($seed, p, i, 9) % {n_sections} as integer) + 1],
    $source
from range(1, $plans + 1) as t(p), range(1, $items + 1) as u(i), range(1, 3) as v(d)
where d = 1 or i % 7 = 0
order by p, i, d
"""

_METRICS = """
insert into metric
select
    syn_plan_id(p),
    syn_item_no(syn_item(m)),
    syn_metric_code(m, $metrics),
    m % {per_item} + 1,
    null,
    '合成指標' || (m + 1) || '（架空）',
    'Synthetic metric ' || (m + 1),
    null,
    syn_kind($seed, p, m),
    case when syn_kind($seed, p, m) = 'count' then '件' end,
    case when syn_kind($seed, p, m) = 'count' then 'cases' end,
    case syn_rule($seed, p, m)
        when 'stage' then syn_stage_ja(syn_planned_stage($years - 1, $years), $stages_ja)
        when 'increase' then '拡大'
        else '計' || (syn_base($seed, p, m) + syn_inc($seed, p, m) * $years) || '件'
    end,
    case when syn_rule($seed, p, m) = 'at_least' then syn_base($seed, p, m) + syn_inc($seed, p, m) * $years end,
    null,
    null,
    $source,
    null
from range(1, $plans + 1) as t(p), range(0, $metrics) as u(m)
order by p, m
"""

_STAGES = """
insert into metric_stage
select syn_plan_id(p), syn_item_no(syn_item(m)), syn_metric_code(m, $metrics), s, $stages_ja[s], $stages_en[s],
    $source
from range(1, $plans + 1) as t(p), range(0, $metrics) as u(m), range(1, 4) as v(s)
where syn_kind($seed, p, m) = 'milestone'
order by p, m, s
"""

_TARGETS = """
insert into target
select
    syn_plan_id(p),
    syn_item_no(syn_item(m)),
    syn_metric_code(m, $metrics),
    syn_first_fy($seed, p, $years) + j,
    (syn_first_fy($seed, p, $years) + j) || '年度',
    case syn_rule($seed, p, m)
        when 'stage' then syn_stage_ja(syn_planned_stage(j, $years), $stages_ja)
        when 'increase' then '拡大'
        else '計' || (syn_base($seed, p, m) + syn_inc($seed, p, m) * (j + 1)) || '件'
    end,
    case when syn_rule($seed, p, m) = 'at_least' then syn_base($seed, p, m) + syn_inc($seed, p, m) * (j + 1) end,
    case when syn_rule($seed, p, m) = 'stage' then syn_planned_stage(j, $years) end,
    syn_rule($seed, p, m),
    null,
    $source
from range(1, $plans + 1) as t(p), range(0, $metrics) as u(m), range(0, $years) as v(j)
order by p, m, j
"""

# Row idx of the store's revisions, plan by plan: first the plan's baselines (one per metric),
# then for each plan year j and month k one batch of every metric. revision_id = idx + 1.
_REVISIONS = """
insert into actual_revision
with
    positions as (
        select
            idx,
            idx // $per_plan + 1 as p,
            idx % $per_plan as r
        from range(0, $total) as t(idx)
    ),

    cells as (
        select
            idx,
            p,
            r < $metrics as is_baseline,
            case when r < $metrics then r else (r - $metrics) % $metrics end as m,
            case when r < $metrics then -1 else (r - $metrics) // ($metrics * $k) end as j,
            case when r < $metrics then 0 else ((r - $metrics) // $metrics) % $k + 1 end as k
        from positions
    ),

    figures as (
        select
            c.*,
            syn_first_fy($seed, p, $years) as first_fy,
            syn_kind($seed, p, m) = 'milestone' as is_milestone,
            case
                when is_baseline then 1
                else greatest(
                    case when j = 0 then 0
                    else greatest(0, syn_planned_stage(j - 1, $years) - syn_lag($seed, p, m)) end,
                    syn_planned_stage(j, $years) - syn_lag($seed, p, m) - case when k * 2 <= $k then 1 else 0 end
                )
            end as stage,
            syn_count($seed, p, m, case when is_baseline then 0 else j + k / $k end) as count_value
        from cells as c
    )

select
    idx + 1,
    syn_plan_id(p),
    syn_item_no(syn_item(m)),
    syn_metric_code(m, $metrics),
    first_fy + j,
    case when not is_milestone then count_value end,
    case when is_milestone then stage end,
    case when is_milestone then syn_stage_ja(stage, $stages_ja) else cast(count_value as varchar) end,
    null,
    case when is_baseline then $source || '（計画書の現況値）' else $source end,
    case when is_baseline then $document_editor else $editor end,
    case
        when is_baseline then make_timestamp(first_fy, 3, 31, 9, 0, 0)
        else make_timestamp(first_fy + j, 4, 1, 9, 0, 0)
            + to_days(cast(((k - 1) * 365) // $k as integer))
            + to_minutes(cast(syn_h($seed, p, j, k) % 480 as integer))
    end,
    case when is_baseline then 'baseline' when k = 1 then 'import' else 'correction' end,
    case when is_baseline then null
        else syn_plan_id(p) || '-' || (first_fy + j) || '-' || lpad(cast(k as varchar), 3, '0') end,
    null
from figures
"""


# The texts the statements write, bound as parameters ($source, $bureaus, …).
TEXTS = {
    "bureaus": BUREAUS,
    "sections": SECTIONS,
    "stages_ja": [s[0] for s in STAGES],
    "stages_en": [s[1] for s in STAGES],
    "source": SYNTHETIC_SOURCE,
    "editor": SYNTHETIC_EDITOR,
    "document_editor": store.DOCUMENT_EDITOR,
}


def _render(template: str, spec: SynthSpec) -> str:
    # Only integer constants of this module go into the SQL text; every text and every argument
    # is a bound parameter (TEXTS below, and write_store's params).
    return template.format(
        last_fy=LAST_FY,
        width=max(4, len(str(spec.plans))),
        per_item=METRICS_PER_ITEM,
        goals=GOALS,
        headline=HEADLINE_ITEMS,
        n_bureaus=len(BUREAUS),
        n_sections=len(SECTIONS),
    )


def _run(con: duckdb.DuckDBPyConnection, template: str, spec: SynthSpec, **params) -> None:
    sql = _render(template, spec)
    wanted = {name: value for name, value in params.items() if f"${name}" in sql}
    con.execute(sql, wanted)


def write_store(db_path: Path, spec: SynthSpec, replace: bool = False, log=None) -> dict:
    """Write a synthetic store at db_path; returns row counts and how long each step took.

    Refuses an existing file unless replace is True (then the file is deleted first).
    """
    spec.check()
    db_path = Path(db_path)
    if db_path.exists() or db_path.with_name(db_path.name + ".wal").exists():
        if not replace:
            raise FileExistsError(f"{db_path} exists (use --replace to write a new synthetic store over it)")
        for old in (db_path, db_path.with_name(db_path.name + ".wal")):
            old.unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    items = -(-spec.metrics // METRICS_PER_ITEM)
    params = {
        **TEXTS,
        "seed": spec.seed,
        "plans": spec.plans,
        "metrics": spec.metrics,
        "years": spec.years,
        "k": spec.revisions_per_year,
        "items": items,
        "per_plan": spec.metrics * (1 + spec.years * spec.revisions_per_year),
        "total": spec.revisions,
    }
    timings = {}
    con = store.connect(db_path)
    try:
        con.execute("begin transaction")
        store.install_schema(con)
        con.execute(_render(_MACROS, spec))
        for name, template in [
            ("plan", _PLANS),
            ("goal", _GOALS),
            ("initiative", _INITIATIVES),
            ("department", _DEPARTMENTS),
            ("metric", _METRICS),
            ("metric_stage", _STAGES),
            ("target", _TARGETS),
            ("actual_revision", _REVISIONS),
        ]:
            started = time.perf_counter()
            _run(con, template, spec, **params)
            timings[name] = round(time.perf_counter() - started, 3)
            if log:
                log(f"  {name}: {timings[name]:.1f} s")
        # Later writes (imports) take revision ids from the sequence: move it past the synthetic ones.
        started = time.perf_counter()
        con.execute("select max(nextval('actual_revision_seq')) from range(?)", [spec.revisions])
        store.install_views(con)
        con.execute("commit")
        con.execute("checkpoint")
        timings["finish"] = round(time.perf_counter() - started, 3)
        counts = store.row_counts(
            con, ["plan", "initiative", "department", "metric", "metric_stage", "target", "actual_revision"]
        )
    except BaseException:
        con.close()
        raise
    con.close()
    return {"spec": asdict(spec), "counts": counts, "seconds": timings}
