"""Backing up and restoring the whole archive (``manage.py backup`` / ``restore``, docs/backup.md): a backup restored
into an empty database holds every meeting, the draft, the statement, the user and their role, the sessions and the
history. The commands run as subprocesses with their own DATABASE_URL, away from pytest's test database: on SQLite
files in a temporary folder, on PostgreSQL two scratch databases (when a server answers; skipped otherwise)."""

import datetime
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import dj_database_url
import psycopg
import pytest
from django.conf import settings

from meetings import backups

ROOT = Path(__file__).resolve().parents[1]

# The archive to back up: two published meetings (with sources and a Markdown report), a draft, a statement, an
# editor with a role and a session, and the history their saves recorded.
FILL = """
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from meetings.models import Statement
from tests.factories import make_meeting, make_published_meeting

meeting = make_published_meeting("Talks on semiconductors", report="They **agreed** on chips.")
make_published_meeting("Second round of trade talks")
make_meeting("A draft on fisheries")
Statement.objects.create(meeting=meeting, text="We agreed on chips.", kind="quote")
meeting.title = "Talks on semiconductors and trade"
meeting.save()
editor = User.objects.create_user("archivist", "archivist@example.org", "a-long-enough-password")
editor.groups.add(Group.objects.get(name="Editors"))
session = SessionStore()
session["_auth_user_id"] = str(editor.pk)
session.create()
"""

# What must come back, read with the database's own driver.
SNAPSHOT = {
    "meetings": "SELECT title, status, report FROM meetings_meeting ORDER BY title",
    "statements": "SELECT text, kind FROM meetings_statement",
    "sources": "SELECT count(*) FROM meetings_source",
    "users": (
        "SELECT u.username, u.password, g.name FROM auth_user u LEFT JOIN auth_user_groups ug ON ug.user_id = u.id "
        "LEFT JOIN auth_group g ON g.id = ug.group_id ORDER BY u.username, g.name"
    ),
    "sessions": "SELECT count(*) FROM django_session",
    "history": "SELECT id, title, status, history_type FROM meetings_historicalmeeting ORDER BY history_id",
}


def manage(database_url, *arguments, path=None):
    env = {**os.environ, "DATABASE_URL": database_url}
    for name in ("DATABASE_REPLICA_URL", "REDIS_URL"):
        env.pop(name, None)
    if path is not None:
        env["PATH"] = path
    command = [sys.executable, "manage.py", *arguments]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)


