-- The items one 部 ($bureau) or 課 ($section) of one plan takes part in, in the document's
-- order: the item page opens on the first of them when the view is narrowed to a department.
select i.item_no
from initiative as i
where i.plan_id = $plan_id
  and exists (
      select 1
      from department as d
      where d.plan_id = i.plan_id
        and d.item_no = i.item_no
        and (cast($bureau as varchar) is null or d.bureau = $bureau)
        and (cast($section as varchar) is null or d.section = $section)
  )
order by i.display_order
