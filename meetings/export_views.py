"""Downloads of exactly what the list shows (all pages), and the data page that documents them."""

import datetime

from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from . import exports
from .filters import MeetingFilter
from .models import Country, Meeting

EXPORT_PARAMETERS = {"layout", "bom", "format"}


def _bad_request(reason):
    return HttpResponseBadRequest(f"{reason}\n", content_type="text/plain; charset=utf-8")


def _validated(request):
    """(filterset, None) or (None, a 400 response): everything is checked before the first byte is sent."""
    params = request.GET.copy()
    for name in EXPORT_PARAMETERS:
        params.pop(name, None)
    filterset = MeetingFilter(params, queryset=Meeting.objects.published())
    if not filterset.form.is_valid():
        reasons = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in filterset.form.errors.items())
        return None, _bad_request(f"Bad filter value: {reasons}")
    return filterset, None


def site_address(request):
    """The address the site is being read at (http://archive.example.org): the exports' permalinks, the data page's
    examples and a meeting's "cite this" (request.build_absolute_uri) all name this host. The export_meetings
    command, which has no request, uses the SITE_URL setting instead."""
    return request.build_absolute_uri("/").rstrip("/")


def _streaming(chunks, content_type, filename, rows):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Row-Count"] = str(rows)
    return response


@require_safe
def export_csv(request):
    layout = request.GET.get("layout", "meetings")
    if layout not in exports.LAYOUTS:
        return _bad_request(f"Unknown layout “{layout[:40]}”: use one of {', '.join(exports.LAYOUTS)}.")
    bom = request.GET.get("bom", "0")
    if bom not in {"0", "1"}:
        return _bad_request("bom must be 0 or 1.")
    filterset, error = _validated(request)
    if error:
        return error
    meetings = filterset.qs
    name = exports.file_name(filterset.active_filters(), "csv", layout, datetime.date.today())
    return _streaming(
        exports.csv_lines(meetings, layout, bom=bom == "1", site_url=site_address(request)),
        "text/csv; charset=utf-8",
        name,
        exports.row_count(meetings, layout),
    )


@require_safe
def export_json(request):
    fmt = request.GET.get("format", "json")
    if fmt not in {"json", "jsonl"}:
        return _bad_request("format must be json or jsonl.")
    if request.GET.get("layout", "meetings") != "meetings":
        return _bad_request("JSON holds the meetings layout (participants, topics and sources are nested).")
    filterset, error = _validated(request)
    if error:
        return error
    meetings = filterset.qs
    name = exports.file_name(filterset.active_filters(), fmt, "meetings", datetime.date.today())
    site_url = site_address(request)
    if fmt == "jsonl":
        chunks = exports.json_lines(meetings, site_url=site_url)
        return _streaming(chunks, "application/x-ndjson; charset=utf-8", name, meetings.count())
    return _streaming(
        exports.json_array(meetings, site_url=site_url), "application/json; charset=utf-8", name, meetings.count()
    )


@require_safe
def data_page(request):
    site_url = site_address(request)
    # Reached from a list's "how to cite" link, the citation and the download examples keep that list's filters;
    # otherwise an example.
    example = query = "?country=jp&country=in"
    params = request.GET.copy()
    params.pop("page", None)
    if params and MeetingFilter(params, queryset=Meeting.objects.published()).form.is_valid():
        query = f"?{params.urlencode()}"
    context = {
        "layouts": [(name, exports.LAYOUT_NOTES[name], columns) for name, columns in exports.LAYOUTS.items()],
        "json_nested": exports.JSON_NESTED,
        "kinds": Meeting.Kind.choices,
        "organisations": Country.objects.filter(is_organisation=True).order_by("code"),
        "changelog": exports.CHANGELOG,
        "format_version": exports.FORMAT_VERSION,
        "licence": exports.LICENCE,
        "separator": exports.MULTI_SEPARATOR,
        "today": datetime.date.today(),
        "site_url": site_url,
        "query": query,
        "cited_url": f"{site_url}{reverse('meeting_list')}{query}",
        "is_example": query == example,
    }
    return render(request, "meetings/data.html", context)
