import pycountry
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from places import services
from places.models import Place, PlaceName
from project.admin_mixins import (
    DeletedRecordsAdminMixin,
    HiddenRelatedAdminMixin,
    StaleSaveGuardMixin,
)

# How many candidates the admin's message names when a geocoded name could mean several places.
AMBIGUOUS_SHOWN = 5
PICKER_TITLE = "Other places this name could be"
PICKER_HELP = (
    "“{query}” could be several places. The one marked “taken” is where this place is now; "
    "choose another and save to move it there (its point, region, country and GeoNames id)."
)


def candidate_label(result: dict, *, taken: bool = False) -> str:
    """Return how the picker shows a geocoding candidate: name, region, country, population."""
    country = pycountry.countries.get(alpha_2=result["country_code"] or "")
    where = ", ".join(
        part
        for part in (result["admin1"], country.name if country else result["country_code"])
        if part
    )
    population = (
        f"{result['population']:,} people" if result.get("population") else "population unknown"
    )
    label = (
        f"{result['name']} — {where} · {population} · "
        f"{result['latitude']:.4f}, {result['longitude']:.4f}"
    )
    return f"{label} · taken" if taken else label


def _is_taken(place: Place, result: dict) -> bool:
    if place.geonames_id is not None:
        return place.geonames_id == result["geonames_id"]
    return (place.latitude, place.longitude) == (result["latitude"], result["longitude"])


ERROR_CANDIDATE_TAKEN = (
    "Another place, {name} (id {pk}), is already this GeoNames place: edit that one, or merge "
    "the two, rather than make a second."
)


