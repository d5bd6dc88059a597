-- Every plan in the store, newest period first.
select
    plan_id,
    municipality_ja,
    municipality_en,
    title_ja,
    title_en,
    chapter_ja,
    first_fy,
    last_fy,
    vision_fy,
    previous_plan_end_fy,
    source_document
from plan
order by last_fy desc, plan_id
