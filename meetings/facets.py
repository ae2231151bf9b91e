"""Facet counts for a set of meetings, and the links that add or remove a filter value."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.db.models import CharField, Count, IntegerField
from django.db.models.functions import Cast, ExtractYear, Substr

from .filters import MULTI_VALUED
from .models import Meeting, MeetingArea, Participation


def query_with(params, name, value=None, *, add=False, remove=False):
    """A query string from ``params`` (a QueryDict) with one value added, removed, or set; page reset.

    Values are compared without regard to case (country=JP is country=jp); only the parameters that take several
    values are split on commas, and removing a value of any other parameter removes the parameter.
    """
    data = params.copy()
    data.pop("page", None)
    if name in MULTI_VALUED:
        values = [v.strip() for raw in data.getlist(name) for v in raw.split(",") if v.strip()]
    else:
        values = data.getlist(name)
    given = {v.lower() for v in values}
    if add:
        values = [*values, value] if str(value).lower() not in given else values
    elif remove:
        values = [v for v in values if v.lower() != str(value).lower()] if name in MULTI_VALUED else []
    else:
        values = [value] if value not in (None, "") else []
    data.setlist(name, values)
    pairs = [(key, v) for key in data for v in data.getlist(key) if v != ""]
    return "?" + urlencode(pairs) if pairs else "?"


@dataclass
class FacetValue:
    param: str
    value: str
    label: str
    count: int
    active: bool
    url: str


def _facet(params, param, rows, *, multi=True):
    chosen = {v.lower() for raw in params.getlist(param) for v in raw.split(",") if v}
    values = []
    for value, label, count in rows:
        active = str(value).lower() in chosen
        if multi:
            url = query_with(params, param, str(value), remove=active, add=not active)
        else:
            url = query_with(params, param, None if active else str(value))
        values.append(FacetValue(param, str(value), label, count, active, url))
    return values


def facet_counts(meetings, *, limit=15):
    """Countries, topics, summits and kinds of ``meetings`` with counts, most frequent first, as plain rows (which
    the list caches by filter set: meetings/caching.py).

    Counted on the link tables against the ids of the result set, which stays fast at scale.
    """
    ids = meetings.order_by().values("pk")
    countries = (
        Participation.objects.filter(meeting__in=ids)
        .values("country__code", "country__name")
        .annotate(n=Count("meeting", distinct=True))
        .order_by("-n", "country__name")[:limit]
    )
    topics = (
        MeetingArea.objects.filter(meeting__in=ids)
        .values("area__slug", "area__name")
        .annotate(n=Count("meeting", distinct=True))
        .order_by("-n", "area__name")[:limit]
    )
    summits = (
        Meeting.objects.filter(pk__in=ids, summit__isnull=False)
        .values("summit__slug", "summit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "summit__name")[:limit]
    )
    kinds = Meeting.objects.filter(pk__in=ids).values("kind").annotate(n=Count("pk")).order_by("-n")
    labels = dict(Meeting.Kind.choices)
    return {
        "Countries": [(r["country__code"].lower(), r["country__name"], r["n"]) for r in countries],
        "Topics": [(r["area__slug"], r["area__name"], r["n"]) for r in topics],
        "Summits": [(r["summit__slug"], r["summit__name"], r["n"]) for r in summits],
        "Kinds": [(r["kind"], labels.get(r["kind"], r["kind"]), r["n"]) for r in kinds],
    }


def meeting_facets(counts, params, years):
    """The facets of the list: ``facet_counts``' rows and the years, each value with the link that adds or removes
    it from the visitor's filters. The years come last: a century and a half of them (see decades())."""
    return {
        "Countries": _facet(params, "country", counts["Countries"]),
        "Topics": _facet(params, "topic", counts["Topics"]),
        "Summits": _facet(params, "summit", counts["Summits"], multi=False),
        "Kinds": _facet(params, "kind", counts["Kinds"], multi=False),
        "Years": _facet(params, "year", [(year, str(year), n) for year, n in years], multi=False),
    }


@dataclass
class Decade:
    label: str
    count: int
    is_open: bool
    years: list


def decades(years):
    """The year facet's values (FacetValue) by decade, newest first, for a list of a dozen rows that each open on
    their years (``<details>``): open when one of its years is chosen, or when it is the only one."""
    grouped = {}
    for value in years:
        grouped.setdefault(int(value.value) // 10 * 10, []).append(value)
    only = len(grouped) == 1
    return [
        Decade(f"{start}s", sum(v.count for v in values), only or any(v.active for v in values), values[::-1])
        for start, values in sorted(grouped.items(), reverse=True)
    ]


def year_of(field):
    """The year of a date column, computed by the database itself: on SQLite the first four characters of the
    stored ISO date (Django's year extraction there calls back into Python for every row)."""
    if connection.vendor == "sqlite":
        return Cast(Substr(Cast(field, CharField()), 1, 4), IntegerField())
    return ExtractYear(field)


def partners_of(country):
    """Every country or organisation whose leaders met ``country``'s at published meetings, with the number of
    those meetings, most first: rows of country__code, country__name and n, in one query (the country page and its
    map, and the API's partners, read it)."""
    meetings = Meeting.objects.published().with_all("country_id", [country.pk])
    return (
        Participation.objects.filter(meeting__in=meetings.values("pk"))
        .exclude(country=country)
        .values("country__code", "country__name")
        .annotate(n=Count("meeting", distinct=True))
        .order_by("-n", "country__name", "country__code")
    )


def years_of(meetings):
    """[(year, count)] in date order."""
    rows = (
        Meeting.objects.filter(pk__in=meetings.order_by().values("pk"), date__isnull=False)
        .annotate(y=year_of("date"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("y")
    )
    return [(r["y"], r["n"]) for r in rows]
