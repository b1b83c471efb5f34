"""No lost updates over the API: ETag on detail reads, If-Match on writes (RFC 9110 §13).

The ETag is a hash of the record's serialized representation, so it changes whenever anything the
client sees changes, nested citations, actors and figures included, whichever way the change was
made. A write checks the client's If-Match against the current ETag inside a transaction, with
the row locked where the database can lock rows, so two writers cannot both pass the check.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import connections, router, transaction
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

ERROR_PRECONDITION_FAILED = (
    "This {name} has changed since you read it: its ETag is now {current}. Nothing was changed. "
    "GET it again, reapply your change and send the new ETag in If-Match."
)
ERROR_PRECONDITION_REQUIRED = (
    "Send the ETag you read in an If-Match header, so that a change made since is not lost."
)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = ERROR_PRECONDITION_REQUIRED
    default_code = "precondition_required"


def etag_for(data) -> str:
    """A strong ETag (quoted) for a serialized representation."""
    body = json.dumps(data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:32] + '"'


def parse_etags(header: str) -> list[str]:
    """The entity tags of an If-Match/If-None-Match header, '*' included, weak ones as 'W/"…"'."""
    tags, rest = [], header.strip()
    while rest:
        rest = rest.lstrip(" ,")
        if not rest:
            break
        if rest.startswith("*"):
            tags.append("*")
            rest = rest[1:]
            continue
        weak = rest.startswith("W/")
        body = rest[2:] if weak else rest
        if not body.startswith('"'):
            # Not an entity tag; take up to the next comma so a sloppy client still gets an answer.
            item, _, rest = rest.partition(",")
            tags.append(item.strip())
            continue
        end = body.find('"', 1)
        if end == -1:
            tags.append(rest)
            break
        tags.append(("W/" if weak else "") + body[: end + 1])
        rest = body[end + 1 :]
    return tags


def _weak_equal(tag: str, etag: str) -> bool:
    return tag.removeprefix("W/") == etag


class ConditionalUpdateMixin:
    """For DRF viewsets: ETag on retrieve, 304 for If-None-Match, 412 for a stale If-Match.

    Put it first in the bases, before the viewset class. It only hooks into dispatch, initial and
    finalize_response, so it adds no action a viewset does not have, and it wraps the viewset's
    own update/destroy (and any service-layer write they call) in the locked transaction.
    """

    unsafe_actions = ("update", "partial_update", "destroy")

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                # An error answer leaves no half-made change, and a database error caught by
                # project.errors leaves the connection usable.
                transaction.set_rollback(True)
        return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action in self.unsafe_actions:
            self.check_write_preconditions(request)

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code == status.HTTP_200_OK and isinstance(response.data, dict):
            if self.action == "retrieve":
                etag = etag_for(response.data)
                tags = parse_etags(request.headers.get("If-None-Match", ""))
                if any(tag == "*" or _weak_equal(tag, etag) for tag in tags):
                    response = Response(status=status.HTTP_304_NOT_MODIFIED)
                response["ETag"] = etag
            elif self.action in ("update", "partial_update"):
                response["ETag"] = self.current_etag(self.get_object())
        return super().finalize_response(request, response, *args, **kwargs)

    def current_etag(self, instance) -> str:
        """The ETag a GET would send: computed with the serializer the read action uses."""
        action, self.action = self.action, "retrieve"
        try:
            return etag_for(self.get_serializer(instance).data)
        finally:
            self.action = action

    def check_write_preconditions(self, request) -> None:
        """Lock the row, then compare If-Match / If-None-Match with its current ETag."""
        if_match = request.headers.get("If-Match")
        if_none_match = request.headers.get("If-None-Match")
        if if_match is None and getattr(settings, "REQUIRE_IF_MATCH", False):
            raise PreconditionRequired()
        if if_match is None and if_none_match is None:
            return
        self._lock_row(self.get_object())  # 404 and object permissions come first
        instance = self.get_object()  # read again, after the lock: the latest committed state
        etag = self.current_etag(instance)
        failed = PreconditionFailed(
            ERROR_PRECONDITION_FAILED.format(name=instance._meta.verbose_name, current=etag)
        )
        # If-Match uses the strong comparison (a weak tag never matches), If-None-Match the weak.
        if if_match is not None:
            tags = parse_etags(if_match)
            if "*" not in tags and etag not in tags:
                raise failed
        if if_none_match is not None:
            tags = parse_etags(if_none_match)
            if any(tag == "*" or _weak_equal(tag, etag) for tag in tags):
                raise failed

    def _lock_row(self, instance) -> None:
        # SQLite has no row locks; there settings.py opens every transaction IMMEDIATE, which
        # takes the database's write lock at BEGIN, so a second writer waits for this one.
        if connections[router.db_for_write(type(instance))].features.has_select_for_update:
            rows = type(instance)._default_manager.filter(pk=instance.pk)
            list(rows.select_for_update().values_list("pk", flat=True))
