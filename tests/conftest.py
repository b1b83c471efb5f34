import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from rest_framework.test import APIClient

from timeline.models import RESTRICTED_PERMISSION


@pytest.fixture
def dataset(db):
    """The shipped dataset: places, sources, actors and events E1–E14."""
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
    user = User.objects.create_user("reader", password="pw-for-tests-only")
    app_label, codename = RESTRICTED_PERMISSION.split(".")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return user


@pytest.fixture
def reader_client(reader):
    client = APIClient()
    client.force_authenticate(reader)
    return client


@pytest.fixture(autouse=True)
def no_throttling(settings):
    """The suite makes many requests a minute; tests/test_limits.py turns throttling back on."""
    settings.API_THROTTLE_RATES = {"anon": None, "user": None}
