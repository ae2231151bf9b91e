"""Facet counts for a set of meetings, and the links that add or remove a filter value."""

from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from django.db import connection, connections
from django.db.models import CharField, Count, ForeignObjectRel, IntegerField, OneToOneRel
from django.db.models.functions import Cast, ExtractYear, Substr
from django.utils.formats import get_format

from .filters import MULTI_VALUED
from .models import Meeting, Participation


def query_with(params, name, value=None, *, add=False, remove=False):
    """A query string from ``params`` (a QueryDict) with one value added, removed, or set; page reset.

    Values are compared without regard to case (country=JP is country=jp); only the parameters that take several
    values are split on commas, and removing a value of any other parameter removes the parameter. The parameter
    keeps its place among the others (a new one, or ``page``, comes last). Read from ``params`` without copying it:
    a list page makes some 130 of these links (a QueryDict's copy is a deep copy, 11 ms a page).
    """
    values = [] if name == "page" else params.getlist(name)
    if name in MULTI_VALUED:
        values = [v.strip() for raw in values for v in raw.split(",") if v.strip()]
    given = {v.lower() for v in values}
    if add:
        values = [*values, value] if str(value).lower() not in given else values
    elif remove:
        values = [v for v in values if v.lower() != str(value).lower()] if name in MULTI_VALUED else []
    else:
        values = [value] if value not in (None, "") else []
    pairs = []
    placed = False
    for key, listed in params.lists():
        if key == "page":
            continue
        if key == name:
            listed, placed = values, True
        pairs.extend((key, v) for v in listed if v != "")
    if not placed:
        pairs.extend((name, v) for v in values if v != "")
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


# Each facet's values with their counts among the meetings of `f` (see list_aggregates), numbered most first. The
# participations and topics of `f`'s meetings ({rows}) are found by index when `f` is a filtered set (an IN: having
# no statistics on `f`, PostgreSQL otherwise hashed every participation: a search matching 14,505 meetings took
# 96 ms for its countries, 73 by index), and by a join over the whole archive (100,000 index lookups took 250 ms more).
_FACET_SQL = {
    "Countries": """SELECT 'Countries' AS facet, c.code AS value, c.name AS label, COUNT(DISTINCT p.meeting_id) AS n,
            ROW_NUMBER() OVER (ORDER BY COUNT(DISTINCT p.meeting_id) DESC, c.name) AS place
        FROM {rows} JOIN meetings_country c ON c.id = p.country_id {where}
        GROUP BY c.id, c.code, c.name""",
    "Topics": """SELECT 'Topics' AS facet, a.slug AS value, a.name AS label, COUNT(DISTINCT l.meeting_id) AS n,
            ROW_NUMBER() OVER (ORDER BY COUNT(DISTINCT l.meeting_id) DESC, a.name) AS place
        FROM {rows} JOIN meetings_cooperationarea a ON a.id = l.area_id {where}
        GROUP BY a.id, a.slug, a.name""",
    "Summits": """SELECT 'Summits' AS facet, s.slug AS value, s.name AS label, COUNT(*) AS n,
            ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, s.name) AS place
        FROM f JOIN meetings_summit s ON s.id = f.summit_id GROUP BY s.id, s.slug, s.name""",
}
_FACET_ROWS = {"Countries": ("meetings_participation", "p"), "Topics": ("meetings_meetingarea", "l")}


def _facet_sql(name, whole):
    """A facet's statement (_FACET_SQL), reading the rows of `f`'s meetings by a join (``whole``) or by an IN."""
    if name not in _FACET_ROWS:
        return _FACET_SQL[name]
    table, alias = _FACET_ROWS[name]
    if whole:
        return _FACET_SQL[name].format(rows=f"f JOIN {table} {alias} ON {alias}.meeting_id = f.id", where="")
    where = f"WHERE {alias}.meeting_id IN (SELECT id FROM f)"  # noqa: S608 — this module's constants
    return _FACET_SQL[name].format(rows=f"{table} {alias}", where=where)


def each_meeting_once(query):
    """True when the meetings query's rows are its meetings, each once: no DISTINCT or grouping that the facets
    would have to keep, no slice, and only joins that cannot repeat a row (to the one object a foreign key or a
    one-to-one names, such as SQLite's full-text index), none to a meeting's many participations or topics."""
    if query.model is not Meeting or query.distinct or query.group_by is not None or query.combinator:
        return False
    if query.low_mark or query.high_mark is not None:
        return False
    for join in query.alias_map.values():
        field = getattr(join, "join_field", None)  # None for the meetings table itself (BaseTable)
        if field is None:
            continue
        if isinstance(field, ForeignObjectRel):  # the reverse side: only a one-to-one names one row
            if not isinstance(field, OneToOneRel):  # (a generic relation's GenericRel says many_to_one)
                return False
        elif not (field.many_to_one or field.one_to_one):
            return False
    return True


