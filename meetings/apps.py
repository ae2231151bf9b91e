from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def ensure_search_index(using="default", **kwargs):
    """SQLite: the FTS5 index and its triggers, put back if a migration rebuilt the meetings table; and planner
    statistics for the indexes a migration may have added (without them SQLite reads a search through every
    meeting instead of through the full-text index)."""
    from django.db import connections

    from .maintenance import analyze
    from .search import ensure_sqlite_index

    ensure_sqlite_index(connections[using])
    analyze(connections[using])


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings archive"

    def ready(self):
        from . import signals

        signals.connect()
        from .errors import timeout_on_new_connection

        connection_created.connect(timeout_on_new_connection, dispatch_uid="meetings_statement_timeout")
        post_migrate.connect(ensure_search_index, sender=self, dispatch_uid="meetings_search_index")
