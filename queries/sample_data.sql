-- Whether a plan's current view holds fictional sample actuals (recorded by the demo's
-- editor or citing the sample's source), so that the label is shown whatever switched it on.
select count(*) > 0 as has_sample
from actual_revision
where plan_id = $plan_id
  and (editor = $sample_editor or source = $sample_source)
