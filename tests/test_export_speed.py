"""The database's export rows (exports_sql.py: COPY on PostgreSQL, a query per chunk on SQLite) equal, byte for byte,
what the Python reference path gives, on data chosen to break CSV writers; and they are the rows the headers promise.

Speed itself is measured by benchmarks (bench/), never by tests.
"""

import csv
import datetime
import io
import json

import pytest
from django.db import connection, connections, transaction
from django.http import QueryDict
from django.utils import timezone

from meetings import exports, exports_sql
from meetings.filters import MeetingFilter
from meetings.models import Country, LeaderIdentifier, Meeting, MeetingArea, Participation, Source

from .factories import make_area, make_leader, make_meeting, make_summit

pytestmark = pytest.mark.django_db

HOSTILE = [
    "=1+1",
    "+33 1 23",
    "-minus",
    "@SUM(A1)",
    "\ttab",
    "\rcarriage",
    "\nline feed",
    "'apostrophe",
    "''two apostrophes",
    'He said "yes", then left',
    "comma, inside",
    "semi; colon; inside",
    "two\r\nlines",
    "Nguyễn Phú Trọng",
    "Ζ greek",
    "trailing space ",
    "",
]


def published(title, *, participants=(), areas=(), sources=(), **fields):
    """A published meeting written straight to the database, with exactly the rows given (even none)."""
    fields.setdefault("date", datetime.date(2024, 5, 1))
    meeting = Meeting.objects.create(
        title=title, status=Meeting.Status.PUBLISHED, published_at=timezone.now(), **fields
    )
    for leader, order, extra in participants:
        Participation.objects.create(meeting=meeting, leader=leader, order=order, **extra)
    for area in areas:
        MeetingArea.objects.create(meeting=meeting, area=area)
    for publisher, url in sources:
        Source.objects.create(meeting=meeting, publisher=publisher, url=url)
    meeting.refresh_search_text()
    return meeting


@pytest.fixture
def hostile():
    """Meetings whose every kind of cell holds text that breaks CSV writers or spreadsheets."""
    leaders = [
        make_leader(
            name or "Nameless",
            slug=f"hostile-{n}",
            country_code=["JP", "IN", "US", "FR", "XEU", "BR"][n % 6],
            office=HOSTILE[-1 - n],
            wikidata_id=f"Q{n}" if n % 3 else name[:20],
        )
        for n, name in enumerate(HOSTILE)
    ]
    LeaderIdentifier.objects.create(leader=leaders[0], scheme=LeaderIdentifier.Scheme.HISTORY_STATE, value="=7")
    LeaderIdentifier.objects.create(leader=leaders[0], scheme=LeaderIdentifier.Scheme.VIAF, value="34470968")
    LeaderIdentifier.objects.create(leader=leaders[3], scheme=LeaderIdentifier.Scheme.VIAF, value="'1")
    parents = [make_area(name, slug=f"parent-{n}") for n, name in enumerate(["=Zeta", "alpha", "Älpha", "'q"])]
    areas = [
        make_area(name, slug=f"area-{n}", parent=parents[n % 4] if n % 5 else None) for n, name in enumerate(HOSTILE)
    ]
    summit = make_summit('=HYPERLINK("x"), G20', slug="hostile-summit", series="g20")
    meetings = []
    for n, title in enumerate(HOSTILE):
        group = [leaders[(n + k) % len(leaders)] for k in range(2 + n % 4)]
        # The archive's order is not the order of entry, and ties are broken by entry.
        orders = [2, 0, 1, 1, 0][: len(group)]
        participants = [
            (leader, order, {"country_name": HOSTILE[(n + order) % len(HOSTILE)] if n % 2 else ""})
            for leader, order in zip(group, orders, strict=True)
        ]
        meetings.append(
            published(
                title or "Untitled but published",
                slug=f"hostile-meeting-{n}",
                date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 5),
                end_date=datetime.date(2020, 2, 1) if n % 3 else None,
                kind=Meeting.Kind.values[n % len(Meeting.Kind.values)],
                summit=summit if n % 2 else None,
                city=HOSTILE[(n + 3) % len(HOSTILE)],
                country=Country.objects.get(code=["ZA", "JP", "XEU"][n % 3]) if n % 4 else None,
                country_name=HOSTILE[(n + 5) % len(HOSTILE)] if n % 3 == 1 else "",
                summary=HOSTILE[(n + 7) % len(HOSTILE)],
                participants=participants,
                areas=[areas[(n + k) % len(areas)] for k in range(n % 4)],
                sources=[(HOSTILE[(n + k) % len(HOSTILE)], f"https://example.org/{k},{n}") for k in range(n % 3)]
                + [("", "")] * (n % 2),
            )
        )
    # Two leaders of one country, and a meeting with nothing attached.
    published("Same country twice", slug="same-country", participants=[(leaders[0], 0, {}), (leaders[6], 1, {})])
    published("Alone in the archive", slug="alone")
    make_meeting("Secret draft", participants=leaders[:2], sources=1)
    # Timestamps with and without microseconds, and with trailing zeros in them.
    stamps = [datetime.datetime(2025, 1, 2, 3, 4, 5, micro, tzinfo=datetime.UTC) for micro in (0, 120000, 123456)]
    for meeting, stamp in zip(meetings, stamps, strict=False):
        Meeting.objects.filter(pk=meeting.pk).update(updated_at=stamp)
    return {"leaders": leaders, "areas": areas, "summit": summit, "meetings": meetings}


