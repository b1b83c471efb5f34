"""Request parsers that turn hostile input into a 400 naming the field, before any field code.

PostgreSQL rejects NUL in text and neither database can store a lone surrogate, so such text
would otherwise surface as a 500 wherever a field forgot to check; NaN and Infinity are not
JSON at all. Like any parse error the answer is {"detail": "<field>: <problem>"}, the field
given as a dotted path (figures.0.notes). Integer ranges are left to the serializers, whose messages
say the bound (project/errors.py catches what they miss).
"""

from __future__ import annotations

import codecs
import json
import math

from rest_framework import parsers
from rest_framework.exceptions import ParseError

ERROR_NUL = "Text must not contain NUL (\\u0000) characters."
ERROR_SURROGATE = (
    "Text must not contain lone surrogates (\\ud800-\\udfff): it is not valid Unicode."
)
ERROR_NOT_FINITE = "Numbers must be finite: NaN and Infinity are not allowed."
ERROR_TOO_DEEP = "JSON parse error - the document is nested too deeply."


def text_problem(text: str) -> str | None:
    """The reason a text cannot be stored, or None."""
    if "\x00" in text:
        return ERROR_NUL
    if any("\ud800" <= char <= "\udfff" for char in text):
        return ERROR_SURROGATE
    return None


def check_data(value, path: str = "") -> None:
    """Raise ParseError naming the first field (as a dotted path) whose value cannot be stored."""
    problem = None
    if isinstance(value, str):
        problem = text_problem(value)
    elif isinstance(value, float):
        problem = None if math.isfinite(value) else ERROR_NOT_FINITE
    elif isinstance(value, dict):
        for key, item in value.items():
            key_path = f"{path}.{key}" if path else str(key)
            if text_problem(str(key)):
                raise ParseError(_detail(key_path, text_problem(str(key))))
            check_data(item, key_path)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_data(item, f"{path}.{index}" if path else str(index))
    if problem:
        raise ParseError(_detail(path, problem))


def _detail(path: str, problem: str) -> str:
    path = path.encode("unicode_escape", "backslashreplace").decode("ascii")  # NUL stays visible
    return f"{path}: {problem}" if path else problem


class StrictJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            # NaN and Infinity are read as floats so that check_data can name their field.
            data = json.load(codecs.getreader(encoding)(stream), parse_constant=float)
        except ValueError as error:  # bad JSON, bad encoding, a 5000-digit integer
            raise ParseError(f"JSON parse error - {error}") from error
        except RecursionError as error:
            raise ParseError(ERROR_TOO_DEEP) from error
        try:
            check_data(data)
        except RecursionError as error:
            raise ParseError(ERROR_TOO_DEEP) from error
        return data


class StrictFormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        for key, values in data.lists():
            for value in values:
                check_data(value, key)
        return data


class StrictMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        for key, values in result.data.lists():
            for value in values:
                check_data(value, key)
        return result
