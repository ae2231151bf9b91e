"""The editors' admin: one ModelAdmin per model; the Meeting page holds everything a report needs."""

import copy
import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .admin_locking import OptimisticLockAdmin
from .admin_submissions import OneObjectPerAddForm
from .models import (
    CooperationArea,
    Correction,
    CorrectionRequest,
    Country,
    ImportedRecord,
    Leader,
    LeaderIdentifier,
    Meeting,
    MeetingArea,
    OldSlug,
    Participation,
    Source,
    Statement,
    Summit,
    Term,
)
from .warnings import leader_warnings, meeting_warnings

# Editors paste addresses without a scheme; assume https rather than http.
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}


def _is_id(value):
    text = str(value)
    return text.isascii() and text.isdigit() and 0 < int(text) < 2**63


class ValidIdsOnly:
    """Autocomplete widgets redraw a refused form by looking up the posted ids: an id that is no id at all ("abc",
    2^63) would crash that lookup, so it is left out (the field already carries its error)."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if _is_id(v)], attr)


class SafeAutocompleteSelect(ValidIdsOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(ValidIdsOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocomplete:
    """For every ModelAdmin and inline here: autocomplete widgets that survive any posted value."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class HistoryAdmin(SimpleHistoryAdmin):
    """Every change kept and viewable (django-simple-history); reverting is a chief editor's right."""

    def revert_disabled(self, request, obj=None):
        return not request.user.has_perm("meetings.revert_history") or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ArchiveAdmin(OptimisticLockAdmin, OneObjectPerAddForm, SafeAutocomplete, admin.ModelAdmin):
    def changelist_view(self, request, extra_context=None):
        # A date drill-down such as ?date__year=99999999999999999999 overflows before Django's own checks.
        try:
            return super().changelist_view(request, extra_context)
        except (OverflowError, IncorrectLookupParameters):
            return HttpResponseRedirect(request.path + "?e=1")


