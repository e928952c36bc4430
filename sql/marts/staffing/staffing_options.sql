-- grain: one choice of a staffing filter: a municipality (of an employer or a college) or a УГС
-- key: kind, code
-- kind «municipality»: the municipalities of employers and of colleges (ПОО); kind «ugs»: every УГС
-- of the reference, labelled «code name».
select distinct 'municipality' as kind, municipality as code, municipality as label
from employers
where municipality is not null

union

select distinct 'municipality' as kind, municipality as code, municipality as label
from institutions
where kind = 'ПОО' and municipality is not null

union

select 'ugs' as kind, ugs_code as code, ugs_code || ' ' || ugs_name as label
from seed.ugs
