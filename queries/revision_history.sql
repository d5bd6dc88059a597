-- Every revision of the metric and fiscal year that revision $revision_id reports
-- on, oldest first: what a revert needs (the revision, the one it replaced, the newest).
with
    chosen as (
        select plan_id, item_no, metric_code, fiscal_year
        from actual_revision
        where revision_id = $revision_id
    ),

    final as (
        select r.*
        from actual_revision as r
        join chosen as c using (plan_id, item_no, metric_code, fiscal_year)
    )

select * from final
order by revision_id
