"""Check an uploaded table against its dataset's contract; list every error with row and column.

All checks are vectorised with polars, so a 100,000-row file is checked in well under a second.
The result is either a clean, typed frame (canonical columns, ``__row`` = row number in Excel) or
the list of errors; warnings never stop a file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import duckdb
import polars as pl

from mart.access.rules import Access
from mart.intake import datasets, inn
from mart.intake.datasets import Column, Dataset
from mart.intake.filereader import RawTable
from mart.platform import config

ERROR_SCHEMA = {"row_no": pl.Int64, "column_name": pl.String, "value": pl.String, "reason": pl.String}

# At most this many errors (and as many warnings) are kept and shown per attempt; the rest are counted.
MAX_ERRORS = 1000
# A count in one row (places, graduates, enrolled) is never above this unless the column says otherwise.
COUNT_MAX = 100_000
# Text limits: codes and ids, and any other text (names, organisations, comments, evidence).
ID_MAX_CHARS = 64
TEXT_MAX_CHARS = 2000
# Invisible characters removed with a warning: zero-width ones, the word joiner, a BOM inside text,
# no-break and narrow spaces (a no-break space in free text becomes an ordinary space).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
NO_BREAK = "\u00a0\u202f\u2007"
EXCEL_ERROR = r"^#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!)$"
CONTROL = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"
CONTROL_IN_TEXT = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"

TRUE_WORDS = {"yes", "да", "1", "true", "y", "д", "истина", "+"}
FALSE_WORDS = {"no", "нет", "0", "false", "n", "н", "ложь", "-"}


def fold(text: str) -> str:
    """Case-, ё/е- and whitespace-insensitive form of a code or label."""
    return re.sub(r"\s+", " ", text.strip().lower().replace("ё", "е"))


def _fold_expr(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_lowercase().str.replace_all("ё", "е").str.replace_all(r"\s+", " ").str.strip_chars()


def errors_frame(rows: list[dict] | None = None) -> pl.DataFrame:
    return pl.DataFrame(rows or [], schema=ERROR_SCHEMA)


@dataclass
class Validation:
    dataset: Dataset
    clean: pl.DataFrame | None
    errors: pl.DataFrame
    warnings: pl.DataFrame = field(default_factory=errors_frame)
    error_total: int | None = None  # errors found, when more than the ones kept

    @property
    def ok(self) -> bool:
        return self.errors.is_empty()


_DECIMAL_TYPE = re.compile(r"^DECIMAL\((\d+),\s*(\d+)\)$")


class References:
    """What values of codes and references exist now, each read from the mart when first needed."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def _col(self, query: str) -> list:
        return [r[0] for r in self._con.sql(query).fetchall()]

    def storage(self, dataset: str) -> dict[str, tuple[int, int]]:
        """(precision, scale) of every decimal column of a landing table, as the migration declares it
        (read from the table's column types: a tenth of the time of ``information_schema.columns``)."""
        rel = self._con.sql(f"select * from raw.{dataset} limit 0")
        found = {}
        for name, kind in zip(rel.columns, rel.dtypes, strict=True):
            m = _DECIMAL_TYPE.match(str(kind))
            if m:
                found[name] = (int(m.group(1)), int(m.group(2)))
        return found

    @functools.cached_property
    def institutions(self) -> set[str]:
        return set(self._col("select inst_code from stg_institutions"))

    @functools.cached_property
    def specialties(self) -> set[str]:
        return set(self._col("select specialty_code from seed.specialties"))

    @functools.cached_property
    def institution_names(self) -> dict[str, list[str]]:
        rows = self._con.sql("select inst_code, short_name, full_name from stg_institutions").fetchall()
        return {code: [short or "", full or ""] for code, short, full in rows}

    @functools.cached_property
    def competences(self) -> dict[str, str]:
        return {fold(c): c for c in self._col("select competence from seed.competences")}

    @functools.cached_property
    def roadmap_items(self) -> set[str]:
        return set(self._col("select item_code from seed.roadmap_items"))

    @functools.cached_property
    def specialty_ugs(self) -> dict[str, str]:
        return dict(self._con.sql("select specialty_code, ugs_code from seed.specialties").fetchall())

    @functools.cached_property
    def ugs(self) -> set[str]:
        return set(self._col("select ugs_code from seed.ugs"))

    @functools.cached_property
    def employers(self) -> set[str]:
        return set(self._col("select employer_inn from stg_employers"))

    @functools.cached_property
    def experts(self) -> set[str]:
        return set(self._col("select distinct expert_id from stg_experts"))

    def labels(self, name: str) -> dict[str, str]:
        """Code -> its Russian label, for messages that name the allowed values."""
        if name == "employment_status":
            rows = self._con.sql("select status_code, label_ru from seed.employment_statuses").fetchall()
            return dict(rows)
        return dict(datasets.ENUMS.get(name, {}))

    def enum(self, name: str) -> dict[str, str]:
        """Folded word -> code, for codes, their Russian labels and synonyms."""
        if name == "employment_status":
            rows = self._con.sql(
                "select status_code, status_code from seed.employment_statuses"
                " union all select status_code, label_ru from seed.employment_statuses"
                " union all select status_code, synonym from seed.employment_status_synonyms"
            ).fetchall()
            return {fold(word): code for code, word in rows}
        codes = datasets.ENUMS[name]
        m = {fold(code): code for code in codes}
        m.update({fold(label): code for code, label in codes.items()})
        m.update({fold(s): code for s, code in datasets.ENUM_SYNONYMS.get(name, {}).items()})
        return m


