-- What every good row of an import does (import_parsed, one row per metric and year) against
-- the newest actual in the store (import_current_rows): before → after, and whether it is new,
-- changed or unchanged; a change is recorded as a 'correction' when $correction (an on-screen
-- table) or when it replaces an actual, else as an 'import'. Rows come in no particular order
-- (the caller sorts them by row: an ORDER BY here would hold a second copy of every row).
with
    compared as (
        select
            p.*,
            c.revision_id as before_revision_id,
            c.value as before_value,
            c.stage_no as before_stage_no,
            c.note as before_note,
            c.revision_id is not null and (c.value is not null or c.stage_no is not null) as has_actual,
            has_actual
            and c.value is not distinct from p.value
            and c.stage_no is not distinct from p.stage_no
            and nullif(c.note, '') is not distinct from p.note as same
        from import_parsed as p
        left join import_current_rows as c
            on c.plan_id = p.plan_id and c.item_no = p.item_no and c.metric_code = p.metric_code
            and c.fiscal_year = p.fiscal_year
    )

select
    x.row_no as row,
    x.plan_id,
    x.item_no,
    x.metric_code,
    x.fiscal_year,
    m.kind,
    m.label_ja as metric_label_ja,
    coalesce(nullif(m.label_en, ''), m.label_ja) as metric_label_en,
    x.value,
    x.stage_no,
    x.value_text,
    x.note,
    x.source,
    x.before_revision_id,
    case
        when x.before_value is not null and x.before_value = round(x.before_value) and abs(x.before_value) < 1e15
            then cast(cast(x.before_value as bigint) as varchar)
        when x.before_value is not null then cast(x.before_value as varchar)
        when x.before_stage_no = 0 then '未着手'
        when x.before_stage_no is not null then coalesce(s.stage_ja, cast(x.before_stage_no as varchar))
    end as before_text,
    x.before_note,
    case when x.same then 'unchanged' when x.has_actual then 'changed' else 'new' end as status,
    case when x.same then null when $correction or x.has_actual then 'correction' else 'import' end as change_kind
from compared as x
join metric as m on m.plan_id = x.plan_id and m.item_no = x.item_no and m.metric_code = x.metric_code
left join metric_stage as s
    on s.plan_id = x.plan_id and s.item_no = x.item_no and s.metric_code = x.metric_code
    and s.stage_no = x.before_stage_no
