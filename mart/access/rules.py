"""Who may see and change what: the one place where access is decided.

Every query and ingestion function takes an ``Access`` and asks ``require``/``allows`` before it
touches data; anything not granted here is denied. Pages never filter by role themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("public", "council", "coordinator", "regional_center", "institution", "economy", "operator")
ROLE_LABELS = {
    "public": "Гость (открытые данные)",
    "council": "Член координационного совета",
    "coordinator": "Координатор (министерство)",
    "regional_center": "Региональный центр (РКЦ, ИРО)",
    "institution": "Образовательная организация",
    "economy": "Минэкономразвития и отраслевые министерства (ГОИВ)",
    "operator": "Оператор (командная строка)",
}

DATASETS = (
    "graduates",
    "championship_results",
    "experts",
    "expert_events",
    "demo_exams",
    "admissions",
    "roadmap_status",
    "institutions",
    # section 2 of the decree: employers' demand (issue 11)
    "employers",
    "employer_needs",
    "kcp_proposals",
    "kcp_totals",
    "kcp_competition",
    "employment_form",  # the federal monitoring form (issue 14)
)
PERSON_LEVEL = ("graduates", "demo_exams")

_ALL = set(ROLES)
_SIGNED_IN = _ALL - {"public"}
# capability -> roles that hold it (the operator is the local CLI user with the coordinator's rights)
GRANTS: dict[str, set[str]] = {
    "roadmap": _ALL,
    "regional_totals": _ALL,
    "institution_aggregates": _SIGNED_IN,
    "named_results": _SIGNED_IN,
    "person_rows": {"coordinator", "operator", "institution"},
    "upload_history": {"coordinator", "operator", "regional_center", "institution", "economy"},
    "upload": {"coordinator", "operator", "regional_center", "institution", "economy"},
    "edit_roadmap": {"coordinator", "operator"},
    "edit_methodology": {"coordinator", "operator"},
    "manage": {"coordinator", "operator"},
    # section 2: the live balance of need and supply (the public sees the published forecast)
    "staffing_balance": _SIGNED_IN,
    # the council's PDF meeting pack and the papers kept (issue 13)
    "meeting_pack": {"council", "coordinator", "operator", "economy"},
    # section 2: the employers' own answers behind the need (named organisations, salaries)
    "employer_answers": {"council", "coordinator", "operator", "economy"},
    # section 2: save, correct (on the council's decision) and publish a staffing forecast
    "edit_forecast": {"coordinator", "operator"},
    # reporting periods (issue 10): the coordinator keeps collections; the board is for the council too;
    # a year not every submitter has reported can be chosen by signed-in roles (the public sees complete years)
    "manage_collections": {"coordinator", "operator"},
    "collection_board": {"council", "coordinator", "operator", "economy"},
    "partial_years": _SIGNED_IN,
    # admission targets (КЦП): the coordinator prepares next year's proposal for the order
    "plan_admissions": {"coordinator", "operator"},
}
UPLOADS: dict[str, set[str]] = {
    "coordinator": set(DATASETS),
    "operator": set(DATASETS),
    "regional_center": {"championship_results", "experts", "expert_events"},
    "institution": {"graduates", "demo_exams", "admissions", "employment_form"},
    # the ministry of economic development and sector ministries (ГОИВ): employers' demand
    "economy": {"employers", "employer_needs", "kcp_proposals"},
}


# what a demo account (its password is printed on the sign-in page) may never do, whatever its role
DEMO_REFUSED = {"manage"}


class AccessDenied(PermissionError):
    """Raised when a caller asks for something its role does not grant."""


@dataclass(frozen=True)
class Access:
    role: str = "public"
    login: str | None = None
    inst_code: str | None = None  # an institution account's own college; also the CLI's --inst
    demo: bool = False  # a demo account: never DEMO_REFUSED (accounts, revoking batches)

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.role == "institution" and not self.inst_code:
            raise ValueError("an institution account must name its institution")

    @property
    def who(self) -> str:
        return self.login or ("operator" if self.role == "operator" else "public")

    def allows(self, capability: str) -> bool:
        if self.demo and capability in DEMO_REFUSED:
            return False
        return self.role in GRANTS[capability]

    def can_upload(self, dataset: str) -> bool:
        return dataset in UPLOADS.get(self.role, set())

    @property
    def sees_all_institutions(self) -> bool:
        """Whether person-level rows and upload history of every institution are visible."""
        return self.role in ("coordinator", "operator")

    @property
    def audience(self) -> str:
        """«Whose data this is», said on every page."""
        if self.role == "institution":
            return f"{ROLE_LABELS[self.role]} {self.inst_code}"
        return ROLE_LABELS[self.role]


def require_drilldown(ctx: Access, inst_code: str | None) -> None:
    """A college's KPI drill-down: every role with institution aggregates, but an institution only its own."""
    require(ctx, "institution_aggregates")
    if ctx.role == "institution" and inst_code != ctx.inst_code:
        raise AccessDenied("Организация видит подробный разбор KPI только своего колледжа.")


def drilldown_scope(ctx: Access, inst_codes: list[str]) -> list[str]:
    """The colleges whose KPI drill-down the caller may open."""
    require(ctx, "institution_aggregates")
    return [c for c in inst_codes if ctx.role != "institution" or c == ctx.inst_code]


def kcp_scope(ctx: Access) -> str | None:
    """Whose admission-target rows by college the caller sees: an institution its own, other
    signed-in roles every college's (None); the public none (it sees regional totals by УГС)."""
    require(ctx, "institution_aggregates")
    return ctx.inst_code if ctx.role == "institution" else None


PUBLIC = Access()
OPERATOR = Access(role="operator", login="operator")


def require(ctx: Access, capability: str) -> None:
    if ctx.demo and capability in DEMO_REFUSED:
        raise AccessDenied(
            "Демонстрационная учётная запись не может управлять учётными записями и отзывать пакеты загрузки."
        )
    if not ctx.allows(capability):
        raise AccessDenied(f"Роль «{ROLE_LABELS[ctx.role]}» не даёт доступа к этим данным ({capability}).")


def require_slice(ctx: Access, *institution_filters: str | None) -> None:
    """Figures of a selection: the region's for everyone; narrowed to a municipality or an institution
    (any of ``institution_filters`` given), only for roles that see per-institution aggregates."""
    require(ctx, "regional_totals")
    if any(value is not None for value in institution_filters):
        require(ctx, "institution_aggregates")