def filtered(query):
    filterset = MeetingFilter(QueryDict(query), queryset=Meeting.objects.published())
    assert filterset.form.is_valid(), filterset.form.errors
    return filterset.qs


def committed_elsewhere(sql, params=()):
    """``sql`` run and committed at once by another session (another visitor's, or another export's)."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        other.close()


def reference_json(function, queryset, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(exports_sql, "is_supported", lambda queryset: False)
        return "".join(function(queryset))


QUERIES = [
    "",
    "country=jp&country=in",
    "year=2020",
    "sort=oldest",
    "kind=bilateral",
    "topic=parent-0",
    "q=greek",
    "q=greek&sort=oldest",
    "q=nothing-like-this",
    "q=the",
]


def test_the_database_path_is_the_one_in_use(hostile, monkeypatch):
    assert exports_sql.is_supported(Meeting.objects.all())

    def no_python_rows(*args, **kwargs):
        raise AssertionError("the Python path was used")

    monkeypatch.setattr(exports, "records", no_python_rows)
    for layout in exports.LAYOUTS:
        assert "".join(exports.csv_lines(filtered(""), layout)).count("\r\n") > 10
    assert "".join(exports.json_lines(filtered("")))


@pytest.mark.parametrize("first_rows", [1, 3, 7, 100])
def test_json_split_where_the_first_rows_end_is_seamless(hostile, monkeypatch, first_rows):
    """PostgreSQL sends a JSON export's first rows from a statement of their own: the file is the same wherever the
    split falls (before, at or after the last meeting)."""
    monkeypatch.setattr(exports_sql, "JSON_FIRST_ROWS", first_rows)
    for query in ("", "sort=oldest", "country=jp"):
        meetings = filtered(query)
        for function in (exports.json_lines, exports.json_array):
            assert "".join(function(meetings)) == reference_json(function, meetings, monkeypatch), (query, first_rows)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the JSON export's two statements are PostgreSQL's")
def test_json_export_in_its_own_transaction_reads_one_snapshot(monkeypatch):
    """Outside any transaction (as when a response streams) the export's two statements run in one REPEATABLE READ
    transaction: a meeting published by someone else meanwhile moves no row between them."""
    for n in range(5):
        published(f"Meeting {n}", slug=f"snapshot-{n}", date=datetime.date(2024, 5, 1 + n))
    monkeypatch.setattr(exports_sql, "JSON_FIRST_ROWS", 2)
    lines = exports.json_lines(filtered("sort=oldest"))
    try:
        first = next(lines)  # the first two rows are sent; the second statement has not run yet
        committed_elsewhere("UPDATE meetings_meeting SET date = '2000-01-01' WHERE slug = 'snapshot-4'")
        rest = "".join(lines)
    finally:
        lines.close()  # never left half-way in a COPY, whatever fails
    slugs = [json.loads(line)["permalink"].rsplit("/", 2)[-2] for line in (first + rest).splitlines()]
    assert slugs == [f"snapshot-{n}" for n in range(5)]  # as they were when the export began: none twice


def test_the_database_writes_the_json_itself(hostile, monkeypatch):
    """Python neither decodes the database's lists nor encodes each object again: PostgreSQL's COPY and SQLite's
    queries send each meeting's object as text."""

    def no_python_json(*args, **kwargs):
        raise AssertionError("the JSON was made in Python")

    monkeypatch.setattr(exports, "json_record", no_python_json)
    monkeypatch.setattr(exports, "records", no_python_json)
    lines = "".join(exports.json_lines(filtered(""))).splitlines()
    assert len(lines) == Meeting.objects.published().count()
    array = json.loads("".join(exports.json_array(filtered("country=jp"))))
    assert array and all(set(item) >= {"id", "permalink", "participants", "sources"} for item in array)


