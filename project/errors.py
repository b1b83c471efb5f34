"""The API's one exception handler: errors from the model layer and the database become API
responses, never a 500.

Services and models raise Django's ValidationError keyed by model field names; nested items use
dotted paths (`citations.1.source`). Here they become DRF's 400 body, keyed by the names the
client sent and, in nested lists, by index as DRF itself does
(`citations: {"1": {"source_id": [...]}}`). A delete blocked by PROTECT becomes a 409 that says
what still refers to the record. Serializers and full_clean() should catch bad input first; a
constraint they missed is a 409 and a number the column cannot hold a 400. The transaction was
rolled back (project.concurrency), so nothing was changed.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.views.defaults import page_not_found
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

ERROR_PROTECTED = "This {model} cannot be deleted while other records refer to it: {references}."
ERROR_INTEGRITY = "The change conflicts with data already stored."
ERROR_DATA = "A value does not fit its field ({reason}); nothing was changed."


class Conflict(APIException):
    """409: the request is well formed but clashes with what is stored."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = ERROR_INTEGRITY
    default_code = "conflict"


class ValueNotStored(APIException):
    """400: a value the database cannot hold, which no serializer caught."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"


def api_exception_handler(exc, context):
    """DRF's handler, after turning model-layer and database errors into API errors."""
    if isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(as_api_errors(exc, _serializer(context)))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(_protected_message(exc, context))
    elif isinstance(exc, IntegrityError):
        exc = Conflict()
    elif isinstance(exc, DataError | OverflowError):  # SQLite raises OverflowError for big ints
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        exc = ValueNotStored(ERROR_DATA.format(reason=reason))
    return exception_handler(exc, context)


def _serializer(context):
    """The view's serializer, to learn the client's field names; None when there is none."""
    get_serializer = getattr(context.get("view"), "get_serializer", None)
    try:
        return get_serializer() if get_serializer else None
    except (AssertionError, TypeError, AttributeError):  # a view without a serializer_class
        return None


def as_api_errors(error: DjangoValidationError, serializer=None) -> dict | list:
    """Django's ValidationError as a DRF error body, field names as the serializer spells them."""
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    body: dict = {}
    for path, errors in error.error_dict.items():
        messages = [message for item in errors for message in item.messages]
        _put(body, path.split("."), messages, serializer)
    return body


def _put(body: dict, parts: list[str], messages: list[str], serializer) -> None:
    """Store messages at a dotted path such as ['figures', '1', 'value_max']."""
    name = _client_name(parts[0], serializer)
    if len(parts) == 1:
        body.setdefault(name, []).extend(messages)
        return
    items = body.setdefault(name, {})  # keyed by index, as DRF reports nested lists
    _put(items.setdefault(parts[1], {}), parts[2:], messages, _child(serializer, name))


def _client_name(model_name: str, serializer) -> str:
    """`copy_of` → `copy_of_id` when that is the field the client writes."""
    if model_name == NON_FIELD_ERRORS:
        return api_settings.NON_FIELD_ERRORS_KEY
    fields = getattr(serializer, "fields", {})
    same, by_id = fields.get(model_name), fields.get(f"{model_name}_id")
    # An event has both `place` (read, nested) and `place_id` (written): the error is the latter's.
    if by_id is not None and not by_id.read_only and (same is None or same.read_only):
        return f"{model_name}_id"
    return model_name


def _child(serializer, name: str):
    field = getattr(serializer, "fields", {}).get(name)
    return getattr(field, "child", None)


def _protected_message(exc: ProtectedError | RestrictedError, context) -> str:
    """Say what refers to the record, counting by kind only what the user may see.

    A model whose default manager has `visible_to(user)` (events) is behind the read gate: its
    rows the user may not see are counted together as 'records you may not see', never named
    or counted by kind, so a 409 tells no more than that something hidden exists."""
    user = getattr(context.get("request"), "user", None)
    blocking = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
    ids: dict[type, set] = {}
    for obj in blocking:
        ids.setdefault(type(obj), set()).add(obj.pk)
    counts, hidden = [], 0
    for model, pks in sorted(ids.items(), key=lambda item: item[0].__name__):
        manager = model._default_manager
        seen = pks
        if hasattr(manager, "visible_to"):
            seen = set(manager.visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))
            hidden += len(pks) - len(seen)
        if seen:
            meta = model._meta
            counts.append(
                f"{len(seen)} {meta.verbose_name if len(seen) == 1 else meta.verbose_name_plural}"
            )
    if hidden:
        counts.append(f"{hidden} {'record' if hidden == 1 else 'records'} you may not see")
    return ERROR_PROTECTED.format(model=_model_name(context), references=", ".join(counts))


def _model_name(context) -> str:
    view = context.get("view")
    try:
        return view.get_queryset().model._meta.verbose_name
    except (AttributeError, AssertionError, TypeError):
        return "record"


def not_found(request, exception=None):
    """Django's 404 for a URL no route matches (`/api/v1/events/abc/`): JSON under /api/, as
    every other API error is, and Django's own page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    return page_not_found(request, exception)
