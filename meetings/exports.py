"""Export layouts: the one definition of every column, and row iterators for CSV, JSON and JSON Lines.

Knows nothing of HTTP: the download views, the export command and the data page (/data/) all read this module.
On PostgreSQL and SQLite the database makes the rows (exports_sql.py: one COPY, or one query per chunk of meetings);
the Python path below (records(), python_csv_lines()) is the reference they equal byte for byte, and the path
for other databases. Either way rows stream chunk by chunk, so memory stays flat.
"""

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass
from itertools import combinations, islice

from django.conf import settings
from django.db import connections
from django.db.models import F

from . import export_lines, exports_sql
from .exports_sql import FORMULA_STARTS, MULTI_SEPARATOR
from .links import slug_url
from .models import LeaderIdentifier, Meeting, MeetingArea, Participation, Source, Summit

CHUNK_SIZE = 1000
FORMAT_VERSION = "1.2"
CHANGELOG = [
    ("1.0", "2026-11-25", "First published format: layouts meetings, participants and dyads; JSON and JSON Lines."),
    ("1.1", "2026-11-29", "Participants layout: the leader's Office of the Historian person id and VIAF id."),
    ("1.2", "2026-11-30", "Meetings layout: country_name, the place's country as named at the time (Turkey in 2013)."),
]


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


LAYOUTS = {
    "meetings": [
        Column("id", "integer", "The archive's id of the meeting; stable."),
        Column("permalink", "URL", "The meeting's page in the archive."),
        Column("date", "date (ISO 8601)", "Day the meeting took place, or began."),
        Column("end_date", "date (ISO 8601)", "Last day, for a meeting over several days; empty otherwise."),
        Column("title", "text", "Headline of the meeting."),
        Column("kind", "code", ", ".join(Meeting.Kind.values) + "."),
        Column("summit", "text", "The summit on whose sidelines it took place, if any."),
        Column("summit_series", "code", "The summit's series: " + ", ".join(Summit.Series.values) + "."),
        Column("city", "text", "City where it took place."),
        Column("country_code", "code", "Where it took place: ISO 3166-1 alpha-2 (see Countries below)."),
        Column("country_name", "text", "That country's name as used at the time (Turkey in 2013) or today's name."),
        Column("participant_names", "list", "Leaders who took part, in the archive's order."),
        Column(
            "participant_country_codes", "list", "The country each participant represented at the time, same order."
        ),
        Column("participant_offices", "list", "The office each participant held at the time, same order."),
        Column("topics", "list", "Fields of cooperation, as 'Parent › Topic'."),
        Column("summary", "text", "One or two sentences: what was agreed."),
        Column("source_publishers", "list", "Publishers of the sources, in order."),
        Column("source_urls", "list", "Addresses of the sources, same order (empty where a source has none)."),
        Column("last_updated", "datetime (ISO 8601, UTC)", "When the entry was last changed."),
    ],
    "participants": [
        Column("meeting_id", "integer", "The meeting's id (column id of the meetings layout)."),
        Column("date", "date (ISO 8601)", "Day the meeting took place, or began."),
        Column("leader", "text", "The participant's name."),
        Column("leader_slug", "code", "The leader's stable identifier in the archive."),
        Column("wikidata_id", "code", "The leader's Wikidata item (Q…), when known."),
        Column(
            "hsg_person_id",
            "code",
            "The leader's id in the U.S. Office of the Historian's authority file of persons, when identified.",
        ),
        Column("viaf_id", "code", "The leader's VIAF id (viaf.org), when known."),
        Column("office", "text", "Office held at the time of the meeting."),
        Column("country_code", "code", "Country or organisation represented at the time."),
        Column("country_name", "text", "Its name as used at the time (Ceylon, U.S.S.R.) or today's name."),
    ],
    "dyads": [
        Column("meeting_id", "integer", "The meeting's id (column id of the meetings layout)."),
        Column("date", "date (ISO 8601)", "Day the meeting took place, or began."),
        Column("country_a", "code", "The first country of the pair, in code order."),
        Column("country_b", "code", "The second country of the pair, in code order."),
        Column("kind", "code", "Kind of meeting (as in the meetings layout)."),
        Column("summit", "text", "The summit on whose sidelines it took place, if any."),
        Column("topics", "list", "Fields of cooperation, as 'Parent › Topic'."),
    ],
}
# JSON nests the meetings layout's parallel lists: each key of a nested object and the CSV column it comes from.
JSON_NESTED = {
    "participants": dict(
        zip(
            exports_sql.JSON_PARTICIPANT_KEYS,
            ("participant_names", "participant_country_codes", "participant_offices"),
            strict=True,
        )
    ),
    "sources": dict(zip(exports_sql.JSON_SOURCE_KEYS, ("source_publishers", "source_urls"), strict=True)),
}
# The data's licence, as the data page states it.
LICENCE = (
    "CC0 1.0",
    "https://creativecommons.org/publicdomain/zero/1.0/",
)
LAYOUT_NOTES = {
    "meetings": "One row per meeting.",
    "participants": "One row per participation (a meeting of three leaders gives three rows): for network analysis.",
    "dyads": "One row per unordered pair of countries at a meeting (three countries give three pairs), the shape "
    "used in international-relations research.",
}