def test_json_text_escapes_every_character_as_json_dumps_does(db):
    """Dialect.json_text (to_json on PostgreSQL, json_quote on SQLite) against json.dumps(ensure_ascii=False), over
    every code point but the surrogates and NUL (PostgreSQL's text cannot hold it), a few thousand at a time."""
    dialect = exports_sql.Dialect(connection)
    points = [chr(code) for code in range(1, 0x110000) if not 0xD800 <= code <= 0xDFFF]
    texts = ["".join(points[i : i + 64]) for i in range(0, len(points), 64)]
    texts += ['"quoted" \\ back/slash', "\n\r\t\b\f\x0b\x1f\x7f\u2028\u2029", "é😀", ""]
    with connection.cursor() as cursor:
        for start in range(0, len(texts), 500):
            chunk = texts[start : start + 500]
            cursor.execute("SELECT " + ", ".join(dialect.json_text("CAST(%s AS TEXT)") for _ in chunk), chunk)
            assert list(cursor.fetchone()) == [json.dumps(text, ensure_ascii=False) for text in chunk]
        cursor.execute(f"SELECT {dialect.json_text('CAST(NULL AS TEXT)')}")
        assert cursor.fetchone()[0] == "null"


@pytest.mark.parametrize("layout", list(exports.LAYOUTS))
def test_csv_equals_the_python_reference(hostile, layout):
    for query in QUERIES:
        meetings = filtered(query)
        fast = "".join(exports.csv_lines(meetings, layout))
        assert fast == "".join(exports.python_csv_lines(meetings, layout)), query
        if query in {"", "year=2020", "topic=parent-0", "q=greek"}:
            assert fast.count("\r\n") > 3, f"{query} found too little to compare"


def test_json_equals_the_python_reference(hostile, monkeypatch):
    for query in QUERIES:
        meetings = filtered(query)
        for function in (exports.json_lines, exports.json_array):
            assert "".join(function(meetings)) == reference_json(function, meetings, monkeypatch), query


