"""Export rows made by the database: lists joined, dates formatted and formula cells escaped in SQL.

PostgreSQL streams the CSV rows of a whole export from one `COPY (…) TO STDOUT`, and the JSON objects too, each
written as text by the database; SQLite runs one query per chunk of meetings and Python's csv and json modules write
its rows. Either way the file is byte for byte what exports.py's Python path (records(), the csv writer and
json.dumps, kept as the reference) gives: tests/test_export_speed.py compares them on hostile data.
"""

# ruff: noqa: S608 — the SQL below is formatted from this module's constant fragments and Django's compiled SQL;
# every value (ids, search words, the site's address) is a query parameter.

import csv
import io
import json
from itertools import islice

from django.conf import settings
from django.db import connections, transaction
from django.urls import reverse

from .models import LeaderIdentifier

MULTI_SEPARATOR = "; "
# A cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# The first characters that neutralise() escapes: the formula starts, and an apostrophe (so that restore() works).
ESCAPED_CODES = ", ".join(str(ord(c)) for c in (*FORMULA_STARTS, "'"))
# From this PostgreSQL version on (16), an aggregate's ORDER BY costs one sort of its input rather than one per group.
PG_ORDERED_AGGREGATES = 160000
COPY_BLOCK_ROWS = 1000
# A JSON export's first meetings come from a statement of their own: a COPY of the whole export sends its first row
# only once every meeting's object is made and sorted (4 s at 100,000 meetings), and a JSON file has no header to
# send before it; a download showing nothing for seconds looks dead, and a proxy may cut it.
JSON_FIRST_ROWS = 100
# PostgreSQL: how long the statement of one export may run (100,000 meetings take about two seconds).
EXPORT_STATEMENT_TIMEOUT_MS = settings.EXPORT_STATEMENT_TIMEOUT_MS
SLUG_PLACEHOLDER = "meeting-slug"
# The keys of the objects JSON nests in a meeting (exports.JSON_NESTED maps each to its CSV column).
JSON_PARTICIPANT_KEYS = ("name", "country_code", "office")
JSON_SOURCE_KEYS = ("publisher", "url")


