"""What the API says of each thing: plain read-only serializers over the public querysets of meetings/api/views.py.

Country codes are ISO codes in upper case (as in the exports); ``url`` is the thing's address in the API,
``permalink`` its page on the site; ``meetings`` the API list of its meetings (a filter of /api/v1/meetings/).
"""

from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from ..models import Meeting, Statement, Summit

# --- Fields -----------------------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.URI)
class PermalinkField(serializers.Field):
    """The object's page on the public site, as an absolute address."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class MeetingsLinkField(serializers.Field):
    """The API's list of the object's meetings: /api/v1/meetings/?<parameter>=<the object's key>."""

    def __init__(self, parameter, key, **kwargs):
        self.parameter, self.key = parameter, key
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        key = value[self.key] if isinstance(value, dict) else getattr(value, self.key)
        url = reverse("api:meeting_list", request=self.context["request"])
        return f"{url}?{urlencode({self.parameter: key.lower() if self.parameter == 'country' else key})}"


@extend_schema_field(OpenApiTypes.URI)
class CountryLinkField(serializers.Field):
    """An API address of a country, with its code in lower case as the site's addresses have it."""

    def __init__(self, view_name, **kwargs):
        self.view_name = view_name
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return reverse(self.view_name, args=[value.code.lower()], request=self.context["request"])


def api_link(view_name, lookup_field):
    return serializers.HyperlinkedIdentityField(view_name=view_name, lookup_field=lookup_field, read_only=True)


# --- References: what a meeting says of the things it links to ---------------------------------------------------


class CountryRefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2 code (JP); ISO 3166-3 for a former state; X… for an "
                                 "organisation (XEU).")  # fmt: skip
    name = serializers.CharField(help_text="Today's everyday English name.")


class LeaderRefSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The leader's stable identifier.")
    name = serializers.CharField()
    url = api_link("api:leader_detail", "slug")


class LeaderNameSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The leader's stable identifier.")
    name = serializers.CharField()


class SummitRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    series = serializers.ChoiceField(choices=Summit.Series.choices)


class TopicRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    parent = serializers.CharField(
        source="parent.slug", allow_null=True, help_text="The parent topic's slug (null for a top-level topic)."
    )


class ParticipantSerializer(serializers.Serializer):
    leader = LeaderRefSerializer()
    country = CountryRefSerializer(help_text="Country or organisation represented at the time.")
    country_name = serializers.CharField(
        source="country_label", help_text="That country's name as used at the time (Ceylon) or today's name."
    )
    office = serializers.CharField(help_text="Office held at the time of the meeting.")


class PlaceSerializer(serializers.Serializer):
    city = serializers.CharField()
    country = CountryRefSerializer(allow_null=True, help_text="Where it took place (null for a call).")
    country_name = serializers.CharField(
        source="country_label", help_text="That country's name as used at the time (Turkey in 2013) or today's name."
    )
    label = serializers.CharField(source="place", help_text='As people write it: "Johannesburg, South Africa".')


class SourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    publisher = serializers.CharField(help_text="Outlet or publisher; empty when unknown.")
    title = serializers.CharField()
    url = serializers.CharField(help_text="Where it can be read (empty when unknown).")
    published_on = serializers.DateField(allow_null=True)


class StatementSerializer(serializers.Serializer):
    leader = LeaderNameSerializer(allow_null=True, help_text="Who said it; null for a joint position.")
    kind = serializers.ChoiceField(choices=Statement.Kind.choices)
    text = serializers.CharField()
    source = serializers.IntegerField(
        source="source_id", allow_null=True, help_text="The id of the source (in `sources`) that reports it."
    )


# --- Meetings -----------------------------------------------------------------------------------------------------


class MeetingSerializer(serializers.Serializer):
    """A published meeting as lists show it."""

    id = serializers.IntegerField(help_text="The archive's id of the meeting; stable (the exports' id).")
    slug = serializers.CharField()
    title = serializers.CharField()
    date = serializers.DateField(help_text="Day it took place, or began.")
    end_date = serializers.DateField(allow_null=True, help_text="Last day, for a meeting over several days.")
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    summit = SummitRefSerializer(allow_null=True, help_text="The summit on whose sidelines it took place.")
    place = PlaceSerializer(source="*")
    participants = ParticipantSerializer(source="participations", many=True)
    topics = TopicRefSerializer(source="areas", many=True)
    summary = serializers.CharField()
    updated_at = serializers.DateTimeField(help_text="When the entry was last changed.")
    url = api_link("api:meeting_detail", "slug")
    permalink = PermalinkField()


class MeetingDetailSerializer(MeetingSerializer):
    """A published meeting with its report, statements and sources."""

    report = serializers.CharField(help_text="The full account, in Markdown.")
    report_html = serializers.CharField(help_text="The report as the site shows it (sanitised HTML).")
    statements = StatementSerializer(many=True)
    sources = SourceSerializer(many=True)
    published_at = serializers.DateTimeField(help_text="When the meeting was first published.")


# --- Leaders, countries, summits, topics --------------------------------------------------------------------------


class LeaderSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The leader's stable identifier (the `leader` filter of meetings).")
    name = serializers.CharField()
    country = CountryRefSerializer(help_text="Country or organisation the leader represents (or last represented).")
    office = serializers.CharField(help_text="Current or last office.")
    meeting_count = serializers.IntegerField(help_text="Published meetings the leader took part in.")
    url = api_link("api:leader_detail", "slug")
    meetings = MeetingsLinkField("leader", "slug")
    permalink = PermalinkField()


