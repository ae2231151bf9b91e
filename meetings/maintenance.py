"""What every write in bulk (an import, the generator of synthetic meetings) does once it has written, since bulk
writes send no signals (meetings/signals.py does the same row by row for everything else): the searched text of
the meetings written, a new version of the archive (its cached counts), and fresh statistics for the query planner
(without them SQLite reads a search through every meeting instead of through the full-text index)."""

from django.db import connection

from .caching import bump
from .search import refresh_search_text

TABLES = ["meetings_meeting", "meetings_participation", "meetings_meetingarea", "meetings_leader"]


def after_bulk_write(meeting_ids):
    # Statistics first: the searched text is read back through plans made for the tables as they are now (on
    # PostgreSQL, plans made for the tables as they were before a big import took 3 times as long).
    analyze()
    refresh_search_text(meeting_ids)
    bump()


def analyze(using_connection=None):
    """Planner statistics of the big tables (bounded on SQLite: a sample per index, a fraction of a second)."""
    conn = using_connection or connection
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1")  # connected, so that the vendor's tables can be listed
        existing = set(conn.introspection.table_names(cursor))
        tables = [table for table in TABLES if table in existing]
        if not tables:
            return
        if conn.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
            for table in tables:
                cursor.execute(f"ANALYZE {table}")  # noqa: S608 — constant table names
        elif conn.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")  # noqa: S608 — constant table names
