"""project.permissions: DRF's model permissions, without a queryset for reads."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from project.permissions import ModelPermissionsOrAnonReadOnly
from timeline.models import Event

factory = APIRequestFactory()


class EventsView(APIView):
    def __init__(self):
        super().__init__()
        self.querysets = 0

    def get_queryset(self):
        self.querysets += 1
        return Event.objects.all()


def request(method: str, user):
    wrapped = getattr(factory, method.lower(), None)
    raw = wrapped("/") if wrapped else factory.generic(method, "/")
    raw.user = user
    return APIView().initialize_request(raw)


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor")
    user.user_permissions.add(Permission.objects.get(codename="add_event"))
    return User.objects.get(pk=user.pk)  # a fresh instance: permissions are cached per instance


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_reads_are_allowed_without_building_the_views_queryset(method, db):
    for user in (AnonymousUser(), User.objects.create_user(f"reader-{method}")):
        view = EventsView()
        assert ModelPermissionsOrAnonReadOnly().has_permission(request(method, user), view)
        assert view.querysets == 0


def test_an_inactive_user_reads_as_django_says(db):
    user = User.objects.create_user("gone", is_active=False)
    view = EventsView()
    allowed = ModelPermissionsOrAnonReadOnly().has_permission(request("GET", user), view)
    assert allowed is user.has_perms([])


@pytest.mark.parametrize(
    ("method", "anonymous", "reader", "editor_"),
    [("POST", False, False, True), ("PUT", False, False, False), ("DELETE", False, False, False)],
)
def test_writes_are_checked_against_the_model_as_drf_does(
    method, anonymous, reader, editor_, editor
):
    users = {"anonymous": AnonymousUser(), "reader": User.objects.create_user("reader")}
    users["editor"] = editor
    expected = {"anonymous": anonymous, "reader": reader, "editor": editor_}
    for name, user in users.items():
        view = EventsView()
        ours = ModelPermissionsOrAnonReadOnly().has_permission(request(method, user), view)
        assert ours is expected[name], name
        assert view.querysets == 1


def test_an_unknown_method_is_refused_as_drf_refuses_it(db):
    with pytest.raises(MethodNotAllowed):
        ModelPermissionsOrAnonReadOnly().has_permission(
            request("BREW", AnonymousUser()), EventsView()
        )


def test_authenticated_only_variants_still_refuse_anonymous_reads(db):
    class AuthenticatedOnly(ModelPermissionsOrAnonReadOnly):
        authenticated_users_only = True

    assert not AuthenticatedOnly().has_permission(request("GET", AnonymousUser()), EventsView())
    assert DjangoModelPermissions.authenticated_users_only
