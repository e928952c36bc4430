"""«Эксперты»: the rating of regional WorldSkills experts, expiring certificates and an expert's card."""

import datetime as dt

import altair as alt
import polars as pl
import streamlit as st

from mart.platform import db
from mart.read import experts as ex
from pages.ui import decree, draw, fmt, screen, sidebar, tables

ctx = screen.header("Эксперты WorldSkills", "Региональное экспертное сообщество и рейтинг экспертов.")
screen.demo_banner()

try:
    measures = ex.measures(ctx)
except db.MartMissing as exc:
    screen.mart_missing(exc)

decree.measures_expander(measures)

today = ex.today()

if not ctx.allows("named_results"):
    st.info(
        "База экспертов, рейтинг и карточки экспертов доступны после входа "
        "(члены совета, координатор, РКЦ, образовательные организации).",
        icon=":material/lock:",
    )
    total = ex.certified_total(ctx).row(0, named=True)
    c1, c2, _ = st.columns([1, 1, 2])
    c1.metric(
        "Сертифицированных экспертов в регионе",
        total["certified"],
        help=f"Эксперты с действующим на {today:%d.%m.%Y} сертификатом сертифицированного эксперта WorldSkills. "
        "Итог по региону, без имён и организаций.",
    )
    c2.metric("Компетенций, где они есть", total["competences"])
    screen.freshness(ctx)
    st.stop()

# --- filters ----------------------------------------------------------------------------------------

competence = sidebar.url_filter(
    "Компетенция",
    [None, *ex.competences(ctx).get_column("competence").to_list()],
    key="competence",
    format_func=sidebar.or_all(),
)
orgs = ex.organizations(ctx)
organization = sidebar.url_filter(
    "Организация",
    [None, *orgs.get_column("organization").to_list()],
    key="org",
    format_func=sidebar.or_all(),
)
dates = [today, *ex.as_of_dates(ctx)]
earliest, latest = dt.date(2000, 1, 1), dt.date(today.year + 10, 12, 31)
try:  # a link may name any date of the roadmap's era: offer it too
    asked = dt.date.fromisoformat(st.query_params.get("asof", ""))
except ValueError:
    asked = None
if asked is not None and not earliest <= asked <= latest:
    st.warning(
        f"Дата расчёта в ссылке ({asked:%d.%m.%Y}) вне допустимого диапазона {earliest:%d.%m.%Y}–"
        f"{latest:%d.%m.%Y}: показан рейтинг на сегодня.",
        icon=":material/event_busy:",
    )
    st.query_params.pop("asof", None)
elif asked is not None and asked not in dates:
    dates.append(asked)
as_of = sidebar.url_filter(
    "Дата расчёта рейтинга",
    dates,
    key="asof",
    default=today,
    format_func=lambda d: f"Сегодня ({d:%d.%m.%Y})" if d == today else f"{d:%d.%m.%Y}",
    help="Рейтинг и сроки сертификатов на выбранную дату (на конец прошлых лет — для сравнения).",
)
day = as_of

# --- headline figures ----------------------------------------------------------------------------------

counts = ex.base_counts(ctx, as_of, competence, organization).row(0, named=True)
st.subheader(f"База экспертов на {day:%d.%m.%Y}")
scope = [f"компетенция «{fmt.plain(competence)}»" if competence else "все компетенции"]
if organization:
    scope.append(f"организация «{fmt.plain(organization)}»")
scope_text = ", ".join(scope)
st.caption(scope_text[:1].upper() + scope_text[1:] + f". Изменение — к {ex.year_before(day):%d.%m.%Y}.")
figures = [
    ("experts", "Экспертов", "С сертификатом, выданным к дате расчёта (действующим или нет)."),
    ("certified", "Сертифицированных", "С действующим сертификатом сертифицированного эксперта."),
    (
        "expiring",
        f"Истекает в {ex.EXPIRY_DAYS} дней",
        "С действующим сертификатом, истекающим в 90 дней.",
        "inverse",
    ),
    (
        "expired",
        "Сертификаты истекли",
        "Ни одного действующего сертификата: все выданные истекли.",
        "inverse",
    ),
]
fmt.metric_row(counts, {name: counts[f"{name}_prev"] for name, *_ in figures}, figures)

st.caption(ex.method_ru(ctx))

# the columns of the page's tables (a table may name one of them otherwise)
COLUMNS = {
    "rank_in_competence": st.column_config.NumberColumn("Место", format="%d"),
    "full_name": st.column_config.TextColumn("Эксперт", width="medium"),
    "expert_id": "Номер",
    "competence": st.column_config.TextColumn("Компетенция", width="medium"),
    "points": st.column_config.NumberColumn("Баллы", format="%d"),
    "certificate_points": st.column_config.NumberColumn("За сертификаты", format="%d"),
    "event_points": st.column_config.NumberColumn("За мероприятия", format="%d"),
    "organization": st.column_config.TextColumn("Организация", width="medium"),
    "expiry_flag": st.column_config.TextColumn("Срок сертификата", width="small"),
    "inst_code": "Код ОО",
    "certified": st.column_config.NumberColumn("Сертифицированных", format="%d"),
    "expiring": st.column_config.NumberColumn("Истекает в 90 дней", format="%d"),
    "certificate_label": "Сертификат",
    "valid_from": st.column_config.DateColumn("Действует с", format="DD.MM.YYYY"),
    "valid_to": st.column_config.DateColumn("Действует до", format="DD.MM.YYYY"),
    "days_left": st.column_config.NumberColumn("Осталось дней", format="%d"),
}

