"""The upload log for the upload page: who sent which file, what became of it, and how fresh data is.

The rows are SQL models in ``sql/marts/intake/`` (``upload_history``, ``upload_notes``,
``upload_freshness``); the functions here decide who sees which batch and label in Russian.

Every function takes the caller's Access and decides here who sees which batch (deny by default):

* coordinator and operator: every batch;
* regional centre: the batches it uploaded itself;
* institution: batches about its own institution (``inst_code``), bound to it (``scope_inst``),
  or uploaded under its login;
* any other role (public, council): ``AccessDenied``.
"""

from __future__ import annotations

import polars as pl

from mart.access.rules import Access, AccessDenied, require
from mart.intake import datasets
from mart.read.queries import cached, read

STATUS_RU = {"accepted": "Принят", "rejected": "Отклонён", "revoked": "Отозван"}
MODE_RU = {"upsert": "Дополнить/обновить", "replace": "Заменить срез"}
CHANNEL_RU = {"page": "Страница загрузки", "cli": "Командная строка", "demo": "Демо-данные", "form": "Форма"}
SEVERITY_RU = {"error": "Ошибка", "warning": "Предупреждение"}
DATASET_TITLES = {name: ds.title_ru for name, ds in datasets.DATASETS.items()}

HISTORY_LABELS = {
    "batch_id": "Пакет",
    "dataset": "Набор (код)",
    "dataset_title": "Набор данных",
    "inst_code": "Организация",
    "file_name": "Файл",
    "rows": "Строк",
    "rows_new": "Новых",
    "rows_replaced": "Заменено",
    "rows_unchanged": "Без изменений",
    "rows_retired": "Выбыло",
    "uploaded_by": "Кто загрузил",
    "uploaded_at": "Когда",
    "status": "Статус (код)",
    "status_label": "Статус",
    "error_count": "Ошибок",
    "warning_count": "Предупреждений",
    "channel": "Канал (код)",
    "channel_label": "Канал",
    "mode": "Режим (код)",
    "mode_label": "Режим",
    "note": "Примечание",
    "revoked_by": "Кто отозвал",
    "revoked_at": "Когда отозван",
}
REPORT_LABELS = {
    "place": "Где",
    "row_no": "Строка",
    "column_name": "Столбец",
    "column_label": "Название столбца",
    "value": "Значение",
    "reason": "Причина",
    "severity_label": "Тип",
}
FRESHNESS_LABELS = {
    "inst_code": "Организация",
    "dataset": "Набор (код)",
    "dataset_title": "Набор данных",
    "last_upload_at": "Последняя принятая загрузка",
    "last_upload_date": "Дата последней загрузки",
    "last_batch_id": "Пакет",
}


def _visibility(ctx: Access) -> tuple[str, dict]:
    """The condition on the model ``upload_history`` naming the batches ``ctx`` may see."""
    require(ctx, "upload_history")
    if ctx.sees_all_institutions:
        return "true", {}
    if ctx.role in ("regional_center", "economy") and ctx.login:
        return "uploaded_by = $login", {"login": ctx.login}
    if ctx.role == "institution" and ctx.inst_code:
        cond = "(batch_inst_code = $inst or scope_inst = $inst"
        params: dict = {"inst": ctx.inst_code}
        if ctx.login:
            cond += " or uploaded_by = $login"
            params["login"] = ctx.login
        return cond + ")", params
    raise AccessDenied("Журнал загрузок недоступен для этой учётной записи.")


def _titles(frame: pl.DataFrame) -> pl.DataFrame:
    def ru(col: str, labels: dict[str, str], name: str) -> pl.Expr:
        return pl.col(col).replace_strict(labels, default=pl.col(col), return_dtype=pl.String).alias(name)

    return frame.with_columns(
        ru("dataset", DATASET_TITLES, "dataset_title"),
        ru("status", STATUS_RU, "status_label"),
        ru("channel", CHANNEL_RU, "channel_label"),
        ru("mode", MODE_RU, "mode_label"),
    )


_HISTORY_COLUMNS = [
    "batch_id",
    "dataset",
    "inst_code",
    "file_name",
    "rows",
    "rows_new",
    "rows_replaced",
    "rows_unchanged",
    "rows_retired",
    "uploaded_by",
    "uploaded_at",
    "status",
    "error_count",
    "warning_count",
    "channel",
    "mode",
    "note",
    "revoked_by",
    "revoked_at",
]


