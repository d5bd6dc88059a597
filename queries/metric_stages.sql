-- The ordered stages of the milestone metrics of one item.
select item_no, metric_code, stage_no, stage_ja, stage_en, source
from metric_stage
where plan_id = $plan_id and item_no = $item_no
order by metric_code, stage_no
