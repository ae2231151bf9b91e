"""Public pages: small function views. Drafts are visible only to staff (with a banner)."""

import re
from collections import Counter

from django.contrib import messages
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from . import charts, maps
from .caching import cached
from .facets import decades, list_aggregates, meeting_facets, query_with, year_of, years_of
from .filters import MeetingFilter, leaders_named, matching_name, public_leader_names, public_leaders
from .models import CooperationArea, Country, Leader, Meeting, MeetingArea, OldSlug, Summit
from .rows import rows_of, rows_with_ids
from .search import CJK

PAGE_SIZE = 25
# From this many rows skipped on, a page of a list reads its ids first (listed_page).
DEEP_PAGE_ROWS = 500


def listed(queryset):
    """Published meetings with their participants, leaders and countries as model instances, in a fixed number of
    queries (the API's meetings; the pages' lists read rows.rows_of)."""
    return queryset.published().select_related("summit", "country").with_participants()


class KnownCountPaginator(Paginator):
    """A paginator told its count (cached by filter set): deep pages do not count everything again."""

    def __init__(self, object_list, per_page, count=None):
        super().__init__(object_list, per_page)
        if count is not None:
            self.__dict__["count"] = count


def filter_key(request):
    """What a page's aggregates depend on: its parameters, page and sort aside."""
    return sorted((name, request.GET.getlist(name)) for name in request.GET if name not in ("page", "sort"))


def page_of(request, queryset, count=None):
    """The requested page; a page number that is not a number says so, one past the end is a 404."""
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
        if number < 1:
            raise ValueError
    except ValueError:
        messages.error(request, f"“{raw[:20]}” is not a page number: showing the first page.")
        number = 1
    paginator = KnownCountPaginator(queryset, PAGE_SIZE, count)
    try:
        return paginator.page(number)
    except EmptyPage:
        if number == 1:
            return paginator.page(1)
        raise Http404(f"There is no page {number}: the results have {paginator.num_pages}.") from None


def listed_page(request, meetings, count=None):
    """The requested page of the published ``meetings`` (ordered) as list rows (rows.rows_of). A deep page reads
    its ids first, from an index alone, then those meetings (``rows_by_id``): an OFFSET over whole rows reads and
    drops every row before the page with its joins (page 200 of the list: 31 ms on SQLite, 14 ms by ids first).
    The first pages stay one query: for a small filtered set the ids alone can lead SQLite's planner to scan the
    date index instead of looking the few matches up (8.6 ms became 19.8 ms)."""
    meetings = meetings.published()
    page = page_of(request, meetings, count)
    skipped = (page.number - 1) * PAGE_SIZE
    if skipped >= DEEP_PAGE_ROWS:
        page.object_list = rows_by_id(list(meetings.values_list("pk", flat=True)[skipped : skipped + PAGE_SIZE]))
    else:
        page.object_list = rows_of(page.object_list)
    return page


def rows_by_id(ids):
    """The published meetings of ``ids``, in that order, as list rows (rows.rows_of)."""
    return rows_with_ids(Meeting.objects.published(), ids)


def feed_title(described, untitled="New meetings"):
    """The title of the feed of a set of meetings, by its filters in words (MeetingFilter.description())."""
    return f"Meetings — {described}" if described else untitled


def feed_links(filter_query, described=""):
    """The context a page gives base.html to link the feed of its meetings: the same filters, titled by them."""
    return {"feed_url": reverse("meeting_feed") + filter_query, "feed_title": feed_title(described)}


def entity_page(
    request, template, obj, meetings, filter_query, *, chart=True, oldest_first=False, extra=None, aggregates=None
):
    """A page about one leader, summit or topic: its published meetings, paginated, with a chart, and the feed of
    its meetings. ``aggregates`` ({"count", "years"}) when the caller has them already."""
    order = ("date", "id") if oldest_first else ("-date", "-id")
    if aggregates is None:
        aggregates = cached(
            request,
            template,
            obj.pk,
            lambda: {"count": meetings.count(), "years": years_of(meetings) if chart else []},
        )
    context = {
        **(extra or {}),
        **feed_links(filter_query, obj.name if isinstance(obj, Leader | Summit) else str(obj)),
        "object": obj,
        "page": listed_page(request, meetings.order_by(*order), aggregates["count"]),
        "years": aggregates["years"],
        "filter_query": filter_query,
    }
    return render(request, template, context)