def permalink(slug, site_url=None):
    """The meeting's page at ``site_url`` (the address a download was asked of, so that its permalinks are those the
    pages cite), or at the SITE_URL setting (exports made outside a request: the export_meetings command)."""
    return (site_url or settings.SITE_URL).rstrip("/") + slug_url("meeting_detail", slug)


def _iso(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def meeting_chunks(queryset, chunk_size=CHUNK_SIZE):
    """Meetings of ``queryset`` (in its order) with their related rows, a chunk at a time, as plain dicts."""
    ids = queryset.values_list("pk", flat=True)
    chunk = []
    for pk in ids.iterator(chunk_size=chunk_size):
        chunk.append(pk)
        if len(chunk) == chunk_size:
            yield _load(chunk)
            chunk = []
    if chunk:
        yield _load(chunk)


def _load(ids):
    """Four queries for a chunk of meetings, read as plain values: model instances would cost most of the time."""
    meetings = {
        row["id"]: {**row, "participants": [], "topics": [], "sources": []}
        for row in Meeting.objects.filter(pk__in=ids).values(
            "id", "slug", "date", "end_date", "title", "kind", "city", "summary", "updated_at",
            "country_name", summit_name=F("summit__name"), summit_series=F("summit__series"),
            country_code=F("country__code"), country_today=F("country__name"),
        )
    }  # fmt: skip
    participations = (
        Participation.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "order", "id")
        .values_list(
            "meeting_id", "leader__name", "leader__slug", "leader__wikidata_id", "office", "country__code",
            "country__name", "country_name", "leader_id",
        )
    )  # fmt: skip
    identifiers = {}
    for meeting_id, *participant in participations:
        meetings[meeting_id]["participants"].append(participant)
        identifiers[participant[-1]] = {}
    links = LeaderIdentifier.objects.filter(leader_id__in=list(identifiers)).values_list("leader_id", "scheme", "value")
    for leader_id, scheme, value in links:
        identifiers[leader_id][scheme] = value
    areas = MeetingArea.objects.filter(meeting_id__in=ids).values_list("meeting_id", "area__name", "area__parent__name")
    for meeting_id, name, parent in areas:
        meetings[meeting_id]["topics"].append(f"{parent} › {name}" if parent else name)
    sources = Source.objects.filter(meeting_id__in=ids).order_by("id").values_list("meeting_id", "publisher", "url")
    for meeting_id, publisher, url in sources:
        meetings[meeting_id]["sources"].append((publisher, url))
    for meeting in meetings.values():
        meeting["topics"].sort()
        meeting["identifiers"] = identifiers
    return [meetings[pk] for pk in ids if pk in meetings]


def meeting_record(meeting, site_url=None):
    """The meetings layout as a dict of plain values (lists stay lists)."""
    participants = meeting["participants"]
    return {
        "id": meeting["id"],
        "permalink": permalink(meeting["slug"], site_url),
        "date": _iso(meeting["date"]),
        "end_date": _iso(meeting["end_date"]),
        "title": meeting["title"],
        "kind": meeting["kind"],
        "summit": meeting["summit_name"] or "",
        "summit_series": meeting["summit_series"] or "",
        "city": meeting["city"],
        "country_code": meeting["country_code"] or "",
        "country_name": meeting["country_name"] or meeting["country_today"] or "",
        "participant_names": [p[0] for p in participants],
        "participant_country_codes": [p[4] for p in participants],
        "participant_offices": [p[3] for p in participants],
        "topics": meeting["topics"],
        "summary": meeting["summary"],
        "source_publishers": [publisher for publisher, _ in meeting["sources"]],
        "source_urls": [url for _, url in meeting["sources"]],
        "last_updated": _iso(meeting["updated_at"]),
    }


