-- One item of a plan: its texts, goal and source.
select
    i.plan_id,
    i.item_no,
    i.goal_no,
    g.title_ja as goal_title_ja,
    g.title_en as goal_title_en,
    i.heading_no,
    i.title_ja,
    i.title_en,
    i.mark,
    i.description_ja,
    i.reprint_of,
    i.title_note,
    i.source
from initiative as i
join goal as g on g.plan_id = i.plan_id and g.goal_no = i.goal_no
where i.plan_id = $plan_id and i.item_no = $item_no
