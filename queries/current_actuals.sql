-- The current actual of every metric and fiscal year of one plan: its newest
-- revision. A revision with neither value nor stage_no reports no actual (a 「—」
-- baseline cell, or an actual withdrawn by a revert).
with
    latest as (
        select *
        from actual_revision
        where plan_id = $plan_id
        qualify row_number() over (
            partition by plan_id, item_no, metric_code, fiscal_year
            order by revision_id desc
        ) = 1
    ),

    final as (
        select
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
order by item_no, metric_code, fiscal_year
