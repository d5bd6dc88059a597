-- One 評価・課題 note revision, with the text it replaced ('' where the note was new)
-- and the current text of its metric and year: what reverting it needs.
with
    chosen as (
        select *
        from metric_note_revision
        where note_revision_id = $note_revision_id
    ),

    same_note as (
        select n.*
        from metric_note_revision as n
        join chosen as c using (plan_id, item_no, metric_code, fiscal_year)
    ),

    final as (
        select
            c.note_revision_id,
            c.plan_id,
            c.item_no,
            c.metric_code,
            c.fiscal_year,
            c.note_text,
            coalesce(
                (select s.note_text from same_note as s where s.note_revision_id < c.note_revision_id
                 order by s.note_revision_id desc limit 1),
                ''
            ) as previous_text,
            (select s.note_text from same_note as s order by s.note_revision_id desc limit 1) as current_text
        from chosen as c
    )

select * from final