def csv_text(rows):
    """The rows as csv.writer writes them, each line ending in CRLF (RFC 4180)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def is_supported(queryset):
    """PostgreSQL, or SQLite with its JSON functions (built in since 3.38, and in most builds before)."""
    connection = connections[queryset.db]
    if connection.vendor == "sqlite":
        return connection.features.supports_json_field
    return connection.vendor == "postgresql"


def permalink_parts(site_url=None, escape=True):
    """(text before the slug, text after it) of every permalink (as exports.permalink() makes it), the first escaped
    as neutralise() does (for CSV) unless ``escape`` is false (for JSON)."""
    url = (site_url or settings.SITE_URL).rstrip("/") + reverse("meeting_detail", args=[SLUG_PLACEHOLDER])
    before, after = url.split(SLUG_PLACEHOLDER)
    return ("'" + before if escape and before.startswith((*FORMULA_STARTS, "'")) else before), after


class Dialect:
    """The few expressions that differ between PostgreSQL and SQLite."""

    def __init__(self, connection):
        self.postgresql = connection.vendor == "postgresql"
        # Elsewhere the aggregates read their rows in the order of the sorted subquery feeding them: PostgreSQL
        # before 16 aggregates strings in one process, and SQLite keeps a FROM subquery's ORDER BY when the
        # aggregate query has no other table and no ORDER BY of its own.
        self.ordered_aggregates = self.postgresql and connection.pg_version >= PG_ORDERED_AGGREGATES
        # Python sorts text by code point: so do the "C" collation and SQLite's BINARY on UTF-8.
        self.binary = ' COLLATE "C"' if self.postgresql else " COLLATE BINARY"

    def cell(self, text):
        """The text of a CSV cell, exactly as neutralise() makes it."""
        first = "ascii" if self.postgresql else "unicode"
        escaped = f"CASE WHEN {first}({text}) IN ({ESCAPED_CODES}) THEN '''' || {text} ELSE {text} END"
        # COPY writes an empty string as "" and NULL as nothing; Python's csv module writes both as nothing.
        return f"NULLIF({escaped}, '')" if self.postgresql else escaped

    def date(self, column):
        """As date.isoformat() (PostgreSQL: under DateStyle ISO, set for the export)."""
        return f"{column}::text" if self.postgresql else f"CAST({column} AS TEXT)"

    def utc_timestamp(self, column):
        """As exports._iso(): ISO 8601 in UTC with a Z, six digits of microseconds when there are some."""
        if self.postgresql:
            # DateStyle ISO leaves out the fraction's trailing zeros.
            text = f"({column} AT TIME ZONE 'UTC')::text"
            padded = f"CASE WHEN length({text}) = 19 THEN {text} ELSE rpad({text}, 26, '0') END"
            return f"overlay({padded} placing 'T' from 11 for 1) || 'Z'"
        # Django stores SQLite datetimes in UTC as str(datetime): "2025-11-23 10:00:00[.123456]".
        return f"replace({column}, ' ', 'T') || 'Z'"

    def joined(self, expression, order, separator=MULTI_SEPARATOR):
        """The group's values joined with ``separator``, in the order of `order` (that of the subquery's rows)."""
        if self.postgresql:
            sort = f" ORDER BY {order}" if self.ordered_aggregates else ""
            return f"string_agg({expression}, '{separator}'{sort})"
        return f"group_concat({expression}, '{separator}')"

    def json_text(self, expression):
        """The JSON text of a value, as json.dumps(value, ensure_ascii=False) writes it: a string quoted and escaped,
        null for NULL. PostgreSQL's to_json and SQLite's json_quote escape exactly what json.dumps escapes (the
        quote, the backslash and the control characters, \\n and its kin in their short forms), checked over
        every code point by tests/test_export_speed.py."""
        if self.postgresql:
            return f"COALESCE(to_json({expression})::text, 'null')"
        return f"json_quote({expression})"


# Every query reads `f` (n, id): the exported meetings numbered in the queryset's order.


PARTICIPANT_LISTS = (("name", "names"), ("code", "codes"), ("office", "offices"))


def _participants(aggregate):
    aggregates = ", ".join(f"{aggregate(column, 'o1, o2')} AS {name}" for column, name in PARTICIPANT_LISTS)
    return _participants_of(aggregates, "l.name, pc.code, pa.office")


def _participants_of(aggregates, columns):
    """Per meeting (n), ``aggregates`` of ``columns`` of its participations, read in the archive's order (o1, o2)."""
    return f"""
        SELECT n, {aggregates}
        FROM (
            SELECT f.n, {columns}, pa."order" AS o1, pa.id AS o2
            FROM f
            JOIN meetings_participation pa ON pa.meeting_id = f.id
            JOIN meetings_leader l ON l.id = pa.leader_id
            JOIN meetings_country pc ON pc.id = pa.country_id
            ORDER BY f.n, pa."order", pa.id
        ) sorted_participants
        GROUP BY n"""


def _topics(dialect, aggregate):
    # "Parent › Topic", sorted as Python sorts the labels.
    return f"""
        SELECT n, {aggregate("topic", "topic")} AS topics
        FROM (
            SELECT f.n, (CASE WHEN parent.name <> '' THEN parent.name || ' › ' || area.name ELSE area.name END)
                {dialect.binary} AS topic
            FROM f
            JOIN meetings_meetingarea link ON link.meeting_id = f.id
            JOIN meetings_cooperationarea area ON area.id = link.area_id
            LEFT JOIN meetings_cooperationarea parent ON parent.id = area.parent_id
            ORDER BY 1, 2
        ) sorted_topics
        GROUP BY n"""


def _sources(aggregate):
    aggregates = f"{aggregate('publisher', 'o1')} AS publishers, {aggregate('url', 'o1')} AS urls"
    return _sources_of(aggregates, "source.publisher, source.url")


def _sources_of(aggregates, columns):
    """Per meeting (n), ``aggregates`` of ``columns`` of its sources, read in their order (o1)."""
    return f"""
        SELECT n, {aggregates}
        FROM (
            SELECT f.n, {columns}, source.id AS o1
            FROM f
            JOIN meetings_source source ON source.meeting_id = f.id
            ORDER BY f.n, source.id
        ) sorted_sources
        GROUP BY n"""


