"""Every SQL query of every benchmarked page, with the database's plan for it: where the time of a page goes.

    python bench/explain.py                 # the SQLite benchmark database, bench/bench.sqlite3
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/meetings_bench python bench/explain.py
    make explain                            # the same, through the Makefile

Reads the benchmark database that bench/run.py builds (run that first). Requests each page of bench/pages.py once
with Django's test client in this process (DEBUG off, production settings, the cache of a fresh process: the
first request of each page, so that no query hides behind a cached value), and the first thousand rows of each
export layout for one year. Every statement the page sends is recorded with its parameters (a database execute
wrapper, as CaptureQueriesContext does), then explained: `EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on PostgreSQL.
A statement running longer than a minute is interrupted (the page then fails with a 500, and the report says so).
Full scans of the big tables are flagged: on SQLite `SCAN meetings_meeting` or `SCAN meetings_participation`
(or their aliases, U0, T3…) without an index, on PostgreSQL a `Seq Scan` on meetings_meeting,
meetings_participation or meetings_meetingarea. Writes bench/results/<date>-explain-<sqlite|postgresql>.md.
"""

import contextlib
import datetime
import os
import re
import sys
import time
from pathlib import Path

from pages import EXPORTS, PAGES, sitemap_page, subset

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIG_TABLES = ("meetings_meeting", "meetings_participation", "meetings_meetingarea")
SQLITE_FLAGGED = ("meetings_meeting", "meetings_participation")
EXPORT_ROWS = 1000
# A statement still running after this many seconds is interrupted (the page then fails, and says so): a page that
# is being rewritten may be pathologically slow, and the report must still come.
STATEMENT_LIMIT = 60
SQL_SHOWN = 3000


def configure():
    """Django set up on the benchmark database, as bench/run.py's server is (DEBUG off, production settings)."""
    sys.path.insert(0, str(ROOT))
    default = f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", default)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "HTTPS": "0",
            "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    # Production settings serve hashed static names: the manifest must exist before a page renders.
    call_command("collectstatic", "--no-input", verbosity=0)


class Recorder:
    """A database execute wrapper that keeps every statement, its parameters and its time.

    Also, on PostgreSQL, the query of every `COPY (…) TO STDOUT` sent through psycopg's own cursor (the exports
    stream their rows that way, past Django's cursor and so past its execute wrappers).
    """

    def __init__(self):
        self.queries = []
        self.started = time.perf_counter()

    def too_long(self):
        """SQLite's progress handler: a true value interrupts the running statement."""
        return time.perf_counter() - self.started > STATEMENT_LIMIT

    def __call__(self, execute, sql, params, many, context):
        start = self.started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, many, time.perf_counter() - start, ""))

    @contextlib.contextmanager
    def copies(self):
        try:
            import psycopg
        except ImportError:
            yield
            return
        original = psycopg.Cursor.copy
        recorder = self

        @contextlib.contextmanager
        def copy(cursor, statement, params=None, **kwargs):
            start = time.perf_counter()
            try:
                with original(cursor, statement, params, **kwargs) as stream:
                    yield stream
            finally:
                text = statement if isinstance(statement, str) else statement.as_string(cursor)
                inner = re.match(r"\s*COPY\s*\((.*)\)\s*TO\s+STDOUT", text, re.DOTALL | re.IGNORECASE)
                sql = inner.group(1) if inner else text
                recorder.queries.append((sql, params, False, time.perf_counter() - start, "COPY"))

        psycopg.Cursor.copy = copy
        try:
            yield
        finally:
            psycopg.Cursor.copy = original


def aliases(sql):
    """{alias: table} of a Django statement (FROM "meetings_participation" U0, INNER JOIN … T3)."""
    return {alias: table for table, alias in re.findall(r'"(\w+)"\s+(?:AS\s+)?"?([A-Z]\d+)"?\b', sql)}