class _Errors:
    """The notes of one file: errors (``parts``) and warnings, as frames of ``errors_frame``'s shape.

    ``add`` only records a rule; the rules are evaluated together when the notes are read, one pass
    over each frame for all of its rules (a file has a few dozen rules, and filtering the frame once
    per rule took most of the time of checking a small file), and the offending rows are picked out
    only for the rules that found any. The notes come out in the order the rules were added.
    """

    def __init__(self) -> None:
        self._parts: list[pl.DataFrame] = []
        self._warnings: list[pl.DataFrame] = []
        self._pending: list[tuple[pl.DataFrame, pl.Expr, str, str | pl.Expr, bool]] = []

    @property
    def parts(self) -> list[pl.DataFrame]:
        self._flush()
        return self._parts

    @parts.setter
    def parts(self, value: list[pl.DataFrame]) -> None:
        self._flush()
        self._parts = value

    @property
    def warnings(self) -> list[pl.DataFrame]:
        self._flush()
        return self._warnings

    def add(
        self, frame: pl.DataFrame, mask: pl.Expr, column: str, reason: str | pl.Expr, *, warn: bool = False
    ) -> None:
        self._pending.append((frame, mask, column, reason, warn))

    def _flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        frames: dict[int, tuple[pl.DataFrame, list[int]]] = {}
        for i, (frame, *_) in enumerate(pending):
            frames.setdefault(id(frame), (frame, []))[1].append(i)
        found: set[int] = set()
        for frame, rules in frames.values():
            hits = frame.select([pending[i][1].any().alias(f"r{i}") for i in rules]).row(0)
            found.update(i for i, hit in zip(rules, hits, strict=True) if hit)
        for i in sorted(found):
            self._note(*pending[i])

    def _note(
        self, frame: pl.DataFrame, mask: pl.Expr, column: str, reason: str | pl.Expr, warn: bool
    ) -> None:
        bad = frame.filter(mask)
        if bad.is_empty():
            return
        reason_expr = reason if isinstance(reason, pl.Expr) else pl.lit(reason)
        # a reader may say where a value sits in its own terms («графа 08» of the federal form)
        where = pl.col(f"{column}__cell") if f"{column}__cell" in bad.columns else pl.lit(column)
        part = bad.select(
            pl.col("__row").alias("row_no"),
            where.alias("column_name"),
            pl.col(f"{column}__raw").str.slice(0, 200).alias("value")
            if f"{column}__raw" in bad.columns
            else pl.lit(None, pl.String).alias("value"),
            reason_expr.cast(pl.String).alias("reason"),
        )
        (self._warnings if warn else self._parts).append(part)

    def file(
        self, reason: str, column: str | None = None, row: int | None = None, value: str | None = None
    ) -> None:
        self.parts.append(
            errors_frame([{"row_no": row, "column_name": column, "value": value, "reason": reason}])
        )

    def result(self, which: list[pl.DataFrame]) -> pl.DataFrame:
        if not which:
            return errors_frame()
        return pl.concat(which).sort("row_no", "column_name", nulls_last=False)

    def capped(self, which: list[pl.DataFrame], what: str) -> tuple[pl.DataFrame, int]:
        """The first MAX_ERRORS notes and a last line saying how many more there are."""
        frame = self.result(which)
        total = frame.height
        if total <= MAX_ERRORS:
            return frame, total
        more = total - MAX_ERRORS
        tail = errors_frame(
            [
                {
                    "row_no": None,
                    "column_name": None,
                    "value": None,
                    "reason": f"Показаны первые {MAX_ERRORS} {what} из {total}; ещё {more} не показано. "
                    "Исправьте показанные (часто это одна причина во всём столбце) и загрузите файл снова.",
                }
            ]
        )
        return pl.concat([frame.head(MAX_ERRORS), tail]), total


def is_identifier(c: Column, ds: Dataset) -> bool:
    """Codes and ids: what a row is found by, compared or joined on."""
    return c.kind != "text" or c.name in ds.key or c.name.endswith(("_id", "_code"))


def text_limit(c: Column) -> int:
    return ID_MAX_CHARS if c.name.endswith(("_id", "_code")) else TEXT_MAX_CHARS


def is_percent(c: Column) -> bool:
    """A column that holds a percentage (0–100): a percent-formatted value «72,5 %» means 72.5."""
    return c.name.endswith("_pct")


def _header_map(ds: Dataset) -> dict[str, str]:
    m: dict[str, str] = {}
    for c in ds.columns:
        m[fold(c.name)] = c.name
        m[fold(c.label_ru)] = c.name
    m.update({fold(k): v for k, v in ds.aliases.items()})
    return m


def grade_for(score: pl.Expr) -> pl.Expr:
    """The official demo-exam scale: 0–19.99 → 2, 20–39.99 → 3, 40–69.99 → 4, 70–100 → 5."""
    s = score.round(2)
    return pl.when(s < 20).then(2).when(s < 40).then(3).when(s < 70).then(4).otherwise(5).cast(pl.Int64)


