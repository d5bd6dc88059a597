-- Every reported row of an import (registered as import_rows by planboard/validation_bulk.py,
-- codes and years already normalised) checked against the plan in one pass: the rows that pass
-- every check the row checker would make come back with their value, stage and text, the others
-- with fast_ok = false, for the row checker to name their problems. import_stage_names lists
-- each milestone's stages under every name they may be written as.
select
    r.i,
    r.row_no,
    r.plan_id,
    r.item_no,
    r.metric_code,
    r.fiscal_year,
    case when m.kind = 'count' then cast(r.value_int as double) end as value,
    case when m.kind = 'milestone' then (case when r.stage_zero then 0 else s.stage_no end) end as stage_no,
    case
        when m.kind = 'count' then cast(r.value_int as varchar)
        when r.stage_zero then '未着手'
        else s.stage_ja
    end as value_text,
    r.note,
    r.source,
    coalesce(
        r.text_ok
        and (r.fiscal_year between p.first_fy and p.last_fy or r.fiscal_year in (p.vision_fy, p.previous_plan_end_fy))
        and (
            (m.kind = 'count' and r.stage_blank and r.value_int is not null)
            or (
                m.kind = 'milestone' and r.value_blank
                and (r.stage_zero or s.stage_no is not null)
            )
        ),
        false
    ) as fast_ok
from import_rows as r
left join plan as p on p.plan_id = r.plan_id
left join metric as m on m.plan_id = r.plan_id and m.item_no = r.item_no and m.metric_code = r.metric_code
left join import_stage_names as s
    on s.plan_id = r.plan_id and s.item_no = r.item_no and s.metric_code = r.metric_code and s.stage_key = r.stage_key