def participant_records(meeting):
    for name, slug, wikidata_id, office, code, country, name_at_time, leader_id in meeting["participants"]:
        known = meeting["identifiers"].get(leader_id, {})
        yield {
            "meeting_id": meeting["id"],
            "date": _iso(meeting["date"]),
            "leader": name,
            "leader_slug": slug,
            "wikidata_id": wikidata_id,
            "hsg_person_id": known.get(LeaderIdentifier.Scheme.HISTORY_STATE, ""),
            "viaf_id": known.get(LeaderIdentifier.Scheme.VIAF, ""),
            "office": office,
            "country_code": code,
            "country_name": name_at_time or country,
        }


def dyad_records(meeting):
    codes = sorted({participant[4] for participant in meeting["participants"]})
    for first, second in combinations(codes, 2):
        yield {
            "meeting_id": meeting["id"],
            "date": _iso(meeting["date"]),
            "country_a": first,
            "country_b": second,
            "kind": meeting["kind"],
            "summit": meeting["summit_name"] or "",
            "topics": meeting["topics"],
        }


ROW_BUILDERS = {
    "meetings": lambda meeting, site_url: [meeting_record(meeting, site_url)],
    "participants": lambda meeting, site_url: participant_records(meeting),
    "dyads": lambda meeting, site_url: dyad_records(meeting),
}


def records(queryset, layout="meetings", site_url=None):
    """Every record of a layout for these meetings, as dicts (permalinks at ``site_url``: see permalink())."""
    build = ROW_BUILDERS[layout]
    for chunk in meeting_chunks(queryset):
        for meeting in chunk:
            yield from build(meeting, site_url)


def row_count(queryset, layout="meetings"):
    """How many rows the layout gives for these meetings (sent before the rows, so a cut file shows)."""
    ids = queryset.order_by().values("pk")
    if layout == "meetings":
        return queryset.order_by().count()
    if layout == "participants":
        return Participation.objects.filter(meeting__in=ids).count()
    # Dyads: pairs of distinct countries per meeting, counted by the database.
    # The subquery is Django's own SQL for the filtered ids (never elided: a search of only common words finds
    # nothing); its parameters are passed separately.
    subquery, params = ids.query.get_compiler(using=queryset.db, elide_empty=False).as_sql()
    sql = DYAD_COUNT_SQL.format(ids=subquery)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


# n countries at a meeting make n(n-1)/2 pairs: counted per meeting, without joining participations to themselves.
DYAD_COUNT_SQL = (
    "SELECT COALESCE(SUM(n * (n - 1) / 2), 0) FROM (SELECT COUNT(DISTINCT country_id) AS n "
    "FROM meetings_participation WHERE meeting_id IN ({ids}) GROUP BY meeting_id) per_meeting"
)


def neutralise(value):
    """A cell text that spreadsheets show as text, never run as a formula.

    A text that itself begins with an apostrophe gets one more, so that restore() gives it back exactly.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith((*FORMULA_STARTS, "'")) else text


def csv_cell(value):
    if isinstance(value, list):
        return neutralise(MULTI_SEPARATOR.join(str(v) for v in value))
    return neutralise(value)


def restore(cell):
    """The value neutralise() protected: the import reads cells back with it."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith((*FORMULA_STARTS, "'")) else cell


def csv_lines(queryset, layout="meetings", *, bom=False, progress=None, site_url=None):
    """The CSV file as chunks of text: RFC 4180, a header row, then the rows (permalinks at ``site_url``)."""
    queryset = _pinned(queryset)
    if not exports_sql.is_supported(queryset):
        return python_csv_lines(queryset, layout, bom=bom, progress=progress, site_url=site_url)
    return _database_csv_lines(queryset, layout, bom, progress, site_url)


def _pinned(queryset):
    # The database is chosen while the request is answered (a visitor's reads go to the replica, meetings/routers.py),
    # not later when the response streams, so that the rows come from where X-Row-Count was counted.
    return queryset.using(queryset.db)


def _database_csv_lines(queryset, layout, bom, progress, site_url):
    # The header goes at once: the download starts while the database sorts.
    yield _csv_text([[column.name for column in LAYOUTS[layout]]], bom=bom)
    if connections[queryset.db].vendor == "postgresql":
        rows = exports_sql.copy_rows(queryset, layout, site_url)
        yield from exports_sql.copy_blocks(progress(rows) if progress else rows)
        return
    if progress is None and export_lines.applies(queryset):
        # Each meeting's lines as stored (export_lines.py); a progress bar counts rows, which the stored text hides.
        for texts in export_lines.texts(queryset, layout, CHUNK_SIZE, site_url):
            yield "".join(texts)
        return
    rows = exports_sql.sqlite_rows(queryset, layout, CHUNK_SIZE, site_url)
    rows = progress(rows) if progress else rows
    while text := _csv_text(islice(rows, 1000)):
        yield text


