"""Bringing a deleted record back from django-simple-history, for any model that has a history:
with its id as it was, and with the nested rows that were deleted together with it. The apps say
which rows are nested (tagging their deletion with cascade_reason()) and who may restore what."""

from __future__ import annotations

from django.db import transaction

CASCADE_REASON = "deleted with {name} {pk}"
RESTORED_REASON = "restored from history"

ERROR_NO_HISTORY = "No {name} with this id has ever existed."
ERROR_NOT_DELETED = "{Name} {pk} exists; there is nothing to restore."
ERROR_MISSING_REFERENCE = (
    "{Name} {pk} cannot be restored: {what} no longer exists. Restore or recreate it first."
)


class RestoreError(Exception):
    """The deleted record cannot be restored as it was; the message says why."""


def cascade_reason(model, pk: int) -> str:
    """The change reason that marks a nested row deleted together with its parent record."""
    return CASCADE_REASON.format(name=model._meta.model_name, pk=pk)


def deleted_ids(model) -> list[int]:
    """Ids of records of the model whose latest history record is a deletion."""
    existing = model._default_manager.values("pk")
    deleted = model.history.filter(history_type="-").exclude(id__in=existing)
    return sorted(set(deleted.values_list("id", flat=True)))


@transaction.atomic
def record_restore(model, object_id: int, *, user=None, nested=()):
    """Bring a deleted record back with its id as it was when deleted, and with it the rows of
    `nested` models that were deleted together with it."""
    names = {"name": model._meta.verbose_name, "Name": model._meta.verbose_name.capitalize()}
    last = model.history.filter(id=object_id).order_by("-history_date", "-history_id").first()
    if last is None:
        raise RestoreError(ERROR_NO_HISTORY.format(**names))
    if last.history_type != "-" or model._default_manager.filter(pk=object_id).exists():
        raise RestoreError(ERROR_NOT_DELETED.format(pk=object_id, **names))
    rows = [last.instance, *_rows_deleted_with(model, object_id, nested)]
    for row in rows:
        _check_references(row, model, object_id, names)
    for row in rows:
        _save_restored(row, user)
    return model._default_manager.get(pk=object_id)


def _rows_deleted_with(parent, object_id: int, nested) -> list:
    """The nested rows whose latest record is their deletion together with this record."""
    rows = []
    reason = cascade_reason(parent, object_id)
    for model in nested:
        (link,) = [f.attname for f in model._meta.concrete_fields if f.related_model is parent]
        ids = model.history.filter(
            **{link: object_id}, history_type="-", history_change_reason=reason
        ).values("id")
        latest = {}
        for record in model.history.filter(id__in=ids).order_by("id", "history_date", "history_id"):
            latest[record.id] = record
        rows += [
            record.instance
            for record in latest.values()
            if record.history_type == "-" and record.history_change_reason == reason
        ]
    return rows


def _check_references(row, model, pk: int, names: dict) -> None:
    for field in row._meta.concrete_fields:
        if not field.is_relation:
            continue
        value = getattr(row, field.attname)
        if field.related_model is model and value == pk:
            continue  # a nested row's link to the record being restored
        if value is not None and not field.related_model._default_manager.filter(pk=value).exists():
            what = f"{field.related_model._meta.verbose_name} {value}"
            raise RestoreError(ERROR_MISSING_REFERENCE.format(pk=pk, what=what, **names))


def _save_restored(row, user) -> None:
    created_at = getattr(row, "created_at", None)
    row._change_reason = RESTORED_REASON
    if user is not None:
        row._history_user = user
    row.save(force_insert=True)
    if created_at is not None:
        # An insert always stamps created_at with now; the record was created when it was.
        type(row)._default_manager.filter(pk=row.pk).update(created_at=created_at)
        row.history.filter(history_id=row.history.latest().history_id).update(created_at=created_at)
