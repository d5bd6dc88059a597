-- When the reported actuals of one plan last changed (the "as of" shown on screen).
-- Baselines copied from the plan document are not reports, so they do not count.
select max(recorded_at) as last_recorded_at, count(*) as revisions_count
from actual_revision
where plan_id = $plan_id
  and change_kind <> 'baseline'
  and recorded_at <= cast($as_of as timestamp)