def _csv_text(rows, bom=False):
    return ("\ufeff" if bom else "") + exports_sql.csv_text(rows)


def python_csv_lines(queryset, layout="meetings", *, bom=False, progress=None, site_url=None):
    """The CSV file made in Python from records(): the reference for csv_lines()."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")
    writer.writerow([column.name for column in LAYOUTS[layout]])
    names = [column.name for column in LAYOUTS[layout]]
    rows = records(queryset, layout, site_url)
    for count, record in enumerate(progress(rows) if progress else rows, start=1):
        writer.writerow([csv_cell(record[name]) for name in names])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_record(meeting_dict):
    """The meetings layout for JSON: nested participants and sources (JSON_NESTED), values exactly as stored."""
    record = dict(meeting_dict)
    for key, columns in JSON_NESTED.items():
        lists = [record.pop(column) for column in columns.values()]
        record[key] = [dict(zip(columns, values, strict=True)) for values in zip(*lists, strict=True)]
    return record


def json_objects(queryset, site_url=None):
    """Each meeting's JSON object as text: written by the database (PostgreSQL: copy_json_rows, lines of bytes;
    SQLite: the stored lines of export_lines.py, made a query per chunk), else made in Python from records() (SQLite
    without its JSON functions)."""
    if connections[queryset.db].vendor == "postgresql":
        return (bytes(line[:-1]).decode() for line in _copy_json_rows(queryset, site_url))
    if export_lines.applies(queryset):
        chunks = export_lines.texts(queryset, export_lines.JSON, CHUNK_SIZE, site_url)
        return (text for texts in chunks for text in texts)
    return (json.dumps(json_record(record), ensure_ascii=False) for record in records(queryset, "meetings", site_url))


def _copy_json_rows(queryset, site_url):
    # Each meeting's stored JSON text where the export may store it (export_lines.py), else the plain statement.
    if not export_lines.applies_on_postgresql(queryset):
        return exports_sql.copy_json_rows(queryset, site_url)
    export_lines.forget_stale(queryset)
    return exports_sql.copy_json_rows(queryset, site_url, export_lines.postgresql_json)


def json_lines(queryset, progress=None, site_url=None):
    """JSON Lines: one meeting object per line."""
    queryset = _pinned(queryset)
    if connections[queryset.db].vendor == "postgresql":
        lines = _copy_json_rows(queryset, site_url)
        # Blocks the size of the first statement's rows: the first is sent as soon as they are made.
        return _text_blocks(progress(lines) if progress else lines, exports_sql.JSON_FIRST_ROWS)
    objects = json_objects(queryset, site_url)
    return _line_blocks(progress(objects) if progress else objects)


def _text_blocks(lines, size):
    """Text of byte lines (each ending in LF), ``size`` lines at a time."""
    while block := b"".join(islice(lines, size)):
        yield block.decode()


def _line_blocks(objects):
    lines = (text + "\n" for text in objects)
    while block := "".join(islice(lines, 500)):
        yield block


def json_array(queryset, progress=None, site_url=None):
    """A JSON array of meeting objects, streamed."""
    queryset = _pinned(queryset)
    objects = json_objects(queryset, site_url)
    size = exports_sql.JSON_FIRST_ROWS if connections[queryset.db].vendor == "postgresql" else 500
    return _json_array_blocks(progress(objects) if progress else objects, size)


def _json_array_blocks(objects, size=500):
    separator = "[\n"
    while block := list(islice(objects, size)):
        yield separator + ",\n".join(block)
        separator = ",\n"
    yield "[\n]\n" if separator == "[\n" else "\n]\n"


def file_name(active_filters, extension, layout="meetings", today=None):
    """What the file holds, e.g. meetings_country-jp-in_2025-11-25.csv."""
    today = today or datetime.date.today()
    parts = {}
    for name, value, _label in active_filters:
        parts.setdefault(name, []).append(str(value))
    described = "_".join(f"{name}-{'-'.join(values)}" for name, values in parts.items())
    # Plain ASCII letters and digits only, so that every browser keeps the name (and "attachment").
    safe = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9_-]", "-", described))[:120].strip("-_")
    stem = "_".join(part for part in [layout, safe, today.isoformat()] if part)
    return f"{stem}.{extension}"
