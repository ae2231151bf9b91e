"""A backup of the whole archive, and its restoration: ``manage.py backup`` and ``manage.py restore`` (docs/backup.md).

A backup is the database itself, not an export: meetings and drafts, reports, statements, sources, leaders, the
history of every change, users, their roles and sessions. **SQLite** is copied with the online backup API
(``sqlite3.Connection.backup``), a consistent copy even while the site writes; the FTS5 index of the public search
comes with it. **PostgreSQL** is dumped with ``pg_dump --format=custom`` and restored with ``pg_restore --clean
--if-exists --no-owner`` in one transaction (all or nothing), connecting as Django does (the password in the
``PGPASSWORD`` of the tool's environment, never on its command line).

A restore refuses a database that holds meetings unless forced, checks what it restored (SQLite's integrity check,
a full-text search that runs and finds), bumps the archive's version past both the replaced and the restored one
(so that no cached count of either is served again) and reports what the archive now holds.
"""

import datetime
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .search import FTS_TABLE, STOP_WORDS, ensure_sqlite_index

SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
ARTICLES = {"sqlite": "an", "postgresql": "a"}
SQLITE_HEADER = b"SQLite format 3\x00"
PGDUMP_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in words for the person running it."""


@dataclass
class Restored:
    """What a restore did and found: the checks it ran, notes for the operator, and the archive's counts."""

    kind: str
    target: str
    checks: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def database_kind(conn=connection):
    if conn.vendor not in SUFFIXES:
        raise BackupError(f"Backups are made of SQLite and PostgreSQL databases, not {conn.vendor}.")
    return conn.vendor


def default_path(kind, now=None):
    """backups/meetings-2026-11-30T0312Z.sqlite3 (or .pgdump) in the project, in UTC."""
    now = (now or timezone.now()).astimezone(datetime.UTC)
    return Path(settings.BASE_DIR) / "backups" / f"meetings-{now:%Y-%m-%dT%H%MZ}{SUFFIXES[kind]}"


def human_size(size):
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} TB"  # pragma: no cover - the loop returns at GB


def file_kind(path):
    """The database a backup file is of ("sqlite" or "postgresql"); a BackupError saying what the file is otherwise."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise BackupError(f"{path} is a folder, not a backup file.") from None
    except OSError as error:
        raise BackupError(f"{path} cannot be read: {error.strerror}.") from None
    if head.startswith(SQLITE_HEADER):
        return "sqlite"
    if head.startswith(PGDUMP_HEADER):
        return "postgresql"
    if not head:
        what = "is empty"
    elif head.startswith(b"\x1f\x8b"):
        what = "is compressed with gzip: decompress it first (gunzip)"
    elif b"PostgreSQL database dump" in head or head.startswith((b"--", b"SET ")):
        what = "looks like a plain-SQL dump (pg_dump without --format=custom): restore it with psql"
    else:
        what = "is neither an SQLite database nor a pg_dump archive"
    raise BackupError(f"{path} {what}: not a backup made by manage.py backup.")


# --- Back up --------------------------------------------------------------------------------------------------


def backup(path=None, *, force=False, conn=connection):
    """Write a backup of the configured database to ``path`` (default: ``default_path``); returns (path, size).

    The backup is written to a hidden file beside its destination (readable by its owner only: it holds password
    hashes and unpublished drafts) and renamed once complete, so a failed backup never leaves a file that looks
    whole."""
    kind = database_kind(conn)
    path = Path(path) if path else default_path(kind)
    if path.is_dir():
        raise BackupError(f"{path} is a folder: give the name of the file to write.")
    if path.exists() and not force:
        raise BackupError(f"{path} already exists: give another name, or --force to replace it.")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    except OSError as error:
        raise BackupError(f"Cannot write in {path.parent}: {error.strerror}.") from None
    os.close(handle)
    try:
        if kind == "sqlite":
            _backup_sqlite(_sqlite_path(conn), Path(partial))
        else:
            _backup_postgresql(conn, Path(partial))
        os.replace(partial, path)
    except OSError as error:
        raise BackupError(f"Cannot write {path}: {error.strerror}.") from None
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return path, path.stat().st_size


def _sqlite_path(conn):
    name = str(conn.settings_dict["NAME"] or "")
    if not name or name == ":memory:" or "mode=memory" in name:
        raise BackupError("The configured SQLite database is in memory: there is no file to back up or restore.")
    return Path(name)


def _open_read_only(path):
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)


def _backup_sqlite(source_path, target):
    if not source_path.is_file():
        raise BackupError(f"No SQLite database at {source_path}: nothing to back up (run manage.py migrate first).")
    try:
        with closing(_open_read_only(source_path)) as source, closing(sqlite3.connect(target)) as copy:
            # In one step, so that the copy is of one moment: a writer waits for it (under a second for 100,000
            # meetings), a reader does not.
            source.backup(copy)
            # One self-contained file, whatever journal the live database uses.
            copy.execute("PRAGMA journal_mode = DELETE")
            problems = _integrity_problems(copy, "quick_check")
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Cannot back up {source_path}: {error}.") from None
    if problems:
        raise BackupError(f"The copy of {source_path} fails SQLite's check: {problems}.")


def _integrity_problems(sqlite_connection, check="integrity_check"):
    """Nothing when SQLite's check passes, its first complaints otherwise. quick_check reads each page once (a second
    for 100,000 meetings); integrity_check also matches every index to its table (several seconds)."""
    rows = [row[0] for row in sqlite_connection.execute(f"PRAGMA {check}").fetchall()]
    return "" if rows == ["ok"] else "; ".join(rows[:5])


def _pg_connection(conn):
    """The settings of Django's connection as pg_dump/pg_restore options and environment (PGPASSWORD, PGSSLMODE…)."""
    from django.db.backends.postgresql.client import DatabaseClient

    settings_dict = conn.settings_dict
    _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    options = ["--no-password"]  # never wait for a password at a prompt (cron): it comes from the environment
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            options += [option, str(settings_dict[key])]
    if settings_dict.get("NAME"):
        options += ["--dbname", str(settings_dict["NAME"])]
    return options, {**os.environ, **(env or {})}


