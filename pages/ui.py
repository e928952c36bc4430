"""Shared screen pieces: the caller's access, sign-in state, headers, empty states. No SQL here."""

from __future__ import annotations

import json
import os
import re
import runpy

import polars as pl
import streamlit as st

from mart.access import accounts
from mart.access.rules import DEMO_REFUSED, PUBLIC, Access
from mart.papers import charts
from mart.platform import config, db, ru

DECREE = "постановление Правительства Амурской области от 09.08.2019 № 448"
COOKIE = "amur_session"  # mart.access.cookies.SESSION

# (file, title, icon, url path, capability needed to open it; None = everyone)
PAGES = [
    ("home.py", "Обзор", ":material/dashboard:", "overview", None),
    ("roadmap.py", "Дорожная карта", ":material/flag:", "roadmap", None),
    ("employment.py", "Трудоустройство", ":material/work:", "employment", None),
    ("staffing.py", "Потребность в кадрах", ":material/groups:", "staffing", None),
    ("admissions.py", "Приём и КЦП", ":material/how_to_reg:", "admissions", None),
    ("demo_exams.py", "Демоэкзамен", ":material/school:", "demo-exams", None),
    ("championships.py", "Чемпионаты", ":material/emoji_events:", "championships", None),
    ("kpi.py", "KPI руководителей ПОО", ":material/leaderboard:", "kpi", "institution_aggregates"),
    ("experts.py", "Эксперты", ":material/workspace_premium:", "experts", "named_results"),
    ("collections.py", "Сбор данных", ":material/fact_check:", "collections", "collection_board"),
    ("upload.py", "Загрузка данных", ":material/upload_file:", "upload", "upload"),
    ("admin.py", "Учётные записи", ":material/manage_accounts:", "accounts", "manage"),
    ("signin.py", "Вход", ":material/login:", "signin", None),
]
PAGE_FILES = {url: file for file, _, _, url, _ in PAGES}
PAGE_FILE_PATHS = {url: f"pages/{file}" for url, file in PAGE_FILES.items()}


# --- text that came from a file or a form (issue 8) ---------------------------------------------------
# Inline, these are what Markdown (with Streamlit's extensions) acts on: emphasis, code, links and
# images, HTML, tables, strikethrough, maths, colour directives and shortcodes, and autolinks
# (www., http:, mail@). A «-», «+» or «1.» only starts a list at the start of a line.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#!|~$:.@&])")
_LINE_START = re.compile(r"^(\s*)([-+=])")


def plain(value: object) -> str:
    """Text from a file or a form, safe inside Markdown: shown as typed, never as a link, image,
    heading, emphasis, colour directive or HTML. Line breaks become spaces (a caption is one line)."""
    text = "" if value is None else str(value)
    text = re.sub(r"[\r\n\u2028\u2029]+", " ", text)
    return _LINE_START.sub(r"\1\\\2", _MARKDOWN.sub(r"\\\1", text))


@st.cache_resource(show_spinner=False)
def _cleaned_up(path: str) -> int:
    return len(db.cleanup_on_start())


def clean_up_at_start() -> None:
    """Once per server process and mart: remove what interrupted writes left behind (issue 8)."""
    _cleaned_up(str(config.db_path()))


def access() -> Access:
    """The signed-in user's access (public when nobody is signed in)."""
    return st.session_state.get("access", PUBLIC)


DEVICE_COOKIE = "amur_device"  # mart.access.cookies.DEVICE


def _cookie(name: str = COOKIE) -> str | None:
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) and value else None  # AppTest has no real cookies


def client() -> accounts.Client:
    """Who is signing in: the address (``MART_PROXY_HEADER`` names a trusted proxy's header) and device token."""
    header = os.environ.get("MART_PROXY_HEADER", "").strip()
    forwarded = st.context.headers.get(header) if header else None
    address = forwarded.split(",")[0].strip() if isinstance(forwarded, str) else None
    if not address:
        seen = st.context.ip_address
        address = seen if isinstance(seen, str) else None  # None on localhost (and in AppTest)
    return accounts.Client(address=address, device=_cookie(DEVICE_COOKIE))


