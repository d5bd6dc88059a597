-- A fingerprint of an import's preview (import_change_rows): which metric-years it writes, the
-- values, and the revision each replaces. The write is refused when it differs from the
-- fingerprint of the preview the user confirmed (someone wrote in between).
select
    count(*) as n,
    coalesce(sum(hash(row, plan_id, item_no, metric_code, fiscal_year, before_revision_id, value, stage_no, note)), 0)
        as fingerprint
from import_change_rows