def get_by_slug_or_redirect(request, queryset, slug, view_name):
    """The object with this slug; a former slug redirects permanently to the current URL."""
    found = queryset.filter(slug=slug).first()
    if found is not None:
        return found, None
    old = OldSlug.objects.filter(model=queryset.model._meta.model_name, slug=slug).first()
    if old is not None:
        current = queryset.filter(pk=old.object_id).first()
        if current is not None:
            return None, permanent_redirect(request, reverse(view_name, args=[current.slug]))
    raise Http404("Nothing here with that name.")


def permanent_redirect(request, path, query=None):
    """A 301 to ``path`` that keeps the query string (page, filters), so a cited URL keeps working."""
    query = request.GET.urlencode() if query is None else query
    return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)


def home_aggregates():
    published = Meeting.objects.published()
    return {
        "meeting_count": published.count(),
        "leader_count": Leader.objects.filter(participations__meeting__status="published").distinct().count(),
        "country_count": Country.objects.filter(participations__meeting__status="published").distinct().count(),
        "top_countries": list(
            Country.objects.filter(participations__meeting__status="published")
            .annotate(n=Count("participations__meeting", distinct=True))
            .order_by("-n")[:12]
        ),
        "topics": list(CooperationArea.objects.filter(parent__isnull=True).order_by("name")),
        "summits": list(Summit.objects.filter(meetings__status="published").distinct().order_by("-start_date")[:8]),
    }


@require_safe
def home(request):
    context = {
        "latest": rows_of(Meeting.objects.published().order_by("-date", "-id")[:8]),
        **cached(request, "home", None, home_aggregates),
    }
    return render(request, "home.html", context)


@require_safe
def meeting_list(request):
    meetings = MeetingFilter(request.GET, queryset=Meeting.objects.published())
    if meetings.renamed:
        return permanent_redirect(request, request.path, meetings.data.urlencode())
    form_values = {
        "country": ",".join(meetings.data.getlist("country")),
        "leader": ",".join(meetings.data.getlist("leader")),
        "topics": meetings.data.getlist("topic"),
    }
    # The topics the form offers, as a tree ("Technology › AI"), the same for every list page of this version.
    topics = meetings.form.fields["topic"].queryset
    topic_options = cached(request, "topic_options", None, lambda: [(area.slug, str(area)) for area in topics])
    if not meetings.form.is_valid():
        context = {"filter": meetings, "invalid": True, "form_values": form_values, "topic_options": topic_options}
        return render(request, "meetings/meeting_list.html", context, status=400)
    results = meetings.qs
    aggregates = cached(
        request,
        "meeting_list",
        filter_key(request),
        lambda: list_aggregates(results, whole=not meetings.active_filters()),
    )
    if meetings.current_sort == "relevance":
        # The first page is the best 25 matches, which the database picks without sorting the others (a common word's
        # 14,500 matches: 22-28 ms, against 48-96 ms for all of them in order). Later pages are slices of the ranked
        # ids of every match, kept with the counts, so that turning a page ranks nothing again.
        page = page_of(request, results.values_list("pk", flat=True), aggregates["count"])
        if page.number > 1:
            ranked = cached(
                request, "meeting_list_ranked", filter_key(request), lambda: list(results.values_list("pk", flat=True))
            )
            page.object_list = ranked[(page.number - 1) * PAGE_SIZE : page.number * PAGE_SIZE]
        page.object_list = rows_by_id(list(page.object_list))
    else:
        page = listed_page(request, results, aggregates["count"])
    facets = meeting_facets(aggregates["facets"], request.GET, aggregates["years"])
    context = {
        "filter": meetings,
        "form_values": form_values,
        "topic_options": topic_options,
        "page": page,
        "count": page.paginator.count,
        "facets": facets,
        "decades": decades(facets["Years"]),
        "years": aggregates["years"],
        "chips": [
            (label, query_with(request.GET, name, value, remove=True))
            for name, value, label in meetings.active_filters()
        ],
        "sorts": [
            (value, label, query_with(request.GET, "sort", value))
            for value, label in MeetingFilter.SORTS
            if value != "relevance" or meetings.search_text
        ],
        "current_sort": meetings.current_sort,
        "export_query": query_with(request.GET, "page", None).rstrip("?"),
        **feed_links(query_with(request.GET, "page", None).rstrip("?"), meetings.description()),
    }
    return render(request, "meetings/meeting_list.html", context)


