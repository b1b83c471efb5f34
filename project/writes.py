"""What every write service does: full_clean() before save(), and nested items' errors reported
under their dotted path (`citations.1.source`) so the API can point at the item that failed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


def clean_and_save(instance: models.Model, *, path: str | None = None) -> models.Model:
    """Validate the instance as the admin would, then save it."""
    derived = [field.name for field in instance._meta.concrete_fields if not field.editable]
    try:
        instance.full_clean(exclude=derived)  # derived fields are set by clean() and pre_save
    except ValidationError as error:
        if path is None:
            raise
        raise at_path(error, path) from error
    instance.save()
    return instance


def at_path(error: ValidationError, path: str) -> ValidationError:
    """The same errors, keyed under a dotted path."""
    if hasattr(error, "error_dict"):
        return ValidationError(
            {f"{path}.{name}": errors for name, errors in error.error_dict.items()}
        )
    return ValidationError({f"{path}.{NON_FIELD_ERRORS}": error.error_list})


def assign(instance: models.Model, fields: Mapping, writable: Iterable[str]) -> models.Model:
    """Set fields on an instance; a name outside `writable` is a programming error."""
    unknown = set(fields) - set(writable)
    if unknown:
        raise TypeError(f"{type(instance).__name__} cannot be given: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value)
    return instance


def replace_items(
    related: models.Manager, items: Iterable[Mapping], *, path: str
) -> list[models.Model]:
    """Replace a record's nested items (a reverse foreign key) with new ones.

    Every item is checked, so that one response lists every bad item; the caller's transaction
    rolls back all of it if any fails.
    """
    related.all().delete()
    saved, errors = [], {}
    for index, item in enumerate(items):
        try:
            saved.append(
                clean_and_save(
                    related.model(**{related.field.name: related.instance}, **item),
                    path=f"{path}.{index}",
                )
            )
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    return saved
