"""Writing rows in bulk, with their history, for the imports that write thousands of rows at a time.

bulk_create() and bulk_update() build a model instance and prepare each field of each object, and record_bulk()
writes history through model instances too: for 150,000 meetings and their parts that was most of an import's
time. Here rows are tuples of values: inserted with one COPY on PostgreSQL and one executemany elsewhere, with
ids drawn beforehand from the table's own sequence (so that their history is written from the same values, in
the same pass, with nothing read back), and updated with one prepared statement.
"""

from contextlib import contextmanager
from operator import itemgetter

from django.db import connection
from django.utils import timezone

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
    return list(range(last + 1, last + 1 + count))


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
    _write_rows(model, every, values)
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
    _write_rows(historical, [*tracked, *extra_fields], rows)


def record(model, ids, change, history):
    """The historical records of rows written in bulk (updated, say), copied from the rows as stored with
    INSERT … SELECT: what record_bulk() writes, without a model instance per row."""
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
    ids = list(ids)
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
    """Set the named fields of rows given as (values…, id) with one executemany; ``also`` is more SQL to set."""
    if not rows:
        return
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
