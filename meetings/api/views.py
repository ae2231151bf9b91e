"""The API's views: thin DRF generic views over the public querysets (published meetings, public leaders and
summits). Every list is paginated (pagination.py); every parameter an endpoint does not take is a 400."""

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ..caching import cached
from ..facets import list_aggregates, partners_of, years_of
from ..filters import MeetingFilter, public_leaders
from ..models import CooperationArea, Country, Meeting, MeetingArea, Summit
from ..views import filter_key, get_by_slug_or_redirect, listed, named
from . import serializers
from .errors import BadParameters
from .filters import MeetingFilterBackend
from .pagination import PagePagination
from .parameters import check_known, whole_number

TOPICS = Prefetch("areas", queryset=CooperationArea.objects.select_related("parent").order_by("name"))
FACET_LIMIT = 15

ERRORS = {
    400: OpenApiResponse(serializers.ErrorSerializer, description="A bad parameter: `errors` names it."),
    404: OpenApiResponse(serializers.ErrorSerializer, description="Nothing public there (or no such page)."),
    429: OpenApiResponse(serializers.ErrorSerializer, description="Too many requests: see Retry-After."),
}
LINK = OpenApiParameter(
    "Link", str, OpenApiParameter.HEADER, response=[200],
    description='Pages: <…>; rel="first", rel="prev", rel="next", rel="last" (as in the body).',
)  # fmt: skip
ETAG = OpenApiParameter(
    "ETag", str, OpenApiParameter.HEADER, response=[200],
    description="Send it back in If-None-Match: 304 while nothing changed.",
)  # fmt: skip
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="A country's code, any case (jp).")
OTHER = OpenApiParameter("other", str, OpenApiParameter.PATH, description="The other country's code (in).")


def meeting_rows(meetings):
    """Published meetings with what the API shows of each, in a fixed number of queries."""
    return listed(meetings).prefetch_related(TOPICS)


def country_or_404(code):
    country = Country.objects.filter(code=code.strip().upper()).first()
    if country is None:
        raise NotFound(f"There is no country with the code “{code[:20]}”.")
    return country


class ApiView:
    """What every view shares: only the parameters it takes (its filters, pages, ``parameters``) are accepted."""

    parameters = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        known = list(self.parameters)
        if getattr(self, "filterset_class", None) is not None:
            known += list(self.filterset_class.base_filters)
        if getattr(self, "paginator", None) is not None:
            known += list(self.paginator.parameters)
        check_known(request, known)


class PaginatedList(ApiView, generics.ListAPIView):
    pagination_class = PagePagination

    def paginate_known(self, queryset, count):
        """The page's rows, the count (cached by the caller) known."""
        return self.paginator.paginate_queryset(queryset, self.request, self, count=count)


class Detail(ApiView, generics.RetrieveAPIView):
    pagination_class = None


# --- Meetings -------------------------------------------------------------------------------------------------


@extend_schema(
    summary="Meetings",
    description="Published meetings, newest first (or as `sort` says), with the filters of the list page "
    "/meetings/: the same parameters find the same meetings. Former slugs of leaders, topics and summits are "
    "read as the current ones.",
    parameters=[LINK, ETAG],
    responses={
        200: OpenApiResponse(serializers.MeetingSerializer(many=True), description="A page of meetings."),
        400: ERRORS[400],
        404: ERRORS[404],
        429: ERRORS[429],
    },
)
class MeetingList(PaginatedList):
    serializer_class = serializers.MeetingSerializer
    filter_backends = [MeetingFilterBackend]
    filterset_class = MeetingFilter
    queryset = Meeting.objects.published()

    def list(self, request, *args, **kwargs):
        meetings = self.filter_queryset(self.get_queryset())
        count = cached(request, "api_meeting_count", filter_key(request), meetings.count)
        page = self.paginate_known(meeting_rows(meetings), count)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(
    summary="A meeting",
    description="One published meeting by its slug: participants with their office and country at the time, "
    "topics, summit, place, report, statements and sources. A former slug answers 301 to the current address.",
    parameters=[ETAG],
    responses={
        200: OpenApiResponse(serializers.MeetingDetailSerializer, description="The meeting."),
        404: ERRORS[404],
        429: ERRORS[429],
    },
)
class MeetingDetail(Detail):
    serializer_class = serializers.MeetingDetailSerializer
    queryset = (
        Meeting.objects.published()
        .select_related("summit", "country")
        .with_participants()
        .prefetch_related(TOPICS, "statements__leader", "sources")
    )

    def retrieve(self, request, slug):
        meeting, redirection = get_by_slug_or_redirect(request, self.get_queryset(), slug, "api:meeting_detail")
        return redirection or Response(self.get_serializer(meeting).data)