@require_safe
def meeting_detail(request, slug):
    meetings = Meeting.objects.for_page()
    if not request.user.is_staff:
        meetings = meetings.published()
    meeting, redirection = get_by_slug_or_redirect(request, meetings, slug, "meeting_detail")
    if redirection:
        return redirection
    codes = sorted({p.country.code for p in meeting.participations.all()})

    def neighbours():
        """The meetings of the same countries just before and after this one."""
        if not meeting.date:
            return None, None
        # By the countries' ids, which the participations hold: the planner then reads each country's rows from
        # participation_country_idx instead of joining every participation to its country (4 times faster).
        return Meeting.objects.neighbours(meeting, {p.country_id for p in meeting.participations.all()})

    previous, following = cached(request, "neighbours", meeting.pk, neighbours)
    context = {
        "meeting": meeting,
        "statements": meeting.statements_shown(),
        "previous": previous,
        "following": following,
        "pair": [c.lower() for c in codes] if len(codes) == 2 else None,
        "permalink": request.build_absolute_uri(meeting.get_absolute_url()),
    }
    return render(request, "meetings/meeting_detail.html", context)


@require_safe
def country_list(request):
    def lists():
        # Only countries with a published meeting: the reference list's 300 entries (Antarctica…) are not the archive.
        countries = (
            Country.objects.annotate(
                n=Count("participations__meeting", filter=Q(participations__meeting__status="published"), distinct=True)
            )
            .filter(n__gt=0)
            .order_by("name")
        )
        return {
            "states": [c for c in countries if not c.is_organisation and not c.is_former],
            "former": [c for c in countries if c.is_former],
            "organisations": [c for c in countries if c.is_organisation],
        }

    return render(request, "meetings/country_list.html", cached(request, "country_list", None, lists))


def _topics_by_year(meetings, limit=8):
    """{topic: [(year, count)]} for the most frequent topics of these meetings."""
    rows = (
        MeetingArea.objects.filter(meeting__in=meetings.order_by().values("pk"), meeting__date__isnull=False)
        .annotate(y=year_of("meeting__date"))
        .values("area__name", "area__slug", "y")
        .annotate(n=Count("meeting", distinct=True))
        .order_by("area__name", "y")
    )
    table = {}
    for row in rows:
        table.setdefault((row["area__name"], row["area__slug"]), []).append((row["y"], row["n"]))
    ranked = sorted(table.items(), key=lambda item: -sum(n for _, n in item[1]))[:limit]
    return [(name, slug, years) for (name, slug), years in ranked]