tabs = st.tabs(["Рейтинг по компетенциям", "По организациям", "Истекающие сертификаты", "Карточка эксперта"])

rating = ex.rating(ctx, as_of, competence, organization)

with tabs[0]:
    if rating.is_empty():
        screen.empty("эксперты при выбранных условиях", "РКЦ или координатор")
    elif competence is None:
        summary = ex.competence_summary(ctx, as_of, organization)
        st.markdown("**Сводка по компетенциям**")
        tables.table(
            summary,
            name=f"experts-by-competence-{day}",
            title=f"Эксперты по компетенциям на {day:%d.%m.%Y}",
            column_config=tables.column_config(
                summary,
                COLUMNS,
                experts=st.column_config.NumberColumn("Экспертов в рейтинге", format="%d"),
                top_points=st.column_config.NumberColumn("Лучший балл", format="%d"),
                leaders=st.column_config.TextColumn("Первое место", width="large"),
            ),
        )
    else:
        top = (
            rating.head(15)
            .unpivot(
                index=["full_name", "rank_in_competence"],
                on=["certificate_points", "event_points"],
                variable_name="part",
                value_name="value",
            )
            .with_columns(
                pl.col("part").replace_strict(
                    {"certificate_points": "Сертификаты", "event_points": "Мероприятия"}
                )
            )
        )
        chart = (
            alt.Chart(top)
            .mark_bar()
            .encode(
                y=alt.Y(
                    "full_name:N",
                    title="Эксперт",
                    sort=rating.head(15).get_column("full_name").to_list(),
                    axis=alt.Axis(labelLimit=320),
                ),
                order=alt.Order("part:N", sort="descending"),
                x=alt.X("value:Q", title="Баллы"),
                color=alt.Color("part:N", title="Баллы за", sort=["Сертификаты", "Мероприятия"]),
                tooltip=[
                    alt.Tooltip("full_name:N", title="Эксперт"),
                    alt.Tooltip("rank_in_competence:Q", title="Место"),
                    alt.Tooltip("part:N", title="Баллы за"),
                    alt.Tooltip("value:Q", title="Баллы"),
                ],
            )
            .properties(height=max(180, 34 * min(15, rating.height)))
        )
        draw.chart(chart, width="stretch")
    if not rating.is_empty():
        st.markdown(f"**Рейтинг на {day:%d.%m.%Y}**")
        flagged = rating.filter(pl.col("expiring_soon")).height
        if flagged:
            st.warning(
                f"У {fmt.count(flagged, 'строки', 'строк', 'строк')} рейтинга сертификат в этой компетенции истекает в течение "
                f"{ex.EXPIRY_DAYS} дней (отмечены в графе «Срок сертификата»).",
                icon=":material/warning:",
            )
        shown = rating.select(
            "rank_in_competence",
            "full_name",
            "competence",
            "points",
            "expiry_flag",
            "certificate_points",
            "event_points",
            "organization",
            "expert_id",
        )
        tables.table(
            shown,
            name=f"expert-rating-{day}",
            title=f"Рейтинг экспертов на {day:%d.%m.%Y}",
            column_config=tables.column_config(shown, COLUMNS),
        )

with tabs[1]:
    by_org = ex.by_organization(ctx, as_of, competence)
    st.caption(
        "Эксперты по месту работы"
        + (f", компетенция «{competence}»" if competence else "")
        + ". «Первых мест» — сколько раз эксперты организации первые в своей компетенции."
    )
    if by_org.is_empty():
        screen.empty("эксперты при выбранных условиях", "РКЦ или координатор")
    else:
        tables.table(
            by_org,
            name=f"experts-by-organization-{day}",
            title=f"Эксперты по организациям на {day:%d.%m.%Y}",
            column_config=tables.column_config(
                by_org,
                COLUMNS,
                experts=st.column_config.NumberColumn("Экспертов", format="%d"),
                points=st.column_config.NumberColumn("Сумма баллов", format="%d"),
                points_per_expert=st.column_config.NumberColumn("Баллов на эксперта", format="%.1f"),
                first_places=st.column_config.NumberColumn("Первых мест", format="%d"),
            ),
        )