def restore_session() -> Access:
    """Resume the session from the cookie after a reload; drop it when it has expired or ended."""
    token = st.session_state.get("token")
    if token is None and not st.session_state.get("signed_out"):
        token = _cookie()
    if token:
        ctx = accounts.resume(token)
        if ctx is None:
            if accounts.session_expired(token):
                st.session_state["flash"] = "Сеанс истёк. Войдите снова."
            st.session_state.pop("access", None)
            st.session_state.pop("token", None)
            st.session_state["signed_out"] = True
        else:
            st.session_state["access"] = ctx
            st.session_state["token"] = token
    return access()


def signed_in(ctx: Access, token: str, device: str | None = None) -> None:
    st.session_state["access"] = ctx
    st.session_state["token"] = token
    if device:
        st.session_state["device"] = device
    st.session_state.pop("signed_out", None)


def sign_out() -> None:
    try:
        accounts.sign_out(st.session_state.get("token"))
    except db.StorageError as exc:  # the session ends here anyway; the record of it could not be written
        st.session_state["flash"] = f"Выход выполнен, но не записан в журнал. {plain(exc)}"
    for key in ("access", "token", "next"):
        st.session_state.pop(key, None)
    st.session_state["signed_out"] = True


def cookie_sync() -> None:
    """Keep the browser's cookies in step with the session (set after sign-in, cleared after sign-out).

    Served through ``serve.py`` (``make run``), the cookies are set by the server, HttpOnly, from a
    one-time ticket (``mart.access.cookies``); under plain ``streamlit run`` a script sets them, and a script
    cannot make a cookie HttpOnly.
    """
    from mart.access import cookies

    token = st.session_state.get("token")
    device = st.session_state.pop("device", None)
    # what the browser holds as far as this session knows (st.context has the cookies of page load)
    held = st.session_state.get("cookie_held", _cookie())
    want = {}
    if token and held != token:
        want[COOKIE] = (token, accounts.SESSION_HOURS * 3600)
        st.session_state["cookie_held"] = token
    elif not token and held:
        want[COOKIE] = ("", 0)
        st.session_state["cookie_held"] = ""
    if device and _cookie(DEVICE_COOKIE) != device:
        want[DEVICE_COOKIE] = (device, accounts.DEVICE_DAYS * 86400)
    if not want:
        return
    if cookies.served():
        js = cookies.fetch_script(want)
    else:
        js = "".join(
            f"document.cookie = {json.dumps(f'{name}={value}; path=/; max-age={age}; SameSite=Strict')};"
            for name, (value, age) in want.items()
        )
    st.html(f"<script>{js}</script>", unsafe_allow_javascript=True)


def sidebar_account(ctx: Access) -> None:
    st.caption("Региональный стандарт кадрового обеспечения промышленного роста Амурской области")
    if ctx is PUBLIC:
        st.caption("Вы не вошли: показаны открытые данные.")
    else:
        st.markdown(f"**{ctx.login}** — {ctx.audience}")
        if st.button("Выйти", key="sign_out"):
            sign_out()
            st.rerun()


PAGE_TITLES = {url: title for _, title, _, url, _ in PAGES}
PAGE_CAPABILITY = {url: capability for _, _, _, url, capability in PAGES}


def gate(ctx: Access, url: str) -> None:
    """The shared chrome and the access check of a page, before the page runs.

    A visitor who is not signed in is sent to sign in, and the link (page and filters) is kept so
    that signing in leads back to it; a signed-in user without the right sees why.
    """
    # Streamlit's «Press Enter to submit form» under text fields cannot be translated: hide it (README)
    st.html("<style>[data-testid='InputInstructions']{display:none}</style>")
    with st.sidebar:
        sidebar_account(ctx)
        cookie_sync()
    wanted = PAGE_CAPABILITY.get(url)
    if wanted is None or ctx.allows(wanted):
        if ctx is PUBLIC:
            _closed_filters(url)
        return
    title = PAGE_TITLES.get(url, url)
    if ctx is PUBLIC:
        st.session_state["next"] = {"page": url, "query": st.query_params.to_dict(), "title": title}
        st.switch_page("pages/signin.py")
    if ctx.demo and PAGE_CAPABILITY.get(url) in DEMO_REFUSED:
        st.error(
            f"Страница «{title}» недоступна для роли «{ctx.audience}»: это демонстрационная учётная запись."
        )
        st.stop()
    st.error(f"Страница «{title}» недоступна для роли «{ctx.audience}».")
    st.stop()