def validate(
    con: duckdb.DuckDBPyConnection,
    ctx: Access,
    dataset: str,
    table: RawTable,
    mode: str,
    file_name: str,
    options: dict | None = None,
) -> Validation:
    ds = datasets.get(dataset)
    err = _Errors()
    if ds.reader == "employment_form" and ctx.can_upload(dataset):
        table = _bind_form(con, ctx, table, options or {}, err)
        if table is None:
            return Validation(ds, None, err.result(err.parts))

    # --- who may upload this, and how ----------------------------------------------------------
    if not ctx.can_upload(dataset):
        err.file(f"Роль «{ctx.audience}» не может загружать набор «{ds.title_ru}».")
        return Validation(ds, None, err.result(err.parts))
    if mode not in ("upsert", "replace"):
        err.file(
            f"Неизвестный режим загрузки «{mode}»: допустимы «upsert» (дополнить) и «replace» (заменить срез)."
        )
    if mode == "replace" and not ds.slice:
        err.file(
            f"Набор «{ds.title_ru}» нельзя загрузить в режиме замены среза: строки в нём не делятся на срезы."
        )
    if ctx.inst_code and ds.inst_column is None:
        err.file(
            f"Набор «{ds.title_ru}» не относится к одной организации: загрузка от имени {ctx.inst_code} невозможна."
        )

    # --- header ----------------------------------------------------------------------------------
    mapping = _header_map(ds)
    seen: dict[str, int] = {}
    rename: dict[str, str] = {}
    for j, h in enumerate(table.header):
        if not h.strip():
            if table.rows.get_column(f"c{j}").str.strip_chars().str.len_chars().max() or 0:
                err.file(
                    "Столбец без названия содержит данные: дайте ему название из шаблона.",
                    row=1,
                    column=f"столбец {j + 1}",
                )
            continue
        canon = mapping.get(fold(h))
        if canon is None:
            err.file(
                f"Неизвестный столбец «{h}». Ожидаются: {', '.join(ds.column_names)}.",
                row=1,
                column=h,
                value=h,
            )
            continue
        if canon in seen:
            err.file(
                f"Столбец «{canon}» указан дважды (столбцы {seen[canon] + 1} и {j + 1}).",
                row=1,
                column=h,
                value=h,
            )
            continue
        seen[canon] = j
        rename[f"c{j}"] = canon
    missing = [c.name for c in ds.columns if c.required and c.name not in seen]
    for name in missing:
        err.file(f"Нет обязательного столбца «{name}» ({ds.column(name).label_ru}).", row=1, column=name)
    if err.parts:
        return Validation(ds, None, err.result(err.parts))
    if table.rows.is_empty():
        err.file(f"В файле «{file_name}» есть заголовок, но нет ни одной строки с данными.", row=2)
        return Validation(ds, None, err.result(err.parts))

    cells = [c for c in table.rows.columns if c.endswith("__cell")]
    frame = table.rows.select(
        [pl.col(src).alias(dst) for src, dst in rename.items()] + [pl.col("__row"), *map(pl.col, cells)]
    )
    for c in ds.columns:
        if c.name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.String).alias(c.name))
    # keep the value as given for the report, and a cleaned, trimmed copy (empty -> null) to parse
    frame = frame.with_columns([pl.col(c.name).alias(f"{c.name}__raw") for c in ds.columns])
    cleaned_columns: list[pl.Expr] = []  # each column's cleaning reads only that column: one pass
    for c in ds.columns:
        x = pl.col(c.name)
        ident = is_identifier(c, ds)
        invisible = f"[{ZERO_WIDTH}{NO_BREAK}]" if ident else f"[{ZERO_WIDTH}]"
        numeric_space = c.kind in ("int", "decimal")  # 1 234 with a no-break space is how Excel groups digits
        # no-break spaces around a value are padding, trimmed like spaces; inside a code they are a trap
        inner = x.str.strip_chars(f" \t\r\n{NO_BREAK}")
        has_invisible = inner.str.contains(invisible if not numeric_space else f"[{ZERO_WIDTH}]")
        err.add(
            frame,
            has_invisible.fill_null(False),
            c.name,
            "Невидимые символы (пробел нулевой ширины, неразрывный пробел и т. п.) удалены из значения."
            if ident
            else "Невидимые символы (пробел нулевой ширины) удалены из значения.",
            warn=True,
        )
        cleaned = inner.str.replace_all(f"[{ZERO_WIDTH}]", "")
        cleaned = cleaned.str.replace_all(f"[{NO_BREAK}]", "" if ident and not numeric_space else " ")
        cleaned_columns.append(cleaned.str.strip_chars(" \t\r\n").replace("", None).alias(c.name))
    frame = frame.with_columns(cleaned_columns)
    # values no column may hold: Excel's error values, control characters, over-long text
    flagged: dict[str, pl.Expr] = {}
    for c in ds.columns:
        x = pl.col(c.name)
        excel_error = x.str.contains(EXCEL_ERROR).fill_null(False)
        err.add(
            frame,
            excel_error,
            c.name,
            pl.format(
                "В ячейке ошибка Excel «{}»: формула не вычислилась. Исправьте формулу или впишите значение.",
                x,
            ),
        )
        ident = is_identifier(c, ds)
        control = x.str.contains(CONTROL if ident else CONTROL_IN_TEXT).fill_null(False) & ~excel_error
        err.add(
            frame,
            control,
            c.name,
            "Недопустимый символ в коде или номере: перевод строки, табуляция, NUL или другой управляющий символ."
            if ident
            else "Недопустимый управляющий символ (NUL и т. п.) в тексте.",
        )
        limit = text_limit(c)
        too_long = (x.str.len_chars() > limit).fill_null(False) & ~excel_error & ~control
        err.add(
            frame,
            too_long,
            c.name,
            pl.format(f"Текст длиннее {limit} символов (в значении {{}}).", x.str.len_chars()),
        )
        flagged[c.name] = excel_error | control | too_long
    frame = frame.with_columns(
        [pl.when(flagged[c.name]).then(None).otherwise(pl.col(c.name)).alias(c.name) for c in ds.columns]
        + [flagged[c.name].alias(f"{c.name}__flagged") for c in ds.columns]
    )

    refs = References(con)
    today = config.today()
    storage = refs.storage(ds.name)
    parsed: list[pl.Expr] = []
    for c in ds.columns:
        x = pl.col(c.name)
        if c.required:
            err.add(
                frame,
                x.is_null() & ~pl.col(f"{c.name}__flagged"),
                c.name,
                f"Обязательное поле «{c.label_ru}» не заполнено.",
            )
        if c.kind == "decimal":
            expr, bad, reason = _parse_decimal(c, x, storage.get(c.name, (18, 2))[1])
            for extra_bad, extra_reason in _decimal_extra(c, x, storage.get(c.name, (18, 2))[1]):
                err.add(frame, x.is_not_null() & extra_bad, c.name, extra_reason)
        else:
            expr, bad, reason = _parse(c, x, refs, ds)
        if bad is not None:
            err.add(frame, x.is_not_null() & bad, c.name, reason)
        parsed.append(expr.alias(c.name))
    typed = frame.with_columns(parsed)
    # an empty optional cell that stands for a code (the form of study: full-time)
    defaults = [pl.col(c.name).fill_null(pl.lit(c.default)) for c in ds.columns if c.default is not None]
    if defaults:
        typed = typed.with_columns(defaults)

    # --- ranges ------------------------------------------------------------------------------------
    for c in ds.columns:
        x = pl.col(c.name)
        if c.kind in ("int", "decimal"):
            hi = c.max_value
            if c.name in ("year", "graduation_year", "survey_year"):
                hi = today.year
            if hi is None:
                # no bound of its own: a count, kept at a plausible size; a decimal, what storage holds
                precision, scale = storage.get(c.name, (18, 2))
                cap = COUNT_MAX if c.kind == "int" else 10 ** (precision - scale) - 10**-scale
                err.add(
                    typed,
                    x.is_not_null() & (x > cap),
                    c.name,
                    f"Значение больше правдоподобного предела {_big(cap)} для одной строки: проверьте число.",
                )
            if c.min_value is not None and hi is not None:
                err.add(
                    typed,
                    x.is_not_null() & ((x < c.min_value) | (x > hi)),
                    c.name,
                    f"Значение вне допустимого диапазона {_num(c.min_value)}–{_num(hi)}.",
                )
            elif c.min_value is not None:
                err.add(
                    typed,
                    x.is_not_null() & (x < c.min_value),
                    c.name,
                    f"Значение должно быть не меньше {_num(c.min_value)}.",
                )
    for name in ("status_date",):
        if name in ds.column_names:
            err.add(typed, pl.col(name) > today, name, f"Дата позже сегодняшнего дня ({today:%d.%m.%Y}).")
    if dataset == "experts":
        err.add(
            typed,
            pl.col("valid_to") < pl.col("valid_from"),
            "valid_to",
            "Дата окончания раньше даты начала действия сертификата.",
        )

    # --- cross-field rules ---------------------------------------------------------------------------
    if dataset == "graduates":
        for flag in ("by_specialty", "retained_4m"):
            err.add(
                typed,
                pl.col(flag).fill_null(False) & (pl.col("status") != "employed"),
                flag,
                "Может быть «да» только при статусе «Трудоустроен» (employed).",
            )
        # the optional flags of the federal form's rows 02–15
        if "disability_kind" in typed.columns:
            concerned = pl.col("health_limitations").fill_null(False) | (
                pl.col("disability").fill_null("none") != "none"
            )
            err.add(
                typed,
                concerned & pl.col("disability_kind").is_null(),
                "disability_kind",
                "Для выпускника с ОВЗ или инвалидностью укажите вид нарушения (строки 07–13 формы мониторинга).",
            )
            err.add(
                typed,
                ~concerned & pl.col("disability_kind").is_not_null(),
                "disability_kind",
                "Вид нарушения указывают только для выпускника с ОВЗ или инвалидностью.",
            )
    if dataset in ("championship_results", "experts"):
        err.add(
            typed,
            pl.col("inst_code").is_null() & pl.col("organization").is_null(),
            "organization",
            "Укажите код организации или, если его нет (школа, предприятие), название организации.",
        )
    if dataset == "roadmap_status":
        # the form's own rule: a done measure has 100 %, one not started has 0 %
        for status, label, pct in (("done", "Выполнено", 100), ("not_started", "Не начато", 0)):
            err.add(
                typed,
                (pl.col("status") == status)
                & pl.col("progress_pct").is_between(0, 100)  # outside: the range error says it
                & (pl.col("progress_pct") != pct),
                "progress_pct",
                pl.format(
                    "Статус «{}» означает прогресс {} %, а указано {} %: исправьте статус или прогресс.",
                    pl.lit(label),
                    pl.lit(pct),
                    pl.col("progress_pct")
                    .cast(pl.Float64)
                    .round(2)
                    .cast(pl.String)
                    .str.replace(r"\.0$", "")
                    .str.replace(".", ",", literal=True),
                ),
            )
    if dataset == "demo_exams":
        credited = pl.col("credited").fill_null(False)
        err.add(
            typed,
            credited & pl.col("grade").is_not_null() & (pl.col("grade") != 5),
            "grade",
            "При зачёте результата чемпионата оценка должна быть 5.",
        )
        err.add(
            typed,
            ~credited & pl.col("score_pct").is_null(),
            "score_pct",
            "Укажите процент от максимального балла (пусто можно только при зачёте результата чемпионата).",
        )
        expected = grade_for(pl.col("score_pct"))
        err.add(
            typed,
            ~credited
            & pl.col("grade").is_not_null()
            & pl.col("score_pct").is_not_null()
            & (pl.col("grade") != expected),
            "grade",
            pl.format(
                "Оценка не соответствует проценту {} по официальной шкале (ожидается {}).",
                pl.col("score_pct"),
                expected,
            ),
        )
        typed = typed.with_columns(
            pl.when(credited).then(pl.lit(5, pl.Int64)).otherwise(pl.col("grade")).alias("grade"),
            credited.alias("credited"),
        )

    if dataset in ("employers", "employer_needs"):
        typed = _demand_rules(typed, err, refs)
    if dataset == "admissions":
        err.add(
            typed,
            pl.col("enrolled_target") > pl.col("enrolled"),
            "enrolled_target",
            pl.format(
                "Зачислено по целевым договорам ({}) больше, чем зачислено на бюджетные места ({}).",
                pl.col("enrolled_target"),
                pl.col("enrolled"),
            ),
        )

    # --- rows must belong to the uploader's institution -------------------------------------------
    if ctx.inst_code and ds.inst_column:
        col = ds.inst_column
        err.add(
            typed,
            pl.col(col).is_null() | (pl.col(col) != ctx.inst_code),
            col,
            pl.format(
                "Строка относится к организации «{}», а загрузка идёт от имени {}: можно загружать только свои строки.",
                pl.col(f"{col}__raw").fill_null("пусто"),
                pl.lit(ctx.inst_code),
            ),
        )

    # --- a key repeated inside the file ---------------------------------------------------------------
    key = list(ds.key)
    # an optional key column may be empty: empty is then a value of the key («not split»)
    complete = pl.all_horizontal([pl.col(k).is_not_null() for k in key if ds.column(k).required])
    with_first = typed.with_columns(pl.col("__row").min().over(key).alias("__first"))
    err.add(
        with_first,
        complete & (pl.col("__row") != pl.col("__first")),
        key[-1],
        pl.format(
            "Повтор ключа ({}): такая же запись уже есть в строке {}.",
            pl.concat_str([pl.col(k).cast(pl.String) for k in key], separator=", "),
            pl.col("__first"),
        ),
    )

    # --- warnings ------------------------------------------------------------------------------------------
    if dataset == "graduates":
        share = (
            typed.group_by("inst_code", "graduation_year")
            .agg(
                (pl.col("status") == "other").sum().alias("n_other"),
                pl.len().alias("n"),
                pl.col("__row").filter(pl.col("status") == "other").min().alias("__row"),
            )
            .filter(pl.col("n_other") * 200 > pl.col("n"))
        )
        for r in share.iter_rows(named=True):
            err.warnings.append(
                errors_frame(
                    [
                        {
                            "row_no": r["__row"],
                            "column_name": "status",
                            "value": "other",
                            "reason": f"{r['inst_code']}, выпуск {r['graduation_year']}: статус «Иное» у {r['n_other']} из {r['n']} "
                            "выпускников (больше 1 из 200). Официальная форма мониторинга требует пояснения.",
                        }
                    ]
                )
            )

    # --- approved totals of admission targets bound the places awarded (measures 2.6–2.7) ------------
    if dataset in ("kcp_competition", "kcp_totals") and not err.parts:
        _kcp_totals_rule(con, typed, dataset, mode, err)

    if ds.reader == "employment_form":
        _form_rules(typed, table, err)

    if ds.reader == "employment_form" and err.parts:
        err.parts = [_form_errors(err.result(err.parts), typed)]
    if table.notes:
        err.warnings.insert(0, errors_frame(table.notes))
    errors, total = err.capped(err.parts, "ошибок")
    warnings, _ = err.capped(err.warnings, "предупреждений")
    clean = None if not errors.is_empty() else typed.select([*ds.column_names, "__row"])
    return Validation(ds, clean, errors, warnings, total)