@cached
def upload_history(ctx: Access, dataset: str | None = None, inst_code: str | None = None) -> pl.DataFrame:
    """Batches the caller may see, newest first (optionally one dataset / one institution)."""
    cond, params = _visibility(ctx)
    where = [cond]
    if dataset:
        where.append("dataset = $dataset")
        params = {**params, "dataset": dataset}
    if inst_code:
        where.append("(batch_inst_code = $only_inst or scope_inst = $only_inst)")
        params = {**params, "only_inst": inst_code}
    frame = read(
        "upload_history",
        where=" and ".join(where),
        params=params,
        order="batch_id desc",
        columns=_HISTORY_COLUMNS,
    )
    frame = _titles(frame)
    first = ["batch_id", "dataset", "dataset_title", "inst_code", "file_name"]
    return frame.select(first + [c for c in frame.columns if c not in first])


def batch_visible(ctx: Access, batch_id: int) -> bool:
    cond, params = _visibility(ctx)
    found = read(
        "upload_history",
        where=f"batch_id = $batch and {cond}",
        params={**params, "batch": int(batch_id)},
        columns=["batch_id"],
    )
    return not found.is_empty()


@cached
def batch_errors(ctx: Access, batch_id: int) -> pl.DataFrame:
    """Every error and warning of one batch the caller may see (AccessDenied for any other batch)."""
    if not batch_visible(ctx, batch_id):
        raise AccessDenied(f"Пакет № {batch_id} не найден среди загрузок, доступных вашей учётной записи.")
    return read(
        "upload_notes",
        where={"batch_id": int(batch_id)},
        order="severity_order, error_no",
        columns=["row_no", "column_name", "value", "reason", "severity"],
    )


def error_report(errors: pl.DataFrame, dataset: str | None = None) -> pl.DataFrame:
    """Errors/warnings ready to show and export: «строка N» (or where else), the column's Russian name."""
    labels = {c.name: c.label_ru for c in datasets.get(dataset).columns} if dataset else {}
    if dataset == "employment_form":
        from mart.intake import fedform

        labels.update({fedform.cell_name(c): r["label_ru"] for c, r in fedform.COLUMNS.items()})
    frame = errors if "severity" in errors.columns else errors.with_columns(pl.lit("error").alias("severity"))
    return frame.select(
        pl.when(pl.col("row_no").is_null())
        .then(pl.lit("файл целиком"))
        .when(pl.col("column_name").str.starts_with("графа "))  # the federal form: the cell as Excel shows it
        .then(pl.format("строка {}, {}", pl.col("row_no"), pl.col("column_name")))
        .when(pl.col("row_no") == 1)
        .then(pl.lit("строка 1 (заголовок)"))
        .otherwise(pl.format("строка {}", pl.col("row_no")))
        .alias("place"),
        pl.col("row_no").cast(pl.Int64),
        pl.col("column_name"),
        pl.col("column_name")
        .replace_strict(labels, default=None, return_dtype=pl.String)
        .alias("column_label"),
        pl.col("value"),
        pl.col("reason"),
        pl.col("severity")
        .replace_strict(SEVERITY_RU, default=pl.col("severity"), return_dtype=pl.String)
        .alias("severity_label"),
    )


def _dataset_titles(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("dataset")
        .replace_strict(DATASET_TITLES, default=pl.col("dataset"), return_dtype=pl.String)
        .alias("dataset_title")
    )


@cached
def last_uploads(ctx: Access) -> pl.DataFrame:
    """How fresh the data is: the last accepted upload per institution and dataset.

    Roles with institution-level aggregates see every institution (``inst_code`` is empty for
    datasets that are not bound to one institution); everyone else gets only the region's latest
    upload date per dataset.
    """
    if ctx.allows("institution_aggregates"):
        frame = _dataset_titles(read("upload_freshness", order="dataset, inst_code nulls first"))
        return frame.select("inst_code", "dataset", "dataset_title", "last_upload_at", "last_batch_id")
    require(ctx, "regional_totals")
    frame = _dataset_titles(read("upload_freshness_region", order="dataset"))
    return frame.select("dataset", "dataset_title", "last_upload_date")


def freshness_table(ctx: Access) -> pl.DataFrame:
    """``last_uploads`` as a person reads it: the dataset's Russian name instead of its code.

    Columns labelled by ``FRESHNESS_LABELS``: what the «Актуальность данных» expander and the
    «О выгрузке» sheet of every export show.
    """
    frame = last_uploads(ctx)
    return frame.drop("dataset").select(
        "dataset_title", *[c for c in frame.columns if c not in ("dataset", "dataset_title")]
    )


__all__ = [
    "CHANNEL_RU",
    "FRESHNESS_LABELS",
    "HISTORY_LABELS",
    "MODE_RU",
    "REPORT_LABELS",
    "STATUS_RU",
    "batch_errors",
    "batch_visible",
    "error_report",
    "freshness_table",
    "last_uploads",
    "upload_history",
]
