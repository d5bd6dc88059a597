-- The metrics of one item, as printed: labels, goal and total cells, and how each was read.
select
    metric_code,
    display_order,
    group_ja,
    label_ja,
    label_en,
    mark,
    kind,
    unit_ja,
    goal_text,
    goal_value,
    total_text,
    total_value,
    note,
    source
from metric
where plan_id = $plan_id and item_no = $item_no
order by display_order