def _big(v: float) -> str:
    return f"{v:,.0f}".replace(",", "\u00a0") if float(v).is_integer() else f"{v:,}".replace(",", "\u00a0")


def _demand_rules(typed: pl.DataFrame, err: _Errors, refs: References) -> pl.DataFrame:
    """Employers and their needs (section 2): codes' shapes, the horizon, specialty or УГС."""
    if "okved" in typed.columns:
        err.add(
            typed,
            pl.col("okved").is_not_null() & ~pl.col("okved").str.contains(r"^\d{2}(\.\d{1,2}){0,2}$"),
            "okved",
            "Код ОКВЭД: две цифры и до двух групп после точки (например, 24.10 или 07.29.41).",
        )
        err.add(
            typed,
            pl.col("is_investment_project").fill_null(False) & pl.col("project_name").is_null(),
            "project_name",
            "Для инвестиционного проекта укажите его название.",
        )
        return typed
    horizon = datasets.NEED_HORIZON
    err.add(
        typed,
        pl.col("need_year").is_not_null()
        & pl.col("survey_year").is_not_null()
        & (
            (pl.col("need_year") < pl.col("survey_year"))
            | (pl.col("need_year") > pl.col("survey_year") + horizon)
        ),
        "need_year",
        pl.format(
            "Год потребности вне горизонта опроса: допустимы годы с {} по {}.",
            pl.col("survey_year"),
            pl.col("survey_year") + horizon,
        ),
    )
    err.add(
        typed,
        pl.col("okpdtr_code").is_not_null() & ~pl.col("okpdtr_code").str.contains(r"^\d{5}$"),
        "okpdtr_code",
        "Код ОКПДТР — ровно 5 цифр.",
    )
    err.add(
        typed,
        pl.col("salary_rub").is_not_null() & (pl.col("salary_rub") <= 0),
        "salary_rub",
        "Зарплата должна быть больше 0 (или оставьте поле пустым).",
    )
    err.add(
        typed,
        pl.col("specialty_code").is_null() & pl.col("ugs_code").is_null(),
        "ugs_code",
        "Укажите код специальности по ОКСО или код УГС: без них потребность нельзя сопоставить с подготовкой.",
    )
    derived = pl.col("specialty_code").replace_strict(
        refs.specialty_ugs, default=None, return_dtype=pl.String
    )
    err.add(
        typed,
        pl.col("ugs_code").is_not_null() & derived.is_not_null() & (pl.col("ugs_code") != derived),
        "ugs_code",
        pl.format(
            "Специальность {} относится к УГС {}, а не к указанной.", pl.col("specialty_code"), derived
        ),
    )
    kind = pl.col("specialty_code").str.slice(3, 2)
    err.add(
        typed,
        ((kind == "01") & (pl.col("level") == "specialist"))
        | ((kind == "02") & (pl.col("level") == "worker")),
        "level",
        pl.format(
            "Уровень не соответствует коду {}: NN.01.NN — профессия (worker, ППКРС), NN.02.NN — специальность (specialist, ППССЗ).",
            pl.col("specialty_code"),
        ),
    )
    return typed.with_columns(pl.coalesce(pl.col("ugs_code"), derived).alias("ugs_code"))


