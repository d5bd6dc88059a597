-- Every metric and fiscal year of one plan as it stood at $as_of, optionally
-- narrowed to one 部 ($bureau) or 課 ($section) and one item ($item_no);
-- a NULL parameter means "all". See docs/schema.md for the columns.
with
    rows_at as (
        select * from metric_year_at(cast($as_of as timestamp), plan := $plan_id)
    ),

    in_department as (
        select distinct plan_id, item_no
        from department
        where (cast($bureau as varchar) is null or bureau = $bureau)
          and (cast($section as varchar) is null or section = $section)
    ),

    final as (
        select r.*
        from rows_at as r
        join in_department as d using (plan_id, item_no)
        where r.plan_id = $plan_id
          and (cast($item_no as varchar) is null or r.item_no = $item_no)
    )

select * from final
order by item_order, metric_order, fiscal_year
