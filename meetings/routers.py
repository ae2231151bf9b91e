"""A read replica for the public archive (``DATABASE_REPLICA_URL``).

Public pages and exports read by visitors (anonymous GET and HEAD) are read from the replica; everything else —
the admin, editors signed in (so that a page an editor just saved is read from the primary), forms that write,
imports and management commands — reads and writes the primary. Migrations run on the primary only (the replica
follows it by replication)."""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
reading_replica = ContextVar("reading_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if reading_replica.get() and REPLICA in settings.DATABASES else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReadReplicaForVisitors:
    """Middleware: a visitor's GET or HEAD of a public page reads the replica, for the rest of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public_read = (
            REPLICA in settings.DATABASES
            and request.method in ("GET", "HEAD")
            and not request.path.startswith("/admin/")
            and not request.user.is_authenticated
        )
        token = reading_replica.set(public_read)
        try:
            return self.get_response(request)
        finally:
            reading_replica.reset(token)