_FORM_RU = datasets.ENUMS["study_form"]


def _kcp_totals_rule(
    con: duckdb.DuckDBPyConnection, typed: pl.DataFrame, dataset: str, mode: str, err: _Errors
) -> None:
    """The places awarded by the competition to all colleges in a specialty, form and year may not
    exceed the approved total: checked on the state the file would leave (its rows over the stored ones)."""
    frame = typed.select(
        "admission_year",
        "specialty_code",
        "study_form",
        *(("inst_code", "awarded_places") if dataset == "kcp_competition" else ("places", "order_ref")),
        "__row",
    )
    con.register("kcp_file", frame)
    try:
        replace = mode == "replace"
        if dataset == "kcp_competition":
            rows = con.sql(
                """
                with kept as (
                    select c.admission_year, c.specialty_code, c.study_form, c.awarded_places
                    from stg_kcp_competition as c
                    where not exists (
                        select 1 from kcp_file as f
                        where f.admission_year = c.admission_year and f.inst_code = c.inst_code
                            and f.specialty_code = c.specialty_code and f.study_form = c.study_form
                    )
                        and not ($replace and c.admission_year in (select admission_year from kcp_file))
                ),

                awarded as (
                    select admission_year, specialty_code, study_form,
                        sum(awarded_places) as awarded, min(row_no) as row_no
                    from (
                        select admission_year, specialty_code, study_form, awarded_places, "__row" as row_no
                        from kcp_file
                        union all
                        select admission_year, specialty_code, study_form, awarded_places, null from kept
                    )
                    group by admission_year, specialty_code, study_form
                    having count(row_no) > 0
                )

                select a.row_no, a.admission_year, a.specialty_code, a.study_form, a.awarded,
                    t.places, t.order_ref
                from awarded as a
                left join stg_kcp_totals as t using (admission_year, specialty_code, study_form)
                where a.awarded > coalesce(t.places, 0) or (t.places is null and a.awarded > 0)
                order by a.row_no
                """,
                params={"replace": replace},
            ).fetchall()
            for row_no, year, spec, form, awarded, places, order in rows:
                form_ru = _FORM_RU.get(form, form)
                if places is None:
                    # nothing approved to exceed yet: said, not refused (the order may be entered later)
                    reason = (
                        f"Специальность {spec} ({form_ru}, {year}): распределено {awarded} мест, а утверждённый "
                        "объём КЦП ещё не загружен — проверка суммы не выполнена. Загрузите объёмы (набор "
                        "«Утверждённые объёмы КЦП»): файл с объёмом меньше распределённого будет отклонён."
                    )
                    err.warnings.append(
                        errors_frame(
                            [
                                {
                                    "row_no": row_no,
                                    "column_name": "awarded_places",
                                    "value": str(awarded),
                                    "reason": reason,
                                }
                            ]
                        )
                    )
                    continue
                else:
                    ref = f" (приказ {order})" if order else ""
                    reason = (
                        f"Специальность {spec} ({form_ru}, {year}): сумма распределённых мест всех организаций "
                        f"{awarded} больше утверждённого объёма {places}{ref}."
                    )
                err.file(reason, column="awarded_places", row=row_no, value=str(awarded))
        else:
            rows = con.sql(
                """
                with awarded as (
                    select admission_year, specialty_code, study_form, sum(awarded_places) as awarded
                    from stg_kcp_competition
                    group by admission_year, specialty_code, study_form
                ),

                new_totals as (
                    select admission_year, specialty_code, study_form, places, "__row" as row_no from kcp_file
                    union all
                    -- in replace mode a year's totals missing from the file are withdrawn
                    select t.admission_year, t.specialty_code, t.study_form, 0, null
                    from stg_kcp_totals as t
                    where $replace
                        and t.admission_year in (select admission_year from kcp_file)
                        and not exists (
                            select 1 from kcp_file as f
                            where f.admission_year = t.admission_year and f.specialty_code = t.specialty_code
                                and f.study_form = t.study_form
                        )
                )

                select n.row_no, n.admission_year, n.specialty_code, n.study_form, a.awarded, n.places
                from new_totals as n
                inner join awarded as a using (admission_year, specialty_code, study_form)
                where a.awarded > n.places
                order by n.row_no nulls last, n.specialty_code
                """,
                params={"replace": replace},
            ).fetchall()
            for row_no, year, spec, form, awarded, places in rows:
                form_ru = _FORM_RU.get(form, form)
                if row_no is None:
                    reason = (
                        f"Специальность {spec} ({form_ru}, {year}) пропущена в файле, заменяющем объёмы года, "
                        f"а по итогам конкурса на неё уже распределено {awarded} мест."
                    )
                    err.file(reason, column="specialty_code", value=spec)
                else:
                    reason = (
                        f"Специальность {spec} ({form_ru}, {year}): утверждённый объём {places} меньше мест, уже "
                        f"распределённых по итогам конкурса ({awarded}). Сначала исправьте итоги конкурса."
                    )
                    err.file(reason, column="places", row=row_no, value=str(places))
    finally:
        con.unregister("kcp_file")