# URL filters that narrow a public page to one institution, municipality or person: shown after sign-in
SIGNED_IN_FILTERS = {
    "inst": "организация",
    "muni": "муниципалитет",
    "org": "организация",
    "expert": "эксперт",
}


def _closed_filters(url: str) -> None:
    """A guest's link to an open page whose filters need sign-in: say so, and keep the link for after.

    Signing in from here leads back to the same page with the same filters (``next``, see signin.py).
    """
    query = st.query_params.to_dict()
    closed = [key for key in query if key in SIGNED_IN_FILTERS]
    if not closed:
        return
    title = PAGE_TITLES.get(url, url)
    st.session_state["next"] = {"page": url, "query": query, "title": title}
    what = ", ".join(f"{SIGNED_IN_FILTERS[k]} {query[k]}" for k in closed)
    st.info(
        f"Ссылка открывает страницу «{title}» с отбором ({what}), который виден только после входа в систему. "
        "Сейчас показаны открытые данные по всей области. Войдите — и откроется эта же страница с этим отбором.",
        icon=":material/lock:",
    )
    st.page_link(PAGE_FILE_PATHS["signin"], label="Войти и открыть ссылку", icon=":material/login:")


def _through_app() -> None:
    """Run app.py (navigation, sign-in state, access gate) when Streamlit ran a page file without it.

    Streamlit still has a legacy mode for apps with a ``pages/`` folder: until ``st.navigation`` has
    run once in the process (a fresh server opened on a deep link, and every AppTest run), a page's
    file is run directly. Then the entrypoint is run in its place: its ``st.navigation`` ends the
    legacy mode for good and opens the same page through the gate; the direct run stops here.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        import sys
        from pathlib import Path

        page_file = Path(sys._getframe(2).f_globals.get("__file__", "")).name
        st.session_state["_resume"] = {f: u for u, f in PAGE_FILES.items()}.get(page_file)
        runpy.run_path(str(config.REPO_ROOT / "app.py"), run_name="__main__")
        st.stop()


def header(title: str, caption: str | None = None) -> Access:
    _through_app()
    ctx = access()
    st.title(title)
    flash = st.session_state.pop("flash", None)
    if flash:
        st.info(flash)
    _snapshot_note()
    line = f"Данные показаны для роли: **{ctx.audience}**. Сегодня: {config.today():%d.%m.%Y}."
    st.caption(line + (f" {caption}" if caption else ""))
    return ctx


def _snapshot_note() -> None:
    """Say so when an older version of the mart is shown because another program holds the file."""
    from mart.read import queries

    try:
        note = queries.reader().snapshot_note
    except db.MartMissing:
        return
    if note:
        st.warning(note, icon=":material/lock_clock:")


def mart_missing(exc: db.MartMissing) -> None:
    st.error(str(exc))
    st.stop()


# --- filters kept in the URL --------------------------------------------------------------------


def url_filter(
    label: str,
    options: list,
    key: str,
    *,
    default=None,
    format_func=str,
    help: str | None = None,
    container=None,
):
    """A sidebar select box whose value lives in the URL (``?key=value``), so a link reproduces the view.

    ``None`` in ``options`` means «all» and leaves the parameter out of the URL.
    """
    box = container or st.sidebar
    by_text = {str(o): o for o in options}
    if key not in st.session_state:
        raw = st.query_params.get(key)
        st.session_state[key] = by_text.get(
            raw, default if default in options else options[0] if options else None
        )
    elif st.session_state[key] not in options:
        st.session_state[key] = default if default in options else (options[0] if options else None)
    placeholder = format_func(None) if None in options else None  # «Все» instead of Streamlit's English
    value = box.selectbox(
        label, options, key=key, format_func=format_func, help=help, placeholder=placeholder
    )
    if value is None:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = str(value)
    _describe(key, label, format_func(value))
    return value


def _describe(key: str, label: str, text: str) -> None:
    """Remember how a filter reads on screen («Уровень чемпионата: Региональный»), for exports and papers."""
    st.session_state.setdefault("_filter_text", {})[key] = (label, str(text))


def url_toggle(label: str, key: str, help: str | None = None) -> bool:
    """A sidebar switch kept in the URL (``?key=1``), like ``url_filter`` for select boxes."""
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(key) == "1"
    value = st.sidebar.toggle(label, key=key, help=help)
    if value:
        st.query_params[key] = "1"
    else:
        st.query_params.pop(key, None)
    _describe(key, label, "да" if value else "нет")
    return value


def or_all(labels: dict | None = None, everything: str = "Все"):
    """A ``format_func`` for ``url_filter``: ``everything`` for None, else ``labels[value]`` (or the value)."""
    return lambda v: everything if v is None else (v if labels is None else labels[v])


def institution_filter(
    insts, label: str = "Организация", key: str = "inst", everything: str = "Все", container=None
) -> tuple[str | None, dict[str, str]]:
    """A filter by institution (``inst_code``, ``short_name`` of ``insts``): the code chosen and the names."""
    names = dict(zip(insts.get_column("inst_code"), insts.get_column("short_name"), strict=True))
    inst = url_filter(
        label,
        [None, *names],
        key,
        format_func=lambda v: everything if v is None else f"{v} — {names[v]}",
        container=container,
    )
    return inst, names


def specialty_filter(specs, key: str = "spec") -> tuple[str | None, dict[str, str | None]]:
    """A filter by specialty (``specialty_code``, ``specialty_name`` of ``specs``): the code and the names."""
    names = dict(zip(specs.get_column("specialty_code"), specs.get_column("specialty_name"), strict=True))
    spec = url_filter(
        "Специальность (профессия)",
        [None, *names],
        key,
        format_func=lambda v: "Все" if v is None else f"{v} {names[v] or ''}".strip(),
    )
    return spec, names


def active_filters() -> dict[str, str]:
    """The filters in force as the screen shows them, for the «О выгрузке» sheet and the papers.

    {«Уровень чемпионата»: «Региональный», «Организация»: «POO-02 — Политехнический колледж»}: the
    label and the option's text of every filter drawn by ``url_filter``/``url_toggle`` on this run;
    a URL parameter no filter described keeps its value under its Russian name (``mart.platform.ru``).
    """
    described = st.session_state.get("_filter_text", {})
    out: dict[str, str] = {}
    for key, raw in st.query_params.to_dict().items():
        if key.startswith("_"):
            continue
        label, text = described.get(key, (ru.filter_label(key), raw))
        out[label] = text
    return out


# --- tables with an XLSX download ----------------------------------------------------------------


def column_config(frame, configs: dict, **overrides) -> dict:
    """``column_config`` for ``table``: a page's ``configs`` of the columns ``frame`` has, then ``overrides``."""
    return {c: configs[c] for c in frame.columns if c in configs} | overrides


