-- The 評価・課題 note of each metric and fiscal year of one plan (optionally one item)
-- as it stood at $as_of: its newest revision recorded by then. A note cleared to empty
-- text is not listed.
with
    latest as (
        select *
        from metric_note_revision
        where plan_id = $plan_id
          and (cast($item_no as varchar) is null or item_no = $item_no)
          and recorded_at <= cast($as_of as timestamp)
        qualify row_number() over (
            partition by plan_id, item_no, metric_code, fiscal_year
            order by note_revision_id desc
        ) = 1
    ),

    final as (
        select
            n.item_no,
            n.metric_code,
            m.label_ja as metric_label_ja,
            m.label_en as metric_label_en,
            n.fiscal_year,
            n.note_text,
            n.editor,
            n.recorded_at,
            n.note_revision_id,
            n.batch_id
        from latest as n
        left join metric as m using (plan_id, item_no, metric_code)
        where n.note_text <> ''
    )

select * from final
order by item_no, metric_code, fiscal_year
