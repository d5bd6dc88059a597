-- Every revision of the 評価・課題 notes of one plan (optionally one item), newest first,
-- with the text it replaced ('' where the note was new).
with
    revisions as (
        select
            n.*,
            coalesce(lag(n.note_text) over w, '') as previous_text
        from metric_note_revision as n
        where n.plan_id = $plan_id
          and (cast($item_no as varchar) is null or n.item_no = $item_no)
        window w as (
            partition by n.plan_id, n.item_no, n.metric_code, n.fiscal_year
            order by n.note_revision_id
        )
    ),

    final as (
        select
            n.note_revision_id,
            n.item_no,
            n.metric_code,
            m.label_ja as metric_label_ja,
            m.label_en as metric_label_en,
            n.fiscal_year,
            n.previous_text,
            n.note_text,
            n.editor,
            n.recorded_at,
            n.batch_id
        from revisions as n
        left join metric as m using (plan_id, item_no, metric_code)
    )

select * from final
order by note_revision_id desc
