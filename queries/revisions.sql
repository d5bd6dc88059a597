-- Every revision of the actuals of one plan (optionally one item), newest first,
-- with the value it replaced.
with
    revisions as (
        select
            r.*,
            lag(r.value) over w as previous_value,
            lag(r.stage_no) over w as previous_stage_no,
            lag(r.value_text) over w as previous_text
        from actual_revision as r
        where r.plan_id = $plan_id
          and (cast($item_no as varchar) is null or r.item_no = $item_no)
        window w as (
            partition by r.plan_id, r.item_no, r.metric_code, r.fiscal_year
            order by r.revision_id
        )
    ),

    -- The plan's metrics and stages only: joined unfiltered, the stage join built its hash
    -- table from every plan's stages (docs/performance.md).
    metrics as (
        select plan_id, item_no, metric_code, label_ja from metric where plan_id = $plan_id
    ),

    stages as (
        select plan_id, item_no, metric_code, stage_no, stage_ja from metric_stage where plan_id = $plan_id
    ),

    final as (
        select
            r.revision_id,
            r.item_no,
            r.metric_code,
            m.label_ja as metric_label_ja,
            r.fiscal_year,
            r.previous_value,
            r.previous_text,
            r.value,
            r.stage_no,
            s.stage_ja,
            r.value_text,
            r.note,
            r.source,
            r.editor,
            r.recorded_at,
            r.change_kind,
            r.batch_id,
            r.reverts_revision_id
        from revisions as r
        left join metrics as m using (plan_id, item_no, metric_code)
        left join stages as s using (plan_id, item_no, metric_code, stage_no)
    )

select * from final
order by revision_id desc
