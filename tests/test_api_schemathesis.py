"""Schemathesis against our own OpenAPI schema, through the WSGI app, on the test database.

Bounded and derandomized so CI is deterministic and quick: every operation gets 15
generated requests; none may be a 5xx, every response must match the schema, and every status
code must be one the schema documents."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from places.models import Place
from project.wsgi import application
from timeline.models import Actor, Event, Source

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
BOUNDED = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    # Generated cases only: the explicit phase added schemathesis' coverage cases, about 167 per
    # operation, ten times the suite's time for this file.
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Django's WSGI handler closes the database connection around each request, as it should
    in production; here that would close the test's transaction with it (on PostgreSQL).
    Django's own test client disconnects the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token_header(superuser):
    return {"Authorization": f"Token {AuthToken.objects.create(user=superuser)[1]}"}


# Loading the schema makes no database query, so it can happen at collection time.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


MODELS = {"events": Event, "places": Place, "sources": Source, "actors": Actor}


def aim_at_existing_records(case) -> None:
    """Point a generated `{id}` at a record that exists, so that details, updates and deletes
    reach the code behind the 404; and give events a known type and a valid date, so that some
    creates get through to the nested writes."""
    resource = case.path.split("/")[3]
    model = MODELS.get(resource)  # other endpoints (timeline, GeoJSON, ...) run as generated
    if model is not None and "id" in (case.path_parameters or {}):
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        generated = case.path_parameters["id"]
        if ids and isinstance(generated, int):
            case.path_parameters["id"] = ids[generated % len(ids)]
    if resource == "events" and isinstance(case.body, dict):
        case.body.update({"type": "other", "date": "2022-06"})
        if "visibility" in case.body:
            case.body["visibility"] = "public"


# Each request commits on its own, as in production (autocommit): in one test transaction, a
# database error that a request answers with a 4xx (PostgreSQL's DataError) would abort the
# transaction, and every later generated request would fail for a reason production never has.
@pytest.mark.django_db(transaction=True)
@schema.include(method="GET").parametrize()
@BOUNDED
def test_anonymous_reads(dataset, case):
    aim_at_existing_records(case)
    case.call_and_validate(checks=CHECKS)


@schema.include(
    method=["POST", "PUT", "PATCH", "DELETE"], path_regex=r"^/api/v1/(?!auth/)"
).parametrize()
@BOUNDED
def test_authenticated_writes(dataset, case, token_header):
    aim_at_existing_records(case)
    case.call_and_validate(headers=token_header, checks=CHECKS)


@schema.include(method="POST", path_regex=r"^/api/v1/auth/").parametrize()
@BOUNDED
def test_the_token_endpoint(dataset, case):
    """Anonymous, as a client logging in: bad credentials are a documented 400 (or 429 once
    locked out), never a 5xx or an undocumented status."""
    case.call_and_validate(checks=CHECKS)
