"""Filters for places: any of a place's names, kind, country, region, parent and bbox."""

from django.conf import settings
from django.db.models import Q
from django_filters import rest_framework as filters

from places.models import Place, PlaceName
from timeline.filters import BBoxFilter, IdFilter


class PlaceNameFilter(filters.CharFilter):
    """Text in the place's name or any of its alternate names, in any script; and in the
    fields named in `also`."""

    def __init__(self, *args, also: tuple[str, ...] = (), **kwargs):
        kwargs.setdefault("max_length", settings.SEARCH_MAX_LENGTH)
        super().__init__(*args, **kwargs)
        self.also = also

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q(name__icontains=value) | Q(
            pk__in=PlaceName.objects.filter(name__icontains=value).values("place_id")
        )
        for field in self.also:
            condition |= Q(**{f"{field}__icontains": value})
        return qs.filter(condition)


class PlaceFilter(filters.FilterSet):
    name = PlaceNameFilter(label="Text in the name or an alternate name")
    q = PlaceNameFilter(
        also=("admin1", "notes"), label="Text in any name, the region (admin1) or the notes"
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
