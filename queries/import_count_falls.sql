-- The metrics of an import (import_parsed: one row per metric and year, duplicates removed)
-- where a cumulative count without a note falls below an earlier year's or above a later
-- actual already in the store (import_current_rows): every row of those metrics, for the row
-- checker to name the falling ones.
with
    file_values as (
        select plan_id, item_no, metric_code, fiscal_year, value, row_no, note
        from import_parsed
        where value is not null
    ),

    known as (
        select plan_id, item_no, metric_code, fiscal_year, value, row_no
        from file_values
        union all
        select c.plan_id, c.item_no, c.metric_code, c.fiscal_year, c.value, null as row_no
        from import_current_rows as c
        semi join file_values as f
            on f.plan_id = c.plan_id and f.item_no = c.item_no and f.metric_code = c.metric_code
        anti join file_values as same_year
            on same_year.plan_id = c.plan_id and same_year.item_no = c.item_no
            and same_year.metric_code = c.metric_code and same_year.fiscal_year = c.fiscal_year
        where c.value is not null
    ),

    falling as (
        select distinct p.plan_id, p.item_no, p.metric_code
        from file_values as p
        join known as k on k.plan_id = p.plan_id and k.item_no = p.item_no and k.metric_code = p.metric_code
        where
            p.note is null
            and (
                (k.fiscal_year < p.fiscal_year and k.value > p.value)
                or (k.fiscal_year > p.fiscal_year and k.row_no is null and k.value < p.value)
            )
    )

select r.*
from import_parsed as r
semi join falling as f on f.plan_id = r.plan_id and f.item_no = r.item_no and f.metric_code = r.metric_code
order by r.row_no
