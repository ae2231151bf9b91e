"""MeetingFilter: the one place public query parameters are parsed (list, feeds and exports share it)."""

import copy
import re

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.text import slugify

from .models import CooperationArea, Country, Leader, Meeting, MeetingArea, OldSlug, Participation, Summit
from .search import fold, search, search_terms

MULTI_VALUED = ("country", "leader", "topic")


# How many values a parameter may repeat: a bound on the work one address can ask for (more is a 400).
MAX_VALUES = {"country": 10, "leader": 10, "topic": 20}


class BoundedChoicesField(forms.ModelMultipleChoiceField):
    """Several values, at most ``max_values`` of them (checked before any lookup)."""

    max_values = 10
    noun = "values"

    def clean(self, value):
        if value and len(value) > self.max_values:
            raise forms.ValidationError(
                f"At most {self.max_values} {self.noun} at a time (this address gives {len(value)})."
            )
        return super().clean(value)


class CaseInsensitiveCodeField(BoundedChoicesField):
    """Country codes in any case ("jp", "JP"), several at once."""

    max_values = MAX_VALUES["country"]
    noun = "countries"

    def clean(self, value):
        return super().clean([str(v).strip().upper() for v in value] if value else value)


class LeadersField(BoundedChoicesField):
    max_values = MAX_VALUES["leader"]
    noun = "leaders"


class TopicsField(BoundedChoicesField):
    max_values = MAX_VALUES["topic"]
    noun = "topics"


class CountryFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = CaseInsensitiveCodeField


class LeaderFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = LeadersField


class TopicFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = TopicsField


def public_leaders():
    """Leaders are public through their published meetings: one known only from drafts does not exist for visitors
    (its page, its former slugs and its name in filters answer exactly as an unknown one's)."""
    published = Participation.objects.filter(leader=OuterRef("pk"), meeting__status="published")
    return Leader.objects.filter(Exists(published))


def public_leader_names():
    """[(id, name, every name of the leader folded, one per line)] of the public leaders: what leaders_named() looks
    through (the views cache it per version of the archive: a few hundred kilobytes at 2,000 leaders)."""
    rows = public_leaders().order_by("name", "pk").values_list("pk", "name", "aliases")
    return [(pk, name, fold(f"{name}\n{aliases}")) for pk, name, aliases in rows]


def leaders_named(names, query):
    """Ids of the leaders of ``names`` (public_leader_names()) with a name or another name holding ``query``,
    whatever its case, accents or script (горбачев finds Горбачёв, 高市 finds 高市早苗, mao tse finds Mao Tse-tung):
    those with a word beginning with it first, then by name."""
    wanted = " ".join(fold(query).split())
    if not wanted:
        return []
    word_start = re.compile(r"(?<!\w)" + re.escape(wanted))
    found = [(not word_start.search(folded), name, pk) for pk, name, folded in names if wanted in folded]
    return [pk for *_, pk in sorted(found)]


def matching_name(leader, query):
    """The name of ``leader`` that holds ``query`` (as leaders_named() reads it): its name, or the alias found."""
    wanted = " ".join(fold(query).split())
    return next((name for name in [leader.name, *leader.alias_list] if wanted in fold(name)), leader.name)


