"""Admin safety: refuse a stale save, and list and restore deleted records.

StaleSaveGuardMixin puts a version of the record (a hash of its fields and of the rows its
inlines edit) in a hidden field of the change form. When the form comes back, the record is
locked and hashed again; if it changed in between, the save is refused with who changed it and
when, and the form comes back with the editor's input so nothing typed is lost.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import PermissionDenied
from django.db import router
from django.forms.models import _get_foreign_key
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import select_template
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst

from project.history import RestoreError, deleted_ids, record_restore

VERSION_FIELD = "_record_version"
ERROR_STALE = (
    "This {name} was changed by {who} at {when} since you opened it, so your changes were not "
    "saved. Reload the page to see the current version, then make your change again."
)


HIDDEN_RECORDS = "{count} record(s) you may not see"


def _row_values(obj) -> list:
    return [[field.attname, getattr(obj, field.attname)] for field in obj._meta.concrete_fields]


class StaleSaveGuardMixin:
    """For ModelAdmin: a save made after someone else changed the record is refused."""

    change_form_template = "admin/stale_guard_change_form.html"

    def _inline_rows(self, request, obj):
        for inline in self.get_inline_instances(request, obj):
            fk = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
            yield inline.model, fk, inline.model._default_manager.filter(**{fk.name: obj.pk})

    def record_version(self, request, obj) -> str:
        """A hash of the record's fields and of every row its inlines show."""
        state = [_row_values(obj)]
        for _model, _fk, rows in self._inline_rows(request, obj):
            state.append([_row_values(row) for row in rows.order_by("pk")])
        body = json.dumps(state, default=str, sort_keys=True)
        return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()

    def last_change(self, request, obj) -> tuple[str, str]:
        """Who made the latest recorded change to the record or its inline rows, and when."""
        records = []
        if hasattr(obj, "history"):
            records.append(obj.history.order_by("-history_date").first())
        for model, fk, _rows in self._inline_rows(request, obj):
            if hasattr(model, "history"):
                history = model.history.filter(**{fk.attname: obj.pk})
                records.append(history.order_by("-history_date").first())
        records = [record for record in records if record is not None]
        if not records:
            return "someone else", "an unknown time"
        latest = max(records, key=lambda record: record.history_date)
        who = latest.history_user.get_username() if latest.history_user else "someone else"
        when = timezone.localtime(latest.history_date).strftime("%Y-%m-%d %H:%M:%S %Z")
        return who, when

    def check_not_stale(self, request, obj, posted_version: str) -> None:
        current = self.model._default_manager.select_for_update().get(pk=obj.pk)
        if self.record_version(request, current) != posted_version:
            who, when = self.last_change(request, current)
            raise forms.ValidationError(
                ERROR_STALE.format(name=self.model._meta.verbose_name, who=who, when=when),
                code="stale",
            )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        posted_version = request.POST.get(VERSION_FIELD) if request.method == "POST" else None
        if obj is None or not posted_version:
            return form_class
        model_admin = self

        class StaleSaveGuardForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                # changeform_view runs in a transaction: the lock holds until the save commits.
                model_admin.check_not_stale(request, obj, posted_version)
                return cleaned_data

        return StaleSaveGuardForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Extend the template Django would otherwise pick (e.g. a per-model change_form.html),
        # so the hidden field adds to it instead of replacing it.
        opts = self.model._meta
        context["stale_guard_parent"] = select_template(
            [
                f"admin/{opts.app_label}/{opts.model_name}/change_form.html",
                f"admin/{opts.app_label}/change_form.html",
                "admin/change_form.html",
            ]
        ).template
        if obj is not None and obj.pk is not None:
            # A refused form keeps the version it was opened with, so saving it again is refused
            # again: the editor must reload to see the other change.
            context["record_version"] = request.POST.get(VERSION_FIELD) or self.record_version(
                request, obj
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


class DeletedRecordsAdminMixin:
    """For ModelAdmin: a 'Deleted' page listing deleted records, each with a Restore button."""

    change_list_template = "admin/deleted_records_change_list.html"
    restore_nested = ()

    def deleted_visible_to(self, request, object_id: int) -> bool:
        return True

    def restore_deleted(self, request, object_id: int):
        return record_restore(self.model, object_id, user=request.user, nested=self.restore_nested)

    def _url_name(self, suffix: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{suffix}"

    def get_urls(self):
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name=self._url_name("deleted"),
            ),
            path(
                "deleted/<int:object_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=self._url_name("restore"),
            ),
            *super().get_urls(),
        ]

    def deleted_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        rows = []
        for object_id in deleted_ids(self.model):
            if not self.deleted_visible_to(request, object_id):
                continue
            record = self.model.history.filter(id=object_id).latest("history_date")
            rows.append(
                {
                    "id": object_id,
                    "label": str(record.instance),
                    "deleted_at": record.history_date,
                    "deleted_by": record.history_user,
                    "restore_url": reverse(f"admin:{self._url_name('restore')}", args=[object_id]),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": f"Deleted {opts.verbose_name_plural}",
            "rows": rows,
        }
        return render(request, "admin/deleted_records.html", context)

    def restore_view(self, request, object_id: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request) or not self.deleted_visible_to(request, object_id):
            raise PermissionDenied
        opts = self.model._meta
        try:
            obj = self.restore_deleted(request, object_id)
        except RestoreError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse(f"admin:{self._url_name('deleted')}"))
        self.message_user(request, f"Restored {opts.verbose_name} “{obj}”.", messages.SUCCESS)
        return HttpResponseRedirect(reverse(f"admin:{self._url_name('change')}", args=[obj.pk]))


def hidden_from(user, objs) -> set:
    """The objects among `objs` that `user` may not see. The gate is each model's own
    `visible_to(user)` on its default manager (project/ knows no app's models); a model without
    one hides nothing."""
    by_model = defaultdict(list)
    for obj in objs:
        by_model[type(obj)].append(obj)
    hidden = set()
    for model, rows in by_model.items():
        manager = model._default_manager
        if not hasattr(manager, "visible_to"):
            continue
        pks = [obj.pk for obj in rows]
        seen = set(manager.visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))
        hidden.update(obj for obj in rows if obj.pk not in seen)
    return hidden


class HiddenRelatedAdminMixin:
    """For ModelAdmin: a delete page never names a related record the user may not see.

    Django lists every record a deletion would take along or is protected by, unfiltered, so
    deleting a place would name a restricted event. Records hidden from the user are counted,
    never named; and since nobody deletes what they may not see, a hidden record blocks the
    deletion as a protected one does (the page refuses it, POST included).
    """

    def get_deleted_objects(self, objs, request):
        collector = NestedObjects(using=router.db_for_write(self.model), origin=objs)
        collector.collect(objs)
        taken_along = [obj for rows in collector.model_objs.values() for obj in rows]
        hidden = hidden_from(request.user, [*taken_along, *collector.protected])
        if not hidden:
            return super().get_deleted_objects(objs, request)
        shown = [self._describe_related(obj) for obj in collector.protected if obj not in hidden]
        return [], {}, set(), [*sorted(shown), HIDDEN_RECORDS.format(count=len(hidden))]

    def _describe_related(self, obj) -> str:
        """As Django's delete page shows a record: its kind, then a link to it when it has one."""
        opts = obj._meta
        label = f"{capfirst(opts.verbose_name)}: {obj}"
        if not self.admin_site.is_registered(type(obj)):
            return label
        try:
            url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
            )
        except NoReverseMatch:
            return label
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)