def ok(result):
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(result):
    """A CommandError: exit status 1, one clear line, no traceback."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stderr.startswith("CommandError: "), result.stderr
    return result.stderr


def snapshot(cursor):
    found = {}
    for name, query in SNAPSHOT.items():
        cursor.execute(query)
        found[name] = [tuple(row) for row in cursor.fetchall()]
    return found


def assert_everything_is_there(found):
    assert [(title, status) for title, status, _ in found["meetings"]] == [
        ("A draft on fisheries", "draft"),
        ("Second round of trade talks", "published"),
        ("Talks on semiconductors and trade", "published"),
    ]
    assert found["meetings"][2][2] == "They **agreed** on chips."
    assert found["statements"] == [("We agreed on chips.", "quote")]
    assert found["sources"] == [(2,)]
    assert [(name, group) for name, _, group in found["users"]] == [("archivist", "Editors")]
    assert found["sessions"] == [(1,)]
    # Created (+) and changed (~: published, retitled): every revision of the retitled meeting is there.
    titles = [title for _, title, _, _ in found["history"]]
    assert "Talks on semiconductors" in titles and "Talks on semiconductors and trade" in titles
    assert {kind for *_, kind in found["history"]} == {"+", "~"}


def the_counts_are_printed(out, found):
    assert "Published meetings: 2" in out and "Draft meetings: 1" in out
    assert "Users: 1" in out and f"History rows (meetings_historicalmeeting): {len(found['history'])}" in out


# --- Without a database -----------------------------------------------------------------------------------------


def test_the_default_name_carries_the_date_time_and_kind():
    moment = datetime.datetime(2026, 11, 30, 3, 12, 45, tzinfo=datetime.UTC)
    assert backups.default_path("sqlite", moment) == settings.BASE_DIR / "backups" / "meetings-2026-11-30T0312Z.sqlite3"
    assert backups.default_path("postgresql", moment).name == "meetings-2026-11-30T0312Z.pgdump"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"--\n-- PostgreSQL database dump\n--\n", "plain-SQL dump"),
        (b"title,date\nTalks,2025-11-23\n", "neither an SQLite database nor a pg_dump archive"),
    ],
)
def test_a_file_that_is_not_a_backup_is_named_for_what_it_is(tmp_path, content, says):
    path = tmp_path / "backup"
    path.write_bytes(content)
    with pytest.raises(backups.BackupError, match=says):
        backups.file_kind(path)


def test_the_password_goes_to_the_environment_never_on_the_command_line():
    settings_dict = {
        "NAME": "meetings", "USER": "archive", "PASSWORD": "s3cret", "HOST": "db.example.org", "PORT": 5433,
        "OPTIONS": {"sslmode": "require"},
    }  # fmt: skip
    options, env = backups._pg_connection(SimpleNamespace(settings_dict=settings_dict))
    assert "s3cret" not in " ".join(options)
    assert options == [
        "--no-password", "--host", "db.example.org", "--port", "5433", "--username", "archive", "--dbname", "meetings",
    ]  # fmt: skip
    assert env["PGPASSWORD"] == "s3cret" and env["PGSSLMODE"] == "require"


# --- SQLite -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_archive(tmp_path_factory):
    """A migrated SQLite archive in a file, filled once for the module, and its backup: (DATABASE_URL, path,
    backup, what backup printed). The backup is taken while another connection holds a write it has not committed,
    as the site may: the copy holds the committed archive."""
    folder = tmp_path_factory.mktemp("sqlite")
    path = folder / "a.sqlite3"
    url = f"sqlite:///{path}"
    ok(manage(url, "migrate", "--no-input", "-v", "0"))
    ok(manage(url, "shell", "--no-imports", "-c", FILL))
    backup = folder / "backups" / "archive.sqlite3"  # the folder does not exist yet
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE meetings_meeting SET title = 'Not committed'")
        out = ok(manage(url, "backup", str(backup)))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    return url, path, backup, out


def sqlite_snapshot(path):
    with closing(sqlite3.connect(path)) as db:
        return snapshot(db.cursor())


def fts_count(path, words):
    with closing(sqlite3.connect(path)) as db:
        query = "SELECT count(*) FROM meetings_meeting_fts WHERE meetings_meeting_fts MATCH ?"
        return db.execute(query, [words]).fetchone()[0]


def test_sqlite_backup_restored_into_an_empty_database_holds_everything(sqlite_archive, tmp_path):
    url, source, backup, out = sqlite_archive
    assert re.fullmatch(rf"Wrote {re.escape(str(backup))} \(\d+\.\d [kM]B, SQLite backup\)\.\n", out), out
    assert backup.stat().st_mode & 0o077 == 0, "a backup holds password hashes and drafts: owner only"
    assert not list(backup.parent.glob(".*.partial"))

    target = tmp_path / "b.sqlite3"  # no file yet
    out = ok(manage(f"sqlite:///{target}", "restore", str(backup)))
    assert "SQLite integrity check: ok" in out and "Full-text search: index in step, finds" in out
    found = sqlite_snapshot(target)
    assert found == sqlite_snapshot(source)
    assert_everything_is_there(found)
    the_counts_are_printed(out, found)
    with closing(sqlite3.connect(target)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The public search's index came along, and its triggers still follow the meetings' text.
    assert fts_count(target, '"semiconductors"') == 1
    with closing(sqlite3.connect(target)) as db, db:
        db.execute("UPDATE meetings_meeting SET search_text = 'fisheries quota' WHERE title LIKE 'A draft%'")
    assert fts_count(target, '"quota"') == 1


def test_sqlite_restore_refuses_a_database_with_meetings_unless_forced(sqlite_archive, tmp_path):
    url, source, backup, _ = sqlite_archive
    assert "already exists: give another name, or --force" in refused(manage(url, "backup", str(backup)))

    live = tmp_path / "live.sqlite3"
    shutil.copy(backup, live)
    with closing(sqlite3.connect(live)) as db, db:
        db.execute("UPDATE meetings_meeting SET title = 'Edited since'")
    error = refused(manage(f"sqlite:///{live}", "restore", str(backup)))
    assert f"The database {live} holds 3 meetings" in error and "--force" in error
    assert {row[0] for row in sqlite_snapshot(live)["meetings"]} == {"Edited since"}

    ok(manage(f"sqlite:///{live}", "restore", str(backup), "--force"))
    assert sqlite_snapshot(live) == sqlite_snapshot(source)


def test_sqlite_restore_errors_are_clear(tmp_path):
    target = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    assert "no such file" in refused(manage(target, "restore", str(tmp_path / "missing.sqlite3")))
    dump = tmp_path / "archive.pgdump"
    dump.write_bytes(b"PGDMP\x01\x0e\x00")
    error = refused(manage(target, "restore", str(dump)))
    assert "is a PostgreSQL backup, but the configured database is SQLite" in error


def test_an_sqlite_file_of_another_kind_or_damaged_is_not_restored(tmp_path):
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE notes (text)")
    with pytest.raises(backups.BackupError, match="not one of this archive"):
        backups._check_sqlite_backup(other)
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(backups.SQLITE_HEADER + b"\xff" * 4000)
    with pytest.raises(backups.BackupError, match="cannot be read as an SQLite database"):
        backups._check_sqlite_backup(damaged)


# --- PostgreSQL -------------------------------------------------------------------------------------------------


def postgres_server():
    """The server's connection settings (from a postgres DATABASE_URL, else 127.0.0.1:5432 as postgres), or skip."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        try:
            socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        except OSError:
            pytest.skip("no PostgreSQL: DATABASE_URL is not postgres:// and no server answers at 127.0.0.1:5432")
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not on PATH (Debian: apt-get install postgresql-client)")
    return dj_database_url.parse(url)