class IdentifierSerializer(serializers.Serializer):
    scheme = serializers.CharField(help_text="hsg-person (Office of the Historian) or viaf.")
    value = serializers.CharField()
    url = serializers.CharField(help_text="Where it can be looked up (empty when the scheme has no public address).")


class OfficeSerializer(serializers.Serializer):
    office = serializers.CharField()
    country = CountryRefSerializer(allow_null=True)
    years = serializers.CharField(help_text='"1949–1963", "from 1970", "until 1963".')
    how = serializers.ChoiceField(
        choices=[("stated", "a source states the term"), ("attested", "the published meetings attest the office")]
    )

    def to_representation(self, instance):
        office, country, years, how = instance  # a row of Leader.offices_held()
        return super().to_representation({"office": office, "country": country, "years": years, "how": how})


class LeaderDetailSerializer(LeaderSerializer):
    took_office = serializers.DateField(allow_null=True, help_text="When the current or last office began.")
    left_office = serializers.DateField(allow_null=True, help_text="When it ended; null while in office.")
    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list", help_text="Other names.")
    wikidata_id = serializers.CharField(help_text="Wikidata item (Q…), empty when unknown.")
    identifiers = IdentifierSerializer(many=True, source="identifiers.all")
    offices = OfficeSerializer(many=True, source="offices_held")


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO code in upper case; the `country` filter of meetings takes any case.")
    name = serializers.CharField()
    is_organisation = serializers.BooleanField(help_text="An international organisation, not a state.")
    is_former = serializers.BooleanField(help_text="A state that no longer exists.")
    meeting_count = serializers.IntegerField(help_text="Published meetings where a participant represented it.")
    url = CountryLinkField("api:country_detail")
    meetings = MeetingsLinkField("country", "code")
    permalink = PermalinkField()


class YearCountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField()

    def to_representation(self, instance):
        year, count = instance  # a row of facets.years_of()
        return {"year": year, "count": count}


class CountryDetailSerializer(CountrySerializer):
    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list")
    years = YearCountSerializer(many=True, help_text="Published meetings per year.")
    partners = CountryLinkField("api:country_partners", help_text="Its partners, with their meeting counts.")


class PartnerSerializer(serializers.Serializer):
    """A row of a country's partners (``Participation`` values: code, name, count)."""

    country = CountryRefSerializer()
    meeting_count = serializers.IntegerField(help_text="Published meetings of both.")
    meetings = serializers.URLField(help_text="Those meetings: the pair's list.")

    def to_representation(self, instance):
        request, first = self.context["request"], self.context["country"]
        code = instance["country__code"]
        return {
            "country": {"code": code, "name": instance["country__name"]},
            "meeting_count": instance["n"],
            "meetings": reverse("api:pair_meetings", args=[first.code.lower(), code.lower()], request=request),
        }


class SummitSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The `summit` filter of meetings.")
    name = serializers.CharField()
    series = serializers.ChoiceField(choices=Summit.Series.choices)
    series_label = serializers.CharField(source="get_series_display")
    host_country = CountryRefSerializer(allow_null=True)
    city = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    website = serializers.CharField(help_text="Official website, empty when none.")
    meeting_count = serializers.IntegerField(help_text="Published meetings on its sidelines.")
    meetings = MeetingsLinkField("summit", "slug")
    permalink = PermalinkField()


class TopicSerializer(TopicRefSerializer):
    meeting_count = serializers.SerializerMethodField(
        help_text="Published meetings on it, its sub-topics included (as the `topic` filter counts)."
    )
    meetings = MeetingsLinkField("topic", "slug")
    permalink = PermalinkField()

    def get_meeting_count(self, area) -> int:
        return self.context["counts"].get(area.pk, 0)


# --- Facets -------------------------------------------------------------------------------------------------------


class CountryFacetSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class SlugFacetSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class KindFacetSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    """Counts of the meetings a filter set finds, by country, topic, summit, kind and year."""

    count = serializers.IntegerField(help_text="Meetings the filters find.")
    countries = CountryFacetSerializer(many=True, help_text="Countries represented, most meetings first.")
    topics = SlugFacetSerializer(many=True, help_text="Topics (as tagged, sub-topics apart), most meetings first.")
    summits = SlugFacetSerializer(many=True, help_text="Summits, most meetings first.")
    kinds = KindFacetSerializer(many=True, help_text="Kinds of meeting, most first.")
    years = YearCountSerializer(many=True, help_text="Meetings per year, in order.")

    def to_representation(self, instance):
        facets = instance["facets"]  # facets.list_aggregates() rows: (value, label, count)
        return {
            "count": instance["count"],
            "countries": [{"code": c.upper(), "name": name, "count": n} for c, name, n in facets["Countries"]],
            "topics": [{"slug": slug, "name": name, "count": n} for slug, name, n in facets["Topics"]],
            "summits": [{"slug": slug, "name": name, "count": n} for slug, name, n in facets["Summits"]],
            "kinds": [{"kind": kind, "label": label, "count": n} for kind, label, n in facets["Kinds"]],
            "years": [{"year": year, "count": n} for year, n in instance["years"]],
        }


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in one sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a 400: the messages of each bad parameter, by its name.",
    )
