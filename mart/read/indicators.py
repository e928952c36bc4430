"""The employment rate K1, defined once for every query that computes it.

The official monitoring statuses are grouped in the seed ``employment_statuses`` (column
``status_group``, checked by ``sql/checks/employment_statuses_groups.sql``):

* «employed»: employed, entrepreneur, self_employed;
* «excused»: army_conscript, army_contract, continuing_education, parental_leave;
* «other»: every other status.

K1 = graduates in the group «employed» / (all graduates − graduates in the group «excused»): the
directors' KPI K1 (``sql/marts/kpi_values.sql``), the region's rate on «Обзор» (``mart.read.overview``)
and every figure of «Трудоустройство» (``mart.read.employment``). The queries take the statuses of each
group from the seed through the group names below, so no list of status codes is written twice.
"""

from __future__ import annotations

EMPLOYED = "employed"  # the status group counted as employed: K1's numerator
EXCUSED = "excused"  # the status group left out of K1's denominator
OTHER = "other"
GROUPS = (EMPLOYED, EXCUSED, OTHER)
# query parameters naming the groups, for SQL that filters on ``status_group``
PARAMS = {"employed_group": EMPLOYED, "excused_group": EXCUSED}
