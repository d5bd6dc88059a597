-- Every metric of the plans in $plan_ids (a list), in the document's order, with what
-- an import checks a row against: its kind (count or milestone), unit and labels.
select
    m.plan_id,
    m.item_no,
    m.metric_code,
    i.display_order as item_order,
    m.display_order as metric_order,
    m.label_ja,
    m.label_en,
    m.kind,
    m.unit_ja,
    m.unit_en
from metric as m
join initiative as i on i.plan_id = m.plan_id and i.item_no = m.item_no
where m.plan_id in (select unnest(cast($plan_ids as varchar[])))
order by m.plan_id, i.display_order, m.display_order