class Scratch:
    """Scratch databases on the server, dropped at the end."""

    def __init__(self, server):
        self.server = server
        self.names = []

    def admin(self):
        server = self.server
        return psycopg.connect(
            host=server["HOST"], port=server["PORT"] or 5432, user=server["USER"], password=server["PASSWORD"] or None,
            dbname="postgres", autocommit=True,
        )  # fmt: skip

    def create(self):
        name = f"meetings_backup_test_{uuid.uuid4().hex[:12]}"
        with self.admin() as db:
            db.execute(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return name

    def url(self, name):
        server = self.server
        password = f":{server['PASSWORD']}" if server["PASSWORD"] else ""
        return f"postgres://{server['USER']}{password}@{server['HOST']}:{server['PORT'] or 5432}/{name}"

    def snapshot(self, name):
        with psycopg.connect(self.url(name)) as db:
            return snapshot(db.cursor())

    def drop_all(self):
        with self.admin() as db:
            for name in self.names:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def postgres_archive(tmp_path_factory):
    """A migrated, filled scratch database and its backup: (scratch, its name, backup, what backup printed). Every
    scratch database is dropped at the end."""
    scratch = Scratch(postgres_server())
    try:
        name = scratch.create()
        ok(manage(scratch.url(name), "migrate", "--no-input", "-v", "0"))
        ok(manage(scratch.url(name), "shell", "--no-imports", "-c", FILL))
        backup = tmp_path_factory.mktemp("postgresql") / "backups" / "archive.pgdump"
        out = ok(manage(scratch.url(name), "backup", str(backup)))
        yield scratch, name, backup, out
    finally:
        scratch.drop_all()


def test_postgresql_backup_restored_into_an_empty_database_holds_everything(postgres_archive):
    scratch, source, backup, out = postgres_archive
    assert re.fullmatch(rf"Wrote {re.escape(str(backup))} \(\d+\.\d [kM]B, PostgreSQL backup\)\.\n", out), out
    assert backup.read_bytes().startswith(b"PGDMP") and backup.stat().st_mode & 0o077 == 0

    target = scratch.create()  # empty: not even migrated
    out = ok(manage(scratch.url(target), "restore", str(backup)))
    assert "Full-text search: search vector present, finds" in out
    found = scratch.snapshot(target)
    assert found == scratch.snapshot(source)
    assert_everything_is_there(found)
    the_counts_are_printed(out, found)
    with psycopg.connect(scratch.url(target)) as db:
        query = "SELECT title FROM meetings_meeting WHERE search_vector @@ websearch_to_tsquery('english', %s)"
        assert db.execute(query, ["semiconductor"]).fetchall() == [("Talks on semiconductors and trade",)]


def test_postgresql_restore_refuses_a_database_with_meetings_unless_forced(postgres_archive, tmp_path):
    scratch, source, backup, _ = postgres_archive
    with psycopg.connect(scratch.url(source)) as db:
        db.execute("UPDATE meetings_meeting SET title = 'Edited since'")
    error = refused(manage(scratch.url(source), "restore", str(backup)))
    assert f"The database {source} holds 3 meetings" in error and "--force" in error
    assert {row[0] for row in scratch.snapshot(source)["meetings"]} == {"Edited since"}

    ok(manage(scratch.url(source), "restore", str(backup), "--force"))
    assert_everything_is_there(scratch.snapshot(source))

    sqlite_file = tmp_path / "archive.sqlite3"
    with closing(sqlite3.connect(sqlite_file)) as db:
        db.execute("CREATE TABLE meetings_meeting (id)")
    error = refused(manage(scratch.url(source), "restore", str(sqlite_file)))
    assert "is an SQLite backup, but the configured database is PostgreSQL" in error


def test_postgresql_tools_missing_or_older_than_the_server_are_named(postgres_archive, tmp_path):
    scratch, source, _, _ = postgres_archive
    assert "pg_dump is not on PATH" in refused(manage(scratch.url(source), "backup", str(tmp_path / "a"), path=""))
    old = tmp_path / "bin"
    old.mkdir()
    for tool in ("pg_dump", "pg_restore"):
        (old / tool).write_text(f"#!/bin/sh\necho '{tool} (PostgreSQL) 9.6.24'\n")
        (old / tool).chmod(0o755)
    error = refused(manage(scratch.url(source), "backup", str(tmp_path / "a"), path=str(old)))
    assert "is PostgreSQL 9, older than the server" in error
    assert not (tmp_path / "a").exists()
