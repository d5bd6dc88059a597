-- Every item of one plan with its titles, its goal's title, mark and headline order: what a
-- page adds to the metric_year rows it has already loaded to list items
-- (loaders.items_from_rows), and the item page's list to pick from.
select
    i.item_no,
    i.title_ja,
    i.title_en,
    g.title_ja as goal_title_ja,
    g.title_en as goal_title_en,
    i.mark,
    i.headline_order
from initiative as i
join goal as g on g.plan_id = i.plan_id and g.goal_no = i.goal_no
where i.plan_id = $plan_id
order by i.display_order
