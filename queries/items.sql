-- One row per item of one plan for one fiscal year: its goals, departments and
-- the status of the metric that needs attention most (see planboard/status.py).
with
    rows_at as (
        select *
        from metric_year_at(cast($as_of as timestamp), plan := $plan_id)
        where plan_id = $plan_id and fiscal_year = $fiscal_year
    ),

    in_department as (
        select distinct plan_id, item_no
        from department
        where (cast($bureau as varchar) is null or bureau = $bureau)
          and (cast($section as varchar) is null or section = $section)
    ),

    with_severity as (
        select r.*, s.severity
        from rows_at as r
        join in_department using (plan_id, item_no)
        join status_code as s on s.code = r.status
    ),

    goal_texts as (
        select item_no, goal_text, min(metric_order) as first_metric
        from with_severity
        group by item_no, goal_text
    ),

    goals_joined as (
        select item_no, string_agg(goal_text, ' / ' order by first_metric) as goal_text
        from goal_texts
        group by item_no
    ),

    items as (
        select
            plan_id,
            goal_no,
            item_no,
            any_value(item_order) as item_order,
            any_value(item_title_ja) as title_ja,
            any_value(item_title_en) as title_en,
            any_value(bureau) as bureau,
            any_value(section) as section,
            count(*) as metrics_count,
            count(*) filter (
                where actual_value is not null or actual_stage_no is not null
            ) as metrics_with_actual_count,
            arg_min(status, severity) as status
        from with_severity
        group by plan_id, goal_no, item_no
    ),

    final as (
        select
            i.plan_id,
            i.goal_no,
            g.title_ja as goal_title_ja,
            g.title_en as goal_title_en,
            i.item_no,
            i.item_order,
            i.title_ja,
            i.title_en,
            n.mark,
            n.headline_order,
            i.bureau,
            i.section,
            t.goal_text,
            i.metrics_count,
            i.metrics_with_actual_count,
            i.status
        from items as i
        join goals_joined as t using (item_no)
        join initiative as n on n.plan_id = i.plan_id and n.item_no = i.item_no
        join goal as g on g.plan_id = i.plan_id and g.goal_no = i.goal_no
    )

select * from final
order by item_order