def list_aggregates(meetings, *, limit=15, whole=False):
    """The count, the years ([(year, count)] in date order) and the facets (each a list of (value, label, count),
    most first: at most ``limit`` countries, topics and summits, every kind) of ``meetings``, for the list and the
    API, in one statement: the filter set is evaluated once, into a materialized common table expression, and every
    count is read from that. (In six queries, each evaluated the filters again: a search for a common word matched
    its tens of thousands of meetings six times over.) ``whole`` is a hint for the plan, not for the counts (the same
    either way): True when ``meetings`` are the whole published archive, no filter chosen (see _FACET_SQL)."""
    db = connections[meetings.db]
    # `f`: each filtered meeting once, with its kind, summit and year (as year_of() computes it), in Django's SQL:
    # the filtered query itself when it gives each meeting once, else the meetings whose ids it gives. (Wrapped,
    # PostgreSQL read a search's matches and then each again by its id: 115 ms for a common word, against 18.)
    chosen = meetings.order_by()
    if not each_meeting_once(chosen.query):
        chosen = Meeting.objects.using(meetings.db).filter(pk__in=chosen.values("pk"))
    chosen = chosen.annotate(y=year_of("date")).values_list("id", "kind", "summit_id", "y")
    chosen, params = chosen.query.get_compiler(using=meetings.db, elide_empty=False).as_sql()
    old_sqlite = db.vendor == "sqlite" and db.Database.sqlite_version_info < (3, 35)
    materialized = "" if old_sqlite else "MATERIALIZED "
    facets = " UNION ALL ".join(
        f"SELECT * FROM ({sql}) facet_{n} WHERE facet_{n}.place <= %s"  # noqa: S608 — this module's constants
        for n, sql in enumerate(_facet_sql(name, whole) for name in _FACET_SQL)
    )
    sql = f"""
        WITH f (id, kind, summit_id, y) AS {materialized}({chosen})
        SELECT 'count', NULL, NULL, COUNT(*), 0 FROM f
        UNION ALL SELECT 'Years', CAST(y AS TEXT), NULL, COUNT(*), 0 FROM f WHERE y IS NOT NULL GROUP BY y
        UNION ALL SELECT 'Kinds', kind, NULL, COUNT(*), 0 FROM f GROUP BY kind
        UNION ALL {facets}"""  # noqa: S608 — Django's compiled SQL and this module's constants; values are parameters
    rows = {"count": [], "Years": [], "Kinds": [], **{name: [] for name in _FACET_SQL}}
    with db.cursor() as cursor:
        cursor.execute(sql, [*params, *[limit] * len(_FACET_SQL)])
        for facet, value, label, n, place in cursor.fetchall():
            rows[facet].append((value, label, n, place))
    labels = dict(Meeting.Kind.choices)
    found = {name: [row[:3] for row in sorted(rows[name], key=lambda row: row[3])] for name in _FACET_SQL}
    return {
        "count": rows["count"][0][2],
        "years": sorted((int(value), n) for value, _, n, _ in rows["Years"]),
        "facets": {
            "Countries": [(code.lower(), name, n) for code, name, n in found["Countries"]],
            "Topics": found["Topics"],
            "Summits": found["Summits"],
            "Kinds": [(kind, labels.get(kind, kind), n) for kind, _, n, _ in sorted(rows["Kinds"], key=_most)],
        },
    }


def _most(row):
    return -row[2], row[0]


def meeting_facets(counts, params, years):
    """The facets of the list: ``list_aggregates``' rows and the years, each value with the link that adds or removes
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


def grouped(count):
    """An integer as ``{{ count|intcomma }}`` writes it (1,234), without that filter's locale lookups per number."""
    return f"{count:,}".replace(",", get_format("THOUSAND_SEPARATOR"))


def _value_markup(value):
    active = ' class="active" aria-current="true"' if value.active else ""
    tick = "✓ " if value.active else ""
    return (
        f'<li><a href="{escape(value.url)}"{active}>{tick}{escape(str(value.label))}</a>'
        f' <span class="count">{grouped(value.count)}</span></li>'
    )


def facets_markup(facets, decades):
    """The list's facet sections (meeting_facets, the years by ``decades``): each value a link that adds or removes
    it, with its count. Written with f-strings and html.escape, as the rows are (templatetags meeting_rows): through
    the template engine the 130 values of a list page took a fifth of its time."""
    sections = []
    for title, values in facets.items():
        if not values:
            continue
        if title == "Years":
            body = (
                "\n      "
                + "".join(
                    f'\n      <details class="decade"{" open" if decade.is_open else ""}>\n        <summary>'
                    f'{escape(decade.label)} <span class="count">{grouped(decade.count)}</span></summary>\n'
                    f"        <ul>{''.join(_value_markup(v) for v in decade.years)}</ul>\n      </details>\n      "
                    for decade in decades
                )
                + "\n      "
            )
        else:
            body = f"\n      <ul>{''.join(_value_markup(v) for v in values)}</ul>\n      "
        sections.append(
            f'\n    <section class="facet">\n      <h2>{escape(str(title))}</h2>\n      {body}\n    </section>\n    '
        )
    return "".join(sections)


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
