"""The rows of a list of meetings, as plain values read in two queries.

A list shows each meeting's title, dates, kind, place, summit and participants ({% meeting_rows %}). Reading them
as model instances (select_related and a prefetch of the participations with their leaders and countries) built
some 200 objects for a page of 25 rows with every column of four tables: at 100,000 meetings 7 ms on SQLite and
11–12 ms on PostgreSQL, against 2.6 and 6–7 ms for the same rows read as values. Only the columns a row shows are
read.
"""

from dataclasses import dataclass

from .links import slug_url
from .models import Meeting, Participation
from .models.meeting import place_of

KIND_LABELS = dict(Meeting.Kind.choices)


class _Linked:
    """A row's page: the view named ``view_name``, at the row's slug."""

    __slots__ = ()
    view_name = ""

    def get_absolute_url(self):
        return slug_url(self.view_name, self.slug)


@dataclass(frozen=True, slots=True)
class PersonRow(_Linked):
    """A participant in a row: the leader and the country represented, as named at the time."""

    view_name = "leader_detail"
    name: str
    slug: str
    country_code: str
    country_label: str


@dataclass(frozen=True, slots=True)
class SummitRow(_Linked):
    """The summit a row's meeting was held at."""

    view_name = "summit_detail"
    pk: int
    name: str
    slug: str
    start_date: object


@dataclass(frozen=True, slots=True)
class MeetingRow(_Linked):
    """A meeting as a row of a list shows it (the same names as Meeting's, for what a row reads)."""

    view_name = "meeting_detail"

    pk: int
    title: str
    slug: str
    date: object
    end_date: object
    kind: str
    place: str
    summit: SummitRow | None
    people: tuple

    @property
    def summit_id(self):
        return self.summit.pk if self.summit else None

    def get_kind_display(self):
        return KIND_LABELS.get(self.kind, self.kind)


_MEETING_COLUMNS = (
    "pk",
    "title",
    "slug",
    "date",
    "end_date",
    "kind",
    "city",
    "country_name",
    "country__name",
    "summit_id",
    "summit__name",
    "summit__slug",
    "summit__start_date",
)
_PERSON_COLUMNS = ("meeting_id", "leader__name", "leader__slug", "country__code", "country_name", "country__name")


def rows_of(meetings):
    """The meetings of the queryset ``meetings`` (filtered, ordered and sliced by the caller) as MeetingRows, in its
    order: one query for the meetings, one for their participants, each meeting's in their order."""
    found = list(meetings.values_list(*_MEETING_COLUMNS))
    people = {}
    if found:
        participations = Participation.objects.using(meetings.db).filter(meeting_id__in=[row[0] for row in found])
        # Each meeting's participants in their order (Participation's own ordering begins with the meeting, a join).
        participations = participations.order_by("order", "id").values_list(*_PERSON_COLUMNS)
        for meeting_id, name, slug, code, named, country in participations:
            people.setdefault(meeting_id, []).append(PersonRow(name, slug, code, named or country))
    rows = []
    for pk, title, slug, day, end, kind, city, named, country, summit_id, summit, summit_slug, start in found:
        place = place_of(city, named or country)
        summit_row = SummitRow(summit_id, summit, summit_slug, start) if summit_id is not None else None
        rows.append(MeetingRow(pk, title, slug, day, end, kind, place, summit_row, tuple(people.get(pk, ()))))
    return rows


def rows_with_ids(meetings, ids):
    """The meetings of ``meetings`` whose ids are ``ids``, as MeetingRows in the order of ``ids``."""
    found = {row.pk: row for row in rows_of(meetings.filter(pk__in=ids).order_by())}
    return [found[pk] for pk in ids if pk in found]
