-- The ※ footnotes printed with one item.
select footnote_no, text_ja, source
from footnote
where plan_id = $plan_id and item_no = $item_no
order by footnote_no
