-- check: every institution is a college (ПОО) or a university (ОВО)
select *
from institutions
where kind not in ('ПОО', 'ОВО')
