"""The admin page "New meeting from a report" (/admin/meetings/meeting/from-report/): paste a report, keep or drop
each suggestion of the article assistant (meetings/assistant.py), create the draft in one click. The report's text
is never stored; only the draft the editor creates."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from .assistant import Choices, NotCreated, create_draft, suggest
from .models import Country, Meeting


def add_links(result):
    """One click to add what the report names and the archive lacks: the admin's add forms, pre-filled."""
    codes = {p["country"] for p in result["participants"]} | {(result["summit"] or {}).get("country", "")}
    pks = dict(Country.objects.filter(code__in=codes - {""}).values_list("code", "pk"))
    for person in result["participants"]:
        if not person["known"]:
            query = {"name": person["name"], "office": person["office"], "country": pks.get(person["country"], "")}
            person["add_url"] = reverse("admin:meetings_leader_add") + "?" + urlencode(query)
    summit = result["summit"]
    if summit and not summit["known"]:
        query = {
            "name": summit["name"], "series": summit["series"], "city": summit["city"],
            "host_country": pks.get(summit["country"], ""), "start_date": result["date"], "end_date": result["date"],
        }  # fmt: skip
        summit["add_url"] = reverse("admin:meetings_summit_add") + "?" + urlencode(query)


class ReportForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14, "cols": 100}),
        max_length=12_000,
        help_text="The report: a news article or an official readout, pasted as text.",
    )
    url = forms.URLField(required=False, assume_scheme="https", help_text="Where it can be read (optional).")
    publisher = forms.CharField(
        required=False, max_length=200, help_text="Who published it (ANI, Ministry of External Affairs)."
    )
    published = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The report's date of publication: weekdays in the text are read from it (default: today).",
    )


def _int_list(values):
    found = []
    for value in values:
        try:
            found.append(int(value))
        except (TypeError, ValueError):
            continue
    return found


def choices_from(post, result):
    """The editor's choices from the suggestions page."""
    try:
        day = datetime.date.fromisoformat(post.get("date") or result["date"])
    except ValueError:
        day = None
    return Choices(
        participants=_int_list(post.getlist("participant")),
        summit=bool(post.get("summit")),
        date=day,
        kind=post.get("kind") or result["kind"],
        city=(post.get("city") or "").replace("\x00", "").strip(),
        country=(post.get("country") or "").strip().upper(),
        title=(post.get("title") or "").replace("\x00", "").strip(),
        summary=(post.get("summary") or "").replace("\x00", "").strip(),
        area_ids=_int_list(post.getlist("area")),
        statements=_int_list(post.getlist("statement")),
    )


def from_report(model_admin, request):
    """GET: the form. POST "analyse": the suggestions. POST "create": the draft, then its change form."""
    form = ReportForm(request.POST or None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Meeting._meta,
        "title": "New meeting from a report",
        "form": form,
        "kinds": Meeting.Kind.choices,
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        published = data["published"] or timezone.localdate()
        result = suggest(data["text"], published, url=data["url"], publisher=data["publisher"])
        if "create" in request.POST:
            try:
                meeting = create_draft(result, choices_from(request.POST, result), user=request.user)
            except NotCreated as error:
                messages.error(request, str(error))
            except forms.ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, "Draft created from the report: check it, then publish.")
                return redirect(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
        area_choices = [
            {"id": pk, "name": name, "evidence": result["area_evidence"].get(name, "")}
            for pk, name in zip(result["area_ids"], result["areas"], strict=True)
        ]
        add_links(result)
        context.update(result=result, published=published, analysed=True, area_choices=area_choices)
    return TemplateResponse(request, "admin/meetings/meeting/from_report.html", context)
