"""The groups of employment statuses K1 is made of: names for code and screens.

The official monitoring statuses are grouped in the seed ``employment_statuses`` (column
``status_group``, checked by ``sql/checks/employment_statuses_groups.sql``):

* «employed»: employed, entrepreneur, self_employed;
* «excused»: army_conscript, army_contract, continuing_education, parental_leave;
* «other»: every other status.

K1 = graduates in the group «employed» / (all graduates − graduates in the group «excused»). The
figure itself is defined once, in SQL: ``sql/marts/employment/employment_cells.sql`` sums the groups
per college, year and specialty and ``employment_rates.sql`` divides them for every selection; the
directors' KPI (``kpi_values``), «Обзор», «Трудоустройство», the federal-form screens and the
council's PDF all read it from there. This module only names the groups (for labels and tests).
"""

from __future__ import annotations

EMPLOYED = "employed"  # the status group counted as employed: K1's numerator
EXCUSED = "excused"  # the status group left out of K1's denominator
OTHER = "other"
GROUPS = (EMPLOYED, EXCUSED, OTHER)
