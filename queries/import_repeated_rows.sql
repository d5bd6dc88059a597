-- The rows of an import (import_parsed) that give the same metric and year as another row,
-- in file order: the row checker keeps the first of each and names the others.
select *
from import_parsed
qualify count(*) over (partition by plan_id, item_no, metric_code, fiscal_year) > 1
order by row_no