def _form_errors(errors: pl.DataFrame, typed: pl.DataFrame) -> pl.DataFrame:
    """The federal form's errors as the person reads them: a wrong specialty code once per block,
    every message naming its specialty."""
    once = errors.filter(pl.col("column_name") == "графа 03").unique(
        subset=["column_name", "value", "reason"], keep="first", maintain_order=True
    )
    errors = pl.concat([once, errors.filter(pl.col("column_name").fill_null("") != "графа 03")]).sort(
        "row_no", "column_name", nulls_last=False
    )
    specs = typed.select(pl.col("__row").alias("row_no"), pl.col("specialty_code").alias("_spec")).unique(
        "row_no"
    )
    return (
        errors.join(specs, on="row_no", how="left")
        .with_columns(
            pl.when(pl.col("_spec").is_not_null() & ~pl.col("reason").str.contains("Специальность"))
            .then(pl.format("Специальность {}: {}", pl.col("_spec"), pl.col("reason")))
            .otherwise(pl.col("reason"))
            .alias("reason")
        )
        .drop("_spec")
    )


def _bind_form(
    con: duckdb.DuckDBPyConnection, ctx: Access, table: RawTable, options: dict, err: _Errors
) -> RawTable | None:
    """The federal form names neither its year nor its college in cells: they come from the upload
    (options, the account), and the title rows, when they name them, must agree."""
    from mart.intake import fedform

    meta = table.meta
    refs = References(con)
    title_year = meta.get("title_year")
    year = options.get("year")
    inst = ctx.inst_code
    if year is None and title_year is not None:
        year = title_year
        err.warnings.append(
            errors_frame(
                [
                    {
                        "row_no": None,
                        "column_name": None,
                        "value": str(title_year),
                        "reason": f"Год выпуска не выбран: взят из заголовка формы ({title_year}).",
                    }
                ]
            )
        )
    if year is None:
        err.file("Укажите год выпуска, за который заполнена форма (в заголовке формы он не найден).")
    elif title_year is not None and int(title_year) != int(year):
        err.file(
            f"В заголовке формы указан выпуск {title_year} года, а загрузка идёт за {year} год. "
            "Выберите верный год или исправьте заголовок.",
            row=None,
            value=str(title_year),
        )
    named = fedform.title_institutions(meta.get("titles", []), refs.institution_names)
    if inst is None:
        if len(named) == 1:
            inst = next(iter(named))
        else:
            err.file("Укажите организацию, чья это форма (в заголовке формы она не названа однозначно).")
    elif named and inst not in named:
        err.file(
            f"Заголовок формы называет {', '.join(sorted(named))}, а загрузка идёт от имени {inst}: "
            "организация в заголовке должна совпадать.",
            value=", ".join(sorted(named)),
        )
    if year is not None and not str(year).isdigit():
        err.file(f"Год выпуска «{year}» — не год.")
    if err.parts:
        return None
    n = len(table.header)
    rows = table.rows.with_columns(pl.lit(str(year)).alias(f"c{n}"), pl.lit(inst).alias(f"c{n + 1}"))
    header = [*table.header, "year", "inst_code"]
    return RawTable(header, rows, table.encoding, table.delimiter, table.sheet, table.notes, table.meta)


