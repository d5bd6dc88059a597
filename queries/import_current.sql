-- What an import compares each row against: the newest revision of every metric and
-- fiscal year of the plans in $plan_ids (a list), only the columns validation reads.
-- (current_actuals.sql answers the same with every column, for people.)
select
    plan_id,
    item_no,
    metric_code,
    fiscal_year,
    max(revision_id) as revision_id,
    arg_max_null(value, revision_id) as value,
    arg_max_null(stage_no, revision_id) as stage_no,
    arg_max_null(note, revision_id) as note
from actual_revision
where plan_id in (select unnest(cast($plan_ids as varchar[])))
group by plan_id, item_no, metric_code, fiscal_year
