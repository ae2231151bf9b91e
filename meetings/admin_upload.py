"""The admin page "Upload meetings (CSV)" (/admin/meetings/meeting/upload/): a CSV in the export's `meetings`
layout is checked and previewed (new rows, changed rows with each field's old and new value, unchanged rows, errors
with their line numbers) before anything is written; "Import" then writes all of it or nothing
(meetings/importers/csv_meetings.py), every change recorded in the history under the editor's name."""

import io
import secrets

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .exports import _load, csv_cell, meeting_record, restore
from .importers.csv_meetings import COLUMNS, MeetingsCsvImport, read_rows
from .models import Meeting

MAX_BYTES = 2_000_000
# Columns the archive derives or writes itself: not compared.
NOT_COMPARED = {"id", "permalink", "last_updated"}


class UploadForm(forms.Form):
    file = forms.FileField(help_text="A CSV file in the export's meetings layout (as /meetings/export.csv gives).")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_BYTES // 1_000_000} MB: split it.")
        # The bytes as they are: the import's check names the line and offset of any that are not UTF-8.
        return upload.read()


def preview(data):
    """(result of a dry run, [(line, kind, title, changes)]) where kind is new, changed or unchanged and changes
    lists (column, old, new)."""
    result = MeetingsCsvImport().run(io.BytesIO(data), dry_run=True)
    if result.errors:
        return result, []
    rows = list(read_rows(io.BytesIO(data)))
    ids = [row.meeting_id for row in rows if row.meeting_id]
    current = {}
    for chunk_start in range(0, len(ids), 500):
        for meeting in _load(ids[chunk_start : chunk_start + 500]):
            record = meeting_record(meeting)
            current[meeting["id"]] = {name: restore(csv_cell(record[name])) for name in COLUMNS}
    lines = []
    for row in rows:
        old = current.get(row.meeting_id)
        if old is None:
            lines.append((row.line, "new", row.values["title"], []))
            continue
        changes = [
            (name, old.get(name, ""), row.values[name])
            for name in COLUMNS
            if name not in NOT_COMPARED and str(old.get(name, "")) != row.values[name]
        ]
        lines.append((row.line, "changed" if changes else "unchanged", row.values["title"], changes))
    return result, lines


def upload(model_admin, request):
    context = {**model_admin.admin_site.each_context(request), "opts": Meeting._meta, "title": "Upload meetings (CSV)"}
    if request.method == "POST" and "import" in request.POST:
        token = request.POST.get("token", "")
        stored = request.session.get("meeting_upload", {})
        if not token or stored.get("token") != token:
            messages.error(request, "This preview has expired: upload the file again.")
            return redirect(reverse("admin:meetings_meeting_upload"))
        importer = MeetingsCsvImport()
        importer.change_reason = f"CSV upload “{stored['name']}”"
        importer.user = request.user
        result = importer.run(io.StringIO(stored["text"]))
        del request.session["meeting_upload"]
        if result.errors:
            messages.error(request, f"Nothing was written: {len(result.errors)} problem(s) appeared since the preview.")
        else:
            messages.success(request, f"Imported: {result.created} new and {result.updated} updated meeting(s).")
        return redirect(reverse("admin:meetings_meeting_changelist"))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"]
        result, lines = preview(data)
        token = secrets.token_urlsafe(16)
        if result.unlisted:
            messages.warning(
                request, f"{result.error_count} problems in all: the first {len(result.errors)} are listed."
            )
        if not result.errors:
            # The check passed, so the file is UTF-8 text.
            text = data.decode("utf-8-sig")
            request.session["meeting_upload"] = {"token": token, "text": text, "name": request.FILES["file"].name}
        counts = {kind: sum(1 for line in lines if line[1] == kind) for kind in ("new", "changed", "unchanged")}
        context.update(result=result, lines=lines, counts=counts, token=token, previewed=True)
    context["form"] = form
    return TemplateResponse(request, "admin/meetings/meeting/upload.html", context)
