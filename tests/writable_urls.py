"""The read-only viewsets of this branch made writable, for tests of what wraps their writes
(ETag/If-Match, hostile input). Once the API's own write endpoints exist, the same tests also
run against them (see the `real` rows)."""

from django.urls import include, path
from rest_framework import mixins
from rest_framework.routers import DefaultRouter

from places.views import PlaceViewSet
from project import urls as project_urls
from timeline.views import ActorViewSet, EventViewSet, SourceViewSet


def writable(viewset):
    """The viewset with whichever of create/update/destroy it lacks."""
    wanted = (mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin)
    missing = tuple(mixin for mixin in wanted if not issubclass(viewset, mixin))
    return type(f"Writable{viewset.__name__}", (*missing, viewset), {}) if missing else viewset


router = DefaultRouter()
router.register("events", writable(EventViewSet), basename="w-event")
router.register("places", writable(PlaceViewSet), basename="w-place")
router.register("sources", writable(SourceViewSet), basename="w-source")
router.register("actors", writable(ActorViewSet), basename="w-actor")

urlpatterns = [
    path("writable/", include(router.urls)),
    *project_urls.urlpatterns,
]
