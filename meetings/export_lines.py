"""Prepared export lines: each meeting's text in an export layout, made once, read until the archive changes.

SQLite has no COPY: an export there runs the layout's aggregating statement (exports_sql.py) chunk by chunk, and that
statement is most of an export's time; PostgreSQL's COPY of the CSV layouts is quick, but writing each JSON object
is not. So the first export to need a meeting's text in a layout stores it (``ExportLine``: on SQLite every layout,
on PostgreSQL the JSON objects), labelled with the archive's version (meetings/caching.py: every write to the public
archive bumps it) and with a digest of the statement that made it and of the newest migration; every later export
reads the stored text, one indexed lookup per meeting, for as long as all three still hold. A stale line is never
read: the export that finds it makes it again from the statement and stores it, reading the version and the data
together (on SQLite one short transaction per chunk, on PostgreSQL the export's own statement).

The permalink is not stored: it follows the address the file is asked at (exports.permalink), so the stored text of
the meetings layout and of the JSON begins after it, and the id, the address and the slug are written in front when
it is read. What is read back is byte for byte what the statement gives (tests/test_export_lines.py).
"""

# ruff: noqa: S608 — the SQL below is formatted from this module's constant fragments; every value is a parameter.

import contextlib
import csv
import functools
import hashlib
import io
import json
from array import array
from itertools import groupby, islice
from pathlib import Path

from django.db import DatabaseError, connections, router, transaction

from . import exports_sql
from .models import ExportLine

JSON = "json"  # the meetings layout as JSON objects (exports_sql's "json_text" statement)
STATEMENTS = {"meetings": "meetings", "participants": "participants", "dyads": "dyads", JSON: "json_text"}
VERSION_SQL = "COALESCE((SELECT version FROM meetings_archivestate ORDER BY id LIMIT 1), 0)"
JSON_START = '{"id": '
# SQLite: how long storing a chunk's lines may wait for a lock before the chunk is sent without them.
FILL_WAIT_MS = 100
# The layouts whose text begins with the id and the permalink, which are not stored.
HEADED = ("meetings", JSON)


def applies(queryset):
    """SQLite with its JSON functions (as exports_sql's chunked path needs): PostgreSQL streams a COPY instead."""
    return connections[queryset.db].vendor == "sqlite" and exports_sql.is_supported(queryset)


def recipe(connection, layout):
    """A digest of the statement that makes the layout's text, of the code that writes and reads it, and of the newest
    migration: a line made by other code, or before a migration (which may change data without a signal, so without
    a new version), is stale."""
    query, _ = exports_sql._statement(exports_sql.Dialect(connection), STATEMENTS[layout], exports_sql.CHUNK_NUMBERED)
    return hashlib.sha256(f"{query}\n{code_digest()}\n{newest_migration()}".encode()).hexdigest()[:16]


@functools.cache
def code_digest():
    """This module's and exports_sql.py's source: what makes and reads the lines beyond the statement's text."""
    here = Path(__file__).resolve().parent
    sources = b"".join((here / name).read_bytes() for name in ("export_lines.py", "exports_sql.py"))
    return hashlib.sha256(sources).hexdigest()


@functools.cache
def newest_migration():
    return max(path.stem for path in (Path(__file__).resolve().parent / "migrations").glob("[0-9]*.py"))


def _csv_texts(groups):
    """(key, CSV text of its rows) for each (key, rows) of ``groups``: one writer for them all."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    keys, ends = [], []
    for key, rows in groups:
        writer.writerows(rows)
        keys.append(key)
        ends.append(buffer.tell())
    text = buffer.getvalue()
    return zip(keys, (text[start:end] for start, end in zip([0, *ends], ends, strict=False)), strict=True)


def permalink_around(layout, site_url):
    """(text before the slug, text after it) of the permalink as the layout writes it: a CSV cell quoted as csv.writer
    quotes it (an address holding a comma or a quote), a JSON string's inside escaped as json.dumps escapes it."""
    if layout == JSON:
        before, after = exports_sql.permalink_parts(site_url, escape=False)
        quoted = json.dumps(before + exports_sql.SLUG_PLACEHOLDER + after, ensure_ascii=False)[1:-1]
    else:
        before, after = exports_sql.permalink_parts(site_url)
        quoted = exports_sql.csv_text([[before + exports_sql.SLUG_PLACEHOLDER + after]])[:-2]
    before, after = quoted.split(exports_sql.SLUG_PLACEHOLDER)
    return before, after