@extend_schema(
    summary="Facet counts",
    description="How many meetings a filter set finds, by country, topic, summit, kind (the `limit` most "
    "frequent of each) and year: the list page's facets.",
    parameters=[
        OpenApiParameter("limit", int, description=f"Values per facet, 1 to 300 (default {FACET_LIMIT})."),
        ETAG,
    ],
    responses={
        200: OpenApiResponse(serializers.FacetsSerializer, description="The counts."),
        400: ERRORS[400],
        429: ERRORS[429],
    },
)
class Facets(ApiView, generics.GenericAPIView):
    serializer_class = serializers.FacetsSerializer
    filter_backends = [MeetingFilterBackend]
    filterset_class = MeetingFilter
    queryset = Meeting.objects.published()
    pagination_class = None
    parameters = ("limit",)

    def get(self, request):
        meetings = self.filter_queryset(self.get_queryset())
        limit = whole_number(request, "limit", FACET_LIMIT, 1, 300)
        found = cached(
            request,
            "api_facets",
            filter_key(request),
            lambda: list_aggregates(meetings, limit=limit, whole=not request.meeting_filter.active_filters()),
        )
        return Response(self.get_serializer(found).data)


# --- Leaders ----------------------------------------------------------------------------------------------------


def leaders_with_counts():
    """Public leaders (with a published meeting) and their number of published meetings."""
    published = Count("participations", filter=Q(participations__meeting__status=Meeting.Status.PUBLISHED))
    return public_leaders().select_related("country").annotate(meeting_count=published)


@extend_schema(
    summary="Leaders",
    description="Leaders with a published meeting, by name.",
    parameters=[
        OpenApiParameter("q", str, description="Part of a name or other name (at most 100 characters)."),
        OpenApiParameter("country", str, description="The code of the country the leader represents (jp)."),
        LINK,
        ETAG,
    ],
    responses={
        200: OpenApiResponse(serializers.LeaderSerializer(many=True), description="A page of leaders."),
        400: ERRORS[400],
        404: ERRORS[404],
        429: ERRORS[429],
    },
)
class LeaderList(PaginatedList):
    serializer_class = serializers.LeaderSerializer
    parameters = ("q", "country")

    def get_queryset(self):
        leaders = leaders_with_counts().order_by("name", "pk")
        params = self.request.query_params
        query = params.get("q", "").strip()
        if len(query) > 100:
            raise BadParameters({"q": ["At most 100 characters."]})
        if query:
            # As the leader search of the site: any of their names, in any script, whatever the case or accents.
            leaders = leaders.filter(pk__in=named(self.request, query))
        code = params.get("country", "").strip()
        if code:
            country = Country.objects.filter(code=code.upper()).first()
            if country is None:
                raise BadParameters({"country": [f"There is no country with the code “{code[:20]}”."]})
            leaders = leaders.filter(country=country)
        return leaders


@extend_schema(
    summary="A leader",
    description="One leader with a published meeting, by slug: offices held (terms a source states, offices the "
    "meetings attest), identifiers, other names. A former slug answers 301 to the current address.",
    parameters=[ETAG],
    responses={
        200: OpenApiResponse(serializers.LeaderDetailSerializer, description="The leader."),
        404: ERRORS[404],
        429: ERRORS[429],
    },
)
class LeaderDetail(Detail):
    serializer_class = serializers.LeaderDetailSerializer
    queryset = leaders_with_counts()

    def retrieve(self, request, slug):
        leader, redirection = get_by_slug_or_redirect(request, self.get_queryset(), slug, "api:leader_detail")
        return redirection or Response(self.get_serializer(leader).data)


# --- Countries --------------------------------------------------------------------------------------------------


def countries_with_counts():
    meetings = Count(
        "participations__meeting",
        filter=Q(participations__meeting__status=Meeting.Status.PUBLISHED),
        distinct=True,
    )
    return Country.objects.annotate(meeting_count=meetings)


@extend_schema(
    summary="Countries",
    description="Every country, former state and organisation of the reference table, by name, with its number "
    "of published meetings.",
    parameters=[LINK, ETAG],
    responses={
        200: OpenApiResponse(serializers.CountrySerializer(many=True), description="A page of countries."),
        400: ERRORS[400],
        404: ERRORS[404],
        429: ERRORS[429],
    },
)
class CountryList(PaginatedList):
    serializer_class = serializers.CountrySerializer
    queryset = countries_with_counts().order_by("name", "code")


@extend_schema(
    summary="A country",
    description="One country by its code (any case), with its published meetings per year.",
    parameters=[CODE, ETAG],
    responses={
        200: OpenApiResponse(serializers.CountryDetailSerializer, description="The country."),
        404: ERRORS[404],
        429: ERRORS[429],
    },
)
class CountryDetail(Detail):
    serializer_class = serializers.CountryDetailSerializer

    def retrieve(self, request, code):
        country = country_or_404(code)
        meetings = Meeting.objects.published().with_all("country_id", [country.pk])
        found = cached(
            request, "api_country", country.pk, lambda: {"count": meetings.count(), "years": years_of(meetings)}
        )
        country.meeting_count, country.years = found["count"], found["years"]
        return Response(self.get_serializer(country).data)


