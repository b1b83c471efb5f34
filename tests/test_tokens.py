"""Credentials: API tokens are stored hashed (never in the database or a backup in clear), old
tokens keep working after the migration that hashed them, and password guessing is locked out
on the token endpoint and on the admin's login page."""

import gzip
import importlib
import os

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from knox.models import AuthToken
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

TOKEN_URL = "/api/v1/auth/token/"
ADMIN_LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "pw-for-tests-only"  # the superuser fixture's


def every_value() -> str:
    """Every row of every table, as one string."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            values.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(values)


def get_token(username="admin", password=PASSWORD, client=None):
    return (client or APIClient()).post(TOKEN_URL, {"username": username, "password": password})


def test_a_token_is_nowhere_in_clear(db, superuser, tmp_path):
    response = get_token()
    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json()["expiry"] is None  # it lasts until deleted, as before
    assert token not in every_value()
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115
    backup = gzip.decompress(path.read_bytes()).decode()
    assert '"model": "knox.authtoken"' in backup  # the token is backed up, as a digest
    assert token not in backup


def test_the_token_authenticates_with_the_same_header(db, superuser):
    token = get_token().json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.post("/api/v1/actors/", {"name": "Someone", "kind": "person"})
    assert response.status_code == 201
    wrong_last = "1" if token[-1] == "0" else "0"  # a token may itself end in "0"
    client.credentials(HTTP_AUTHORIZATION=f"Token {token[:-1]}{wrong_last}")
    assert client.get("/api/v1/events/").status_code == 401


def test_the_migration_hashes_existing_tokens_and_they_still_work(db, superuser):
    old = Token.objects.create(user=superuser)
    migration = importlib.import_module("timeline.migrations.0005_api_tokens_hashed")
    migration.hash_tokens(apps, None)
    assert not Token.objects.exists()
    assert old.key not in every_value()
    assert AuthToken.objects.get(user=superuser).created == old.created
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old.key}")
    assert client.post("/api/v1/actors/", {"name": "Someone", "kind": "person"}).status_code == 201


def test_the_admin_cannot_make_a_token_in_clear(admin_client_logged_in):
    assert admin_client_logged_in.get("/admin/authtoken/tokenproxy/").status_code == 404


def test_password_guessing_on_the_token_endpoint_is_locked_out(db, superuser):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert get_token(password="wrong").status_code == 400
    response = get_token(password="wrong")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert "try again later" in response.json()["detail"]
    locked = get_token()  # the right password no longer helps
    assert locked.status_code == 429
    assert "token" not in locked.json()


def test_a_lock_out_is_for_that_username_only(db, superuser, django_user_model):
    django_user_model.objects.create_user("editor", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        get_token(password="wrong")
    assert get_token("editor").status_code == 200


def test_a_success_before_the_limit_starts_the_count_again(db, superuser):
    for _ in range(2):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert get_token(password="wrong").status_code == 400
        assert get_token().status_code == 200


def test_password_guessing_on_the_admin_login_is_locked_out(client, superuser):
    credentials = {"username": "admin", "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(ADMIN_LOGIN, credentials).status_code == 200  # the form, with errors
    assert client.post(ADMIN_LOGIN, credentials).status_code == 429
    response = client.post(ADMIN_LOGIN, {**credentials, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # ...and the token endpoint is locked for the same username and address.
    assert get_token().status_code == 429


def test_the_admin_login_still_works(client, superuser):
    response = client.post(ADMIN_LOGIN, {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
