-- The ordered stages of every milestone metric of one plan.
select item_no, metric_code, stage_no, stage_ja, stage_en
from metric_stage
where plan_id = $plan_id
order by item_no, metric_code, stage_no
