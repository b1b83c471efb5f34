import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from timeline.models import RESTRICTED_PERMISSION

# Speed is measured in bench/, never in tests: a loaded CI machine must not fail a property test.
hypothesis_settings.register_profile("chronotope", deadline=None)
hypothesis_settings.load_profile("chronotope")


def ensure_event_types():
    """Re-seed the event-type vocabulary from its data migration: a transactional test
    (live_server) flushes the database, migration data included."""
    seed = importlib.import_module("timeline.migrations.0002_event_types")
    seed.add_types(django_apps, None)


@pytest.fixture
def dataset(db):
    """The shipped dataset: places, sources, actors and events E1–E14."""
    ensure_event_types()
    call_command("loaddata", "fixtures/places.json", "fixtures/dataset.json", verbosity=0)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin", "admin@example.org", "pw-for-tests-only")


@pytest.fixture
def admin_client_logged_in(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def reader(db):
    """A user who may see restricted events but not change anything."""
    return _user_with("reader", RESTRICTED_PERMISSION)


@pytest.fixture
def reader_client(reader):
    client = APIClient()
    client.force_authenticate(reader)
    return client


WRITE_MODELS = ("timeline.event", "timeline.source", "timeline.actor", "places.place")


def _user_with(username: str, *codenames: str) -> User:
    """A user holding the given 'app_label.codename' permissions."""
    user = User.objects.create_user(username, password="pw-for-tests-only")
    for permission in codenames:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def editor(db):
    """A user who may add, change and delete every resource, but not see restricted events."""
    return _user_with(
        "editor",
        *(
            f"{model.split('.')[0]}.{action}_{model.split('.')[1]}"
            for model in WRITE_MODELS
            for action in ("add", "change", "delete")
        ),
    )


@pytest.fixture
def editor_client(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def superuser_client(superuser):
    client = APIClient()
    client.force_authenticate(superuser)
    return client


@pytest.fixture(autouse=True)
def no_throttling(settings):
    """The suite makes many requests a minute; tests/test_limits.py turns throttling back on."""
    settings.API_THROTTLE_RATES = {"anon": None, "user": None}
