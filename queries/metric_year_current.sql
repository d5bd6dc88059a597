-- metric_year.sql's answer read from the rows kept ready in metric_year_current, the same
-- columns in the same order: no rows when the kept rows may be out of date (a revision
-- written since they were made, or an as_of before the plan's newest report), and the
-- caller then asks metric_year.sql. See planboard/current_rows.py.
with
    live as (
        select count(*) as revisions_count, max(revision_id) as last_revision_id
        from actual_revision
    ),

    up_to_date as (
        select count(*) = 1 as ok
        from metric_year_current_stamp as s, live, metric_year_current_plan as p
        where s.revisions_count = live.revisions_count
          and s.last_revision_id is not distinct from live.last_revision_id
          and p.plan_id = $plan_id
          and (p.last_recorded_at is null or p.last_recorded_at <= cast($as_of as timestamp))
    ),

    cutoff as (
        select
            cast(cast($as_of as timestamp) as date) as as_of_date,
            (select cast(value as double) from setting where name = 'count_on_track_ratio') as ratio
    ),

    in_department as (
        select distinct plan_id, item_no
        from department
        where plan_id = $plan_id
          and (cast($bureau as varchar) is null or bureau = $bureau)
          and (cast($section as varchar) is null or section = $section)
    ),

    rows_now as (
        select
            r.* replace (c.as_of_date > make_date(r.fiscal_year + 1, 3, 31) as year_ended),
            c.ratio
        from metric_year_current as r
        cross join cutoff as c
        join in_department as d using (plan_id, item_no)
        where r.plan_id = $plan_id
          and (cast($item_no as varchar) is null or r.item_no = $item_no)
          and (select ok from up_to_date)
    ),

    final as (
        select
            * exclude (ratio),
            planboard_status(
                rule, planned_value, planned_stage_no, actual_value, actual_stage_no,
                base_value, year_ended, ratio
            ) as status
        from rows_now
    )

select * from final
order by item_order, metric_order, fiscal_year