def note_if(flag: str, text: str, alias: str = "note") -> pl.Expr:
    """A column of words for a table: ``text`` where the boolean column ``flag`` holds, else empty."""
    return pl.when(pl.col(flag)).then(pl.lit(text)).otherwise(None).alias(alias)


def table(
    frame,
    *,
    name: str,
    title: str,
    column_config: dict | None = None,
    filters: dict[str, str] | None = None,
    height: int | str = "auto",
    export_frame=None,
) -> None:
    """A table on screen and its XLSX export (filters, freshness and export time on a second sheet).

    ``export_frame`` is written instead of ``frame`` where the screen shows words («71,9 %», «нет
    данных») for figures the export must keep as numbers; its columns are labelled the same way.
    """
    from mart.intake import uploads_log
    from mart.papers import export
    from mart.read import queries

    shown, shown_config = russian_numbers(frame, column_config)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config=shown_config,
        height=height,
        placeholder="—",
    )
    labels = {}
    for col, conf in (column_config or {}).items():
        if isinstance(conf, str):
            labels[col] = conf
        elif isinstance(conf, dict) and conf.get("label"):
            labels[col] = conf["label"]
    ctx = access()
    in_force = filters if filters is not None else active_filters()

    def build() -> bytes:  # made only when the button is clicked
        fresh = uploads_log.freshness_table(ctx)
        return export.to_xlsx(
            export_frame if export_frame is not None else frame,
            title=title,
            filters=in_force,
            freshness=fresh,
            column_labels=labels,
            freshness_labels=uploads_log.FRESHNESS_LABELS,
            is_demo=queries.has_demo_data(),
        )

    st.download_button(
        "Скачать XLSX",
        data=build,
        on_click="ignore",
        file_name=ru.file_name(name, ext="xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"download_{name}",
        icon=":material/download:",
    )


_PRINTF = re.compile(r"^(?P<pre>[^%]*)%(?P<plus>\+)?(?:\.(?P<digits>\d+))?(?P<conv>[dfgiu])(?P<post>.*)$")


def _formatter(fmt: str | None):
    """A Russian formatter (``mart.platform.ru``) for a column's printf format («%.1f», «%+d», «%.0f%%»)."""
    m = _PRINTF.match(fmt or "%g")
    if not m:
        return None
    digits = 0 if m["conv"] in "diu" else (int(m["digits"]) if m["digits"] is not None else None)
    pre, post = m["pre"], m["post"].replace("%%", "%")

    def fn(v) -> str:
        if not ru.finite(v):
            return "—"
        return pre + (ru.signed(v, digits) if m["plus"] else ru.number(v, digits)) + post

    return fn


def russian_numbers(frame, column_config: dict | None = None):
    """The frame to show and its column_config, its fractions written the Russian way («81,1», «−2,5», «1 234,5»).

    Streamlit formats numbers in the browser with printf or the browser's locale, which prints
    «81.1» next to the metrics' «88,2 %»; a pandas Styler carries ``mart.platform.ru``'s text instead, while
    the cells stay numbers (sorting, the export). Integer columns without a format are left alone.
    """
    fractional = [c for c, dtype in frame.schema.items() if dtype.is_float()]
    if not fractional:
        return frame, column_config
    formats = {}
    for col in fractional:
        conf = (column_config or {}).get(col)
        config = conf.get("type_config", {}) if isinstance(conf, dict) else {}
        if config.get("type") == "progress":
            continue
        fn = _formatter(config.get("format"))
        if fn is not None:
            formats[col] = fn
    if not formats:
        return frame, column_config
    config = dict(column_config or {})
    for col in formats:  # the Styler's text is shown only where the column has no printf format of its own
        conf = config.get(col)
        if isinstance(conf, dict):
            config[col] = {**conf, "type_config": {**conf.get("type_config", {}), "format": None}}
    return frame.to_pandas().style.format(formats, na_rep="—"), config


def person_rows(
    ctx: Access,
    inst_code: str | None,
    heading: str,
    opener: str,
    rows,
    columns: dict,
    *,
    name: str,
    title: str,
) -> None:
    """The section of person-level rows (the coordinator any, an institution its own), folded.

    ``rows()`` gives them (called only when they may be shown); ``columns`` are the columns to show
    with their ``column_config``.
    """
    from mart.access import privacy

    if not ctx.allows("person_rows"):
        return
    st.subheader(heading)
    if not privacy.person_rows_visible(ctx, inst_code):
        st.caption("Персональные строки другой организации недоступны: выберите свою организацию.")
        return
    frame = rows()
    listed = ", ".join(frame.get_column("inst_code").unique().sort().to_list()) or "—"
    st.caption(f"Персональные данные без ФИО. Организации: {listed}. Строк: {frame.height}.")
    with st.expander(opener):
        table(frame.select(*columns), name=name, title=title, column_config=columns)


def freshness_column_config(frame) -> dict:
    """Russian headers of the freshness table (``mart.intake.uploads_log.freshness_table``)."""
    from mart.intake import uploads_log

    configs = {
        "last_upload_at": st.column_config.DatetimeColumn(
            uploads_log.FRESHNESS_LABELS["last_upload_at"], format="DD.MM.YYYY HH:mm"
        ),
        "last_upload_date": st.column_config.DateColumn(
            uploads_log.FRESHNESS_LABELS["last_upload_date"], format="DD.MM.YYYY"
        ),
        "last_batch_id": st.column_config.NumberColumn(
            uploads_log.FRESHNESS_LABELS["last_batch_id"], format="%d"
        ),
    }
    return {c: configs.get(c, uploads_log.FRESHNESS_LABELS.get(c, c)) for c in frame.columns}


def demo_banner() -> None:
    from mart.read import queries

    if queries.has_demo_data():
        st.warning(
            "Демонстрационный режим: организации, люди и показатели вымышлены. "
            "Дорожная карта, коды специальностей, компетенции и категории мониторинга — настоящие.",
            icon=":material/science:",
        )


def empty(what: str, who: str) -> None:
    """An empty state that says what is missing and who should upload it."""
    st.info(f"Нет данных: {what}. Их загружает {who} на странице «Загрузка данных».", icon=":material/inbox:")


def empty_page(ctx: Access, what: str, who: str) -> None:
    """Nothing to show on the whole page: the empty state, the data's freshness, and the page stops."""
    empty(what, who)
    freshness(ctx)
    st.stop()


# --- the roadmap measures a page reports on -------------------------------------------------------


# the roadmap's statuses in the form's order and their colours on every chart
STATUS_ORDER, STATUS_COLORS = (
    charts.STATUS_ORDER,
    charts.STATUS_COLORS,
)  # one definition for screens and papers


def roadmap_figures(summary: dict, measures_help: str | None = None) -> None:
    """The roadmap's headline figures (``mart.read.roadmap.roadmap_summary``), with the change over a year."""
    c1, c2, c3, c4, c5 = st.columns(5)
    c1.metric("Мероприятий", summary["measures"], help=measures_help)
    c2.metric(
        "Выполнено",
        summary["done"],
        **change(summary["done"], summary["done_year_ago"]),
        help=f"Для сравнения — на {summary['year_ago']:%d.%m.%Y}.",
    )
    c3.metric("Выполняется", summary["in_progress"])
    c4.metric(
        "Просрочено",
        summary["overdue"],
        **change(summary["overdue"], summary["overdue_year_ago"], color="inverse"),
        help=f"Срок прошёл, а мероприятие не выполнено и не отменено (на {summary['as_of']:%d.%m.%Y}). "
        "Мероприятия «Постоянно» просроченными не считаются.",
    )
    c5.metric("Средний прогресс", f"{summary['avg_progress_pct'] or 0:.0f} %")


def measure_caption(ctx: Access, item_code: str) -> None:
    """One line naming the roadmap measure a page reports on, with its section, group and status."""
    from mart.read import roadmap

    measure = roadmap.measure(ctx, item_code)
    if measure.height:
        m = measure.row(0, named=True)
        group = f", {m['group_label']}" if m["group_code"] else ""
        st.caption(
            f"Мероприятие дорожной карты {m['item_label']} ({m['section_label']}{group}): {m['title']} — "
            f"статус: {(m['status_label'] or 'нет сведений').lower()}."
        )


def measures_expander(measures) -> None:
    """The roadmap measures a page reports on (``mart.read.championships.roadmap_measures`` rows), folded."""
    with st.expander("Мероприятия дорожной карты"):
        for m in measures.iter_rows(named=True):
            group = f", группа {m['group_code']} «{m['group_title']}»" if m["group_code"] else ""
            section = f" «{m['section_title']}»" if m["section_title"] else ""
            st.markdown(
                f"**{m['item_label']}** (раздел {m['section_no']}{section}{group}) — {m['title']}. "
                f"Статус: {m['status_label']}, выполнено {m['progress_pct']:.0f} %."
            )


# --- figures as Russian screens write them ------------------------------------------------------


def number(value, digits: int | None = None, suffix: str = "") -> str:
    """«1 234», «12,5», «71,9 %»: Russian digits from ``mart.platform.ru`` (Babel); «—» when there is none."""
    return ru.number(value, digits, suffix)


def percent(share, digits: int = 1) -> str:
    """A share (0.719) as «71,9 %»; «—» when there is none."""
    return ru.percent(share, digits)


def count(n: int, one: str, few: str, many: str) -> str:
    """«1 строка», «3 строки», «19 колледжей» (``mart.platform.ru.count``, Russian plural rules)."""
    return ru.count(n, one, few, many)


def year_rows(frame, year: int | None) -> tuple[dict | None, dict | None]:
    """The rows of ``year`` and of the year before of a frame with one row per ``year`` (None if missing)."""
    by_year = {row["year"]: row for row in frame.iter_rows(named=True)}
    return (None, None) if year is None else (by_year.get(year), by_year.get(year - 1))


def value(row: dict | None, column: str):
    """A figure of a row from ``year_rows``: None when there is no row or its figures are ``hidden``."""
    return None if row is None or row.get("hidden") else row[column]


def _difference(current, previous, pct: bool, digits: int | None):
    """The change as shown: percentage points to one decimal, else rounded to ``digits``; never −0."""
    if pct:
        return round((current - previous) * 100, 1) + 0.0
    diff = current - previous
    return diff if digits is None else round(diff, digits) + 0


def delta(current, previous, *, pct: bool = False, digits: int | None = None) -> str | None:
    """The change from the previous year for ``st.metric`` (None when there is nothing to compare).

    «+12 к прошлому году», «-1,5 п.п. к прошлому году» (``pct``: shares, the change in percentage
    points); a zero change has no sign. ``digits`` rounds a change of decimals (one decimal for ``pct``).
    """
    if current is None or previous is None:
        return None
    diff = _difference(current, previous, pct, digits)
    text = number(abs(diff), 1 if pct else digits) + (" п.п." if pct else "")
    sign = "+" if diff > 0 else "-" if diff < 0 else ""
    return f"{sign}{text} к прошлому году"


def change(
    current,
    previous,
    *,
    pct: bool = False,
    digits: int | None = None,
    color: str = "normal",
    arrow: bool = True,
) -> dict:
    """``st.metric`` delta arguments (``**ui.change(cur, prev)``): the change from the previous year.

    ``color`` is ``st.metric``'s ``delta_color`` («inverse» when a fall is good news, «off» for a
    neutral figure); a change that rounds to zero is grey and has no arrow; nothing to compare, no delta.
    """
    text = delta(current, previous, pct=pct, digits=digits)
    if text is None:
        return {}
    if _difference(current, previous, pct, digits) == 0:
        return {"delta": text, "delta_color": "off", "delta_arrow": "off"}
    return {"delta": text, "delta_color": color} | ({} if arrow else {"delta_arrow": "off"})


def metric_row(current: dict, previous: dict | None, figures: list[tuple]) -> None:
    """A row of ``st.metric``, one per ``(column, label, help[, color])``, with the change from ``previous``."""
    for box, (column, label, help_text, *color) in zip(st.columns(len(figures)), figures, strict=True):
        box.metric(
            label,
            current[column],
            help=help_text,
            **change(current[column], (previous or {}).get(column), color=color[0] if color else "normal"),
        )


def freshness(ctx: Access) -> None:
    """When each institution last had an accepted upload of each dataset (the region's date for the public)."""
    from mart.intake import uploads_log

    with st.expander("Актуальность данных"):
        frame = uploads_log.freshness_table(ctx)
        if frame.is_empty():
            st.caption("Данные ещё не загружались.")
        else:
            st.dataframe(
                frame,
                hide_index=True,
                width="stretch",
                placeholder="—",
                column_config=freshness_column_config(frame),
            )


# --- reporting periods: default year and partial-year labels (mart.read.periods) ----------------------


def year_filter(
    ctx: Access,
    dataset_names,
    years,
    *,
    label: str = "Год",
    key: str = "year",
    help: str | None = None,
    container=None,
):
    """The year filter of a page (kept in the URL) that never passes a partial year for the region.

    The default is the latest complete year of ``dataset_names`` among ``years``; a partial year
    can be chosen by signed-in roles (the public sees complete years only), is marked in the list,
    and a warning says what is missing. Returns ``mart.read.periods.YearChoice``: ``.year``,
    ``.partial``, ``.title(text)`` for headings and table titles, ``.label(text)`` for headline
    figures, ``.previous(value)`` for changes (None unless both years are complete).
    """
    from mart.read import periods

    names = tuple(dict.fromkeys(dataset_names))
    options = periods.visible_years(ctx, names, years)
    notes = {y: periods.year_note(ctx, names, y) for y in options}
    default = periods.default_year(ctx, names, options)
    base = "По умолчанию — последний год, за который все данные собраны."
    year = url_filter(
        label,
        options,
        key,
        default=default,
        format_func=lambda y: f"{y} — неполные данные" if notes.get(y) else str(y),
        help=f"{help} {base}" if help else base,
        container=container,
    )
    picked = periods.choice(ctx, names, year)
    if picked.partial:
        st.warning(
            f"**Неполный год.** {picked.note}. Показанные цифры — не итог по региону; "
            f"последний полный год — {default if default != year else '—'}.",
            icon=":material/hourglass_top:",
        )
    return picked


def no_change_note(picked) -> None:
    """Under headline figures: why no change from the previous year is shown (when it is not)."""
    if picked.why_no_change:
        st.caption(picked.why_no_change)


def partial_trend(base, tooltip: list, *, line: bool = True):
    """A trend chart that never draws a partial year as a regional value.

    ``base`` is an ``alt.Chart`` of a frame marked by ``mart.read.periods.mark`` (columns ``is_partial``,
    ``period_note``) with its x, y (and colour) encoded. Complete years are joined by a line; a
    partial year is a hollow, lighter point off the line, with its note in the tooltip.
    """
    return charts.partial_trend(base, tooltip, line=line)  # one definition for screens and papers


def partial_caption(frame) -> None:
    """Under a trend chart: which years are partial and how they are drawn."""
    if "is_partial" in frame.columns and frame.filter(pl.col("is_partial")).height:
        notes = frame.filter(pl.col("is_partial")).get_column("period_note").unique().sort().to_list()
        st.caption(
            "Бледные ромбы — неполные годы (не итог по региону, линией не соединены): "
            + "; ".join(notes)
            + "."
        )


def shorten(text: str, limit: int) -> str:
    """A long title cut at a word boundary with «…» (never in the middle of a word)."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:—-(«")
    return (cut or text[:limit]) + "…"


# --- the council's papers (issue 13) -----------------------------------------------------------------


def meeting_pack(ctx: Access, year: int | None) -> None:
    """The meeting pack button (PDF, kept in the mart) and the papers given before, for the council."""
    from mart.papers import brief

    if not ctx.allows("meeting_pack"):
        return
    today = config.today()
    left, right = st.columns([2, 3], vertical_alignment="center")
    left.download_button(
        "Материалы к заседанию (PDF)",
        data=lambda: brief.make_meeting_pack(ctx, today, year).pdf,
        on_click="ignore",
        file_name=brief.pack_file_name(today),
        mime="application/pdf",
        key="meeting_pack",
        icon=":material/picture_as_pdf:",
        type="primary",
        help="Дорожная карта, трудоустройство, чемпионаты, рейтинг KPI, кадровый баланс и сборы данных "
        f"на {today:%d.%m.%Y} в одном PDF. Каждый выданный файл сохраняется с контрольной суммой.",
    )
    right.caption(
        f"Год разделов о трудоустройстве, чемпионатах и KPI — {year or 'последний с данными'}. "
        "Выданные материалы хранятся: их можно открыть позже такими, какими они были."
    )
    given = brief.papers(ctx)
    if given.is_empty():
        return
    with st.expander(f"Выданные материалы и протоколы ({given.height})"):
        st.dataframe(
            given.select(
                "paper_id",
                "kind_label",
                "title",
                "created_at",
                "created_by",
                "pages",
                "data_version",
                "sha256",
            ),
            hide_index=True,
            width="stretch",
            placeholder="—",
            column_config={
                "paper_id": st.column_config.NumberColumn("№", format="%d"),
                "kind_label": "Документ",
                "title": st.column_config.TextColumn("Название", width="medium"),
                "created_at": st.column_config.DatetimeColumn("Выдан", format="DD.MM.YYYY HH:mm"),
                "created_by": "Кто сформировал",
                "pages": st.column_config.NumberColumn("Страниц", format="%d"),
                "data_version": st.column_config.TextColumn("Версия данных", width="medium"),
                "sha256": st.column_config.TextColumn("Контрольная сумма SHA-256", width="small"),
            },
        )
        titles = {
            r["paper_id"]: f"№ {r['paper_id']} — {r['title']} ({r['created_at']:%d.%m.%Y %H:%M})"
            for r in given.iter_rows(named=True)
        }
        chosen = st.selectbox("Документ", list(titles), format_func=titles.get, key="paper")
        row = given.filter(pl.col("paper_id") == chosen).row(0, named=True)
        st.download_button(
            "Скачать выданный документ",
            data=lambda: brief.paper_file(ctx, chosen),
            on_click="ignore",
            file_name=row["file_name"],
            mime="application/pdf",
            key="paper_download",
            icon=":material/download:",
        )
