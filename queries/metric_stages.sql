-- The ordered stages of the milestone metrics of one item, or of every item of
-- the plan when $item_no is NULL (a page with several items' charts loads them once).
select item_no, metric_code, stage_no, stage_ja, stage_en, source
from metric_stage
where plan_id = $plan_id
  and (cast($item_no as varchar) is null or item_no = $item_no)
order by item_no, metric_code, stage_no
