-- Macros and views for analysts and for the app. Recreated on every build.

-- Planboard's status rule; mirrors planboard/status.py `evaluate` (a test checks
-- that both agree on every case).
create or replace macro planboard_status(
    rule, planned_value, planned_stage_no, actual_value, actual_stage_no,
    base_value, year_ended, ratio
) as
    case
        when rule is null or rule not in ('at_least', 'stage', 'increase') then 'no_target'
        when rule = 'stage' then
            case
                when planned_stage_no is null then 'no_target'
                when actual_stage_no is null then
                    case when year_ended then 'no_actual' else 'not_due' end
                when actual_stage_no >= planned_stage_no then 'achieved'
                when actual_stage_no = 0 then 'not_started'
                when not year_ended and actual_stage_no = planned_stage_no - 1 then 'on_track'
                else 'behind'
            end
        when actual_value is null then
            case when year_ended then 'no_actual' else 'not_due' end
        when rule = 'increase' then
            case
                when base_value is null then 'no_target'
                when actual_value > base_value then 'achieved'
                when year_ended then 'behind'
                else 'on_track'
            end
        when planned_value is null then 'no_target'
        when actual_value >= planned_value then 'achieved'
        when base_value is not null and actual_value <= base_value then 'not_started'
        when actual_value >= ratio * planned_value then 'on_track'
        else 'behind'
    end;

