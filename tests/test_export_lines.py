"""SQLite's stored export lines (meetings/export_lines.py): read back byte for byte as the layouts' statements write
them, at any address, and never once the archive (or the statement making them) has changed since."""

# ruff: noqa: F811 — the tests take test_export_speed's ``hostile`` fixture, imported below, as an argument.

import datetime

import pytest
from django.db import connection, transaction

from meetings import caching, export_lines, exports, exports_sql
from meetings.models import ExportLine, Meeting

from .factories import make_area, make_leader
from .test_export_speed import (  # noqa: F401
    QUERIES,
    committed_elsewhere,
    filtered,
    hostile,
    published,
    reference_json,
)

pytestmark = pytest.mark.django_db

SQLITE = connection.vendor == "sqlite"
# PostgreSQL's COPY of the CSV layouts is quick enough: it stores the JSON objects only.
LAYOUTS = [*exports.LAYOUTS, export_lines.JSON] if SQLITE else [export_lines.JSON]
sqlite_only = pytest.mark.skipif(not SQLITE, reason="SQLite's chunks (PostgreSQL makes and stores in one statement)")


def export(layout, queryset, site_url=None):
    if layout == export_lines.JSON:
        return "".join(exports.json_lines(queryset, site_url=site_url))
    return "".join(exports.csv_lines(queryset, layout, site_url=site_url))


def reference(layout, queryset, monkeypatch, site_url=None):
    if layout == export_lines.JSON:
        return reference_json(lambda q: exports.json_lines(q, site_url=site_url), queryset, monkeypatch)
    return "".join(exports.python_csv_lines(queryset, layout, site_url=site_url))


@pytest.fixture
def statements(monkeypatch):
    """Counts the chunks made by the layouts' statements (the lines stored and the chunks sent without them)."""
    made = []
    original = exports_sql.chunk_rows

    def counted(cursor, dialect, layout, chunk, site_url=None, **kwargs):
        made.append(layout)
        return original(cursor, dialect, layout, chunk, site_url, **kwargs)

    monkeypatch.setattr(exports_sql, "chunk_rows", counted)
    return made


@pytest.mark.parametrize("layout", LAYOUTS)
def test_stored_lines_read_back_as_the_statement_writes_them(hostile, monkeypatch, statements, layout):
    if not SQLITE:
        statements.append("the statement stores the lines itself")
    sites = [None, "https://archive.example.org", 'https://example.org/a,"b"', "=HYPERLINK(1)", "http://x/\\ü"]
    first = {query: export(layout, filtered(query)) for query in QUERIES}
    assert statements, "the first export makes the lines"
    assert ExportLine.objects.filter(layout=layout).count() == Meeting.objects.published().count()
    statements.clear()
    for query in QUERIES:
        meetings = filtered(query)
        for site_url in sites:
            assert export(layout, meetings, site_url) == reference(layout, meetings, monkeypatch, site_url), query
        assert export(layout, meetings) == first[query]
    assert not statements, "every later export reads the stored lines"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_change_to_the_archive_is_exported_at_once(hostile, monkeypatch, layout):
    export(layout, filtered(""))
    meeting = hostile["meetings"][2]
    meeting.title = "Renamed after the first export"
    meeting.save()  # bumps the archive's version (meetings/signals.py)
    leader = make_leader("A leader added later", slug="added-later")
    meeting.participations.create(leader=leader, country=leader.country, order=9)
    text = export(layout, filtered(""))
    assert text == reference(layout, filtered(""), monkeypatch)
    assert ("added-later" in text) == (layout == "participants")
    assert ("Renamed after the first export" in text) == (layout in ("meetings", export_lines.JSON))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_only_lines_of_the_current_version_recipe_and_migration_are_read(hostile, monkeypatch, layout):
    meetings = filtered("")
    export(layout, meetings)
    one = ExportLine.objects.filter(layout=layout).order_by("meeting_id").first().meeting_id
    lines = ExportLine.objects.filter(layout=layout, meeting_id=one)
    tampered = '"tampered": true}' if layout == export_lines.JSON else "tampered\r\n"
    lines.update(text=tampered)
    assert "tampered" in export(layout, meetings)  # the stored text is what is sent
    with transaction.atomic():
        caching.bump()
    assert "tampered" not in export(layout, meetings)
    assert set(lines.values_list("version", flat=True)) == {caching.state()[0]}  # refilled; the stale ones gone
    lines.update(text=tampered)
    monkeypatch.setattr(export_lines, "newest_migration", lambda: "9999_a_data_migration")
    assert export(layout, meetings) == reference(layout, meetings, monkeypatch)
    lines.update(text=tampered)
    monkeypatch.setattr(export_lines, "recipe", lambda connection, layout: "another recipe")
    assert export(layout, meetings) == reference(layout, meetings, monkeypatch)


@sqlite_only
def test_a_busy_database_sends_the_lines_without_storing_them(hostile, monkeypatch):
    monkeypatch.setattr(export_lines, "fill", lambda *args: None)
    for layout in LAYOUTS:
        assert export(layout, filtered("")) == reference(layout, filtered(""), monkeypatch)
    assert not ExportLine.objects.exists()


@sqlite_only
def test_a_meeting_deleted_during_an_export_is_left_out(hostile, monkeypatch, statements):
    """Its id was read with the others, then it went before its lines were made: the chunk comes from the statement,
    without it."""
    gone = hostile["meetings"][5]
    original = export_lines.fill

    def deleted_first(*args):
        Meeting.objects.filter(pk=gone.pk).delete()
        return original(*args)

    monkeypatch.setattr(export_lines, "fill", deleted_first)
    text = export("participants", filtered(""))
    # The lines made, then the chunk sent as the statement gives it.
    assert statements == ["participants", "participants"]
    assert text == "".join(exports.python_csv_lines(filtered(""), "participants"))
    assert f"\r\n{gone.pk}," not in text


