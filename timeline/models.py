from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from timeline import dates

ERROR_OWN_COPY = "A source cannot be a copy of itself."
ERROR_OWN_DERIVATIVE = "A source cannot be derived from itself."
ERROR_FIGURE_RANGE = "The smallest value must not exceed the largest."
ERROR_FIGURE_EMPTY = "Give a value, a range, or the figure as stated."
ERROR_CONTRADICTS_SELF = "A citation cannot contradict the source it cites."

RESTRICTED_PERMISSION = "timeline.view_restricted_event"
PUBLISH_PERMISSION = "timeline.publish_event"
# Who may see drafts: editors (they write and correct them) and reviewers (they publish them).
DRAFT_PERMISSIONS = ("timeline.add_event", "timeline.change_event", PUBLISH_PERMISSION)


def can_see_restricted(user) -> bool:
    """Return True if the user may see restricted events (and so their visibility)."""
    return user is not None and user.is_active and user.has_perm(RESTRICTED_PERMISSION)


def can_see_drafts(user) -> bool:
    """Return True if the user may see draft events: editors and reviewers."""
    return (
        user is not None
        and user.is_active
        and any(user.has_perm(permission) for permission in DRAFT_PERMISSIONS)
    )


def can_publish(user) -> bool:
    """Return True if the user may publish events (operators, user None, may)."""
    return user is None or (user.is_active and user.has_perm(PUBLISH_PERMISSION))


def gate_conditions(user) -> dict:
    """What an event must be for `user` to see it, as field lookups: {} for who sees all.
    The one rule behind visible_to() and the history's gate."""
    conditions = {}
    if not can_see_restricted(user):
        conditions["visibility"] = Event.Visibility.PUBLIC
    if not can_see_drafts(user):
        conditions["status"] = Event.Status.PUBLISHED
    return conditions


class Source(models.Model):
    """A report: who published it, when, and how it relates to other reports."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", "original reporting"
        COPY = "copy", "copy of another source"
        DERIVATIVE = "derivative", "derived from another source"
        OFFICIAL = "official", "official statement"
        NGO = "ngo", "NGO report"

    outlet = models.CharField(max_length=200)
    title = models.CharField(max_length=500)
    authors = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    published = models.CharField(max_length=dates.MAX_LENGTH, blank=True, help_text="EDTF")
    published_earliest = models.DateField(null=True, blank=True, editable=False)
    published_latest = models.DateField(null=True, blank=True, editable=False)
    language = models.CharField(max_length=20, blank=True, help_text="BCP 47 code")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORIGINAL)
    copy_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="copies"
    )
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derivatives"
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["published_earliest", "id"]
        constraints = [
            models.CheckConstraint(
                name="source_not_own_copy",
                condition=Q(copy_of__isnull=True) | ~Q(copy_of=F("id")),
            ),
            models.CheckConstraint(
                name="source_not_own_derivative",
                condition=Q(derived_from__isnull=True) | ~Q(derived_from=F("id")),
            ),
        ]

    def __str__(self):
        return f"{self.outlet}: {self.title}"

    def clean(self):
        errors = {}
        if self.pk is not None and self.copy_of_id == self.pk:
            errors["copy_of"] = ERROR_OWN_COPY
        if self.pk is not None and self.derived_from_id == self.pk:
            errors["derived_from"] = ERROR_OWN_DERIVATIVE
        if self.published:
            try:
                dates.parse(self.published)
            except dates.DateError as error:
                errors["published"] = str(error)
        self.set_published_bounds()
        if errors:
            raise ValidationError(errors)

    def set_published_bounds(self) -> None:
        """Derive the published bounds from the EDTF `published`; leave them empty if invalid."""
        try:
            bounds = dates.bounds(self.published) if self.published else (None, None)
        except dates.DateError:
            bounds = (None, None)  # full_clean() reports it; a save never guesses
        self.published_earliest, self.published_latest = bounds

    @property
    def published_label(self) -> str:
        """Return the publication date as a person would say it ("" when not given)."""
        if not self.published or self.published_earliest is None:
            return ""
        return dates.stored_label(self.published, self.published_earliest, self.published_latest)


class Actor(models.Model):
    """A person, unit, force or organisation. Changed names stay pseudonyms."""

    class Kind(models.TextChoices):
        ARMED_FORCE = "armed_force", "armed force"
        UNIT = "unit", "unit"
        ARMED_GROUP = "armed_group", "armed group"
        ORGANISATION = "organisation", "organisation"
        STATE_BODY = "state_body", "state body"
        MEDIA = "media", "media outlet"
        PERSON = "person", "person"
        # An actor an import created from a name alone: what it is waits for an editor.
        UNCLASSIFIED = "unclassified", "unclassified"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_pseudonym = models.BooleanField(
        default=False, help_text="The name is a changed or first name only, as the source gives it."
    )
    aliases = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name} (pseudonym)" if self.is_pseudonym else self.name

    def clean(self):
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            raise ValidationError({"aliases": "Aliases are a list of names."})


class EventType(models.Model):
    """The editable vocabulary of event types; the slug is what the API shows."""

    slug = models.SlugField(primary_key=True, max_length=40)
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.label


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The only gate for restricted and draft events: every read and write goes through it.
        Restricted events need timeline.view_restricted_event; drafts need timeline.add_event,
        change_event or publish_event; a restricted draft needs both."""
        conditions = gate_conditions(user)
        return self.filter(**conditions) if conditions else self

    def overlapping(self, start=None, end=None):
        """Events whose possible span [earliest, latest] meets the window [start, end]."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(latest__gte=start)
        if end is not None:
            queryset = queryset.filter(earliest__lte=end)
        return queryset

    def in_bbox(self, bbox):
        """Events whose place's point lies in (minLon, minLat, maxLon, maxLat)."""
        min_lon, min_lat, max_lon, max_lat = bbox
        return self.filter(
            place__longitude__gte=min_lon,
            place__longitude__lte=max_lon,
            place__latitude__gte=min_lat,
            place__latitude__lte=max_lat,
        )

    def with_place(self):
        """Fetch the place in the same query."""
        return self.select_related("place")

    def with_related(self):
        """What EventSerializer reads: the place in the same query; actors, citations and
        figures, each with the actor, source or claimant it names, in one query each."""
        return self.with_place().prefetch_related(
            models.Prefetch("event_actors", EventActor.objects.select_related("actor")),
            models.Prefetch("citations", Citation.objects.select_related("source")),
            models.Prefetch("figures", Figure.objects.select_related("claimed_by")),
        )

    def chronological(self):
        """By earliest possible day, then from most to least precise."""
        return self.order_by("earliest", "precision_rank", "latest", "id")


