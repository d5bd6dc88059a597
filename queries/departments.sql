-- The 部 and 課 of one plan, in the order their items first appear.
with
    departments as (
        select
            d.bureau,
            d.section,
            min(i.display_order) as first_item_order,
            min(d.display_order) as section_order,
            count(distinct d.item_no) as items_count
        from department as d
        join initiative as i on i.plan_id = d.plan_id and i.item_no = d.item_no
        where d.plan_id = $plan_id
        group by d.bureau, d.section
    ),

    final as (
        select
            bureau,
            section,
            items_count,
            min(first_item_order) over (partition by bureau) as bureau_order,
            first_item_order,
            section_order
        from departments
    )

select bureau, section, items_count
from final
order by bureau_order, first_item_order, section_order, section