def _head(layout, around):
    """A function writing a meeting's text as the export sends it from (id, slug, stored text): the meetings layout and
    JSON put the id and the permalink in front (its parts ``around`` the slug), the others send it as stored."""
    before, after = around
    if layout == "meetings":
        return lambda meeting_id, slug, text: f"{meeting_id},{before}{slug}{after},{text}"
    if layout == JSON:
        return lambda meeting_id, slug, text: f'{JSON_START}{meeting_id}, "permalink": "{before}{slug}{after}", {text}'
    return lambda meeting_id, slug, text: text


def texts(queryset, layout, chunk_size, site_url=None):
    """Each chunk's text, a list of one string per meeting, in the queryset's order: the stored lines, refilled where
    stale."""
    connection = connections[queryset.db]
    digest = recipe(connection, layout)
    head = _head(layout, permalink_around(layout, site_url))
    # The slug only where the permalink is written (reading the meetings' rows costs a third of the time).
    slug, meetings = ("m.slug", "JOIN meetings_meeting m ON m.id = e.meeting_id") if layout in HEADED else ("''", "")
    read = f"""
        SELECT e.meeting_id, {slug}, e.text
        FROM json_each(%s) f
        JOIN meetings_exportline e ON e.meeting_id = f.value AND e.layout = %s AND e.recipe = %s
        {meetings}
        WHERE e.version = {VERSION_SQL}
        ORDER BY f.key"""
    # Every id read first (8 bytes each), so that no statement stays open while lines are stored: under SQLite's
    # rollback journal an open read holds a lock that another export's commit would wait for, and while it waits no
    # new reader may start.
    ids = iter(array("q", queryset.values_list("pk", flat=True).iterator(chunk_size=chunk_size)))
    stale = False
    with connection.cursor() as cursor:
        while chunk := list(islice(ids, chunk_size)):
            found = []
            if not stale:  # after a chunk found all stale (the archive changed), the next ones are filled at once
                cursor.execute(read, [json.dumps(chunk), layout, digest])
                found = [head(*row) for row in cursor.fetchall()]
                stale = not found
            if len(found) < len(chunk):
                stored = fill(connection, layout, chunk, digest)
                if stored is not None and len(stored) == len(chunk):
                    found = [head(meeting_id, *stored[meeting_id]) for meeting_id in chunk]
                else:
                    # A meeting deleted since the export began, or a write holding the database: this chunk as the
                    # statement gives it.
                    found = list(_made(cursor, layout, chunk, site_url))
            yield found


def _made(cursor, layout, chunk, site_url):
    """The chunk's text per meeting straight from the layout's statement, with the permalinks at ``site_url``."""
    rows = exports_sql.chunk_rows(cursor, exports_sql.Dialect(cursor.db), STATEMENTS[layout], chunk, site_url)
    if layout == JSON:
        return [text for (text,) in rows]
    return [text for _, text in _csv_texts(groupby(rows, key=lambda row: row[0]))]


def fill(connection, layout, chunk, digest):
    """Store the chunk's lines of a layout, made from its statement, at the archive's current version, in one
    transaction, which reads the version and the data together: {meeting id: (slug, stored text)}, or None when the
    database was busy with a write."""
    try:
        with _briefly_waiting(connection), transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"SELECT {VERSION_SQL}")
            version = cursor.fetchone()[0]
            existing = "SELECT id, slug FROM meetings_meeting WHERE id IN (SELECT value FROM json_each(%s))"
            cursor.execute(existing, [json.dumps(chunk)])
            slugs = dict(cursor.fetchall())
            texts = dict.fromkeys(slugs, "")  # a meeting without participants has no rows in those layouts
            dialect = exports_sql.Dialect(connection)
            texts.update(_stored(layout, exports_sql.chunk_rows(cursor, dialect, STATEMENTS[layout], chunk, bare=True)))
            # SQLite has one writer at a time: a line is never stored twice. Rewritten in place where there is one
            # (deleting and inserting them made the first export after a change three times as slow as a plain one).
            cursor.execute(
                "SELECT meeting_id FROM meetings_exportline"
                " WHERE layout = %s AND meeting_id IN (SELECT value FROM json_each(%s))",
                [layout, json.dumps(chunk)],
            )
            kept = {meeting_id for (meeting_id,) in cursor.fetchall()}
            cursor.executemany(
                "UPDATE meetings_exportline SET version = %s, recipe = %s, text = %s"
                " WHERE layout = %s AND meeting_id = %s",
                [
                    (version, digest, text, layout, meeting_id)
                    for meeting_id, text in texts.items()
                    if meeting_id in kept
                ],
            )
            cursor.executemany(
                "INSERT INTO meetings_exportline (layout, meeting_id, version, recipe, text)"
                " VALUES (%s, %s, %s, %s, %s)",
                [
                    (layout, meeting_id, version, digest, text)
                    for meeting_id, text in texts.items()
                    if meeting_id not in kept
                ],
            )
    except DatabaseError:
        return None
    return {meeting_id: (slugs[meeting_id], text) for meeting_id, text in texts.items()}