def test_lines_go_with_their_meeting(hostile):
    export(LAYOUTS[0], filtered(""))
    gone = hostile["meetings"][0]
    assert ExportLine.objects.filter(meeting_id=gone.pk).exists()
    gone.delete()
    assert not ExportLine.objects.filter(meeting_id=gone.pk).exists()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_topics_set_from_the_topics_side_are_exported_at_once(hostile, monkeypatch, layout):
    """``area.meetings.add(meeting)`` bumps the version as ``meeting.areas.add(area)`` does."""
    export(layout, filtered(""))
    area = make_area("Zyxwvu cooperation", slug="zyxwvu")
    area.meetings.add(*hostile["meetings"][:4])
    assert export(layout, filtered("")) == reference(layout, filtered(""), monkeypatch)
    assert Meeting.objects.filter(search_text__contains="Zyxwvu").count() == 4  # found by the topic's name
    area.meetings.remove(hostile["meetings"][0])
    assert export(layout, filtered("")) == reference(layout, filtered(""), monkeypatch)
    area.meetings.clear()
    assert export(layout, filtered("")) == reference(layout, filtered(""), monkeypatch)
    assert Meeting.objects.filter(search_text__contains="Zyxwvu").count() == 0


def test_a_change_to_the_code_making_the_lines_makes_them_stale(db):
    before = export_lines.recipe(connection, export_lines.JSON)
    export_lines.code_digest.cache_clear()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(export_lines.Path, "read_bytes", lambda path: b"other code " + path.name.encode())
            assert export_lines.recipe(connection, export_lines.JSON) != before
    finally:
        export_lines.code_digest.cache_clear()
    assert export_lines.recipe(connection, export_lines.JSON) == before


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_no_statement_stays_open_while_an_export_streams(monkeypatch):
    """SQLite: the ids are read first, so that between chunks the export holds no lock another writer (here another
    session; in production another export storing its lines) would wait for."""
    for n in range(6):
        published(f"Meeting {n}", slug=f"open-{n}")
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    lines = exports.csv_lines(filtered(""), "meetings")
    try:
        next(lines), next(lines)  # the header and the first chunk
        committed_elsewhere("UPDATE meetings_meeting SET city = 'Elsewhere' WHERE slug = 'open-5'")
        rest = "".join(lines)
    finally:
        lines.close()
    assert rest.count("\r\n") == 4


@sqlite_only
def test_an_empty_meeting_has_empty_lines_in_the_row_layouts(db):
    alone = published("Alone in the archive", slug="alone")
    assert export("participants", filtered("")) == "meeting_id,date,leader,leader_slug,wikidata_id,hsg_person_id," \
        "viaf_id,office,country_code,country_name\r\n"  # fmt: skip
    assert ExportLine.objects.get(layout="participants", meeting=alone).text == ""
    assert export("participants", filtered("")).count("\r\n") == 1


def test_postgresql_stores_nothing_where_it_reads_a_replica(hostile, monkeypatch):
    """Visitors' exports read the replica when there is one (meetings/routers.py), which cannot be written: there the
    plain statement writes the objects."""
    if SQLITE:
        pytest.skip("PostgreSQL's read replica")
    monkeypatch.setattr(export_lines.router, "db_for_write", lambda model, **hints: "the primary")
    assert not export_lines.applies_on_postgresql(filtered(""))
    assert export(export_lines.JSON, filtered("")) == reference(export_lines.JSON, filtered(""), monkeypatch)
    assert not ExportLine.objects.exists()


def test_postgresql_stores_the_json_objects_in_the_exports_statement(hostile, monkeypatch):
    if SQLITE:
        pytest.skip("PostgreSQL's statement")
    text = "".join(exports.json_array(filtered("year=2020")))
    assert text == reference_json(exports.json_array, filtered("year=2020"), monkeypatch)
    stored = set(ExportLine.objects.values_list("meeting_id", flat=True))
    assert stored == set(filtered("year=2020").values_list("pk", flat=True))
    assert set(ExportLine.objects.values_list("layout", "version").distinct()) == {("json", caching.state()[0])}


@pytest.mark.django_db(transaction=True)
def test_postgresql_exports_storing_the_same_lines_at_once_both_finish(monkeypatch):
    """An export stores lines inside its REPEATABLE READ transaction: another export committing the same lines
    meanwhile (here, between its two statements) neither fails the download nor makes a line read twice."""
    if SQLITE:
        pytest.skip("PostgreSQL's export transaction")
    for n in range(5):
        published(f"Meeting {n}", slug=f"at-once-{n}", date=datetime.date(2024, 5, 1 + n))
    monkeypatch.setattr(exports_sql, "JSON_FIRST_ROWS", 2)
    expected = reference_json(exports.json_lines, filtered("sort=oldest"), monkeypatch)
    stored = [export_lines.JSON, caching.state()[0], export_lines.recipe(connection, export_lines.JSON), "x}"]
    lines = exports.json_lines(filtered("sort=oldest"))
    try:
        first = next(lines)  # the first two rows are sent (and stored); the second statement has not run yet
        # Another export's session committing its lines at once (this one's connection is busy with its COPY).
        committed_elsewhere(
            "INSERT INTO meetings_exportline (layout, meeting_id, version, recipe, text)"
            " SELECT %s, id, %s, %s, %s FROM meetings_meeting",
            stored,
        )
        text = first + "".join(lines)
    finally:
        lines.close()
    assert text == expected
    assert "".join(exports.json_lines(filtered("sort=oldest"))) == expected  # each line read once
    assert ExportLine.objects.count() > 5  # some stored twice
