-- The current actual of every metric and fiscal year of the plans in $plan_ids (a
-- list): its newest revision. A revision with neither value nor stage_no reports no
-- actual (a 「—」 baseline cell, or an actual withdrawn by a revert).
-- The plans are matched with a semi join rather than a list function, so that DuckDB
-- can skip the row groups of other plans (docs/performance.md).
with
    latest as (
        select *
        from actual_revision
        where plan_id in (select unnest(cast($plan_ids as varchar[])))
        qualify row_number() over (
            partition by plan_id, item_no, metric_code, fiscal_year
            order by revision_id desc
        ) = 1
    ),

    final as (
        select
            plan_id,
            revision_id,
            item_no,
            metric_code,
            fiscal_year,
            value,
            stage_no,
            value_text,
            note,
            source,
            editor,
            recorded_at,
            change_kind
        from latest
    )

select * from final
order by plan_id, item_no, metric_code, fiscal_year