def _meetings_sql(dialect):
    cell, joined = dialect.cell, dialect.joined
    return f"""
        SELECT m.id, %s || m.slug || %s, {dialect.date("m.date")}, {dialect.date("m.end_date")}, {cell("m.title")},
            {cell("m.kind")}, {cell("summit.name")}, {cell("summit.series")}, {cell("m.city")}, {cell("c.code")},
            {cell("COALESCE(NULLIF(m.country_name, ''), c.name)")}, {cell("p.names")}, {cell("p.codes")},
            {cell("p.offices")}, {cell("t.topics")}, {cell("m.summary")}, {cell("s.publishers")},
            {cell("s.urls")}, {dialect.utc_timestamp("m.updated_at")}
        FROM f
        JOIN meetings_meeting m ON m.id = f.id
        LEFT JOIN meetings_summit summit ON summit.id = m.summit_id
        LEFT JOIN meetings_country c ON c.id = m.country_id
        LEFT JOIN ({_participants(joined)}) p ON p.n = f.n
        LEFT JOIN ({_topics(dialect, joined)}) t ON t.n = f.n
        LEFT JOIN ({_sources(joined)}) s ON s.n = f.n
        ORDER BY f.n"""


def _participants_sql(dialect):
    cell = dialect.cell
    return f"""
        SELECT m.id, {dialect.date("m.date")}, {cell("l.name")}, {cell("l.slug")}, {cell("l.wikidata_id")},
            {cell("hsg.value")}, {cell("viaf.value")}, {cell("pa.office")}, {cell("pc.code")},
            {cell("COALESCE(NULLIF(pa.country_name, ''), pc.name)")}
        FROM f
        JOIN meetings_meeting m ON m.id = f.id
        JOIN meetings_participation pa ON pa.meeting_id = m.id
        JOIN meetings_leader l ON l.id = pa.leader_id
        JOIN meetings_country pc ON pc.id = pa.country_id
        LEFT JOIN meetings_leaderidentifier hsg ON hsg.leader_id = l.id AND hsg.scheme = %s
        LEFT JOIN meetings_leaderidentifier viaf ON viaf.leader_id = l.id AND viaf.scheme = %s
        ORDER BY f.n, pa."order", pa.id"""


def _dyads_sql(dialect):
    cell, binary = dialect.cell, dialect.binary
    # Each unordered pair of distinct countries once, in code order (itertools.combinations of the sorted codes):
    # made meeting by meeting from its participations (two index lookups each), never by joining a table of every
    # meeting's countries to itself (SQLite then read all the pairs of a chunk for each of its meetings). The
    # meeting's own columns are read before the pairs are made distinct, so that one sort, in the file's order,
    # serves both (PostgreSQL sorted the pairs, joined the meetings, then sorted again: 10 % of the export).
    return f"""
        SELECT pairs.id, {dialect.date("pairs.date")}, {cell("pairs.a")}, {cell("pairs.b")}, {cell("pairs.kind")},
            {cell("pairs.summit")}, {cell("t.topics")}
        FROM (
            SELECT DISTINCT f.n, pc1.code {binary} AS a, pc2.code {binary} AS b, m.id, m.date, m.kind,
                summit.name AS summit
            FROM f
            JOIN meetings_meeting m ON m.id = f.id
            LEFT JOIN meetings_summit summit ON summit.id = m.summit_id
            JOIN meetings_participation p1 ON p1.meeting_id = f.id
            JOIN meetings_country pc1 ON pc1.id = p1.country_id
            JOIN meetings_participation p2 ON p2.meeting_id = f.id
            JOIN meetings_country pc2 ON pc2.id = p2.country_id AND pc1.code {binary} < pc2.code {binary}
            ORDER BY f.n, a, b
        ) pairs
        LEFT JOIN ({_topics(dialect, dialect.joined)}) t ON t.n = pairs.n
        ORDER BY pairs.n, pairs.a {binary}, pairs.b {binary}"""


# The database writes each meeting's JSON object itself, as text: exactly what json.dumps(json_record(…),
# ensure_ascii=False) writes (the same keys in the same order, ", " and ": " between them, strings escaped as json.dumps
# escapes them: Dialect.json_text), so that Python decodes and encodes nothing (that was two thirds of a JSON export
# on PostgreSQL, and 8 of SQLite's 9 seconds for 100,000 meetings).


def _json_object(pairs):
    """SQL making '{"key": value, …}' from (key, SQL of the value's JSON text) pairs."""
    members = " || ', ' || ".join(f"'{json.dumps(key)}: ' || {value}" for key, value in pairs)
    return f"'{{' || {members} || '}}'"


def _json_list(expression):
    """SQL making a JSON array ('[a, b]', '[]' for none) of the aggregated JSON texts in ``expression``."""
    return f"'[' || COALESCE({expression}, '') || ']'"


