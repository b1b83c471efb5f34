import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from tests.dataset import EVENT, PLACE
from timeline.models import Actor, Event, Source
from timeline.services import event_update

BASE_DIR = django_settings.BASE_DIR


@pytest.fixture
def throttled(settings):
    cache.clear()
    settings.API_THROTTLE_RATES = {"anon": "3/minute", "user": "5/minute"}
    yield
    cache.clear()


@pytest.mark.parametrize(("who", "allowed"), [("anonymous", 3), ("user", 5)])
def test_throttling_answers_429_with_retry_after(dataset, throttled, reader, who, allowed):
    client = APIClient()
    if who == "user":
        client.force_authenticate(reader)
    statuses = [
        client.get(f"/api/v1/events/{EVENT['Yuri refuses to keep fighting']}/").status_code
        for _ in range(allowed + 1)
    ]
    assert statuses == [200] * allowed + [429]
    response = client.get("/api/v1/actors/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"].startswith("Request was throttled.")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/geocode/?q=Izium",
        "/api/v1/dates/parse/?q=end+of+March+2022",
        "/api/v1/timeline/?group=month",
        "/api/v1/events.geojson",
        f"/api/v1/places/{PLACE['Luhansk Oblast']}/timeline/",
    ],
)
def test_every_endpoint_is_throttled(dataset, throttled, url):
    client = APIClient()
    statuses = [client.get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_users_are_counted_apart_from_anonymous_clients(dataset, throttled, reader):
    anonymous, user = APIClient(), APIClient()
    user.force_authenticate(reader)
    for _ in range(3):
        anonymous.get("/api/v1/events/")
    assert anonymous.get("/api/v1/events/").status_code == 429
    assert user.get("/api/v1/events/").status_code == 200


def test_a_body_over_the_limit_is_413(dataset, api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"title": "x" * 2000})
    response = api_client.post("/api/v1/events/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The request body is {len(body)} bytes; the limit is 1000 bytes."
    }


def test_the_default_body_limit_is_one_megabyte():
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024


def test_a_malformed_content_length_is_400(dataset, api_client):
    response = api_client.generic("POST", "/api/v1/events/", b"{}", CONTENT_LENGTH="abc")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"q": "x" * 201}, "q", "Ensure this value has at most 200 characters (it has 201)."),
        ({"q": "a\x00b"}, "q", "Query parameter 'q' must not contain NUL (%00) characters."),
        ({"page\x00": "1"}, "page%00", "Query parameter 'page%00' must not contain NUL (%00)"),
        ({"bbox": "1\x00,2,3,4"}, "bbox", "must not contain NUL"),
    ],
)
def test_query_limits(dataset, api_client, params, field, message):
    response = api_client.get("/api/v1/events/", params)
    assert response.status_code == 400
    assert message in response.json()[field][0]


def test_a_within_polygon_over_the_vertex_limit_is_400(dataset, api_client, settings):
    settings.WITHIN_MAX_VERTICES = 10
    ring = [[30 + i / 100, 48] for i in range(10)] + [[30, 49], [30, 48]]
    polygon = json.dumps({"type": "Polygon", "coordinates": [ring]})
    response = api_client.get("/api/v1/events/", {"within": polygon})
    assert response.status_code == 400
    assert response.json() == {"within": ["The geometry has more than 10 vertices."]}


def check_deploy(*tags, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
        + [argument for tag in tags for argument in ("--tag", tag)],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_debug_off():
    """The deployment checks (security, caches, database...); the OpenAPI schema's own
    warnings (drf_spectacular.W001) belong to the filters and are left to them."""
    result = check_deploy(
        "security",
        "caches",
        "database",
        "staticfiles",
        "templates",
        "urls",
        "models",
        "admin",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_secret_key_is_required_with_debug_off():
    result = check_deploy(DEBUG="0", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_settings():
    code = (
        "from django.conf import settings as s; import json; print(json.dumps([s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, s.X_FRAME_OPTIONS]))"
    )
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
        "DJANGO_SETTINGS_MODULE": "project.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(result.stdout) == [
        True,
        True,
        31536000,
        True,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
        "DENY",
    ]


@pytest.mark.parametrize("name", ["actors", "citations", "figures"])
def test_a_nested_list_over_the_limit_is_a_400_naming_it(dataset, superuser_client, name):
    """At the default cap the serializer refuses the list before validating its items."""
    limit = django_settings.EVENT_MAX_NESTED_ITEMS
    event = Event.objects.order_by("id").first()
    item = {
        "actors": {"actor_id": Actor.objects.order_by("id").first().pk, "role": "x"},
        "citations": {"source_id": Source.objects.order_by("id").first().pk},
        "figures": {"counted": "held", "value_min": 1},
    }[name]
    before = superuser_client.get(f"/api/v1/events/{event.pk}/").json()
    response = superuser_client.patch(f"/api/v1/events/{event.pk}/", {name: [item] * (limit + 1)})
    assert response.status_code == 400
    assert f"no more than {limit} elements" in str(response.json()[name])
    assert superuser_client.get(f"/api/v1/events/{event.pk}/").json() == before


def test_the_service_caps_nested_lists_for_every_caller(dataset, settings):
    settings.EVENT_MAX_NESTED_ITEMS = 2
    event = Event.objects.order_by("id").first()
    figure = {"counted": "held", "value_min": 1}
    with pytest.raises(ValidationError) as error:
        event_update(event, figures=[figure] * 3)
    assert error.value.message_dict == {
        "figures": ["An event holds at most 2 figures; this gives 3."]
    }


def test_the_admin_caps_nested_lists_too():
    from timeline.admin import CitationInline, EventActorInline, FigureInline

    for inline in (EventActorInline, CitationInline, FigureInline):
        assert (inline.max_num, inline.validate_max) == (500, True)
