import importlib
import shutil

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from tests.browser import CHROMIUM, require_tool
from timeline.models import RESTRICTED_PERMISSION

# Speed is measured in bench/, never in tests: a loaded CI machine must not fail a property test.
hypothesis_settings.register_profile("chronotope", deadline=None)
hypothesis_settings.load_profile("chronotope")


def ensure_event_types():
    """Re-seed the event-type vocabulary from its data migration: a transactional test
    (live_server) flushes the database, migration data included."""
    seed = importlib.import_module("timeline.migrations.0002_event_types")
    seed.add_types(django_apps, None)


DATASET = ("fixtures/places.json", "fixtures/dataset.json")


def load_dataset():
    """The event types and the shipped dataset, written outside any test's transaction."""
    ensure_event_types()
    call_command("loaddata", *DATASET, verbosity=0)


# Set once the test database holds the dataset; the hook below needs it to reload the data.
DB_BLOCKER = pytest.StashKey()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The shipped dataset, loaded once per session: each test runs in a transaction that is
    rolled back, so every test starts from the same data (pytest-django's documented way to
    populate the test database)."""
    with django_db_blocker.unblock():
        load_dataset()
    request.config.stash[DB_BLOCKER] = django_db_blocker


def _flushes_the_database(item) -> bool:
    """Whether pytest-django runs this test as a TransactionTestCase, which empties every table
    when it ends (the same rule pytest-django applies)."""
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction")
        or marker.kwargs.get("reset_sequences")
        or any(marker.args[:2])
    )
    uses = {"transactional_db", "live_server", "django_db_reset_sequences"}
    return bool(transactional or uses & set(item.fixturenames))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has flushed the database, load the dataset again so that the
    tests after it see what every other test sees. At the end of the session there is nothing
    to restore (and the test database is gone)."""
    try:
        return (yield)
    finally:
        blocker = item.config.stash.get(DB_BLOCKER, None)
        if blocker is not None and nextitem is not None and _flushes_the_database(item):
            with blocker.unblock():
                load_dataset()


@pytest.fixture
def dataset(db):
    """The shipped dataset (places, sources, actors, events), loaded once per session: asking
    for it says that a test reads it."""


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
def fast_password_hashing(settings):
    """Every test user gets a password, and PBKDF2's million rounds cost about half a second a
    user (seconds on a loaded machine): Django's docs advise a fast hasher in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_throttling(settings):
    """The suite makes many requests a minute; tests/test_limits.py turns throttling back on."""
    settings.API_THROTTLE_RATES = {"anon": None, "user": None}


@pytest.fixture
def sync_playwright():
    """Playwright's sync API, with Debian's Chromium there for it to launch."""
    require_tool(CHROMIUM.exists(), f"{CHROMIUM} is absent (Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_tool(False, "playwright is not installed (pip install -r requirements-dev.txt)")
    return sync_playwright


@pytest.fixture
def ogrinfo():
    """The path of GDAL's ogrinfo."""
    path = shutil.which("ogrinfo")
    require_tool(path is not None, "GDAL's ogrinfo is not installed (Debian package gdal-bin)")
    return path