def _json_text_sql(dialect, columns=""):
    """The statement writing each meeting's JSON object; ``columns`` (SQL ending in a comma) come before it."""
    joined, _json_value = dialect.joined, dialect.json_text
    participant_columns = ("l.name", "pc.code", "pa.office")
    participant = (
        _json_object(
            [(key, _json_value(column)) for key, column in zip(JSON_PARTICIPANT_KEYS, participant_columns, strict=True)]
        )
        + " AS participant"
    )
    source_columns = ("source.publisher", "source.url")
    source = (
        _json_object([(key, _json_value(column)) for key, column in zip(JSON_SOURCE_KEYS, source_columns, strict=True)])
        + " AS source"
    )
    meeting = _json_object(
        [
            ("id", "CAST(m.id AS TEXT)"),
            ("permalink", _json_value("%s || m.slug || %s")),
            ("date", _json_value(dialect.date("m.date"))),
            ("end_date", _json_value(dialect.date("m.end_date"))),
            ("title", _json_value("m.title")),
            ("kind", _json_value("m.kind")),
            ("summit", _json_value("COALESCE(summit.name, '')")),
            ("summit_series", _json_value("COALESCE(summit.series, '')")),
            ("city", _json_value("m.city")),
            ("country_code", _json_value("COALESCE(c.code, '')")),
            ("country_name", _json_value("COALESCE(NULLIF(m.country_name, ''), c.name, '')")),
            ("topics", _json_list("t.topics")),
            ("summary", _json_value("m.summary")),
            ("last_updated", _json_value(dialect.utc_timestamp("m.updated_at"))),
            ("participants", _json_list("p.participants")),
            ("sources", _json_list("s.sources")),
        ]
    )
    participants = _participants_of(joined("participant", "o1, o2", ", ") + " AS participants", participant)
    sources = _sources_of(joined("source", "o1", ", ") + " AS sources", source)
    return f"""
        SELECT {columns}{meeting}
        FROM f
        JOIN meetings_meeting m ON m.id = f.id
        LEFT JOIN meetings_summit summit ON summit.id = m.summit_id
        LEFT JOIN meetings_country c ON c.id = m.country_id
        LEFT JOIN ({participants}) p ON p.n = f.n
        LEFT JOIN ({_topics(dialect, lambda column, order: joined(_json_value(column), order, ", "))}) t ON t.n = f.n
        LEFT JOIN ({sources}) s ON s.n = f.n
        ORDER BY f.n"""


def _statement(dialect, layout, numbered, site_url=None):
    """The query of a layout (or "json_text") after `f`, defined by `numbered`; its parameters follow those of `f`."""
    if layout == "participants":
        schemes = [LeaderIdentifier.Scheme.HISTORY_STATE.value, LeaderIdentifier.Scheme.VIAF.value]
        return f"WITH {numbered} {_participants_sql(dialect)}", schemes
    if layout == "dyads":
        return f"WITH {numbered} {_dyads_sql(dialect)}", []
    if layout == "json_text":  # one column: the meeting's JSON object as text
        return f"WITH {numbered} {_json_text_sql(dialect)}", list(permalink_parts(site_url, escape=False))
    return f"WITH {numbered} {_meetings_sql(dialect)}", list(permalink_parts(site_url))


# --- PostgreSQL: one statement over the queryset's own SQL ----------------------------------------------------------


def _numbered(queryset, after=0, name="f"):
    """`f` (or ``name``) as SQL and parameters: Django's SQL for the queryset's ids (filters, search, distinct,
    order), numbered; only those after the first ``after`` when it is given."""
    ids = queryset.values_list("pk", flat=True)
    # Not elided when it can find nothing (a search of only common words): the file then has its header alone.
    sql, params = ids.query.get_compiler(using=queryset.db, elide_empty=False).as_sql()
    # row_number() reads the rows as the subquery's ORDER BY sorts them: nothing stands between the two.
    numbered = f"SELECT row_number() OVER () AS n, q.pk AS id FROM ({sql}) q"
    if after:
        return f"{name} AS (SELECT n, id FROM ({numbered}) numbered WHERE n > %s)", [*params, after]
    return f"{name} AS ({numbered})", list(params)


