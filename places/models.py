from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from places import geometry as geometry_checks

ERROR_HALF_POINT = "Give both latitude and longitude, or neither."
ERROR_PARENT_SELF = "A place cannot be its own parent."
ERROR_PARENT_CYCLE = "A place cannot sit inside one of its own children."


class PlaceQuerySet(models.QuerySet):
    def located(self):
        """Places with a point."""
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def in_bbox(self, bbox):
        """Places whose point lies in (minLon, minLat, maxLon, maxLat)."""
        min_lon, min_lat, max_lon, max_lat = bbox
        return self.filter(
            longitude__gte=min_lon,
            longitude__lte=max_lon,
            latitude__gte=min_lat,
            latitude__lte=max_lat,
        )

    def descendant_ids(self, place_id: int) -> set[int]:
        """Return the id of a place and of every place inside it, at any depth."""
        found = {place_id}
        frontier = {place_id}
        while frontier:
            frontier = set(self.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
            found |= frontier
        return found


class Place(models.Model):
    """A place events happen at. places.services geocodes one written without a point."""

    class Kind(models.TextChoices):
        SETTLEMENT = "settlement", "settlement"
        FACILITY = "facility", "facility (prison, basement, base…)"
        DISTRICT = "district", "district"
        REGION = "region", "region"
        COUNTRY = "country", "country"
        AREA = "area", "area"

    class Precision(models.TextChoices):
        """How exactly the location is known, in the spirit of ACLED's geo_precision."""

        EXACT = "exact", "exact site"
        SETTLEMENT = "settlement", "settlement"
        DISTRICT = "district", "district"
        REGION = "region", "region"
        COUNTRY = "country", "country"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SETTLEMENT)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    country_code = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    admin1 = models.CharField(max_length=100, blank=True, help_text="First-level region (oblast)")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    geometry = models.JSONField(
        null=True, blank=True, help_text="GeoJSON geometry (lon/lat) for an area"
    )
    precision = models.CharField(
        max_length=20, choices=Precision.choices, default=Precision.SETTLEMENT
    )
    geonames_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    geocode_provider = models.CharField(max_length=50, blank=True)
    geocode_query = models.CharField(max_length=300, blank=True)
    geocode_matched_name = models.CharField(max_length=200, blank=True)
    geocoded_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                name="place_latitude_in_range",
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            ),
            models.CheckConstraint(
                name="place_longitude_in_range",
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            ),
            models.CheckConstraint(
                name="place_point_complete",
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
            ),
            models.CheckConstraint(
                name="place_not_own_parent",
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")),
            ),
        ]
        indexes = [
            models.Index(fields=["longitude", "latitude"], name="place_lon_lat"),
            models.Index(fields=["country_code", "admin1"], name="place_country_admin1"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = ERROR_HALF_POINT
        elif self.latitude is not None:
            try:
                geometry_checks.check_lon_lat(self.longitude, self.latitude)
            except geometry_checks.GeometryError as error:
                errors["latitude"] = str(error)
        if self.geometry not in (None, ""):
            try:
                self.geometry = geometry_checks.normalize(self.geometry)
            except geometry_checks.GeometryError as error:
                errors["geometry"] = str(error)
        if self.parent_id is not None and self.pk is not None:
            if self.parent_id == self.pk:
                errors["parent"] = ERROR_PARENT_SELF
            elif self.parent_id in Place.objects.descendant_ids(self.pk):
                errors["parent"] = ERROR_PARENT_CYCLE
        if errors:
            raise ValidationError(errors)

    @property
    def has_point(self) -> bool:
        """Return True if the place has a latitude and longitude."""
        return self.latitude is not None and self.longitude is not None


class PlaceName(models.Model):
    """Another name a place goes by: an official form, a former name, a spelling in another
    language or script."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", "official"
        FORMER = "former", "former"
        TRANSLITERATION = "transliteration", "transliteration"
        LOCAL = "local", "local"

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    language = models.CharField(max_length=20, blank=True, help_text="BCP 47 code, if known")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRANSLITERATION)

    history = HistoricalRecords()

    class Meta:
        ordering = ["place", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "name", "language"], name="placename_unique_per_place"
            ),
        ]
        indexes = [models.Index(fields=["name"], name="placename_name")]

    def __str__(self):
        return self.name


class GeocodeCacheEntry(models.Model):
    """What an online geocoder answered to a query, so that no query goes out twice."""

    provider = models.CharField(max_length=50)
    query = models.CharField(max_length=300)
    results = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "query"], name="geocodecache_unique_query")
        ]

    def __str__(self):
        return f"{self.provider}: {self.query}"
