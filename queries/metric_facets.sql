-- Facets of the metrics of one item (18-7: payment method × tax), one row per metric;
-- of every item of the plan when $item_no is NULL.
select
    f.item_no,
    f.metric_code,
    max(f.value_ja) filter (where f.facet = 'method') as method_ja,
    max(f.value_en) filter (where f.facet = 'method') as method_en,
    max(f.value_ja) filter (where f.facet = 'tax') as tax_ja,
    max(f.value_en) filter (where f.facet = 'tax') as tax_en
from metric_facet as f
where f.plan_id = $plan_id
  and (cast($item_no as varchar) is null or f.item_no = $item_no)
group by f.item_no, f.metric_code
order by f.item_no, f.metric_code