@require_safe
def country_detail(request, code):
    country = get_object_or_404(Country, code=code.upper())
    if code != code.lower():
        return permanent_redirect(request, reverse("country_detail", args=[code.lower()]))
    meetings = Meeting.objects.published().with_all("country_id", [country.pk])

    def aggregates():
        return {
            "count": meetings.count(),
            # Every partner, for the map (meetings/maps.py); the first 15 are also listed above it.
            "partners": maps.partner_counts(country),
            "years": years_of(meetings),
            "topics_by_year": _topics_by_year(meetings),
        }

    found = cached(request, "country", country.pk, aggregates)
    filter_query = f"?country={country.code.lower()}"
    context = {
        "object": country,
        "page": listed_page(request, meetings.order_by("-date", "-id"), found["count"]),
        # Each partner with the one address of the pair's page (codes in alphabetical order).
        "partners": [
            {**partner, "pair_url": Country.pair_url(country.code, partner["code"])}
            for partner in found["partners"][:15]
        ],
        "map_partners": found["partners"],
        "years": found["years"],
        "topics_by_year": found["topics_by_year"],
        "filter_query": filter_query,
        **feed_links(filter_query, country.name),
    }
    return render(request, "meetings/country_detail.html", context)


@require_safe
def country_pair(request, code, other):
    first = get_object_or_404(Country, code=code.upper())
    second = get_object_or_404(Country, code=other.upper())
    if first == second:
        return permanent_redirect(request, reverse("country_detail", args=[code.lower()]))
    # One address per pair, the codes in alphabetical order: /countries/jp/in/ answers with a 301 to /countries/in/jp/.
    canonical = Country.pair_url(code, other)
    if request.path != canonical:
        return permanent_redirect(request, canonical)
    first, second = sorted([first, second], key=lambda country: country.code)
    meetings = Meeting.objects.published().with_all("country_id", [first.pk, second.pk])
    # Every meeting of the pair is on its page: its years and summits are read from them, not by two more queries.
    found = rows_of(meetings.order_by("-date", "-id"))
    summits = {row.summit.pk: row.summit for row in found if row.summit}
    filter_query = f"?country={first.code.lower()}&country={second.code.lower()}"
    context = {
        "first": first,
        "second": second,
        "meetings": found,
        "years": sorted(Counter(row.date.year for row in found if row.date).items()),
        "summits": sorted(summits.values(), key=lambda summit: (summit.start_date, summit.pk), reverse=True),
        "topics_by_year": cached(request, "pair", (first.pk, second.pk), lambda: _topics_by_year(meetings)),
        "filter_query": filter_query,
        "canonical_url": request.build_absolute_uri(canonical),
        **feed_links(filter_query, f"{first.name}, {second.name}"),
    }
    return render(request, "meetings/country_pair.html", context)


def named(request, query):
    """Ids of the public leaders called ``query`` in any of their names, in any script, whatever its case or accents
    (filters.leaders_named), read from the names of every public leader cached for this version of the archive."""
    return leaders_named(cached(request, "leader_names", None, public_leader_names), query)


# One character of a script written without spaces (高, 毛): a name can be looked for from the first.
CJK_CHARACTER = re.compile(f"[{CJK}]")


@require_safe
def leader_list(request):
    query = request.GET.get("q", "").strip()[:100]

    def ranked():
        """[(leader id, meetings)], most meetings first: cached, the page's leaders then read by id."""
        leaders = Leader.objects.annotate(
            n=Count("participations", filter=Q(participations__meeting__status="published"))
        )
        return list(leaders.filter(n__gt=0).order_by("-n", "name").values_list("pk", "n"))

    rows = cached(request, "leader_list", None, ranked)
    if query:
        found = set(named(request, query))
        rows = [row for row in rows if row[0] in found]
    page = page_of(request, rows)
    counts = dict(page.object_list)
    by_id = Leader.objects.select_related("country").in_bulk(list(counts))
    page.object_list = [by_id[pk] for pk in counts if pk in by_id]
    for leader in page.object_list:
        leader.n = counts[leader.pk]
        leader.match = matching_name(leader, query) if query else leader.name
    return render(request, "meetings/leader_list.html", {"page": page, "query": query})


