-- The ordered stages of every milestone metric of the plans in $plan_ids (a list).
select plan_id, item_no, metric_code, stage_no, stage_ja, stage_en
from metric_stage
where plan_id in (select unnest(cast($plan_ids as varchar[])))
order by plan_id, item_no, metric_code, stage_no