-- One row per metric and fiscal year, as the store stood at `as_of`
-- (revisions recorded after it are ignored, and "today" is as_of's date),
-- of one plan (`plan`) or of every plan (NULL, the default).
-- Baselines are the plan document's own figures, not reports: they count as known from
-- the start, whenever build stamped them (a corrected transcription too: it is still the
-- document's figure).
-- The plan is filtered in every step, not at the end: with thousands of plans in
-- the store, the latest revision per metric and year is then found among one plan's
-- revisions instead of all of them (docs/performance.md).
-- revision_table names where the revisions come from: actual_revision, except when
-- planboard/current_rows.py remakes its rows from the latest revisions it already had
-- and the ones written since.
create or replace macro metric_year_at(as_of, plan := null, revision_table := 'actual_revision') as table
with
    cutoff as (
        select
            cast(as_of as timestamp) as as_of_ts,
            cast(cast(as_of as timestamp) as date) as as_of_date,
            (select cast(value as double) from setting where name = 'count_on_track_ratio') as ratio
    ),

    revisions as (
        select r.*
        from query_table(revision_table) as r, cutoff
        where (r.recorded_at <= cutoff.as_of_ts or r.change_kind = 'baseline')
          and (plan is null or r.plan_id = plan)
    ),

    latest_actual as (
        select *
        from revisions
        qualify row_number() over (
            partition by plan_id, item_no, metric_code, fiscal_year
            order by revision_id desc
        ) = 1
    ),

    metric_years as (
        select plan_id, item_no, metric_code, fiscal_year from target
        where plan is null or plan_id = plan
        union
        select plan_id, item_no, metric_code, fiscal_year from latest_actual
    ),

    targets as (
        select
            t.*,
            -- a stage plan of "—" keeps the stage planned for an earlier year
            max(t.planned_stage_no) over (
                partition by t.plan_id, t.item_no, t.metric_code
                order by t.fiscal_year
                rows between unbounded preceding and current row
            ) as planned_stage_no_cumulative
        from target as t
        where plan is null or t.plan_id = plan
    ),

    metrics as (
        select * from metric where plan is null or plan_id = plan
    ),

    stages as (
        select * from metric_stage where plan is null or plan_id = plan
    ),

    departments as (
        select
            plan_id,
            item_no,
            string_agg(distinct bureau, '、' order by bureau) as bureau,
            string_agg(section, '、' order by display_order) as section
        from department
        where plan is null or plan_id = plan
        group by plan_id, item_no
    ),

    base as (
        select m.plan_id, m.item_no, m.metric_code, a.value as base_value
        from metrics as m
        join plan as p on p.plan_id = m.plan_id
        left join latest_actual as a
            on a.plan_id = m.plan_id and a.item_no = m.item_no
            and a.metric_code = m.metric_code and a.fiscal_year = p.previous_plan_end_fy
    ),

    joined as (
        select
            my.plan_id,
            i.goal_no,
            my.item_no,
            i.display_order as item_order,
            i.title_ja as item_title_ja,
            i.title_en as item_title_en,
            coalesce(m.mark, i.mark) as mark,
            my.metric_code,
            m.display_order as metric_order,
            m.label_ja as metric_label_ja,
            m.label_en as metric_label_en,
            m.kind,
            m.unit_ja,
            m.goal_text,
            m.goal_value,
            my.fiscal_year,
            case
                when t.fiscal_year is not null then 'plan'
                when my.fiscal_year < p.first_fy then 'baseline'
                else 'outside_plan'
            end as year_role,
            t.rule,
            t.planned_value,
            t.planned_stage_no_cumulative as planned_stage_no,
            ps.stage_ja as planned_stage_ja,
            t.planned_text,
            a.value as actual_value,
            a.stage_no as actual_stage_no,
            case when a.stage_no = 0 then '未着手' else st.stage_ja end as actual_stage_ja,
            a.value_text as actual_text,
            a.note as actual_note,
            a.source as actual_source,
            a.editor as actual_editor,
            a.recorded_at as actual_recorded_at,
            a.revision_id as actual_revision_id,
            b.base_value,
            c.as_of_date > make_date(my.fiscal_year + 1, 3, 31) as year_ended,
            c.ratio,
            d.bureau,
            d.section
        from metric_years as my
        cross join cutoff as c
        join metrics as m using (plan_id, item_no, metric_code)
        join initiative as i on i.plan_id = my.plan_id and i.item_no = my.item_no
        join plan as p on p.plan_id = my.plan_id
        left join targets as t using (plan_id, item_no, metric_code, fiscal_year)
        left join latest_actual as a using (plan_id, item_no, metric_code, fiscal_year)
        left join stages as ps
            on ps.plan_id = my.plan_id and ps.item_no = my.item_no
            and ps.metric_code = my.metric_code and ps.stage_no = t.planned_stage_no_cumulative
        left join stages as st
            on st.plan_id = my.plan_id and st.item_no = my.item_no
            and st.metric_code = my.metric_code and st.stage_no = a.stage_no
        left join base as b using (plan_id, item_no, metric_code)
        left join departments as d on d.plan_id = my.plan_id and d.item_no = my.item_no
    ),

    final as (
        select
            * exclude (ratio),
            planboard_status(
                rule, planned_value, planned_stage_no, actual_value, actual_stage_no,
                base_value, year_ended, ratio
            ) as status
        from joined
    )

select * from final;

-- The store keeps times in Japan Standard Time (UTC+9, no daylight saving),
-- whatever the time zone of the machine or session.
create or replace macro jst_now() as
    make_timestamp(epoch_us(get_current_timestamp())) + interval 9 hour;

create or replace view metric_year as
select * from metric_year_at(jst_now());

-- metric_year_at's rows of every plan with every revision counted, kept ready so that a
-- page need not find the latest revision among millions each time (planboard/current_rows.py
-- fills them; queries/metric_year_current.sql reads them). year_ended and status depend on
-- the day asked and are worked out when read. Made empty here, so rows made by an older
-- definition are never read; install_views fills them again.
create or replace table metric_year_current as
select * exclude (status) from metric_year_at(cast('infinity' as timestamp)) limit 0;

-- What the kept rows were made from: per plan, its revisions and its newest report time...
create or replace table metric_year_current_plan (
    plan_id varchar primary key,
    revisions_count bigint not null,
    last_recorded_at timestamp
);

-- ...and for the whole store, the revisions there were when every plan's kept rows were last
-- known current. actual_revision is append-only, so a revision written since changes the
-- count or the newest id, and no kept row is read until the rows are made again
-- (planboard/current_rows.py).
create or replace table metric_year_current_stamp (
    revisions_count bigint not null,
    last_revision_id bigint
);