class EventPartQuerySet(models.QuerySet):
    """Rows that belong to one event (citations, actors' roles, figures)."""

    def visible_to(self, user):
        """A row is seen with its event, through the events' own gate."""
        return self.filter(event__in=Event.objects.visible_to(user).values("pk"))


class Event(models.Model):
    class Confidence(models.TextChoices):
        SINGLE_SOURCE = "single_source", "single source"
        CORROBORATED = "corroborated", "corroborated"
        DISPUTED = "disputed", "disputed"
        UNSOURCED = "unsourced", "unsourced (cites no source)"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "public"
        RESTRICTED = "restricted", "restricted"

    class Status(models.TextChoices):
        DRAFT = "draft", "draft (awaiting review)"
        PUBLISHED = "published", "published"

    Precision = models.TextChoices("Precision", [(name, name) for name in dates.PRECISIONS])

    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    type = models.ForeignKey(EventType, on_delete=models.PROTECT, related_name="events")
    date = models.CharField(
        max_length=dates.MAX_LENGTH, help_text="EDTF, e.g. 2022-06 or 2022-03-07/2022-04-01"
    )
    date_as_reported = models.CharField(
        max_length=200,
        blank=True,
        help_text="The report's own wording of the date, e.g. 'at the end of March 2022'",
    )
    earliest = models.DateField(editable=False)
    latest = models.DateField(editable=False)
    precision = models.CharField(max_length=10, choices=Precision.choices, editable=False)
    precision_rank = models.PositiveSmallIntegerField(editable=False)
    approximate = models.BooleanField(default=False, editable=False)
    uncertain = models.BooleanField(default=False, editable=False)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    location_note = models.CharField(max_length=500, blank=True)
    actors = models.ManyToManyField(Actor, through="EventActor", related_name="events")
    sources = models.ManyToManyField(
        Source, through="Citation", through_fields=("event", "source"), related_name="events"
    )
    confidence = models.CharField(
        max_length=20, choices=Confidence.choices, default=Confidence.SINGLE_SOURCE
    )
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    # Existing and operator-made events are published; drafts come from reports and from
    # editors who may not publish, and wait for someone with timeline.publish_event.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="reviewed_events",
        help_text="Who published the event",
    )
    reviewed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was published"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["earliest", "precision_rank", "latest", "id"]
        permissions = [
            ("view_restricted_event", "Can view restricted events"),
            ("publish_event", "Can publish events (review drafts)"),
        ]
        constraints = [
            models.CheckConstraint(
                name="event_earliest_not_after_latest", condition=Q(earliest__lte=F("latest"))
            ),
        ]
        indexes = [
            models.Index(
                fields=["visibility", "status", "earliest", "precision_rank", "latest", "id"],
                name="event_chronology",
            ),
            # The timeline order alone, for readers whose gate does not fix both columns above
            # (they see drafts, restricted events or both): without it their first page read
            # and sorted every event (see bench/RESULTS.md, issue #19).
            models.Index(
                fields=["earliest", "precision_rank", "latest", "id"], name="event_timeline_order"
            ),
            # Counting the events of a type (a paginator does): the narrowest index that
            # answers it, which PostgreSQL's deduplication keeps to a few pages however many
            # events a type has; event_type_chronology, below, holds the order for the rows
            # themselves and is many times larger to read (see bench/RESULTS.md).
            models.Index(fields=["type", "visibility", "status"], name="event_type_count"),
            # Counting a date window (a paginator does) reads only this index when the window
            # lies late in the data (see bench/RESULTS.md).
            models.Index(
                fields=["visibility", "status", "latest", "earliest"],
                name="event_visibility_latest",
            ),
            # A bbox page: per place in the box, public events already in timeline order, so
            # the first page merges a few index ranges instead of sorting every match
            # (see bench/RESULTS.md).
            models.Index(
                fields=[
                    "place",
                    "visibility",
                    "status",
                    "earliest",
                    "precision_rank",
                    "latest",
                    "id",
                ],
                name="event_place_chronology",
            ),
            models.Index(fields=["updated_at"], name="event_updated_at"),
            # A type page: per type, public events already in timeline order (as for places).
            models.Index(
                fields=[
                    "type",
                    "visibility",
                    "status",
                    "earliest",
                    "precision_rank",
                    "latest",
                    "id",
                ],
                name="event_type_chronology",
            ),
        ]

    def __str__(self):
        return self.title

    def set_dates(self) -> None:
        """Derive earliest, latest, precision and flags from the EDTF date."""
        info = dates.parse(self.date)
        self.date = info.edtf
        self.earliest, self.latest = info.earliest, info.latest
        self.precision = info.precision
        self.precision_rank = dates.PRECISION_RANK[info.precision]
        self.approximate, self.uncertain = info.approximate, info.uncertain

    def clean(self):
        try:
            self.set_dates()
        except dates.DateError as error:
            raise ValidationError({"date": str(error)}) from error

    @property
    def label(self) -> str:
        """Return the date as a person would say it."""
        return dates.parse(self.date).label