@require_safe
def leader_search(request):
    """A small JSON endpoint for the leader type-ahead: [{slug, name, country, match}] (at most ten), where
    ``match`` is the leader's name that holds the text typed (毛泽东 for Mao Zedong), for the suggestion's label."""
    query = request.GET.get("q", "").strip()[:100]
    if len(query) < 2 and not CJK_CHARACTER.search(query):
        return JsonResponse({"results": []})
    ids = named(request, query)[:10]
    found = Leader.objects.select_related("country").in_bulk(ids)
    leaders = [found[pk] for pk in ids if pk in found]
    results = [
        {"slug": x.slug, "name": x.name, "country": x.country.code.lower(), "match": matching_name(x, query)}
        for x in leaders
    ]
    return JsonResponse({"results": results})


@require_safe
def leader_detail(request, slug):
    leaders = Leader.objects.all() if request.user.is_staff else public_leaders()
    leader, redirection = get_by_slug_or_redirect(request, leaders.select_related("country"), slug, "leader_detail")
    if redirection:
        return redirection
    meetings = Meeting.objects.published().with_all("leader_id", [leader.pk])
    # The timeline, the offices, the count and the years, from two queries, kept per version of the archive.
    facts = cached(request, "leader_page", leader.pk, lambda: charts.leader_timeline_rows(leader))
    extra = {"offices": facts["offices"], "identifiers": list(leader.identifiers.all()), "timeline_rows": facts}
    return entity_page(
        request,
        "meetings/leader_detail.html",
        leader,
        meetings,
        f"?leader={leader.slug}",
        extra=extra,
        aggregates={"count": facts["count"], "years": facts["years"]},
    )


@require_safe
def summit_list(request):
    def grouped():
        summits = (
            Summit.objects.public()
            .select_related("host_country")
            .annotate(n=Count("meetings", filter=Q(meetings__status="published")))
            .order_by("series", "-start_date")
        )
        series = {}
        labels = dict(Summit.Series.choices)
        for summit in summits:
            series.setdefault(labels.get(summit.series, summit.series), []).append(summit)
        return sorted(series.items())

    return render(request, "meetings/summit_list.html", {"series": cached(request, "summit_list", None, grouped)})


@require_safe
def summit_detail(request, slug):
    summits = Summit.objects.all() if request.user.is_staff else Summit.objects.public()
    summit, redirection = get_by_slug_or_redirect(
        request, summits.select_related("host_country"), slug, "summit_detail"
    )
    if redirection:
        return redirection
    meetings = Meeting.objects.published().filter(summit=summit)
    return entity_page(
        request,
        "meetings/summit_detail.html",
        summit,
        meetings,
        f"?summit={summit.slug}",
        chart=False,
        oldest_first=True,
    )


@require_safe
def topic_list(request):
    def tree():
        published = MeetingArea.objects.filter(meeting__status="published")
        areas = CooperationArea.objects.annotate(
            n=Count("meeting_links__meeting", filter=Q(meeting_links__meeting__status="published"), distinct=True)
        ).order_by("name")
        # A top-level topic counts its sub-topics' meetings too, each meeting once, as its page lists them.
        with_children = dict(
            published.values(top=Coalesce("area__parent_id", "area_id"))
            .annotate(n=Count("meeting_id", distinct=True))
            .values_list("top", "n")
        )
        for area in areas:
            if area.parent_id is None:
                area.n = with_children.get(area.pk, 0)
        tops = [a for a in areas if a.parent_id is None]
        children = {}
        for area in areas:
            if area.parent_id:
                children.setdefault(area.parent_id, []).append(area)
        return [(top, children.get(top.pk, [])) for top in tops]

    return render(request, "meetings/topic_list.html", {"tree": cached(request, "topic_list", None, tree)})


@require_safe
def topic_detail(request, slug):
    area, redirection = get_by_slug_or_redirect(
        request, CooperationArea.objects.select_related("parent"), slug, "topic_detail"
    )
    if redirection:
        return redirection
    meetings = Meeting.objects.published().on_topic(area)
    return entity_page(request, "meetings/topic_detail.html", area, meetings, f"?topic={area.slug}")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links: the site's icon (static/favicon.svg), not a 404."""
    response = HttpResponseRedirect(static("favicon.svg"))
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
