"""project.permissions: DRF's model permissions, the same answers, without a queryset for reads."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from project.permissions import ModelPermissionsOrAnonReadOnly
from timeline.models import Event

factory = APIRequestFactory()
METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]


class EventsView(APIView):
    def __init__(self):
        super().__init__()
        self.querysets = 0

    def get_queryset(self):
        self.querysets += 1
        return Event.objects.all()


def request(method: str, user) -> Request:
    """A DRF request whose user is `user` as given: no authenticator turns an inactive user
    into an anonymous one first."""
    drf_request = Request(factory.generic(method, "/"))
    drf_request.user = user
    return drf_request


@pytest.fixture
def users(db):
    editor = User.objects.create_user("editor")
    editor.user_permissions.add(Permission.objects.get(codename="add_event"))
    return {
        "anonymous": AnonymousUser(),
        "reader": User.objects.create_user("reader"),
        "editor": User.objects.get(pk=editor.pk),  # permissions are cached per instance
        "inactive editor": User.objects.create_user("gone", is_active=False),
        "superuser": User.objects.create_superuser("root"),
    }


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("authenticated_only", [False, True])
def test_every_answer_is_drfs(method, authenticated_only, users):
    class Ours(ModelPermissionsOrAnonReadOnly):
        authenticated_users_only = authenticated_only

    class Drfs(DjangoModelPermissionsOrAnonReadOnly):
        authenticated_users_only = authenticated_only

    for name, user in users.items():
        ours = Ours().has_permission(request(method, user), EventsView())
        drfs = Drfs().has_permission(request(method, user), EventsView())
        assert ours is drfs, (name, method)


def test_the_answers_cover_both_outcomes(users):
    allowed = ModelPermissionsOrAnonReadOnly().has_permission
    assert allowed(request("GET", users["anonymous"]), EventsView())
    assert not allowed(request("POST", users["anonymous"]), EventsView())
    assert not allowed(request("POST", users["reader"]), EventsView())
    assert allowed(request("POST", users["editor"]), EventsView())
    assert not allowed(request("POST", users["inactive editor"]), EventsView())


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_reads_do_not_build_the_views_queryset(method, users):
    for user in users.values():
        view = EventsView()
        ModelPermissionsOrAnonReadOnly().has_permission(request(method, user), view)
        assert view.querysets == 0


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_writes_are_left_to_drf(method, users):
    view = EventsView()
    ModelPermissionsOrAnonReadOnly().has_permission(request(method, users["editor"]), view)
    assert view.querysets == 1


def test_an_unknown_method_is_refused_as_drf_refuses_it(db):
    with pytest.raises(MethodNotAllowed):
        ModelPermissionsOrAnonReadOnly().has_permission(
            request("BREW", AnonymousUser()), EventsView()
        )
