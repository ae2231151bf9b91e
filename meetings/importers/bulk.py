"""Writing rows in bulk, with their history, for the imports that write thousands of rows at a time.

bulk_create() and bulk_update() build a model instance and prepare each field of each object, and record_bulk()
writes history through model instances too: for 150,000 meetings and their parts that was most of an import's
time. Here rows are tuples of values: inserted with one COPY on PostgreSQL and one executemany elsewhere, with
ids drawn beforehand from the table's own sequence (so that their history is written from the same values, in
the same pass, with nothing read back), and updated with one prepared statement.
"""

import queue
import threading
from contextlib import contextmanager
from operator import itemgetter

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from simple_history.models import HistoricalRecords

# SQLite's page cache while an import writes (KiB): its default of 2 MB spills the transaction's pages to the file
# again and again. A fixed size, whatever the number of rows.
SQLITE_CACHE_KIB = 64 * 1024


def _adapter(field):
    """How a value of the field goes to the database in plain SQL (dates and times as the backend stores them)."""
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    return None


@contextmanager
def sqlite_cache():
    """A larger page cache for SQLite while a big transaction writes (nothing elsewhere)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def new_ids(model, count):
    """``count`` unused ids of the model's table, in increasing order, from its own sequence. On SQLite, whose
    tables take the next id after the largest one used (AUTOINCREMENT remembers it in sqlite_sequence), the ids
    after that; the caller writes in a transaction, which no other writer can interleave with."""
    if count <= 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        qn = connection.ops.quote_name
        cursor.execute(f"SELECT coalesce(max({qn(column)}), 0) FROM {qn(table)}")  # noqa: S608 — names from the model
        last = cursor.fetchone()[0]
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
            last = max(last, cursor.fetchone()[0])
    if (writer := _behind()) is not None:  # rows given to the writer may not be written yet: their ids are taken
        last = max(last, writer.given.get(table, 0))
    _gave(table, last + count)
    return list(range(last + 1, last + 1 + count))


def _gave(table, last):
    """Remember the largest id given to the writer of writing_behind() for the table."""
    if (writer := _behind()) is not None:
        writer.given[table] = max(writer.given.get(table, 0), last)


def _remembered(adapt):
    """``adapt`` computed once per value (a batch's rows share their times of writing, and many dates)."""
    seen = {}

    def adapted(value):
        if value not in seen:
            seen[value] = adapt(value)
        return seen[value]

    return adapted


def _adapted(fields, values):
    return [adapt(value) if (adapt := _adapter(field)) else value for field, value in zip(fields, values, strict=True)]


def _write_rows(model, fields, rows):
    """Insert rows of values of ``fields`` (already adapted) into the model's table."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One stream of rows (as exports_sql.py reads them), without a statement for each row.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


class History:
    """Who wrote rows in bulk, when and why: the columns django-simple-history adds to each historical row."""

    def __init__(self, reason, user=None):
        self.reason, self.user, self.when = reason, user, timezone.now()

    def about(self, change):
        return {
            "history_date": self.when,
            "history_change_reason": self.reason,
            "history_type": change,
            "history_user_id": self.user.pk if self.user else None,
        }


def insert(model, names, rows, history=None):
    """Insert rows (tuples of the named fields' values; the other columns take their defaults) and return their
    ids; with ``history`` (a History), also each row's "+" historical record, from the same values."""
    if not rows:
        return []
    pk = model._meta.pk
    if pk.attname in names:
        at = names.index(pk.attname)
        ids = [row[at] for row in rows]
        _gave(model._meta.db_table, max(ids))
    else:
        ids = new_ids(model, len(rows))
        names = [pk.attname, *names]
        rows = [(pk_value, *row) for pk_value, row in zip(ids, rows, strict=True)]
    fields = [model._meta.get_field(name) for name in names]
    others = [field for field in model._meta.concrete_fields if field not in fields]
    every = [*fields, *others]
    defaults = [field.get_default() for field in others]
    adapters = [(at, _remembered(adapt)) for at, field in enumerate(every) if (adapt := _adapter(field))]
    values = []
    for row in rows:
        value = [*row, *defaults]
        for at, adapt in adapters:
            value[at] = adapt(value[at])
        values.append(value)
    later(_write_rows, model, every, values)
    if history is not None:
        _write_history(model, every, values, history.about("+"))
    return ids


def _write_history(model, fields, values, about):
    """The historical rows of rows just inserted (their values as written, adapted), as django-simple-history
    would have written them one by one."""
    historical = model.history.model
    at = {field.column: index for index, field in enumerate(fields)}
    tracked = [historical._meta.get_field(field.attname) for field in historical.tracked_fields]
    positions = [at[field.column] for field in tracked]
    extra_fields = [historical._meta.get_field(name) for name in about]
    extra = _adapted(extra_fields, about.values())
    pick = itemgetter(*positions)
    rows = [(*pick(value), *extra) for value in values]
    later(_write_rows, historical, [*tracked, *extra_fields], rows)


def record(model, ids, change, history):
    """The historical records of rows written in bulk (updated, say), copied from the rows as stored with
    INSERT … SELECT: what record_bulk() writes, without a model instance per row. A write (see later())."""
    if ids:
        later(_record, model, list(ids), change, history)


def _record(model, ids, change, history):
    historical = model.history.model
    qn = connection.ops.quote_name
    about = history.about(change)
    tracked = ", ".join(qn(field.column) for field in historical.tracked_fields)
    extra_fields = [historical._meta.get_field(name) for name in about]
    extra = ", ".join(qn(field.column) for field in extra_fields)
    params = _adapted(extra_fields, about.values())
    head = (
        f"INSERT INTO {qn(historical._meta.db_table)} ({tracked}, {extra}) "  # noqa: S608 — names from the models
        f"SELECT {tracked}, %s, %s, %s, %s FROM {qn(model._meta.db_table)} WHERE {qn(model._meta.pk.column)} "
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array parameter: a list of thousands of placeholders costs psycopg more to parse than to run.
            for start in range(0, len(ids), 10_000):
                cursor.execute(head + "= ANY(%s)", [*params, ids[start : start + 10_000]])
        else:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                cursor.execute(head + "IN (" + ", ".join(["%s"] * len(chunk)) + ")", [*params, *chunk])


def update(model, names, rows, also=""):
    """Set the named fields of rows given as (values…, id) with one executemany; ``also`` is more SQL to set. A
    write (see later())."""
    if rows:
        later(_update, model, names, rows, also)


def _update(model, names, rows, also):
    qn = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    adapters = [(at, adapt) for at, field in enumerate(fields) if (adapt := _adapter(field))]
    assignments = ", ".join([*(f"{qn(field.column)} = %s" for field in fields), *([also] if also else [])])
    sql = f"UPDATE {qn(model._meta.db_table)} SET {assignments} WHERE {qn(model._meta.pk.column)} = %s"  # noqa: S608
    params = []
    for row in rows:
        values = list(row)
        for at, adapt in adapters:
            values[at] = adapt(values[at])
        params.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# --- Writing behind the reading ------------------------------------------------------------------------------------

# The writer of writing_behind() at work for this thread's import, if any: one per thread, so that two imports at
# once (two uploads in one threaded server) never share a writer. The writer's own thread has none: a write made
# inside a job runs at once.
_local = threading.local()


def _behind():
    return getattr(_local, "writer", None)


class WriterFailed(Exception):
    """Raised in the reading thread when the writer of writing_behind() failed (the writer's error is its cause)."""


class _Writer:
    """A thread that runs the writes it is given, in order, on the connection of the caller's transaction (its
    ``default`` connection while it works), so that a failure anywhere rolls everything back."""

    def __init__(self, conn, depth):
        self.conn = conn
        self.lock = threading.RLock()
        self.jobs = queue.Queue(maxsize=depth)
        self.failure = None
        self.given = {}  # table -> the largest id of the rows given (SQLite's next ids come after it)
        # The request django-simple-history names as the author of what signals record (a deletion, say): the
        # caller's, which the writer's thread does not see on its own.
        self.request = getattr(HistoricalRecords.context, "request", None)
        self.thread = threading.Thread(target=self._work, name="bulk-writer", daemon=True)

    def _work(self):
        connections[DEFAULT_DB_ALIAS] = self.conn  # this thread's own: the transaction's connection
        if self.request is not None:
            HistoricalRecords.context.request = self.request
        while (job := self.jobs.get()) is not None:
            function, args, kwargs = job
            try:
                if self.failure is None:
                    with self.lock:
                        function(*args, **kwargs)
            except BaseException as error:  # noqa: BLE001 — handed to the reading thread, which raises it
                self.failure = error
            finally:
                self.jobs.task_done()
        self.jobs.task_done()

    def check(self):
        if self.failure is not None:
            raise WriterFailed(f"the bulk writer failed: {self.failure}") from self.failure

    def submit(self, function, *args, **kwargs):
        self.check()
        self.jobs.put((function, args, kwargs))

    def wait(self):
        """Until every job given so far is done (raising the writer's failure, if any)."""
        self.jobs.join()
        self.check()

    def shared(self, execute, sql, params, many, context):
        """The execute wrapper of the reading thread's statements when it reads on the transaction's connection:
        one statement at a time, the writer's or its own."""
        self.check()
        with self.lock:
            return execute(sql, params, many, context)


def _read_only(execute, sql, params, many, context):
    """The execute wrapper of the reading connection: a write there would escape the import's transaction."""
    if not sql.lstrip()[:6].upper().startswith(("SELECT", "WITH")):
        raise RuntimeError(f"a write outside the import's transaction: {sql[:80]}")
    return execute(sql, params, many, context)


@contextmanager
def writing_behind(depth=4):
    """Inside a transaction: the block reads, checks and prepares rows while a thread of its own writes the rows
    already prepared — on PostgreSQL the server indexes them and writes their WAL in its own process meanwhile.

    Writes go through later() (insert(), update() and record() do), in order, on the transaction's connection. Reads
    stay in the block's thread: on PostgreSQL, when the block's transaction is the outermost one, on a second
    connection that sees the archive as it was before the import (nothing there may write: a statement that is not
    a SELECT is refused); otherwise on the transaction's connection, one statement at a time with the writer's. At
    most ``depth`` jobs wait. The block's end waits for every job; a failure of the writer is raised in the block
    (WriterFailed, caused by the writer's error); on an error of the block, the jobs not yet run are dropped."""
    conn = connections[DEFAULT_DB_ALIAS]
    if _behind() is not None or not conn.in_atomic_block:
        yield None
        return
    writer = _Writer(conn, depth)
    reader = None
    if conn.vendor == "postgresql" and len(conn.atomic_blocks) == 1:
        reader = connections.create_connection(DEFAULT_DB_ALIAS)
        reader.execute_wrappers.append(_read_only)
    conn.inc_thread_sharing()
    writer.thread.start()
    _local.writer = writer
    try:
        if reader is not None:
            connections[DEFAULT_DB_ALIAS] = reader
            yield writer
            writer.wait()
        else:
            with conn.execute_wrapper(writer.shared):
                yield writer
                writer.wait()
    finally:
        _local.writer = None
        connections[DEFAULT_DB_ALIAS] = conn
        if writer.failure is None:
            writer.failure = WriterFailed("stopped")  # anything still queued is dropped (the block failed)
        writer.jobs.put(None)
        writer.thread.join()
        conn.dec_thread_sharing()
        if reader is not None:
            reader.close()


def wait():
    """Until the jobs given to the writer of writing_behind() are done."""
    if (writer := _behind()) is not None:
        writer.wait()


def later(function, *args, **kwargs):
    """Call ``function(*args, **kwargs)`` as a write: by the writer of writing_behind() in its turn, on the
    transaction's connection; or now, when none is at work."""
    if (writer := _behind()) is not None:
        writer.submit(function, *args, **kwargs)
    else:
        function(*args, **kwargs)
