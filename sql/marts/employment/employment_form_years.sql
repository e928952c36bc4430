-- grain: one college and graduation year whose federal form can be downloaded
-- key: inst_code, year
-- source: whether the form is filled from the per-graduate rows or is the form the college sent.
select distinct inst_code, year, source
from employment_form_out
order by inst_code, year desc