def span(start, end):
    """A span of dates in words, years where it covers whole years: "2020–2025", "2024", "from 2021-05-03"."""

    def day(date, first):
        whole_year = (date.month, date.day) == ((1, 1) if first else (12, 31))
        return str(date.year) if whole_year else date.isoformat()

    if start and end:
        first, last = day(start, True), day(end, False)
        return first if first == last else f"{first}–{last}"
    if start:
        return f"from {day(start, True)}"
    return f"until {day(end, False)}" if end else ""


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class CopiedFilters(dict):
    """A filter set's filters (``base_filters``), copied for each filter set as django-filter asks (each copy gets
    its own ``parent``, ``model`` and arguments), but without deep-copying the querysets they hold: deepcopy cloned
    every query of the countries, leaders, topics and summits, 0.45 ms of each list page, feed, export and API call.
    A queryset is not evaluated through a filter (the form field takes ``queryset.all()``), so the copies share it."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, found in self.items():
            copies[name] = copy.copy(found)
            copies[name].extra = dict(found.extra)
            copies[name].method = found.method  # a method filter calls its own copy's parent, not the original's
        return copies


class MeetingFilter(django_filters.FilterSet):
    """Filters for published meetings; see the README for the parameters."""

    SORTS = [("newest", "Newest first"), ("oldest", "Oldest first"), ("relevance", "Best match (when searching)")]

    # Every one of several countries or leaders must take part: one grouped subquery (Meeting.with_all), whose cost
    # does not grow with the number of values as a join per value would.
    country = CountryFilter(
        to_field_name="code",
        queryset=Country.objects.all(),
        method="filter_countries",
        label="Countries (all must take part)",
        error_messages={"invalid_choice": "There is no country with the name or code “%(value)s”."},
    )
    leader = LeaderFilter(
        to_field_name="slug",
        # Only leaders and summits with a published meeting exist for the public (no name known only from drafts).
        queryset=public_leaders(),
        method="filter_leaders",
        label="Leaders (all must take part)",
        error_messages={"invalid_choice": "There is no leader “%(value)s”."},
    )
    topic = TopicFilter(
        to_field_name="slug",
        # The parent is shown with every sub-topic ("Technology › AI"): fetched with it, not once per option.
        # Listed as a tree: each top-level topic followed by its sub-topics.
        queryset=CooperationArea.objects.select_related("parent").order_by(
            Coalesce("parent__name", "name"), F("parent").asc(nulls_first=True), "name"
        ),
        method="filter_topic",
        label="Topics (any; a topic includes its sub-topics)",
        error_messages={"invalid_choice": "There is no topic “%(value)s”."},
    )
    summit = django_filters.ModelChoiceFilter(
        to_field_name="slug",
        queryset=Summit.objects.public(),
        label="Summit",
        error_messages={"invalid_choice": "There is no summit “%(value)s”."},
    )
    series = django_filters.ChoiceFilter(field_name="summit__series", choices=Summit.Series.choices, label="Series")
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label="Kind")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="From (YYYY-MM-DD)")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="To (YYYY-MM-DD)")
    year = YearFilter(field_name="date__year", label="Year", min_value=1000, max_value=9999)
    q = django_filters.CharFilter(method="filter_search", label="Search", max_length=200)
    sort = django_filters.ChoiceFilter(choices=SORTS, method="filter_sort", label="Sort", empty_label=None)

    class Meta:
        model = Meeting
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        self.renamed = False
        if data is not None:
            data = data.copy()
            # Several values may come as repeated parameters or comma-separated: country=jp,in.
            for name in MULTI_VALUED:
                values = [v.strip() for raw in data.getlist(name) for v in raw.split(",") if v.strip()]
                data.setlist(name, values)
            data.setlist("country", self._country_codes(data.getlist("country")))
            data.setlist("leader", [self._leader_slug(value) for value in data.getlist("leader")])
            self._follow_renamed_slugs(data)
        super().__init__(data, *args, **kwargs)
        self.form.fields["year"].widget.attrs.update({"min": 1000, "max": 9999})

    @staticmethod
    def _country_codes(values):
        """Country codes as given; a country's name ("Japan", any case) is read as its code."""
        names = [v for v in values if len(v) > 4 or " " in v]
        if not names:
            return values
        named = Q()
        for name in names:
            named |= Q(name__iexact=name)
        codes = {name.lower(): code.lower() for name, code in Country.objects.filter(named).values_list("name", "code")}
        return [codes.get(v.lower(), v) for v in values]

    @staticmethod
    def _leader_slug(value):
        """A leader's slug as given, or the slug of the one public leader of that name (typed without JavaScript).
        Only leaders with a published meeting are looked at: a name known only from drafts stays as typed, and is
        answered as an unknown one is."""
        leaders = public_leaders()
        if leaders.filter(slug=value).exists():
            return value
        named = list(leaders.filter(Q(slug=slugify(value)) | Q(name__iexact=value)).values_list("slug", flat=True)[:2])
        return named[0] if len(set(named)) == 1 else value

    def _follow_renamed_slugs(self, data):
        """Former slugs of leaders, topics and summits become the current ones; `renamed` says a redirect is due."""
        # Public objects only: a draft-only leader's or summit's former slug is as unknown as any other.
        # The querysets are built only for a parameter given (building all three took 0.45 ms of every list page).
        for name, model, public in (
            ("leader", Leader, public_leaders),
            ("topic", CooperationArea, CooperationArea.objects.all),
            ("summit", Summit, Summit.objects.public),
        ):
            values = data.getlist(name)
            if not values:
                continue
            public = public()
            known = set(public.filter(slug__in=values).values_list("slug", flat=True))
            unknown = [v for v in values if v not in known]
            if not unknown:
                continue
            former = dict(
                OldSlug.objects.filter(model=model._meta.model_name, slug__in=unknown).values_list("slug", "object_id")
            )
            current = dict(public.filter(pk__in=former.values()).values_list("pk", "slug"))
            renamed = [current.get(former.get(v), v) for v in values]
            if renamed != values:
                data.setlist(name, renamed)
                self.renamed = True

    @property
    def qs(self):
        queryset = super().qs
        # A search sorts by relevance unless asked otherwise; without one, newest first.
        sort = self.form.cleaned_data.get("sort") if self.is_bound and self.form.is_valid() else None
        if not sort:
            queryset = self.filter_sort(queryset, "sort", self.current_sort)
        return queryset

    @property
    def current_sort(self):
        sort = self.form.cleaned_data.get("sort") if self.is_bound and self.form.is_valid() else None
        if sort == "relevance" and not self.search_text:
            sort = None
        return sort or ("relevance" if self.search_text else "newest")

    @property
    def search_text(self):
        if self.is_bound and self.form.is_valid():
            return " ".join(search_terms(self.form.cleaned_data.get("q")))
        return ""

    def filter_countries(self, queryset, name, value):
        return queryset.with_all("country_id", [country.pk for country in value]) if value else queryset

    def filter_leaders(self, queryset, name, value):
        return queryset.with_all("leader_id", [leader.pk for leader in value]) if value else queryset

    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        ids = [area.pk for area in value]
        links = MeetingArea.objects.filter(Q(area__in=ids) | Q(area__parent__in=ids)).values("meeting_id")
        return queryset.filter(pk__in=links)  # a subquery: no join, no DISTINCT over the meetings

    def filter_search(self, queryset, name, value):
        if not search_terms(value):
            # Nothing but common words or punctuation: nothing to find (on both databases).
            return queryset.none() if value.strip() else queryset
        return search(queryset, value)

    def filter_sort(self, queryset, name, value):
        # Published meetings always have a date: plain orders, which the (status, date, id) index serves.
        if value == "oldest":
            return queryset.order_by("date", "id")
        if value == "relevance" and self.search_text:
            return queryset.order_by("-rank", "-date", "-id")
        return queryset.order_by("-date", "-id")

    def _as_given(self, name, key):
        """The objects a multi-valued filter chose, in the order the visitor gave them (jp,in stays jp,in)."""
        order = [v.strip().lower() for v in self.data.getlist(name)]
        objects = self.form.cleaned_data.get(name) or []
        return sorted(objects, key=lambda obj: order.index(key(obj)) if key(obj) in order else 0)

    def description(self):
        """The filters in use in words, for titles ("Japan, India, 2020–2025"); "" for none or invalid ones."""
        if not (self.is_bound and self.form.is_valid()):
            return ""
        data = self.form.cleaned_data
        words = [country.name for country in self._as_given("country", lambda c: c.code.lower())]
        words += [leader.name for leader in self._as_given("leader", lambda x: x.slug)]
        words += [str(area) for area in self._as_given("topic", lambda x: x.slug)]
        words += [data["summit"].name] if data.get("summit") else []
        words += [Summit.Series(data["series"]).label] if data.get("series") else []
        words += [Meeting.Kind(data["kind"]).label] if data.get("kind") else []
        words += [str(int(data["year"]))] if data.get("year") else []
        words += [span(data.get("date_from"), data.get("date_to"))]
        words += [f"“{data['q']}”"] if data.get("q") else []
        return ", ".join(word for word in words if word)

    def active_filters(self):
        """(parameter, value, label) of every filter in use, for removable chips."""
        if not (self.is_bound and self.form.is_valid()):
            return []
        chips = []
        data = self.form.cleaned_data
        as_given = self._as_given

        for country in as_given("country", lambda c: c.code.lower()):
            chips.append(("country", country.code.lower(), f"Country: {country.name}"))
        for leader in as_given("leader", lambda x: x.slug):
            chips.append(("leader", leader.slug, f"Leader: {leader.name}"))
        for area in as_given("topic", lambda x: x.slug):
            chips.append(("topic", area.slug, f"Topic: {area}"))
        if data.get("summit"):
            chips.append(("summit", data["summit"].slug, f"Summit: {data['summit'].name}"))
        if data.get("series"):
            chips.append(("series", data["series"], f"Series: {Summit.Series(data['series']).label}"))
        if data.get("kind"):
            chips.append(("kind", data["kind"], f"Kind: {Meeting.Kind(data['kind']).label}"))
        for name, label in (("date_from", "From"), ("date_to", "To")):
            if data.get(name):
                chips.append((name, data[name].isoformat(), f"{label}: {data[name].isoformat()}"))
        if data.get("year"):
            chips.append(("year", str(int(data["year"])), f"Year: {int(data['year'])}"))
        if data.get("q"):
            chips.append(("q", data["q"], f"Search: “{data['q']}”"))
        return chips


MeetingFilter.base_filters = CopiedFilters(MeetingFilter.base_filters)