@admin.register(Country)
class CountryAdmin(ArchiveAdmin):
    list_display = ["code", "name", "is_organisation", "is_former"]
    list_filter = ["is_organisation", "is_former"]
    search_fields = ["code", "name", "aliases"]

    def get_search_results(self, request, queryset, search_term):
        """Today's states whose name starts with the words typed first: "Russia" finds Russia before the
        Byelorussian SSR."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            rank = models.Case(
                models.When(code__iexact=term, then=0),
                models.When(name__istartswith=term, then=1),
                models.When(name__icontains=f" {term}", then=2),
                default=3,
                output_field=models.IntegerField(),
            )
            queryset = queryset.annotate(search_rank=rank).order_by("search_rank", "is_former", "name")
        return queryset, may_have_duplicates


class LeaderIdentifierInline(admin.TabularInline):
    model = LeaderIdentifier
    extra = 0


class TermInline(SafeAutocomplete, admin.TabularInline):
    model = Term
    extra = 0
    autocomplete_fields = ["country"]
    fields = ["office", "country", "start", "start_precision", "end", "end_precision", "source", "source_url"]


@admin.register(LeaderIdentifier)
class LeaderIdentifierAdmin(ArchiveAdmin):
    list_display = ["leader", "scheme", "value"]
    list_filter = ["scheme"]
    list_select_related = ["leader"]
    search_fields = ["value", "leader__name"]
    autocomplete_fields = ["leader"]


@admin.register(Term)
class TermAdmin(ArchiveAdmin):
    list_display = ["leader", "office", "country", "start", "end"]
    list_select_related = ["leader", "country"]
    search_fields = ["office", "leader__name", "source"]
    autocomplete_fields = ["leader", "country"]


class SaveAnywayButton(forms.CheckboxInput):
    """The confirmation of a form's warnings: one click on a "Save anyway" button beside them (the button sends the
    field). Shown only where warnings were found: without them the row is hidden (static/css/admin.css)."""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<button type="submit" name="{}" value="on" class="button default save-anyway">Save anyway</button>', name
        )


class WarningsForm(forms.ModelForm):
    """A form whose likely mistakes (meetings/warnings.py) stop the save, listed at the field "Save anyway", until
    the editor confirms them with one click on the "Save anyway" button. Subclasses give ``warnings(cleaned)`` and
    the field's help text."""

    save_anyway = forms.BooleanField(required=False, label="Warnings", widget=SaveAnywayButton)
    save_anyway_help = ""

    class Media:
        css = {"all": ["css/admin.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["save_anyway"].help_text = self.save_anyway_help

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("save_anyway"):
            found = self.warnings(cleaned)
            if found:
                self.add_error("save_anyway", [forms.ValidationError(w) for w in found])
        return cleaned

    def warnings(self, cleaned):
        return []


class LeaderAdminForm(WarningsForm):
    save_anyway_help = "Click “Save anyway” after checking the leaders listed above, if this is another person."

    class Meta:
        model = Leader
        fields = "__all__"  # noqa: DJ007 — the ModelAdmin's fields choose

    def warnings(self, cleaned):
        """A likely duplicate (the same or a near name in the same country), when a name is given or changed."""
        if self.instance.pk and not {"name", "country"} & set(self.changed_data):
            return []
        return leader_warnings(
            Leader(pk=self.instance.pk, name=cleaned.get("name", ""), country=cleaned.get("country"))
        )


@admin.register(Leader)
class LeaderAdmin(HistoryAdmin, ArchiveAdmin):
    form = LeaderAdminForm
    inlines = [TermInline, LeaderIdentifierInline]
    list_display = ["name", "office", "country", "took_office", "left_office", "wikidata_id"]
    list_filter = ["country__is_organisation"]
    list_select_related = ["country"]
    search_fields = ["name", "aliases", "slug", "office", "country__name", "country__code"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name", "slug", "country", "office", ("took_office", "left_office"), "aliases", "wikidata_id", "save_anyway",
    ]  # fmt: skip
    actions = ["merge_selected"]

    def get_search_results(self, request, queryset, search_term):
        """Whole names first: "Xi" finds Xi Jinping before the leaders of Mexico (a match inside a word comes last)."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            rank = models.Case(
                models.When(name__iexact=term, then=0),
                models.When(name__istartswith=term, then=1),
                models.When(name__icontains=f" {term}", then=2),
                models.When(aliases__istartswith=term, then=3),
                models.When(aliases__icontains=f"\n{term}", then=3),
                models.When(name__icontains=term, then=4),
                default=5,
                output_field=models.IntegerField(),
            )
            queryset = queryset.annotate(search_rank=rank).order_by("search_rank", "name")
        if request.path.endswith("/autocomplete/"):
            # Years shown in the type-ahead (Leader.__str__): which of two namesakes is meant.
            queryset = queryset.annotate(
                first_year=models.Min("participations__meeting__date__year"),
                last_year=models.Max("participations__meeting__date__year"),
            )
        return queryset, may_have_duplicates

    @admin.action(description="Merge the selected leaders (the same person entered twice)", permissions=["change"])
    def merge_selected(self, request, queryset):
        """A confirmation page chooses the leader to keep; the others are folded into it (Leader.merge)."""
        leaders = list(queryset.select_related("country").annotate(meeting_count=models.Count("participations")))
        if len(leaders) < 2:
            self.message_user(request, "Select at least two leaders to merge.", messages.WARNING)
            return None
        if "keep" in request.POST:
            keep = next((leader for leader in leaders if str(leader.pk) == request.POST["keep"]), None)
            if keep is None:
                self.message_user(request, "Choose the leader to keep among those selected.", messages.ERROR)
                return None
            try:
                keep.merge([leader for leader in leaders if leader.pk != keep.pk], user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(request, f"Merged {len(leaders) - 1} leader(s) into {keep.name}.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge leaders",
            "leaders": sorted(leaders, key=lambda leader: -leader.meeting_count),
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meetings/leader/merge.html", context)


@admin.register(Summit)
class SummitAdmin(HistoryAdmin, ArchiveAdmin):
    list_display = ["name", "series", "host_country", "city", "start_date", "end_date"]
    list_filter = ["series"]
    list_select_related = ["host_country"]
    search_fields = ["name", "city", "slug"]
    autocomplete_fields = ["host_country"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "start_date"
    formfield_overrides = URL_FIELD_OVERRIDES


@admin.register(CooperationArea)
class CooperationAreaAdmin(ArchiveAdmin):
    list_display = ["__str__", "slug", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "keywords", "parent__name"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        # The "parent" autocomplete only offers top-level areas: there are two levels.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "parent" and request.GET.get("model_name") == "cooperationarea":
            queryset = queryset.filter(parent__isnull=True)
        # Each parent, then its sub-topics: "Technology", "Technology › Artificial intelligence"…
        family = Coalesce("parent__name", "name")
        queryset = queryset.annotate(family=family).order_by("family", models.F("parent").asc(nulls_first=True), "name")
        return queryset, may_have_duplicates


class PublishingRuleFormSet(BaseInlineFormSet):
    """An inline formset that refuses too few rows when the meeting is being published."""

    minimum_to_publish = 0
    rows_name = ""

    def clean(self):
        super().clean()
        if self.instance.status != Meeting.Status.PUBLISHED:
            return
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        if len(kept) < self.minimum_to_publish:
            raise ValidationError(
                f"A published meeting needs at least {self.minimum_to_publish} {self.rows_name}. "
                "Add them here, or save the meeting as a draft."
            )


class ParticipationFormSet(PublishingRuleFormSet):
    minimum_to_publish = 2
    rows_name = "participants"

    def clean(self):
        """The same leader twice is named, at the second row, not Django's "Please correct the duplicate data"."""
        seen = {}
        for form in self.forms:
            leader = form.cleaned_data.get("leader") if hasattr(form, "cleaned_data") else None
            if leader is None or (self.can_delete and self._should_delete_form(form)):
                continue
            if leader.pk in seen:
                form.add_error(
                    "leader", f"{leader.name} is already a participant of this meeting (row {seen[leader.pk]})."
                )
            else:
                seen[leader.pk] = len(seen) + 1
        super().clean()

    def validate_unique(self):
        pass  # said above, at the row (the database's constraint still holds)


class SourceFormSet(PublishingRuleFormSet):
    minimum_to_publish = 1
    rows_name = "source"


class ParticipationInline(SafeAutocomplete, admin.TabularInline):
    model = Participation
    formset = ParticipationFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Narrow enough for a 1,366-pixel screen: every column in view.
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widths = {"office": 22, "country_name": 14, "order": 3}
        if db_field.name in widths and field is not None:
            field.widget.attrs.update(size=widths[db_field.name], style=f"width: {widths[db_field.name] + 2}ch")
        return field

    autocomplete_fields = ["leader", "country"]
    fields = ["order", "leader", "office", "country", "country_name"]
    extra = 2
    verbose_name_plural = "participants (office and country are copied from the leader when left empty)"


class SourceInline(SafeAutocomplete, admin.TabularInline):
    model = Source
    formset = SourceFormSet
    fields = ["publisher", "title", "url", "published_on"]
    extra = 1
    formfield_overrides = URL_FIELD_OVERRIDES


class NewSourceRow(int):
    """A statement's source given as a row of the sources being added in the same form (``new-<row>``)."""


class StatementSourceField(forms.ModelChoiceField):
    """This meeting's saved sources, or ``new-<row>``: a source typed into the same form and not saved yet (the
    choice static/js/statement-sources.js offers as the editor types it)."""

    def to_python(self, value):
        if isinstance(value, str) and value.startswith("new-"):
            row = value.removeprefix("new-")
            if row.isascii() and row.isdigit() and int(row) < 1000:
                return NewSourceRow(row)
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def validate(self, value):
        if not isinstance(value, NewSourceRow):
            super().validate(value)

    def has_changed(self, initial, data):
        return str(data or "").startswith("new-") or super().has_changed(initial, data)


class StatementSourceSelect(forms.Select):
    """Keeps a ``new-<row>`` choice across a form shown again with errors (the script restores it)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if str(value or "").startswith("new-"):
            context["widget"]["attrs"]["data-value"] = str(value)
        return context


class StatementForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        self.source_row = source if isinstance(source, NewSourceRow) else None
        if self.source_row is not None:
            cleaned["source"] = None  # set to the new source once it is saved (MeetingAdmin.save_related)
        return cleaned


class StatementFormSet(BaseInlineFormSet):
    def clean(self):
        """A ``new-<row>`` source must be a row of the sources being added that is filled in and kept."""
        super().clean()
        total = str(self.data.get("sources-TOTAL_FORMS", "0"))
        rows = min(int(total), 1000) if total.isascii() and total.isdigit() else 0
        for form in self.forms:
            row = getattr(form, "source_row", None)
            if row is None or (self.can_delete and self._should_delete_form(form)):
                continue
            filled = any(str(self.data.get(f"sources-{row}-{name}", "")).strip() for name in ("title", "url"))
            if row >= rows or not filled or self.data.get(f"sources-{row}-DELETE"):
                form.add_error("source", "That source is not among the sources of this form any more: choose again.")


class StatementInline(SafeAutocomplete, admin.StackedInline):
    model = Statement
    form = StatementForm
    formset = StatementFormSet
    autocomplete_fields = ["leader"]
    fields = [("leader", "kind", "order"), "text", "source"]
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":
            # This meeting's saved sources; sources typed into the form are offered as "new-<row>" as they are typed.
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Source.objects.filter(meeting_id=object_id) if object_id else Source.objects.none()
            kwargs["form_class"] = StatementSourceField
            kwargs.setdefault("widget", StatementSourceSelect(attrs={"class": "statement-source"}))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ImportedRecordInline(SafeAutocomplete, admin.TabularInline):
    model = ImportedRecord
    fields = ["dataset", "record_id", "part", "created_meeting", "record_created", "record_modified", "imported_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "imported from (provenance)"

    def has_add_permission(self, request, obj=None):
        return False


class NeedsReviewFilter(admin.SimpleListFilter):
    """The editors' work list: drafts an import could not read completely."""

    title = "needs review"
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return [("yes", "Yes: an import left a reason"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(review_reason="")
        if self.value() == "no":
            return queryset.filter(review_reason="")
        return queryset


class TopicsField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # Refused before the lookup: on SQLite an id of 2^63 would overflow inside it.
        for pk in value:
            if not _is_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class MeetingAdminForm(WarningsForm):
    # The areas go through MeetingArea (so that an area in use cannot be deleted), which the admin
    # does not edit directly: this field offers the usual autocomplete and saves the links.
    topics = TopicsField(
        label="Cooperation areas",
        queryset=CooperationArea.objects.select_related("parent"),
        required=False,
        widget=SafeAutocompleteSelectMultiple(Meeting._meta.get_field("areas"), admin.site),
        help_text=Meeting._meta.get_field("areas").help_text,
    )

    save_anyway_help = "Click “Save anyway” after reading the warnings above, if the meeting is right as it is."

    class Meta:
        model = Meeting
        fields = "__all__"  # noqa: DJ007 — the ModelAdmin's fieldsets choose the fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["topics"].initial = list(self.instance.areas.all())

    def inline_ids(self, prefix, field):
        """The ids a field of an inline's rows holds in the posted data (rows marked for deletion aside)."""
        ids = []
        total = self.data.get(f"{prefix}-TOTAL_FORMS", "0")
        total = str(total)
        for index in range(min(int(total), 1000) if total.isascii() and total.isdigit() else 0):
            value = self.data.get(f"{prefix}-{index}-{field}", "")
            # An id no row can have (2^63 and beyond) is the field's own error, not a warning's.
            value = str(value)
            if (
                value.isascii()
                and value.isdigit()
                and int(value) < 2**63 - 1
                and not self.data.get(f"{prefix}-{index}-DELETE")
            ):
                ids.append(int(value))
        return ids

    def warnings(self, cleaned):
        """Duplicate meeting, terms, summit dates and place, statements by non-participants."""
        meeting = self.instance
        for name in ("date", "summit", "city"):
            if name in cleaned:
                setattr(meeting, name, cleaned[name])
        return meeting_warnings(
            meeting, self.inline_ids("participations", "leader"), self.inline_ids("statements", "leader")
        )

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.areas.set(self.cleaned_data["topics"])


class CorrectionInline(admin.TabularInline):
    """Corrections of a published fact, listed on the public page ("Corrected on …: …")."""

    model = Correction
    fields = ["corrected_on", "note", "request"]
    raw_id_fields = ["request"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin, ArchiveAdmin):
    form = MeetingAdminForm
    list_display = [
        "title_or_placeholder", "date", "kind", "countries", "summit", "status", "review_reason", "updated_at",
        "updated_by",
    ]  # fmt: skip
    list_display_links = ["title_or_placeholder"]
    list_filter = ["status", NeedsReviewFilter, "kind", ("areas", admin.RelatedOnlyFieldListFilter), "date"]
    list_select_related = ["summit"]
    search_fields = ["title", "summary", "slug", "participants__name", "city", "summit__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["summit", "country"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParticipationInline, StatementInline, SourceInline, CorrectionInline, ImportedRecordInline]
    readonly_fields = [
        "published_at", "created_at", "updated_at", "created_by", "updated_by", "published_by", "report_preview",
    ]  # fmt: skip
    actions = ["publish_selected", "unpublish_selected", "export_selected"]
    save_on_top = True
    change_list_template = "admin/meetings/meeting/change_list.html"

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/markdown-preview.js", "js/statement-sources.js"]

    def get_urls(self):
        from django.urls import path

        from .admin_report import from_report
        from .admin_upload import upload

        def needs(*perms):
            def wrap(view):
                def checked(request):
                    if not request.user.has_perms([f"meetings.{perm}" for perm in perms]):
                        raise PermissionDenied
                    return view(request)

                return checked

            return wrap

        # Drafting from a report adds meetings (and the leaders and summits the editor keeps); an upload writes
        # published meetings.
        view = self.admin_site.admin_view(needs("add_meeting")(lambda request: from_report(self, request)))
        upload_view = self.admin_site.admin_view(
            needs("add_meeting", "change_meeting", "publish_meeting")(lambda request: upload(self, request))
        )

        def markdown_preview(request):
            from django.http import HttpResponse, HttpResponseNotAllowed

            from .markdown import render_markdown

            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            # Sanitised by render_markdown (Markdown, then nh3), as on the public page.
            return HttpResponse(render_markdown(request.POST.get("text", "")[:100_000]), content_type="text/html")

        preview_view = self.admin_site.admin_view(needs("change_meeting")(markdown_preview))
        return [
            path("markdown-preview/", preview_view, name="meetings_meeting_markdown_preview"),
            path("from-report/", view, name="meetings_meeting_from_report"),
            path("upload/", upload_view, name="meetings_meeting_upload"),
            *super().get_urls(),
        ]

    fieldsets = [
        (None, {"fields": ["title", "slug", ("date", "end_date"), "kind", "status", "review_reason", "save_anyway"]}),
        ("Where", {"fields": ["summit", ("city", "country"), "country_name"]}),
        ("What", {"fields": ["topics", "summary", "report", "report_preview"]}),
        (
            "Record",
            {
                "classes": ["collapse"],
                "fields": [
                    ("created_at", "created_by"),
                    ("updated_at", "updated_by"),
                    ("published_at", "published_by"),
                ],
            },
        ),
    ]

    @admin.display(description="title", ordering="title")
    def title_or_placeholder(self, obj):
        return str(obj)

    @admin.display(description="countries")
    def countries(self, obj):
        return ", ".join(sorted({p.country.code for p in obj.participations.all()}))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("participations__country").select_related("updated_by")

    @admin.display(description="report, as the page shows it")
    def report_preview(self, obj):
        return obj.report_html if obj and obj.report else "—"

    @admin.action(description="Export the selected meetings as CSV (meetings layout)", permissions=["view"])
    def export_selected(self, request, queryset):
        from django.http import StreamingHttpResponse

        from .exports import csv_lines

        response = StreamingHttpResponse(
            csv_lines(queryset.order_by("-date", "-id"), "meetings", bom=True), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="meetings-selected.csv"'
        return response

    def save_model(self, request, obj, form, change):
        if change and not self.has_publish_permission(request):
            # Only a role that publishes changes the status, whatever path the form took (a history revert too).
            obj.status = Meeting.objects.filter(pk=obj.pk).values_list("status", flat=True).first() or obj.status
        # A summit chosen gives its city and country when the editor gave none (on its sidelines, there).
        if obj.summit_id and not obj.city and not obj.country_id:
            obj.city, obj.country_id = obj.summit.city, obj.summit.host_country_id
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if obj.status == Meeting.Status.PUBLISHED and obj.published_by_id is None:
            obj.published_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Sources first, so that a statement citing a source typed into the same form ("new-<row>") finds it saved.
        form.save_m2m()
        sources = [formset for formset in formsets if formset.model is Source]
        for formset in sources + [formset for formset in formsets if formset.model is not Source]:
            if formset.model is Statement and sources:
                for statement_form in formset.forms:
                    row = getattr(statement_form, "source_row", None)
                    if row is not None and row < len(sources[0].forms) and sources[0].forms[row].instance.pk:
                        statement_form.instance.source = sources[0].forms[row].instance
            self.save_formset(request, form, formset, change=change)
        meeting = form.instance
        # A statement entered with the meeting's first source, before that source existed to be chosen, cites it
        # when the meeting has only that one.
        sources = list(meeting.sources.all()[:2])
        if len(sources) == 1:
            meeting.statements.filter(source__isnull=True).update(source=sources[0])
        meeting.refresh_search_text()

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting a meeting gives back its participants, sources, topics and statements too, as they were until
        its next change."""
        with transaction.atomic():
            return self._revert_with_parts(request, object_id, version_id, extra_context)

    def _revert_with_parts(self, request, object_id, version_id, extra_context):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            from .history import restore_parts

            version = Meeting.history.get(history_id=version_id)
            later = Meeting.history.filter(id=version.id, history_date__gt=version.history_date).order_by(
                "history_date"
            )
            moment = later.values_list("history_date", flat=True).first()
            moment = moment - datetime.timedelta(microseconds=1) if moment else timezone.now()
            skipped = restore_parts(Meeting.objects.get(pk=version.id), moment, user=request.user)
            if skipped:
                messages.warning(request, "Not restored, as what they refer to is gone: " + "; ".join(skipped))
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # A topic the archive lacks can be added from the meeting's page, as a leader can ("+").
        from django.contrib.admin.widgets import RelatedFieldWidgetWrapper

        field = form.base_fields["topics"] = copy.deepcopy(form.base_fields["topics"])  # not the shared one
        if not isinstance(field.widget, RelatedFieldWidgetWrapper):
            field.widget = RelatedFieldWidgetWrapper(
                field.widget,
                Meeting._meta.get_field("areas").remote_field,
                self.admin_site,
                can_add_related=request.user.has_perm("meetings.add_cooperationarea"),
                can_change_related=False,
                can_delete_related=False,
                can_view_related=False,
            )
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # a new meeting has no review reason yet
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "review_reason"]})
                for name, options in fieldsets
            ]
        return fieldsets

    def get_inline_instances(self, request, obj=None):
        # "Imported from" only for a meeting that came from an import.
        inlines = super().get_inline_instances(request, obj)
        if obj is None or not obj.imported_records.exists():
            inlines = [inline for inline in inlines if not isinstance(inline, ImportedRecordInline)]
        return inlines

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "title" and field is not None:
            field.widget.attrs["size"] = 110  # the whole title in view, not 30 characters of it
        if db_field.name == "report" and field is not None:
            field.widget.attrs["data-preview-url"] = reverse("admin:meetings_meeting_markdown_preview")
        return field

    def has_publish_permission(self, request):
        return request.user.has_perm("meetings.publish_meeting")

    def get_readonly_fields(self, request, obj=None):
        # Publishing and unpublishing are a role's right (meetings/roles.py), not every editor's who may change.
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if self.has_publish_permission(request) else [*readonly, "status"]

    @admin.action(description="Publish the selected meetings", permissions=["publish"])
    def publish_selected(self, request, queryset):
        published = 0
        for meeting in queryset.filter(status=Meeting.Status.DRAFT):
            try:
                meeting.publish(user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                published += 1
        if published:
            self.message_user(request, f"Published {published} meeting(s).", messages.SUCCESS)

    @admin.action(description="Return the selected meetings to draft", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = 0
        for meeting in queryset.filter(status=Meeting.Status.PUBLISHED):
            meeting.status = Meeting.Status.DRAFT
            meeting.updated_by = request.user
            meeting.save(update_fields=["status", "updated_by", "updated_at"])
            count += 1
        self.message_user(request, f"Returned {count} meeting(s) to draft.", messages.SUCCESS)


class MeetingPartAdmin(HistoryAdmin, ArchiveAdmin):
    """Participations and sources on their own pages. A published meeting keeps what publishing needs: a part it
    cannot lose is neither deleted nor moved to another meeting here (the meeting's own page says why)."""

    minimum_to_publish = 0

    def get_readonly_fields(self, request, obj=None):
        return ["meeting"] if obj else []

    def get_actions(self, request):
        # Bulk deletion would skip the per-meeting check below.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.meeting.is_published:
            remaining = type(obj).objects.filter(meeting=obj.meeting).exclude(pk=obj.pk).count()
            if remaining < self.minimum_to_publish:
                return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        obj.meeting.refresh_search_text()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        obj.meeting.refresh_search_text()


@admin.register(Participation)
class ParticipationAdmin(MeetingPartAdmin):
    list_display = ["leader", "office", "country", "meeting"]
    list_select_related = ["leader", "country", "meeting"]
    search_fields = ["leader__name", "office", "meeting__title"]
    autocomplete_fields = ["meeting", "leader", "country"]
    minimum_to_publish = ParticipationFormSet.minimum_to_publish


@admin.register(Source)
class SourceAdmin(MeetingPartAdmin):
    list_display = ["publisher", "title", "published_on", "meeting"]
    list_select_related = ["meeting"]
    search_fields = ["publisher", "title", "url", "meeting__title"]
    autocomplete_fields = ["meeting"]
    formfield_overrides = URL_FIELD_OVERRIDES
    minimum_to_publish = SourceFormSet.minimum_to_publish


@admin.register(Statement)
class StatementAdmin(HistoryAdmin, ArchiveAdmin):
    list_display = ["__str__", "kind", "meeting"]
    list_select_related = ["leader", "meeting"]
    list_filter = ["kind"]
    search_fields = ["text", "leader__name", "meeting__title"]
    autocomplete_fields = ["meeting", "leader", "source"]


@admin.register(ImportedRecord)
class ImportedRecordAdmin(ArchiveAdmin):
    list_display = ["__str__", "meeting", "created_meeting", "record_modified", "imported_at"]
    list_filter = ["dataset", "created_meeting"]
    list_select_related = ["meeting"]
    search_fields = ["record_id", "part", "meeting__title"]
    readonly_fields = [
        "meeting",
        "dataset",
        "record_id",
        "part",
        "created_meeting",
        "record_created",
        "record_modified",
    ]


class ReadOnlyAdmin(ArchiveAdmin):
    """Listed and viewed, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MeetingArea)
class MeetingAreaAdmin(ReadOnlyAdmin):
    """Read only: a meeting's areas are chosen on the meeting's page."""

    list_display = ["meeting", "area"]
    list_select_related = ["meeting", "area__parent"]
    search_fields = ["meeting__title", "area__name"]


@admin.register(OldSlug)
class OldSlugAdmin(ReadOnlyAdmin):
    """Former slugs whose URLs redirect: kept so that citations never break, so read only."""

    list_display = ["slug", "model", "object_id"]
    list_filter = ["model"]
    search_fields = ["slug"]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ArchiveAdmin):
    """The inbox of corrections the public suggested: read, answer, mark accepted or rejected. Accepting changes
    nothing by itself: correct the meeting, and add a correction on its page if a published fact was wrong."""

    list_display = ["created_at", "meeting", "status", "short_text", "handled_by"]
    list_filter = ["status"]
    list_select_related = ["meeting", "handled_by"]
    search_fields = ["text", "meeting__title"]
    readonly_fields = ["meeting", "meeting_link", "text", "source_url", "email", "created_at", "handled_by"]
    fields = ["meeting_link", "text", "source_url", "email", "created_at", "status", "reply", "handled_by"]

    def has_add_permission(self, request):
        return False  # suggestions come from the public form

    @admin.display(description="what is wrong")
    def short_text(self, obj):
        return obj.text[:80]

    @admin.display(description="meeting")
    def meeting_link(self, obj):
        from django.urls import reverse

        change = reverse("admin:meetings_meeting_change", args=[obj.meeting_id])
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">public page</a>)', change, obj.meeting, obj.meeting.get_absolute_url()
        )

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data or "reply" in form.changed_data:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Correction)
class CorrectionAdmin(HistoryAdmin, ArchiveAdmin):
    list_display = ["corrected_on", "meeting", "note"]
    list_select_related = ["meeting"]
    search_fields = ["note", "meeting__title"]
    raw_id_fields = ["meeting", "request"]
