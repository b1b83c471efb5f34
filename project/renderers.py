"""The API's JSON renderer: DRF's, with orjson writing the compact answers."""

from collections.abc import Iterator

import orjson
from rest_framework import renderers
from rest_framework.utils import encoders

# Dates and times go to DRF's encoder (orjson's own format differs: DRF ends UTC with Z, orjson
# with +00:00), as does anything else orjson does not know. Subclasses of dict, list, str and
# int come here too, to be read as the standard library's encoder reads them (a QueryDict's
# items are its last values, not the lists orjson would find inside it).
_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)
_drf_default = encoders.JSONEncoder().default


class _UseDRF(TypeError):
    """Raised inside orjson's default hook to hand the whole document to DRF's renderer."""


def _default(value):
    if isinstance(value, dict):
        return dict(value.items())
    if isinstance(value, list):
        return list(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, Iterator):
        # One pass only: if orjson failed later in the document, DRF's renderer would be left
        # with an exhausted generator. Let DRF write the whole document instead.
        raise _UseDRF
    return _drf_default(value)


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSONRenderer, with orjson doing the encoding of compact JSON.

    Why: the standard library's encoder took about a tenth of a 50-event page's time, and most
    of a 1,000-event one's rendering (bench/RESULTS.md). The text is DRF's: the same strings,
    escapes and separators, U+2028 and U+2029 escaped, dates, times, decimals and subclasses of
    the JSON types through DRF's encoder's rules; floats are the same numbers, though orjson
    writes small ones without padding the exponent (1e-6, where Python writes 1e-06). NaN and
    infinities, which DRF refuses with a server error, are written as null; the API's own
    validation keeps them out of the data. A plain Enum (no str or int base), which DRF refuses,
    is written as its value. Whatever orjson cannot encode as DRF would (integers beyond 64 bits,
    keys that are not strings, generators) falls back to DRF's renderer, as does indented output
    (the browsable API's), a non-strict or non-compact configuration, and a subclass that sets
    its own encoder_class.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if (
            data is None
            or self.ensure_ascii
            or not self.compact
            or not self.strict
            or self.encoder_class is not encoders.JSONEncoder
            or self.get_indent(accepted_media_type, renderer_context or {}) is not None
        ):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=_default, option=_OPTIONS)
        except TypeError:  # orjson.JSONEncodeError and _UseDRF included
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF does, so that the JSON is also valid JavaScript.
        if b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body:
            body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return body
