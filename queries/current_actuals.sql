-- The current actual of every metric and fiscal year of the plans in $plan_ids (a
-- list): its newest revision. A revision with neither value nor stage_no reports no
-- actual (a 「—」 baseline cell, or an actual withdrawn by a revert).
-- Plans are matched with a semi join, so that DuckDB skips other plans' row groups;
-- the newest revision is taken with arg_max_null (NULLs kept, unlike arg_max), which
-- is several times faster than a window over millions of revisions (docs/performance.md).
with
    final as (
        select
            plan_id,
            max(revision_id) as revision_id,
            item_no,
            metric_code,
            fiscal_year,
            arg_max_null(value, revision_id) as value,
            arg_max_null(stage_no, revision_id) as stage_no,
            arg_max_null(value_text, revision_id) as value_text,
            arg_max_null(note, revision_id) as note,
            arg_max_null(source, revision_id) as source,
            arg_max_null(editor, revision_id) as editor,
            arg_max_null(recorded_at, revision_id) as recorded_at,
            arg_max_null(change_kind, revision_id) as change_kind
        from actual_revision
        where plan_id in (select unnest(cast($plan_ids as varchar[])))
        group by plan_id, item_no, metric_code, fiscal_year
    )

select * from final
order by plan_id, item_no, metric_code, fiscal_year