def _form_rules(typed: pl.DataFrame, table: RawTable, err: _Errors) -> None:
    from mart.intake import fedform

    meta = table.meta
    # the specialties with values that are not counts: their sums would mislead, so the form's own
    # checks run on the other specialties only (the person sees both kinds of error at once)
    bad_rows = (
        pl.concat(err.parts).get_column("row_no").drop_nulls() if err.parts else pl.Series([], dtype=pl.Int64)
    )
    unreadable = typed.filter(pl.col("__row").is_in(bad_rows.implode())).get_column("specialty_code").unique()
    for e in meta.get("errors", []):
        err.file(e["reason"], column=e["column_name"], row=e["row_no"], value=e["value"])
    for e in meta.get("notes", []):
        err.warnings.append(errors_frame([e]))
    checked = typed.filter(~pl.col("specialty_code").is_in(unreadable.implode()))
    if checked.is_empty():
        return
    errors, warnings = fedform.check_rules(checked)
    if errors.height:
        err.parts.append(errors)
    if warnings.height:
        err.warnings.append(warnings)


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


SPACES = f"[ \\t{NO_BREAK}\u2009\u200a]"
DECIMAL_SYNTAX = r"^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$"


def _decimal_text(c: Column, x: pl.Expr) -> pl.Expr:
    s = x.str.replace_all(SPACES, "").str.replace(",", ".", literal=True)
    if is_percent(c):
        s = s.str.replace(r"%$", "")
    return s


def _parse_decimal(c: Column, x: pl.Expr, scale: int) -> tuple[pl.Expr, pl.Expr, str | pl.Expr]:
    s = _decimal_text(c, x)
    ok = s.str.contains(DECIMAL_SYNTAX)
    percent = x.str.contains(r"%\s*$")
    val = pl.when(ok).then(s.cast(pl.Float64, strict=False))
    reason = (
        pl.when(percent)
        .then(
            pl.lit(
                "Значение в процентах (ячейка в формате «Процентный»), а этот столбец — не проценты: "
                "укажите число без знака % (например, 72,5)."
            )
        )
        .otherwise(pl.lit("Ожидается число из цифр 0–9 (дробная часть — через запятую или точку)."))
    )
    return val, ~ok, reason


def _decimal_extra(c: Column, x: pl.Expr, scale: int) -> list[tuple[pl.Expr, str]]:
    """More decimals than the column keeps: an error, never a silent rounding."""
    s = _decimal_text(c, x)
    ok = s.str.contains(DECIMAL_SYNTAX)
    fraction = s.str.extract(r"\.([0-9]*)$").str.replace(r"0+$", "").str.len_chars().fill_null(0)
    return [
        (
            ok & (fraction > scale),
            f"Больше {scale} знаков после запятой: система хранит {scale}. Округлите значение в файле сами.",
        )
    ]


