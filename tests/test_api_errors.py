"""project/errors.py: model-layer and database errors as API responses."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError

from project.errors import api_exception_handler, as_api_errors
from timeline.models import Source
from timeline.serializers import EventSerializer, SourceSerializer


@pytest.mark.parametrize(
    ("error", "serializer", "expected"),
    [
        (ValidationError({"date": "bad"}), EventSerializer(), {"date": ["bad"]}),
        (ValidationError({"place": "gone"}), EventSerializer(), {"place_id": ["gone"]}),
        (ValidationError({"copy_of": "own"}), SourceSerializer(), {"copy_of_id": ["own"]}),
        (ValidationError({"copy_of": "own"}), None, {"copy_of": ["own"]}),
        (ValidationError("whole record"), None, {"non_field_errors": ["whole record"]}),
        (
            ValidationError({"__all__": ["a", "b"]}),
            EventSerializer(),
            {"non_field_errors": ["a", "b"]},
        ),
        (
            ValidationError(
                {
                    "citations.1.contradicts": "self",
                    "citations.1.__all__": "dup",
                    "citations.3.source": "gone",
                    "actors.0.actor": "gone",
                }
            ),
            EventSerializer(),
            {
                "citations": {
                    "1": {"contradicts_id": ["self"], "non_field_errors": ["dup"]},
                    "3": {"source_id": ["gone"]},
                },
                "actors": {"0": {"actor_id": ["gone"]}},
            },
        ),
    ],
)
def test_as_api_errors(error, serializer, expected):
    assert as_api_errors(error, serializer) == expected


class NoSerializerView:
    def get_serializer(self):
        raise AssertionError("no serializer_class")

    def get_queryset(self):
        raise AssertionError("no queryset")


@pytest.mark.parametrize(
    ("exc", "status", "body"),
    [
        (ValidationError({"x": "bad"}), 400, {"x": ["bad"]}),
        (
            IntegrityError("unique"),
            409,
            {"detail": "The change conflicts with data already stored."},
        ),
        (
            DataError("value too long for type character varying(200)\nDETAIL: ..."),
            400,
            {
                "detail": "A value does not fit its field (value too long for type character "
                "varying(200)); nothing was changed."
            },
        ),
        (
            OverflowError("Python int too large to convert to SQLite INTEGER"),
            400,
            {
                "detail": "A value does not fit its field (Python int too large to convert to "
                "SQLite INTEGER); nothing was changed."
            },
        ),
        (
            ProtectedError("m", [Source(pk=1), Source(pk=2)]),
            409,
            {"detail": "This record cannot be deleted while other records refer to it: 2 sources."},
        ),
    ],
)
def test_handler_never_lets_a_model_error_become_a_500(exc, status, body):
    response = api_exception_handler(exc, {"view": NoSerializerView()})
    assert (response.status_code, response.data) == (status, body)


def test_other_errors_are_left_to_drf():
    assert api_exception_handler(ValueError("a bug"), {"view": NoSerializerView()}) is None
