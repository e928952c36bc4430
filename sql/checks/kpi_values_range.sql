-- check: every KPI indicator value is between 0 and 1
select *
from kpi_values
where value is null
    or value < 0
    or value > 1