class EventActor(models.Model):
    """An actor's part in an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_actors")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(
        max_length=100, help_text="e.g. detained, detaining force, claimant, witness"
    )

    history = HistoricalRecords()

    objects = EventPartQuerySet.as_manager()

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"], name="eventactor_unique_role"
            ),
        ]

    def __str__(self):
        try:
            return f"{self.actor} — {self.role}"
        except ObjectDoesNotExist:  # a historical row whose actor was deleted since
            return f"actor {self.actor_id} (deleted) — {self.role}"


class Citation(models.Model):
    """What a source supports about an event; a citation may mark that the source contradicts
    another one on this event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    supports = models.TextField(blank=True, help_text="What this source says about the event")
    contradicts = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contradicted_by",
        help_text="The source this one disagrees with on this event",
    )
    location = models.CharField(max_length=200, blank=True, help_text="Page, paragraph, timecode")

    history = HistoricalRecords()

    objects = EventPartQuerySet.as_manager()

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "source"], name="citation_unique_source"),
            models.CheckConstraint(
                name="citation_not_contradicting_itself",
                condition=Q(contradicts__isnull=True) | ~Q(contradicts=F("source")),
            ),
        ]

    def __str__(self):
        # History pages show rows whose event (or source) was deleted since.
        try:
            return f"{self.source} on {self.event}"
        except ObjectDoesNotExist:
            return f"source {self.source_id} on event {self.event_id} (deleted)"

    def clean(self):
        if self.contradicts_id is not None and self.contradicts_id == self.source_id:
            raise ValidationError({"contradicts": ERROR_CONTRADICTS_SELF})


class Figure(models.Model):
    """A quantity claim on an event: who claims it, which source reports it."""

    class Qualifier(models.TextChoices):
        EXACT = "exact", "exactly"
        ABOUT = "about", "about"
        MORE_THAN = "more_than", "more than"
        AT_LEAST = "at_least", "at least"
        LESS_THAN = "less_than", "less than"
        RANGE = "range", "between"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="figures")
    counted = models.CharField(max_length=300, help_text="What is counted")
    value_min = models.PositiveBigIntegerField(null=True, blank=True)
    value_max = models.PositiveBigIntegerField(null=True, blank=True)
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT)
    stated = models.CharField(
        max_length=200, blank=True, help_text="The figure as the source gives it"
    )
    claimed_by = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="figures_claimed",
        help_text="Who makes the claim; empty when it is the source's own estimate",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="figures")
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    objects = EventPartQuerySet.as_manager()

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.CheckConstraint(
                name="figure_min_not_above_max",
                condition=Q(value_min__isnull=True)
                | Q(value_max__isnull=True)
                | Q(value_min__lte=F("value_max")),
            ),
        ]

    def __str__(self):
        return f"{self.stated or self.value_min} {self.counted}"

    def clean(self):
        both = self.value_min is not None and self.value_max is not None
        if both and self.value_min > self.value_max:
            raise ValidationError({"value_max": ERROR_FIGURE_RANGE})
        if self.value_min is None and self.value_max is None and not self.stated:
            raise ValidationError({"stated": ERROR_FIGURE_EMPTY})


@receiver(pre_save, sender=Event)
def _derive_event_dates(sender, instance, **kwargs):
    """Derive the bounds on every save, fixtures' raw saves included, so they never drift."""
    instance.set_dates()


@receiver(pre_save, sender=Source)
def _derive_source_dates(sender, instance, **kwargs):
    instance.set_published_bounds()