def _server_major(conn):
    try:
        return conn.pg_version // 10000
    except DatabaseError as error:
        raise BackupError(f"Cannot connect to the database {conn.settings_dict.get('NAME')}: {error}".strip()) from None


def _pg_tool(name, server_major):
    """The absolute path of pg_dump or pg_restore on PATH, of a major version no older than the server's."""
    executable = shutil.which(name)
    if not executable:
        raise BackupError(
            f"{name} is not on PATH: install the PostgreSQL {server_major} client tools "
            f"(Debian: apt-get install postgresql-client-{server_major})."
        )
    output = subprocess.run([executable, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    if not found:
        raise BackupError(f"Cannot tell the version of {executable} (it printed {output.strip()!r}).")
    major = int(found.group(1))
    if major < server_major:
        raise BackupError(
            f"{executable} is PostgreSQL {major}, older than the server (PostgreSQL {server_major}): install the "
            f"PostgreSQL {server_major} client tools and put them first on PATH."
        )
    return executable


def _run(command, env, what):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or f'exit status {result.returncode}'}")
    return result.stdout


def _backup_postgresql(conn, target):
    server_major = _server_major(conn)
    pg_dump = _pg_tool("pg_dump", server_major)
    pg_restore = _pg_tool("pg_restore", server_major)
    options, env = _pg_connection(conn)
    _run([pg_dump, "--format=custom", f"--file={target}", *options], env, "pg_dump")
    # The archive reads back (its table of contents): a cheap check that the file is whole.
    _run([pg_restore, "--list", str(target)], env, "Reading the new backup back (pg_restore --list)")


# --- Restore --------------------------------------------------------------------------------------------------


def restore(path, *, force=False, conn=connection):
    """Restore the backup at ``path`` into the configured database; returns a ``Restored``. The backup is checked
    before the database is touched."""
    kind = database_kind(conn)
    path = Path(path)
    target = str(_sqlite_path(conn)) if kind == "sqlite" else conn.settings_dict.get("NAME")
    found = file_kind(path)
    if found != kind:
        raise BackupError(
            f"{path} is {ARTICLES[found]} {NAMES[found]} backup, but the configured database is {NAMES[kind]} "
            f"({target}). Restore it with DATABASE_URL set to {ARTICLES[found]} {NAMES[found]} database."
        )
    if kind == "sqlite":
        _check_sqlite_backup(path)
    else:
        pg_restore, options, env = _check_postgresql_backup(path, conn)
    meetings, version_before = _holdings(conn)
    if meetings and not force:
        raise BackupError(
            f"The database {target} holds {meetings} meeting{'s' if meetings != 1 else ''}: restoring would "
            f"replace everything in it with the backup. Back it up first (manage.py backup), then give --force to "
            "restore over it."
        )
    conn.close()
    if kind == "sqlite":
        _restore_sqlite(path, Path(target))
    else:
        # One transaction: a restore that fails half-way (a missing role, a lock) leaves the database as it was.
        command = [pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction", *options, str(path)]
        _run(command, env, f"pg_restore of {path} (nothing was changed)")
    try:
        return _after_restore(conn, kind, target, version_before)
    except DatabaseError as error:
        raise BackupError(f"{path} was restored into {target}, but checking it failed: {error}") from None


def _holdings(conn):
    """(number of meetings, archive version) of the configured database before the restore (0 when new)."""
    try:
        with conn.cursor() as cursor:
            tables = set(conn.introspection.table_names(cursor))
            meetings = version = 0
            if "meetings_meeting" in tables:
                cursor.execute("SELECT count(*) FROM meetings_meeting")
                meetings = cursor.fetchone()[0]
            if "meetings_archivestate" in tables:
                cursor.execute("SELECT max(version) FROM meetings_archivestate")
                version = cursor.fetchone()[0] or 0
    except DatabaseError as error:
        raise BackupError(f"Cannot read the configured database {conn.settings_dict.get('NAME')}: {error}") from None
    return meetings, version


def _check_sqlite_backup(path):
    """An SQLite file of this archive that passes the integrity check: a damaged backup never replaces a database."""
    try:
        with closing(_open_read_only(path)) as backup_copy:
            tables = {row[0] for row in backup_copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            problems = _integrity_problems(backup_copy, "quick_check")
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as an SQLite database: {error}.") from None
    if not {"django_migrations", "meetings_meeting"} <= tables:
        raise BackupError(f"{path} is an SQLite database, but not one of this archive (no meetings table).")
    if problems:
        raise BackupError(f"{path} fails SQLite's check ({problems}): nothing was restored.")


def _restore_sqlite(path, target):
    try:
        with closing(_open_read_only(path)) as backup_copy, closing(sqlite3.connect(target, timeout=30)) as live:
            # Page by page into the configured file, through SQLite's locks: connections that the site holds open
            # see the restored database at their next query.
            backup_copy.backup(live)
            problems = _integrity_problems(live)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Cannot restore {path} into {target}: {error}.") from None
    if problems:
        raise BackupError(f"The restored database {target} fails SQLite's integrity check: {problems}.")


def _check_postgresql_backup(path, conn):
    """pg_restore, its options and environment, once it has read the backup's table of contents."""
    pg_restore = _pg_tool("pg_restore", _server_major(conn))
    options, env = _pg_connection(conn)
    contents = _run([pg_restore, "--list", str(path)], env, f"Reading {path} (pg_restore --list)")
    if "TABLE public meetings_meeting " not in contents:
        raise BackupError(f"{path} is a pg_dump archive, but not one of this archive (no meetings table).")
    return pg_restore, options, env


def _after_restore(conn, kind, target, version_before):
    restored = Restored(kind=kind, target=target)
    if kind == "sqlite":
        restored.checks.append("SQLite integrity check: ok")
    pending, unknown = _migration_state(conn)
    if unknown:
        restored.notes.append(
            f"The backup was made by newer code ({len(unknown)} migration(s) this code does not have, e.g. "
            f"{unknown[0]}): run the version of the archive that made it."
        )
    if pending:
        restored.notes.append(
            f"The backup predates {len(pending)} migration(s) of this code: run manage.py migrate now."
        )
    else:
        if kind == "sqlite" and ensure_sqlite_index(conn):
            restored.notes.append("The full-text index or its triggers were missing: created and rebuilt.")
        restored.checks.append(_search_check(conn, kind))
    _bump_version(conn, version_before)
    if kind == "postgresql":
        # pg_restore brings no planner statistics: without them the first searches read every row.
        with conn.cursor() as cursor:
            cursor.execute("ANALYZE")
    restored.counts = counts(conn)
    return restored


def _migration_state(conn):
    """(migrations of this code not applied in the database, migrations applied there that this code lacks)."""
    executor = MigrationExecutor(conn)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    unknown = sorted(f"{app}.{name}" for app, name in executor.loader.applied_migrations
                     if (app, name) not in executor.loader.graph.nodes)  # fmt: skip
    return pending, unknown


def _search_word(cursor):
    """A word of some meeting's searched text that a search must find (not a stop word), or None."""
    cursor.execute("SELECT search_text FROM meetings_meeting WHERE search_text <> '' ORDER BY id LIMIT 20")
    for (text,) in cursor.fetchall():
        for word in re.findall(r"\w+", text):
            # Letters only: both databases index "g20" or "foo_bar" otherwise than as the letters in them.
            if len(word) >= 3 and word.isalpha() and word.lower() not in STOP_WORDS:
                return word
    return None


def _search_check(conn, kind):
    """The full-text search runs and finds a word of the archive, as the public search would."""
    with conn.cursor() as cursor:
        if kind == "sqlite":
            try:
                # rank 1: the index is checked against the meetings' text too, not only for its own consistency.
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")  # noqa: S608
                state = "index in step"
            except DatabaseError:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608
                state = "index was out of step: rebuilt"
        word = _search_word(cursor)
        if kind == "sqlite":
            query = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
            cursor.execute(query, [f'"{word or "archive"}"'])
        else:
            state = "search vector present"
            query = "SELECT count(*) FROM meetings_meeting WHERE search_vector @@ plainto_tsquery('english', %s)"
            cursor.execute(query, [word or "archive"])
        found = cursor.fetchone()[0]
    if word and not found:
        raise BackupError(f"The restored full-text search finds nothing for {word!r}, a word of a meeting.")
    finds = f"finds {word!r} in {found} meeting{'s' if found != 1 else ''}" if word else "runs (no meetings)"
    return f"Full-text search: {state}, {finds}"


def _bump_version(conn, version_before):
    """A version above both the replaced archive's and the restored one's: cached counts of neither are reused."""
    with conn.cursor() as cursor:
        if "meetings_archivestate" not in conn.introspection.table_names(cursor):
            return
        cursor.execute("SELECT max(version) FROM meetings_archivestate")
        values = [
            max(version_before, cursor.fetchone()[0] or 0) + 1,
            conn.ops.adapt_datetimefield_value(timezone.now()),
        ]
        cursor.execute("UPDATE meetings_archivestate SET version = %s, changed_at = %s", values)
        if cursor.rowcount == 0:
            cursor.execute("INSERT INTO meetings_archivestate (version, changed_at) VALUES (%s, %s)", values)


def counts(conn=connection):
    """{what: how many} of the archive: meetings published and drafts, leaders, statements, users, history rows."""
    users = get_user_model()._meta.db_table
    queries = {
        "published meetings": "SELECT count(*) FROM meetings_meeting WHERE status = 'published'",
        "draft meetings": "SELECT count(*) FROM meetings_meeting WHERE status = 'draft'",
        "leaders": "SELECT count(*) FROM meetings_leader",
        "statements": "SELECT count(*) FROM meetings_statement",
        "users": f"SELECT count(*) FROM {users}",  # noqa: S608 — the user model's table name
        "history rows (meetings_historicalmeeting)": "SELECT count(*) FROM meetings_historicalmeeting",
    }
    found = {}
    with conn.cursor() as cursor:
        tables = set(conn.introspection.table_names(cursor))
        for what, query in queries.items():
            table = query.split(" FROM ")[1].split()[0]
            if table in tables:
                cursor.execute(query)
                found[what] = cursor.fetchone()[0]
    return found