def _excel_date_hint(s: pl.Expr, label: str) -> pl.Expr:
    """The reason for an unknown specialty code, recognising a code Excel turned into a date.

    Excel reads «08.01.07» as 8 January 2007 and writes it back as «2007-01-08 00:00:00» (a workbook)
    or «08.01.2007» (CSV); the code is the day, the month and the year's last two digits.
    """
    code = pl.coalesce(
        pl.when(s.str.contains(r"^\d{4}-\d{2}-\d{2}(00:00(:00)?)?$")).then(
            s.str.replace(r"^\d{2}(\d{2})-(\d{2})-(\d{2}).*$", "${3}.${2}.${1}")
        ),
        pl.when(s.str.contains(r"^\d{2}\.\d{2}\.\d{4}$")).then(
            s.str.replace(r"^(\d{2})\.(\d{2})\.\d{2}(\d{2})$", "${1}.${2}.${3}")
        ),
    )
    return (
        pl.when(code.is_not_null())
        .then(
            pl.format(
                "Excel превратил код специальности в дату: вероятно, это код «{}». Отформатируйте столбец "
                f"«{label}» как текстовый (Формат ячеек → Текстовый), введите коды заново и сохраните файл.",
                code,
            )
        )
        .otherwise(pl.lit("Такого кода специальности нет в справочнике (ОКСО)."))
    )


def _parse(c: Column, x: pl.Expr, refs: References, ds: Dataset) -> tuple[pl.Expr, pl.Expr | None, str]:
    """(typed value, mask of unparseable values, reason)."""
    if c.kind == "text":
        return x, None, ""
    if c.kind == "int":
        s = x.str.replace_all(SPACES, "")
        ok = s.str.contains(r"^[+-]?[0-9]+([.,]0+)?$")
        digits = s.str.replace(r"[.,]0+$", "").str.replace(r"^[+-]?0*", "")
        fits = digits.str.len_chars() <= 15
        val = pl.when(ok & fits).then(s.str.replace(r"[.,]0+$", "").cast(pl.Int64, strict=False))
        if c.name in ("year", "graduation_year"):
            too_big = "Число слишком большое: год — это четыре цифры."
        else:
            hi = c.max_value if c.max_value is not None else COUNT_MAX
            too_big = f"Число слишком большое: вне допустимого диапазона, не больше {_big(hi)}."
        return (
            val,
            ~ok | ~fits,
            pl.when(~ok).then(pl.lit("Ожидается целое число (цифры 0–9).")).otherwise(pl.lit(too_big)),
        )
    if c.kind == "date":
        s = x.str.replace(r"[ T]00:00(:00)?$", "")
        val = pl.coalesce(
            pl.when(s.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")).then(
                s.str.to_date("%Y-%m-%d", strict=False)
            ),
            pl.when(s.str.contains(r"^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}$")).then(
                s.str.to_date("%d.%m.%Y", strict=False)
            ),
        )
        shaped = s.str.contains(r"^\d{4}-\d{2}-\d{2}$") | s.str.contains(r"^\d{1,2}\.\d{1,2}\.\d{4}$")
        reason = (
            pl.when(shaped)
            .then(
                pl.format("Даты «{}» не существует: в календаре нет такого дня (проверьте день и месяц).", s)
            )
            .otherwise(pl.lit("Ожидается дата в формате ДД.ММ.ГГГГ или ГГГГ-ММ-ДД."))
        )
        return val, val.is_null(), reason
    if c.kind == "bool":
        f = _fold_expr(x)
        val = pl.when(f.is_in(list(TRUE_WORDS))).then(True).when(f.is_in(list(FALSE_WORDS))).then(False)
        return val, val.is_null(), "Ожидается «да» или «нет» (также yes/no, 1/0, true/false)."
    if c.kind == "enum":
        words = refs.enum(c.enum)
        codes = sorted(set(words.values()))
        val = _fold_expr(x).replace_strict(words, default=None, return_dtype=pl.String)
        labels = refs.labels(c.enum)
        allowed = "; ".join(f"«{labels.get(code, code)}»" for code in codes)
        return val, val.is_null(), f"Неизвестное значение. Допустимые значения: {allowed}."
    if c.kind == "inn":
        s = x.str.replace_all(r"[\s\u00a0]", "").str.replace(r"\.0+$", "")
        why = s.map_elements(lambda v: inn.problem(v) or "", return_dtype=pl.String)
        return s, why != "", why
    if c.kind == "ref":
        if c.ref == "employers":
            s = x.str.replace_all(r"[\s\u00a0]", "").str.replace(r"\.0+$", "")
            return (
                s,
                ~s.is_in(list(refs.employers)),
                "Такого работодателя нет в наборе «Работодатели»: сначала загрузите его (ИНН, наименование, ОКВЭД).",
            )
        if c.ref == "ugs":
            s = x.str.replace_all(r"\s", "")
            return s, ~s.is_in(list(refs.ugs)), "Такого кода УГС нет в справочнике (например, 21.00.00)."
        if c.ref == "competences":
            val = _fold_expr(x).replace_strict(refs.competences, default=None, return_dtype=pl.String)
            return val, val.is_null(), "Такой компетенции нет в справочнике компетенций WorldSkills."
        if c.ref == "institutions":
            return (
                x,
                ~x.is_in(list(refs.institutions)),
                "Такого кода организации нет в справочнике организаций.",
            )
        if c.ref == "specialties":
            s = x.str.replace_all(r"\s", "")
            return s, ~s.is_in(list(refs.specialties)), _excel_date_hint(s, c.label_ru)
        if c.ref == "roadmap_items":
            s = x.str.replace(r"^[пП]\.\s*", "").str.strip_chars(". ")
            return (
                s,
                ~s.is_in(list(refs.roadmap_items)),
                "Такого мероприятия нет в дорожной карте (постановление № 448).",
            )
        if c.ref == "experts":
            return (
                x,
                ~x.is_in(list(refs.experts)),
                "Такого эксперта нет в базе экспертов: сначала загрузите его сертификат.",
            )
    raise ValueError(f"unknown column kind {c.kind}/{c.ref}")
