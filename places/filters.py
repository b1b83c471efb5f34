"""Filters for places: any of a place's names, kind, country, region, parent and bbox."""

from django.db.models import Q
from django_filters import rest_framework as filters

from places.models import Place, PlaceName
from project.filtering import FilterSet
from timeline.filters import BBoxFilter, IdFilter, TextSearchFilter


class PlaceNameFilter(TextSearchFilter):
    """Text in the place's own fields (`name` by default) or in any of its alternate names, in
    any script."""

    def __init__(self, *args, fields: tuple[str, ...] = ("name",), **kwargs):
        super().__init__(*args, fields=fields, **kwargs)

    def condition(self, value: str) -> Q:
        alternate = PlaceName.objects.filter(name__icontains=value).values("place_id")
        return super().condition(value) | Q(pk__in=alternate)


class PlaceFilter(FilterSet):
    name = PlaceNameFilter(label="Text in the name or an alternate name")
    q = PlaceNameFilter(
        fields=("name", "admin1", "notes"),
        label="Text in any name, the region (admin1) or the notes",
    )
    kind = filters.ChoiceFilter(choices=Place.Kind.choices)
    country_code = filters.CharFilter(
        lookup_expr="iexact", max_length=2, label="ISO 3166-1 alpha-2, e.g. UA"
    )
    admin1 = filters.CharFilter(
        lookup_expr="iexact", max_length=100, label="First-level region, e.g. Luhansk"
    )
    parent = IdFilter(queryset=Place.objects.all(), label="Places directly inside this place id")
    bbox = BBoxFilter(label="minLon,minLat,maxLon,maxLat")

    class Meta:
        model = Place
        fields = []