@extend_schema(
    summary="A country's partners",
    description="The countries and organisations a country met, with the number of published meetings of both, "
    "most first.",
    parameters=[CODE, LINK, ETAG],
    responses={
        200: OpenApiResponse(serializers.PartnerSerializer(many=True), description="A page of partners."),
        400: ERRORS[400],
        404: ERRORS[404],
        429: ERRORS[429],
    },
)
class CountryPartners(PaginatedList):
    serializer_class = serializers.PartnerSerializer

    def list(self, request, code):
        country = country_or_404(code)
        partners = partners_of(country)
        count = cached(request, "api_partner_count", country.pk, partners.count)
        page = self.paginate_known(partners, count)
        context = {**self.get_serializer_context(), "country": country}
        return self.get_paginated_response(serializers.PartnerSerializer(page, many=True, context=context).data)


@extend_schema(
    summary="Meetings of two countries",
    description="Published meetings where participants represented both countries, newest first (the same as "
    "/api/v1/meetings/?country=<code>&country=<other>).",
    parameters=[CODE, OTHER, LINK, ETAG],
    responses={
        200: OpenApiResponse(serializers.MeetingSerializer(many=True), description="A page of meetings."),
        400: ERRORS[400],
        404: ERRORS[404],
        429: ERRORS[429],
    },
)
class PairMeetings(PaginatedList):
    serializer_class = serializers.MeetingSerializer

    def list(self, request, code, other):
        first, second = country_or_404(code), country_or_404(other)
        if first == second:
            raise BadParameters({"other": ["A pair needs two different countries."]})
        meetings = Meeting.objects.published().with_all("country_id", [first.pk, second.pk])
        count = cached(request, "api_pair_count", (first.pk, second.pk), meetings.count)
        page = self.paginate_known(meeting_rows(meetings).order_by("-date", "-id"), count)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# --- Summits and topics -----------------------------------------------------------------------------------------


@extend_schema(
    summary="Summits",
    description="Summit editions (those with a published meeting, and those of the reference table with none "
    "yet), newest first.",
    parameters=[
        OpenApiParameter("series", str, enum=Summit.Series.values, description="Only this series."),
        LINK,
        ETAG,
    ],
    responses={
        200: OpenApiResponse(serializers.SummitSerializer(many=True), description="A page of summits."),
        400: ERRORS[400],
        404: ERRORS[404],
        429: ERRORS[429],
    },
)
class SummitList(PaginatedList):
    serializer_class = serializers.SummitSerializer
    parameters = ("series",)

    def get_queryset(self):
        published = Count("meetings", filter=Q(meetings__status=Meeting.Status.PUBLISHED))
        summits = (
            Summit.objects.public()
            .select_related("host_country")
            .annotate(meeting_count=published)
            .order_by("-start_date", "name", "pk")
        )
        series = self.request.query_params.get("series", "").strip()
        if series:
            if series not in Summit.Series.values:
                choices = ", ".join(Summit.Series.values)
                raise BadParameters({"series": [f"There is no series “{series[:20]}”: use one of {choices}."]})
            summits = summits.filter(series=series)
        return summits


def topic_counts():
    """{topic id: published meetings}, a topic counting its sub-topics' meetings as the ``topic`` filter finds
    them (the vocabulary has two levels: a top-level topic's count covers its children)."""
    links = MeetingArea.objects.filter(meeting__status=Meeting.Status.PUBLISHED)
    direct = links.values("area_id").annotate(n=Count("meeting_id", distinct=True)).values_list("area_id", "n")
    whole = (
        links.annotate(top=Coalesce("area__parent_id", "area_id"))
        .values("top")
        .annotate(n=Count("meeting_id", distinct=True))
        .values_list("top", "n")
    )
    return {**dict(direct), **dict(whole)}


@extend_schema(
    summary="Topics",
    description="The two-level topic vocabulary, each top-level topic followed by its sub-topics.",
    parameters=[LINK, ETAG],
    responses={
        200: OpenApiResponse(serializers.TopicSerializer(many=True), description="A page of topics."),
        400: ERRORS[400],
        404: ERRORS[404],
        429: ERRORS[429],
    },
)
class TopicList(PaginatedList):
    serializer_class = serializers.TopicSerializer
    # The tree order of the list page's topic filter.
    queryset = MeetingFilter.base_filters["topic"].queryset

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        context = {**self.get_serializer_context(), "counts": cached(request, "api_topics", None, topic_counts)}
        return self.get_paginated_response(serializers.TopicSerializer(page, many=True, context=context).data)