def test_ordered_aggregates_give_the_same_files(hostile, monkeypatch):
    """The aggregates' own ORDER BY, used from PostgreSQL 16 on, gives what the sorted subqueries give."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite reads its aggregates' rows from sorted subqueries")
    before = {layout: "".join(exports.csv_lines(filtered(""), layout)) for layout in exports.LAYOUTS}
    json_before = "".join(exports.json_lines(filtered("")))
    monkeypatch.setattr(exports_sql, "PG_ORDERED_AGGREGATES", 0)
    assert exports_sql.Dialect(connection).ordered_aggregates
    assert before == {layout: "".join(exports.csv_lines(filtered(""), layout)) for layout in exports.LAYOUTS}
    assert json_before == "".join(exports.json_lines(filtered("")))


def test_the_hostile_cells_are_there_and_escaped(hostile):
    text = "".join(exports.csv_lines(filtered(""), "meetings"))
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row.values()]
    assert not [cell for cell in cells if cell.startswith(exports.FORMULA_STARTS)]
    expected = {"'=1+1", "''apostrophe", "'" + "''two apostrophes", 'He said "yes", then left', "two\r\nlines"}
    assert expected <= set(cells)
    assert any("semi; colon; inside" in cell for cell in cells)
    alone = next(row for row in rows if row["title"] == "Alone in the archive")
    assert [alone[name] for name in ("participant_names", "topics", "source_publishers", "source_urls")] == [""] * 4
    stamps = {row["last_updated"] for row in rows}
    assert {"2025-01-02T03:04:05Z", "2025-01-02T03:04:05.120000Z", "2025-01-02T03:04:05.123456Z"} <= stamps


def test_the_admin_selection_with_drafts_and_a_byte_order_mark(hostile):
    make_meeting("Draft without a date", date=None)
    everything = Meeting.objects.order_by("-date", "-id")
    fast = "".join(exports.csv_lines(everything, "meetings", bom=True))
    assert fast.startswith("\ufeffid,permalink,")
    assert fast == "".join(exports.python_csv_lines(everything, "meetings", bom=True))
    assert "Secret draft" in fast and "Draft without a date" in fast


def test_permalinks_follow_the_site_url(hostile, settings):
    for site in ("https://archive.example.org/", "=http://odd.example"):
        settings.SITE_URL = site
        fast = "".join(exports.csv_lines(filtered(""), "meetings"))
        assert fast == "".join(exports.python_csv_lines(filtered(""), "meetings"))
    assert "'=http://odd.example/meetings/alone/" in fast


@pytest.mark.parametrize("layout", list(exports.LAYOUTS))
def test_x_row_count_is_the_rows_sent(client, hostile, layout):
    for query in ["", "country=jp&country=in", "q=greek", "topic=parent-0", "q=the"]:
        response = client.get(f"/meetings/export.csv?layout={layout}&{query}")
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))[1:]
        assert int(response["X-Row-Count"]) == len(rows), query


def test_the_progress_bar_counts_the_rows(hostile):
    counted = []

    def progress(rows):
        for row in rows:
            counted.append(row)
            yield row

    for layout in exports.LAYOUTS:
        counted.clear()
        text = "".join(exports.csv_lines(filtered(""), layout, progress=progress))
        assert len(counted) == exports.row_count(filtered(""), layout) == len(list(csv.reader(io.StringIO(text)))) - 1


def test_an_export_left_half_way_leaves_the_connection_usable(hostile, monkeypatch):
    monkeypatch.setattr(exports_sql, "COPY_BLOCK_ROWS", 2)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for layout in exports.LAYOUTS:
        lines = exports.csv_lines(filtered(""), layout)
        next(lines), next(lines)
        lines.close()
        assert Meeting.objects.published().count() == len(hostile["meetings"]) + 2


@pytest.mark.django_db(transaction=True)
def test_a_visitors_statement_timeout_is_raised_for_the_export_only():
    """The export's own transaction gets the longer limit; the session keeps its own."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statement timeout")
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '5s'")
        with transaction.atomic():
            exports_sql._export_settings(cursor)
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "2min"
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5s"
        cursor.execute("SET statement_timeout = 0")
        with transaction.atomic():
            exports_sql._export_settings(cursor)
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "0"


@pytest.mark.parametrize("site_url", ["https://archive.example.org", 'https://example.org/a,"b"', "=HYPERLINK(1)"])
def test_csv_permalinks_at_any_address_equal_the_python_reference(hostile, site_url):
    """SQLite writes each CSV line itself: a site address holding a comma or a quote is quoted as csv.writer quotes
    it, one starting like a formula escaped (permalink_csv_parts)."""
    meetings = filtered("")
    fast = "".join(exports.csv_lines(meetings, "meetings", site_url=site_url))
    assert fast == "".join(exports.python_csv_lines(meetings, "meetings", site_url=site_url))
    assert fast.count("\r\n") > 3