def plan(connection, sql, params):
    """(plan lines, flagged lines) of one statement."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            rows = cursor.fetchall()
            parents = {row[0]: row[1] for row in rows}

            def depth(node):
                level = 0
                while parents.get(node):
                    node, level = parents[node], level + 1
                return level

            lines = ["  " * depth(row[0]) + row[3] for row in rows]
            named = aliases(sql)
            flagged = []
            for line in lines:
                match = re.match(r"\s*SCAN (\w+)(.*)", line)
                if match and "USING" not in match.group(2):
                    table = named.get(match.group(1), match.group(1))
                    if table in SQLITE_FLAGGED:
                        flagged.append(f"full scan of {table}: `{line.strip()}`")
            return lines, flagged
        cursor.execute("EXPLAIN " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
        pattern = re.compile(r"Seq Scan on (" + "|".join(BIG_TABLES) + r")\b")
        flagged = [
            f"sequential scan of {match.group(1)}: `{line.strip()}`"
            for line in lines
            if (match := pattern.search(line))
        ]
        return lines, flagged


def explainable(sql):
    return sql.lstrip().upper().startswith(("SELECT", "WITH"))


def request(client, path, *, stream_rows=None):
    """The response to one GET, read whole (or, for an export, its first ``stream_rows`` lines)."""
    response = client.get(path)
    if response.streaming:
        lines = 0
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
            if stream_rows and lines >= stream_rows:
                break
        response.close()
    return response


def capture(path, *, stream_rows=None):
    """(response, seconds, queries) of one request."""
    from django.db import connection
    from django.test import Client

    recorder = Recorder()
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(recorder.too_long, 100_000)
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {STATEMENT_LIMIT * 1000}")
    start = time.perf_counter()
    with connection.execute_wrapper(recorder), recorder.copies():
        response = request(Client(raise_request_exception=False), path, stream_rows=stream_rows)
    if connection.vendor == "sqlite" and connection.connection is not None:
        connection.connection.set_progress_handler(None, 0)
    return response, time.perf_counter() - start, recorder.queries


def explained(queries):
    """(markdown entries, number of flagged scans) for the queries of one page."""
    from django.db import connection

    seen, flagged_total, entries = set(), 0, []
    for number, (sql, params, many, took, via) in enumerate(queries, start=1):
        key = (sql, repr(params))
        if many or not explainable(sql):
            entries.append(f"{number}. `{sql[:200]}` ({took * 1000:.1f} ms): not a SELECT, not explained")
            continue
        if key in seen:
            entries.append(f"{number}. the same statement and parameters as before ({took * 1000:.1f} ms)")
            continue
        seen.add(key)
        try:
            lines, flagged = plan(connection, sql, params)
        except Exception as error:  # noqa: BLE001 — a plan that cannot be had is reported, not fatal
            lines, flagged = [f"(no plan: {type(error).__name__}: {error})"], []
        flagged_total += len(flagged)
        marks = "".join(f"\n   - ✗ {flag}" for flag in flagged)
        shown = sql if len(sql) <= SQL_SHOWN else sql[:SQL_SHOWN] + " …"
        plan_text = "\n".join("   " + line for line in lines)
        inside = " (the query of a `COPY … TO STDOUT`, timed to its last row)" if via else ""
        entries.append(
            f"{number}. {took * 1000:.1f} ms{inside}{marks}\n\n   ```sql\n   {shown}\n   ```\n\n"
            f"   params: `{[str(param) for param in params or ()]!s:.300}`\n\n   ```\n{plan_text}\n   ```"
        )
    return entries, flagged_total


def report(work):
    """(summary rows, sections) for a list of (name, path, rows to read of a stream or None)."""
    summary, sections = [], []
    work = list(work)
    while work:
        name, path, stream_rows = work.pop(0)
        response, seconds, queries = capture(path, stream_rows=stream_rows)
        if path == PAGES["sitemap"] and response.status_code == 200:
            deepest = sitemap_page(response.content)
            if deepest:
                work.insert(0, ("sitemap, last page of the meetings", deepest, None))
        entries, flagged = explained(queries)
        in_sql = sum(query[3] for query in queries)
        slowest = max((query[3] for query in queries), default=0)
        summary.append(
            f"| {name} | `{path}` | {response.status_code} | {len(queries)} | {in_sql * 1000:.0f} ms | "
            f"{slowest * 1000:.0f} ms | {seconds * 1000:.0f} ms | {'✗' if flagged else '✓'} {flagged} |"
        )
        print(summary[-1], flush=True)
        sections.append(
            f"## {name} — `{path}`\n\n{len(queries)} queries, HTTP {response.status_code}\n\n" + "\n\n".join(entries)
        )
    return summary, sections


def main():
    configure()
    from django.db import connection

    from meetings.models import Meeting

    work = [(name, path, None) for name, path in PAGES.items()]
    work += [
        (f"{name}, year 1999 (first {EXPORT_ROWS:,} rows)", subset(path), EXPORT_ROWS) for name, path in EXPORTS.items()
    ]
    vendor = connection.vendor
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
    else:
        version = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    meetings = Meeting.objects.count()
    summary, sections = report(work)
    scans = "`SCAN` without an index" if vendor == "sqlite" else "`Seq Scan`"
    today = datetime.date.today().isoformat()
    text = "\n".join(
        [
            f"# Query plans of every page — {vendor} ({today})",
            "",
            f"{meetings:,} synthetic meetings (`manage.py generate_meetings {meetings} --seed 1`), {version}, "
            "DEBUG off. Each page requested once by Django's test client in a fresh process (so with a cold "
            f"cache); exports read for their first {EXPORT_ROWS:,} rows of one year. Written by "
            f"`{'make explain' if 'MAKELEVEL' in os.environ else 'python bench/explain.py'}`.",
            "",
            f"Flagged (✗): {scans} on the big tables "
            f"({', '.join(BIG_TABLES if vendor != 'sqlite' else SQLITE_FLAGGED)}). Times are this process's, with "
            "the test client: they say where a page's time goes, not how fast it is served (see the benchmark).",
            "",
            "| page | path | status | queries | time in SQL | slowest query | whole request | full scans |",
            "|---|---|---|---|---|---|---|---|",
            *summary,
            "",
            *(section + "\n" for section in sections),
        ]
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "sqlite" if vendor == "sqlite" else "postgresql"
    out = RESULTS / f"{today}-explain-{name}.md"
    out.write_text(text, encoding="utf-8")
    print(f"Wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
