"""The physical limit of the meetings export on PostgreSQL: bench/copy_meetings.sql as COPY … TO STDOUT.

    python bench/copy_reference.py postgres://postgres@127.0.0.1:5432/meetings_bench

Times `COPY (<the query>) TO STDOUT WITH (FORMAT csv, HEADER)` read through psycopg to the last byte, as a client
of the database would (on loopback), and returns the CSV so that bench/run.py can check it gives our export's rows.
"""

import csv
import io
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

QUERY_FILE = Path(__file__).resolve().parent / "copy_meetings.sql"


@dataclass
class CopyResult:
    seconds: float
    first_byte: float
    rows: int
    size: int
    body: bytes


def statements(site_url):
    """(the function's definition, the COPY statement) of bench/copy_meetings.sql."""
    definition, query = QUERY_FILE.read_text(encoding="utf-8").split("-- query:\n")
    copy = sql.SQL("COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)").format(
        query=sql.SQL(query.strip()).format(site_url=sql.Literal(site_url.rstrip("/")))
    )
    return definition, copy


def run_copy(database_url, site_url):
    definition, copy_statement = statements(site_url)
    with psycopg.connect(database_url, autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute(definition)
        # As the export does: the plan is quick to run, JIT would spend longer compiling it.
        cursor.execute("SET jit = off")
        cursor.execute("SET DateStyle = 'ISO, YMD'")
        parts = []
        start = time.perf_counter()
        first_byte = None
        with cursor.copy(copy_statement) as copy:
            for data in copy:
                if first_byte is None:
                    first_byte = time.perf_counter() - start
                parts.append(bytes(data))
        seconds = time.perf_counter() - start
    body = b"".join(parts)
    rows = sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1
    return CopyResult(seconds, first_byte or seconds, rows, len(body), body)


def compare(copy_body, export_body):
    """(rows that differ, the first difference as "row n, column: ours | COPY") between two CSV bodies."""
    ours = list(csv.reader(io.StringIO(export_body.decode("utf-8-sig"))))
    reference = list(csv.reader(io.StringIO(copy_body.decode("utf-8"))))
    differing, first = abs(len(ours) - len(reference)), None
    header = ours[0] if ours else []
    for number, (row, other) in enumerate(zip(ours, reference, strict=False)):
        if row != other:
            differing += 1
            if first is None:
                column = next((i for i, (a, b) in enumerate(zip(row, other, strict=False)) if a != b), 0)
                name = header[column] if column < len(header) else column
                ours_cell = row[column] if column < len(row) else ""
                copy_cell = other[column] if column < len(other) else ""
                first = f"row {number}, {name}: {ours_cell[:60]!r} | {copy_cell[:60]!r}"
    return differing, first


if __name__ == "__main__":
    result = run_copy(sys.argv[1], "http://127.0.0.1:8000")
    print(f"COPY: {result.rows:,} rows, {result.size / 1e6:.0f} MB in {result.seconds:.2f} s")