@contextlib.contextmanager
def _briefly_waiting(connection):
    """SQLite waits at most FILL_WAIT_MS for a lock while storing lines, then sends the chunk without storing it: a
    writer waiting to commit keeps new readers out, so a long wait would hold up every page."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA busy_timeout = {FILL_WAIT_MS}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(before)}")


def _stored(layout, rows):
    """(meeting id, what is kept of its rows) for each meeting of the rows: all of them (participants, dyads), or what
    follows the permalink (made with an empty address, so the bare slug, which nothing in a slug escapes)."""
    if layout == JSON:
        for (text,) in rows:
            meeting_id = int(text[len(JSON_START) : text.index(",")])
            if not text.startswith(f'{JSON_START}{meeting_id}, "permalink": "'):
                raise ValueError(f"Unexpected start of a JSON object: {text[:60]}")
            yield meeting_id, text[text.index('", ') + 3 :]
        return
    # The meetings layout's first two cells, the id and the permalink, are the reading statement's to write.
    cells = slice(2, None) if layout == "meetings" else slice(None)
    yield from _csv_texts(
        (meeting_id, [row[cells] for row in group]) for meeting_id, group in groupby(rows, key=lambda row: row[0])
    )


# --- PostgreSQL: the JSON export in one statement per COPY, made and stored where stale -----------------------------


def applies_on_postgresql(queryset):
    """PostgreSQL, when the export reads the database it may write (a read replica's visitors get the plain statement,
    exports_sql.json_statement: nothing is stored there)."""
    return connections[queryset.db].vendor == "postgresql" and router.db_for_write(ExportLine) == queryset.db


def forget_stale(queryset):
    """PostgreSQL: delete the JSON lines of other versions or recipes, in a statement of its own before the export's
    transaction (which only adds lines): otherwise every change to the archive would leave a set of them behind."""
    connection = connections[queryset.db]
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM meetings_exportline WHERE layout = %s AND (recipe <> %s OR version <> {VERSION_SQL})",
            [JSON, recipe(connection, JSON)],
        )


def postgresql_json(dialect, queryset, after, site_url):
    """copy_json_rows()'s statement (exports_sql.py) reading each meeting's stored JSON text: where a line is missing or
    stale, the same statement makes it (the objects of exports_sql._json_text_sql) and stores it, in the statement's
    own snapshot, so the version stored is the one the text was made from. It only inserts, never updates: in the
    export's REPEATABLE READ transaction, touching a row another export committed meanwhile would fail the download.
    Two exports storing the same meeting at once store two equal lines; one is read."""
    numbered, numbered_params = exports_sql._numbered(queryset, after, name="every")
    digest = recipe(connections[queryset.db], JSON)
    made = exports_sql._json_text_sql(dialect, columns="f.n, f.id, m.slug, ")
    head = f"'{JSON_START}' || x.id || ', \"permalink\": \"' || %s || m.slug || %s || '\", '"
    query = f"""
        WITH {numbered},
        state AS MATERIALIZED (SELECT {VERSION_SQL} AS version),
        fresh AS MATERIALIZED (
            SELECT every.n, every.id, e.text
            FROM every
            CROSS JOIN LATERAL (
                SELECT e.text FROM meetings_exportline e
                WHERE e.meeting_id = every.id AND e.layout = %s AND e.recipe = %s
                    AND e.version = (SELECT version FROM state)
                LIMIT 1
            ) e
        ),
        f AS (SELECT n, id FROM every WHERE NOT EXISTS (SELECT FROM fresh WHERE fresh.id = every.id)),
        made AS MATERIALIZED (
            SELECT n, id, substr(object, char_length('{JSON_START}' || id || ', "permalink": "' || slug || '", ') + 1)
                AS text
            FROM ({made}) objects (n, id, slug, object)
        ),
        stored AS (
            INSERT INTO meetings_exportline (layout, meeting_id, version, recipe, text)
            SELECT %s, id, (SELECT version FROM state), %s, text FROM made
        )
        SELECT {head} || x.text
        FROM (SELECT n, id, text FROM fresh UNION ALL SELECT n, id, text FROM made) x
        JOIN meetings_meeting m ON m.id = x.id
        ORDER BY x.n"""
    # Made with an empty address: the objects begin with their id and the bare slug, which nothing in a slug escapes.
    return query, [*numbered_params, JSON, digest, "", "", JSON, digest, *permalink_around(JSON, site_url)]
