"""Optimistic locking in the admin: two editors who open the same meeting, leader or summit never silently undo
each other's changes.

The change form carries the version it was opened on (``_edit_version``, templates/admin/change_form.html). A save
compares it with the stored version, holding the row (``select_for_update``) in the saving transaction; when
someone saved in between, nothing is written and the form says who changed what, field by field, from the
history. Every save counts a version (``EditVersion`` in meetings/models/base.py)."""

from django import forms
from django.utils.html import format_html, format_html_join

FIELD = "_edit_version"
SHOWN_CHANGES = 5


def posted_version(request):
    value = str(request.POST.get(FIELD, ""))
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


def changes_since(model, pk, seen, current):
    """(who, when, [(field, old, new)]) of the saves after version ``seen``, newest first, from the history."""
    records = list(
        model.history.filter(id=pk).order_by("-history_date", "-history_id")[: min(current - seen, SHOWN_CHANGES) + 1]
    )
    described = []
    for newer, older in zip(records, records[1:], strict=False):
        delta = newer.diff_against(older)
        described.append((newer.history_user, newer.history_date, [(c.field, c.old, c.new) for c in delta.changes]))
    return described


def stale_message(model, pk, seen, current):
    changes = changes_since(model, pk, seen, current)
    lines = format_html_join(
        "",
        "<li>{} at {}: {}</li>",
        (
            (
                who or "an import or a script",
                f"{when:%Y-%m-%d %H:%M:%S} UTC",
                "; ".join(f"{field}: “{old}” → “{new}”" for field, old, new in fields) or "no field of the form",
            )
            for who, when, fields in changes
        ),
    )
    return format_html(
        "Someone else saved this {} after you opened it, so nothing was saved: your changes are still in the form. "
        "Their changes:<ul>{}</ul>Open the page again to see the current version, then make your changes there.",
        model._meta.verbose_name,
        lines,
    )


class OptimisticLockAdmin:
    """A ModelAdmin mixin for models with ``edit_version``."""

    def locked(self):
        return any(field.name == "edit_version" for field in self.model._meta.fields)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and self.locked():
            posted = posted_version(request) if request.method == "POST" else None
            context["edit_version"] = posted if posted is not None else obj.edit_version
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None or not obj.pk or not self.locked() or request.method != "POST":
            return form
        seen = posted_version(request)
        if seen is None:
            return form
        model = self.model

        class Locked(form):
            def clean(self):
                cleaned = super().clean()
                current = model.objects.select_for_update().filter(pk=obj.pk).values_list("edit_version", flat=True)
                current = current.first()
                if current is not None and current != seen:
                    raise forms.ValidationError(stale_message(model, obj.pk, seen, current), code="stale")
                return cleaned

        Locked.__name__ = form.__name__
        return Locked
