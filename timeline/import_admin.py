"""The admin's "Import events" page on the event list: upload a CSV, XLSX or GeoJSON file, see
row by row what the import would do (a dry run: nothing is written), then confirm to write it
all in one transaction. The same import as `manage.py import_events` (timeline/table_import.py),
run as the signed-in user, so the services' write gate decides what they may change.

Between the dry run and the confirmation the file stays on the server, under a random name;
the page carries only a signed token naming it, the user and the file's SHA-256. Confirming
checks all three and imports the stored file again from the start: nothing the dry run found,
and nothing the browser sends back, is trusted.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from timeline.table_import import TableImportError, import_files

IMPORT_PERMISSIONS = (
    "timeline.add_event",
    "timeline.change_event",
    "places.add_place",
    "places.change_place",
)
SUFFIXES = (".csv", ".xlsx", ".geojson", ".json")
TOKEN_SALT = "timeline.import_admin"
SHOWN_ROWS = 2000  # a larger file's dry run shows its counts and first rows
UPLOAD_NAME = re.compile(r"^[0-9a-f]{32}$")
OUTCOME_LABELS = {"created": "created", "updated": "updated", "unchanged": "left alone"}

ERROR_SUFFIX = "The file must end in .csv, .xlsx or .geojson."
ERROR_TOKEN = "This dry run has expired or its form was altered. Upload the file again."


class UploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="events.csv, events.xlsx or events.geojson, as the exports write them "
        "(places.csv or places.geojson in a file of their own, first). By id a row updates "
        "an event, without one it creates one.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(ERROR_SUFFIX)
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


def _safe_name(name: str) -> str:
    """The uploaded file's own name, reduced to characters safe in a path (errors quote it)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).stem).strip("._")[:80] or "upload"
    return stem + Path(name).suffix.lower()


def _sha256(file_path: Path) -> str:
    digest = hashlib.sha256()
    with file_path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sweep(directory: Path) -> None:
    """Remove uploads whose dry run was never confirmed and has expired."""
    limit = time.time() - settings.IMPORT_CONFIRM_SECONDS
    for folder in directory.glob("*"):
        if UPLOAD_NAME.match(folder.name) and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


def store_upload(upload, user) -> tuple[Path, str]:
    """Keep the upload on the server; return its path and the token that names it."""
    directory = Path(settings.IMPORT_UPLOAD_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    _sweep(directory)
    key = secrets.token_hex(16)
    file_path = directory / key / _safe_name(upload.name)
    file_path.parent.mkdir()
    with file_path.open("wb") as stream:
        for chunk in upload.chunks():
            stream.write(chunk)
    token = signing.dumps(
        {"key": key, "name": file_path.name, "user": user.pk, "sha256": _sha256(file_path)},
        salt=TOKEN_SALT,
    )
    return file_path, token


def stored_upload(token: str, user) -> Path | None:
    """The stored file a token names, if the token is genuine, not expired, this user's, and
    the file is still the one uploaded; else None."""
    try:
        claims = signing.loads(token, salt=TOKEN_SALT, max_age=settings.IMPORT_CONFIRM_SECONDS)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    key, name = claims.get("key", ""), claims.get("name", "")
    if claims.get("user") != user.pk or not UPLOAD_NAME.match(key) or name != _safe_name(name):
        return None
    file_path = Path(settings.IMPORT_UPLOAD_DIR) / key / name
    if not file_path.is_file() or _sha256(file_path) != claims.get("sha256"):
        return None
    return file_path


def outcome_counts(report) -> list[tuple[str, int]]:
    """How many rows each outcome has, in the order created, updated, unchanged."""
    found = [outcome for _, _, outcome in report.rows]
    return [(outcome, found.count(outcome)) for outcome in OUTCOME_LABELS if outcome in found]


def discard(file_path: Path) -> None:
    shutil.rmtree(file_path.parent, ignore_errors=True)


class EventImportMixin:
    """The "Import events" button and page, for an admin of events."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name=name), *super().get_urls()]

    def has_import_permission(self, request) -> bool:
        """Return True for active staff who may add and change events and places."""
        user = request.user
        return user.is_active and user.is_staff and user.has_perms(IMPORT_PERMISSIONS)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        context = {"form": UploadForm(), "errors": [], "report": None, "token": ""}
        status = 200
        if request.method == "POST" and "token" in request.POST:
            response = self._confirm(request, context)
            if response is not None:
                return response
            status = 400
        elif request.method == "POST":
            status = self._dry_run(request, context)
        return TemplateResponse(
            request,
            "admin/timeline/event_import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Import events",
                "shown_rows": SHOWN_ROWS,
                **context,
            },
            status=status,
        )

    def _dry_run(self, request, context) -> int:
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return 400
        file_path, token = store_upload(form.cleaned_data["file"], request.user)
        try:
            [report] = import_files([file_path], user=request.user, dry_run=True)
        except TableImportError as error:
            discard(file_path)
            context["errors"] = error.errors
            return 400
        context.update(
            report=report,
            file_name=file_path.name,
            counts=outcome_counts(report),
            rows=[
                (line, record_id, outcome, report.notes.get(line, ()))
                for line, record_id, outcome in report.rows[:SHOWN_ROWS]
            ],
            hidden_rows=max(0, len(report.rows) - SHOWN_ROWS),
            token=token,
            confirm_form=ConfirmForm(initial={"token": token}),
        )
        return 200

    def _confirm(self, request, context):
        form = ConfirmForm(request.POST)
        file_path = stored_upload(form.data.get("token", ""), request.user)
        if file_path is None:
            context["errors"] = [ERROR_TOKEN]
            return None
        try:
            [report] = import_files([file_path], user=request.user)
        except TableImportError as error:  # the database changed since the dry run
            context["errors"] = error.errors
            return None
        finally:
            discard(file_path)
        summary = ", ".join(
            f"{count} {OUTCOME_LABELS[outcome]}" for outcome, count in outcome_counts(report)
        )
        named = "; ".join(report.result.named_summary())
        messages.success(
            request,
            f"{file_path.name} imported: {summary or 'no rows'}" + (f"; {named}" if named else "."),
        )
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
