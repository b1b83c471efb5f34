"""The admin's "Import GeoJSON" button and form on the event list: the same import as
`manage.py import_geojson`, for staff who may add and change both events and places."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from timeline.geojson_import import GeoJSONImportError, geojson_import

IMPORT_PERMISSIONS = (
    "timeline.add_event",
    "timeline.change_event",
    "places.add_place",
    "places.change_place",
)


class GeoJSONImportForm(forms.Form):
    file = forms.FileField(
        label="GeoJSON file",
        help_text="A FeatureCollection as exported by places.geojson or events.geojson. "
        "Features are matched by id; one bad feature and nothing is imported.",
    )


class GeoJSONImportMixin:
    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import_geojson"
        view = self.admin_site.admin_view(self.import_geojson_view)
        return [path("import-geojson/", view, name=name), *super().get_urls()]

    def has_geojson_import_permission(self, request) -> bool:
        """Return True for active staff who may add and change events and places."""
        user = request.user
        return user.is_active and user.is_staff and user.has_perms(IMPORT_PERMISSIONS)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import_geojson": self.has_geojson_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def import_geojson_view(self, request):
        if not self.has_geojson_import_permission(request):
            raise PermissionDenied
        form = GeoJSONImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            try:
                result = geojson_import(data=form.cleaned_data["file"].read(), user=request.user)
            except GeoJSONImportError as error:
                errors = error.errors
            else:
                messages.success(request, f"GeoJSON imported: {result}.")
                return redirect(
                    reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import GeoJSON",
            "form": form,
            "errors": errors,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/timeline/geojson_import.html", context, status=status
        )