def _export_settings(cursor):
    """For the export's transaction only."""
    # The plan is quick to run but long to compile: JIT would add about a second. Dates as isoformat() writes them.
    cursor.execute("SET LOCAL jit = off")
    cursor.execute("SET LOCAL DateStyle = 'ISO, YMD'")
    # One statement reads the whole export; once its rows stream, a cancelled statement can only cut the file short
    # (the 200 is sent). A shorter limit in force (a visitor's) is raised to one sized for the largest export.
    cursor.execute(
        "SELECT set_config('statement_timeout', %s, true) FROM pg_settings"
        " WHERE name = 'statement_timeout' AND setting::bigint BETWEEN 1 AND %s",
        [f"{EXPORT_STATEMENT_TIMEOUT_MS}ms", EXPORT_STATEMENT_TIMEOUT_MS - 1],
    )


def copy_rows(queryset, layout, site_url=None):
    """PostgreSQL: the CSV rows of a layout (no header) from one COPY, each a buffer ending in LF."""
    connection = connections[queryset.db]
    numbered, numbered_params = _numbered(queryset)
    query, params = _statement(Dialect(connection), layout, numbered, site_url)
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        _export_settings(cursor)
        # psycopg binds COPY's parameters on the client, as quoted literals: values never become SQL.
        with cursor.cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)", [*numbered_params, *params]) as copy:
            yield from copy


def copy_json_rows(queryset, site_url=None, statement=None):
    """PostgreSQL: each meeting's JSON object as a line (bytes ending in LF): the first JSON_FIRST_ROWS from a COPY of
    their own, then the rest from one COPY; each made by ``statement`` (json_statement() unless another is given:
    export_lines.postgresql_json)."""
    statement = statement or json_statement
    connection = connections[queryset.db]
    dialect = Dialect(connection)
    outermost = not connection.in_atomic_block
    # CSV, so that nothing is escaped (COPY's text format doubles every backslash), with a delimiter and a quote that
    # JSON text never holds raw (to_json escapes every control character): one column, never quoted.
    options = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'"
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        if outermost:
            # Both statements read one snapshot: a meeting published between them moves no row from one to the other.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        _export_settings(cursor)
        for part, after in ((queryset[:JSON_FIRST_ROWS], 0), (queryset, JSON_FIRST_ROWS)):
            query, params = statement(dialect, part, after, site_url)
            with cursor.cursor.copy(f"COPY ({query}) TO STDOUT ({options})", params) as copy:
                yield from copy


def json_statement(dialect, queryset, after, site_url):
    """The statement of copy_json_rows() writing each meeting's JSON object, and its parameters."""
    numbered, numbered_params = _numbered(queryset, after)
    query, params = _statement(dialect, "json_text", numbered, site_url)
    return query, [*numbered_params, *params]


def copy_blocks(rows):
    """Text of the rows of copy_rows(), a block at a time, with CRLF line ends."""
    # COPY sends one row per message, ending it with LF; RFC 4180 and the csv module end rows with CRLF.
    while block := list(islice(rows, COPY_BLOCK_ROWS)):
        yield (b"\r\n".join(row[:-1] for row in block) + b"\r\n").decode()


# --- SQLite: one query per chunk of the queryset's ids ---------------------------------------------------------------

# The chunk's ids as a JSON array: each one's index in it is its place in the export.
CHUNK_NUMBERED = "f AS (SELECT key AS n, value AS id FROM json_each(%s))"


def sqlite_rows(queryset, layout, chunk_size, site_url=None):
    """SQLite: the rows of a layout (no header) as tuples of cell values, for csv.writer, a query per chunk."""
    connection = connections[queryset.db]
    dialect = Dialect(connection)
    ids = queryset.values_list("pk", flat=True).iterator(chunk_size=chunk_size)
    with connection.cursor() as cursor:
        while chunk := list(islice(ids, chunk_size)):
            yield from chunk_rows(cursor, dialect, layout, chunk, site_url)


def chunk_rows(cursor, dialect, layout, chunk, site_url=None, *, bare=False):
    """SQLite: the rows of a layout (or "json_text") for one chunk of meeting ids, in the chunk's order; with
    ``bare``, each permalink is the bare slug (export_lines.py stores the text around it)."""
    query, params = _statement(dialect, layout, CHUNK_NUMBERED, site_url)
    if bare and layout in ("meetings", "json_text"):
        params = ["", ""]
    cursor.execute(query, [json.dumps(chunk), *params])
    while rows := cursor.fetchmany(500):
        yield from rows