with tabs[2]:
    soon = ex.expiring(ctx, as_of, competence, organization)
    st.caption(
        f"Сертификаты, действующие на {day:%d.%m.%Y} и истекающие не позже "
        f"{day + dt.timedelta(days=ex.EXPIRY_DAYS):%d.%m.%Y}: эксперту пора продлить сертификат."
    )
    if soon.is_empty():
        st.success(f"Сертификатов, истекающих в ближайшие {ex.EXPIRY_DAYS} дней, нет.")
    else:
        shown = soon.select(
            "urgency",
            "days_left",
            "valid_to",
            "full_name",
            "competence",
            "certificate_label",
            "organization",
            "valid_from",
            "expert_id",
        )
        tables.table(
            shown,
            name=f"expiring-certificates-{day}",
            title=f"Сертификаты, истекающие в {ex.EXPIRY_DAYS} дней от {day:%d.%m.%Y}",
            column_config=tables.column_config(shown, COLUMNS, urgency="Срочность"),
        )

with tabs[3]:
    people = (
        rating.select("expert_id", "full_name", "organization")
        .unique("expert_id")
        .sort("full_name", "expert_id")
    )
    names = {r["expert_id"]: f"{r['full_name']} ({r['expert_id']})" for r in people.iter_rows(named=True)}
    expert = sidebar.url_filter(
        "Эксперт",
        [None, *names],
        key="expert",
        format_func=lambda v: "— выберите эксперта —" if v is None else names[v],
        container=st,
        help="Список учитывает фильтры компетенции и организации.",
    )
    if expert is None:
        st.caption(
            "Выберите эксперта: сертификаты со сроками, мероприятия по годам и из чего сложились баллы."
        )
    else:
        points = ex.expert_points(ctx, expert, as_of)
        certificates = ex.expert_certificates(ctx, expert, as_of)
        events = ex.expert_events(ctx, expert, as_of)
        person = people.filter(pl.col("expert_id") == expert).row(0, named=True)
        st.markdown(
            f"### {fmt.plain(person['full_name'])}\n"
            f"{fmt.plain(person['organization']) if person['organization'] else 'Организация не указана'}"
            f" · номер {fmt.plain(expert)}"
        )
        k1, k2, k3 = st.columns(3)
        k1.metric(
            f"Баллов на {day:%d.%m.%Y}",
            int(points.get_column("points").sum()),
            help="Сумма по всем компетенциям.",
        )
        k2.metric("Компетенций в рейтинге", points.height)
        k3.metric(
            "Лучшее место", int(points.get_column("rank_in_competence").min()) if points.height else None
        )
        st.markdown("**Баллы по компетенциям**")
        shown = points.select(
            "competence",
            "certificate_points",
            "event_points",
            "points",
            "rank_in_competence",
            "rated_in_competence",
        )
        tables.table(
            shown,
            name=f"expert-{expert}-points-{day}",
            title=f"Баллы эксперта {expert} на {day:%d.%m.%Y}",
            column_config=tables.column_config(
                shown,
                COLUMNS,
                points=st.column_config.NumberColumn("Всего", format="%d"),
                rated_in_competence=st.column_config.NumberColumn("Экспертов в компетенции", format="%d"),
            ),
        )
        st.markdown("**Сертификаты**")
        shown = certificates.select(
            "status_label",
            "competence",
            "certificate_label",
            "valid_from",
            "valid_to",
            "days_left",
            "points",
        )
        tables.table(
            shown,
            name=f"expert-{expert}-certificates-{day}",
            title=f"Сертификаты эксперта {expert} на {day:%d.%m.%Y}",
            column_config=tables.column_config(
                shown,
                COLUMNS,
                status_label="Статус",
                points=st.column_config.NumberColumn("Баллов", format="%d"),
            ),
        )
        st.markdown(f"**Мероприятия** (в рейтинг идут {day.year - 2}–{day.year} годы)")
        if events.is_empty():
            st.caption("Участия в мероприятиях не загружено.")
        else:
            per_year = (
                alt.Chart(events)
                .mark_bar()
                .encode(
                    x=alt.X("year:O", title="Год", axis=alt.Axis(labelAngle=0)),
                    y=alt.Y(
                        "count():Q", title="Ролей на мероприятиях", axis=alt.Axis(tickMinStep=1, format="d")
                    ),
                    color=alt.Color("role_label:N", title="Роль"),
                    tooltip=[
                        alt.Tooltip("year:O", title="Год"),
                        alt.Tooltip("role_label:N", title="Роль"),
                        alt.Tooltip("count():Q", title="Мероприятий"),
                    ],
                )
                .properties(height=200)
            )
            draw.chart(per_year, width="stretch")
            shown = events.select("year", "event", "competence", "role_label", "counted", "points")
            tables.table(
                shown,
                name=f"expert-{expert}-events-{day}",
                title=f"Мероприятия эксперта {expert}",
                column_config=tables.column_config(
                    shown,
                    COLUMNS,
                    year=st.column_config.NumberColumn("Год", format="%d"),
                    event=st.column_config.TextColumn("Мероприятие", width="large"),
                    role_label="Роль",
                    counted=st.column_config.CheckboxColumn("Идёт в рейтинг"),
                    points=st.column_config.NumberColumn("Баллов", format="%d"),
                ),
            )

screen.freshness(ctx)