class PlaceAdminForm(forms.ModelForm):
    """The place form, with the picker among the other candidates of an ambiguous geocoding
    query (its choices are set by PlaceAdmin.get_form; shown only when there are some)."""

    geocode_candidate = forms.TypedChoiceField(
        label="Take instead",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 1


@admin.register(Place)
class PlaceAdmin(
    HiddenRelatedAdminMixin, StaleSaveGuardMixin, DeletedRecordsAdminMixin, SimpleHistoryAdmin
):
    list_display = [
        "name",
        "kind",
        "admin1",
        "country_code",
        "latitude",
        "longitude",
        "precision",
        "geonames_id",
    ]
    list_filter = ["kind", "precision", "country_code", "admin1", "geocode_provider"]
    search_fields = ["name", "names__name", "admin1"]
    autocomplete_fields = ["parent"]
    form = PlaceAdminForm
    inlines = [PlaceNameInline]
    actions = ["geocode_selected"]
    readonly_fields = [
        "geocode_provider",
        "geocode_query",
        "geocode_matched_name",
        "geocoded_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["name", "kind", "parent", "country_code", "admin1", "notes"]}),
        ("Location", {"fields": ["latitude", "longitude", "precision", "geometry", "geonames_id"]}),
        (
            "Geocoding provenance",
            {
                "fields": [
                    "geocode_provider",
                    "geocode_query",
                    "geocode_matched_name",
                    "geocoded_at",
                ]
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    def render_change_form(self, request, context, *args, **kwargs):
        context.update(
            map_tile_url=settings.MAP_TILE_URL, map_tile_attribution=settings.MAP_TILE_ATTRIBUTION
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def _candidates(self, request, place) -> list[dict]:
        """The candidates left open by the ambiguous query a saved place was geocoded from
        (those with a GeoNames id, which the picker can name), looked up once per request."""
        if place is None or place.pk is None or not self.has_change_permission(request, place):
            return []  # a view-only user could not use the picker
        cache = request.__dict__.setdefault("_place_candidates", {})
        if place.pk not in cache:
            results, ambiguous = services.place_candidates(place)
            cache[place.pk] = (
                [result for result in results if result["geonames_id"]] if ambiguous else []
            )
        return cache[place.pk]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if not self._candidates(request, obj):
            return fieldsets
        picker = (
            PICKER_TITLE,
            {
                "fields": ["geocode_candidate"],
                # Django marks a fieldset's description safe: the query is escaped here.
                "description": format_html(PICKER_HELP, query=obj.geocode_query),
            },
        )
        return [*fieldsets[:2], picker, *fieldsets[2:]]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        candidates = self._candidates(request, obj)
        if not candidates:
            return form_class
        choices = [
            (result["geonames_id"], candidate_label(result, taken=_is_taken(obj, result)))
            for result in candidates
        ]
        taken = next(
            (result["geonames_id"] for result in candidates if _is_taken(obj, result)), None
        )

        class PlaceCandidateForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["geocode_candidate"].choices = choices
                self.fields["geocode_candidate"].initial = taken

            def clean_geocode_candidate(self):
                chosen = self.cleaned_data.get("geocode_candidate")
                if chosen and chosen != taken:
                    holder = Place.objects.filter(geonames_id=chosen).exclude(pk=obj.pk).first()
                    if holder is not None:
                        raise forms.ValidationError(
                            ERROR_CANDIDATE_TAKEN.format(name=holder.name, pk=holder.pk)
                        )
                return chosen

        return PlaceCandidateForm

    def save_model(self, request, obj, form, change):
        """The form has validated the place. One moved to another candidate in the picker takes
        that candidate's point; one saved without a point is geocoded first, and the editor is
        told when the name could mean several places and sent back to the picker."""
        chosen = form.cleaned_data.get("geocode_candidate")
        picked = bool(chosen) and "geocode_candidate" in form.changed_data
        if picked:
            picked = services.place_pick_candidate(obj, geonames_id=chosen)
            geocoded = False
        else:
            geocoded = services.geocode_into(obj)
        super().save_model(request, obj, form, change)
        if picked:
            self.message_user(
                request,
                f"Moved to {obj.geocode_matched_name} ({obj.admin1}, {obj.country_code}; "
                f"{obj.latitude:.4f}, {obj.longitude:.4f}).",
            )
        if geocoded:
            self._warn_if_ambiguous(request, obj)

    def _warn_if_ambiguous(self, request, place):
        results, ambiguous = services.place_candidates(place, limit=AMBIGUOUS_SHOWN)
        if not ambiguous:
            return

        def label(result):
            region = ", ".join(part for part in (result["admin1"], result["country_code"]) if part)
            return (
                f"{result['name']} ({region}; {result['latitude']:.4f}, {result['longitude']:.4f})"
            )

        others = [label(result) for result in results[1:]]
        self.message_user(
            request,
            f"“{place.geocode_query}” could be several places: took {label(results[0])}. "
            f"Others: {'; '.join(others)}. If it is one of those, choose it under “{PICKER_TITLE}” "
            "and save, or set its point on the map.",
            level=messages.WARNING,
        )
        request._place_to_pick = place.pk

    def _back_to_picker(self, request, obj, response):
        """After a save that left the editor a choice, show the place's page with the picker."""
        if getattr(request, "_place_to_pick", None) != obj.pk or IS_POPUP_VAR in request.POST:
            return response
        return HttpResponseRedirect(self._change_url(obj))

    def _change_url(self, place) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[place.pk]
        )

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_picker(
            request, obj, super().response_add(request, obj, post_url_continue)
        )

    def response_change(self, request, obj):
        return self._back_to_picker(request, obj, super().response_change(request, obj))

    @admin.action(description="Geocode selected places (replaces their point)")
    def geocode_selected(self, request, queryset):
        matched, unmatched, ambiguous = [], [], []
        for place in queryset:
            if not services.place_geocode(place):
                unmatched.append(place.name)
                continue
            matched.append(place.name)
            if services.place_candidates(place)[1]:
                link = format_html('<a href="{}">{}</a>', self._change_url(place), place.name)
                ambiguous.append(link)
        if matched:
            self.message_user(request, f"Geocoded {len(matched)}: {', '.join(matched)}.")
        if ambiguous:
            self.message_user(
                request,
                format_html(
                    "{} could be several places each; open it to choose another: {}.",
                    len(ambiguous),
                    format_html_join(", ", "{}", ((link,) for link in ambiguous)),
                ),
                level=messages.WARNING,
            )
        if unmatched:
            self.message_user(
                request,
                f"No match for {len(unmatched)}: {', '.join(unmatched)}.",
                level=messages.WARNING,
            )


@admin.register(PlaceName)
class PlaceNameAdmin(HiddenRelatedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "place", "language", "kind"]
    list_filter = ["kind", "language"]
    search_fields = ["name", "place__name"]
    autocomplete_fields = ["place"]
