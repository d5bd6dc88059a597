-- When the actuals of one plan last changed (the "as of" shown on screen).
select max(recorded_at) as last_recorded_at, count(*) as revisions_count
from actual_revision
where plan_id = $plan_id and recorded_at <= cast($as_of as timestamp)
