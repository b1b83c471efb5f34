"""schemathesis, stateful: chains of calls over the whole API (a list's ids feed its detail,
history, restore and write operations), never a 5xx.

Links come from schemathesis' own inference (response schemas and path parameters). The run
is bounded and derandomized so it is the same every time.
"""

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from knox.models import AuthToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def state_machine(dataset):
    from project.wsgi import application

    # Like Django's test client: the WSGI handler must not close the test's DB connection
    # at the end of each request (PostgreSQL would lose the test transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    user = User.objects.create_superuser("fuzzer", "f@example.org", "pw-for-tests-only")
    token = AuthToken.objects.create(user=user)[1]
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)

    class APIWorkflow(schema.as_state_machine()):
        calls = []

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Token {token}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # Only the server-error check: 4xx answers to fuzzed input are the point.
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} {case.query} {case.body!r} -> "
                f"{response.status_code}: {response.text[:500]}"
            )
            self.calls.append((case.method, case.path, response.status_code))

    yield APIWorkflow
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_links_were_inferred(state_machine):
    assert state_machine.bundles, "schemathesis found no links between operations"


def test_stateful_workflows_never_answer_5xx(state_machine):
    state_machine.run(
        settings=hypothesis_settings(
            max_examples=25,
            stateful_step_count=5,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
    chained = {path for _, path, status in state_machine.calls if "{" in path and status < 400}
    assert chained, "no call used an id taken from an earlier response"
