"""Datasette 0.65.5 serving a flat copy of our own meetings export: the reference our pages are compared with.

Installed into its own virtual environment (bench/.datasette-venv, from bench/requirements-datasette.txt), the
export (/meetings/export.csv, as downloaded from our server) loaded with Python's sqlite3 into
bench/datasette.sqlite3 as one table `meetings` with the export's columns (`id` its integer primary key, the
rest text, no other index: as a Datasette user would load a CSV), and served by `datasette serve` with the facets
kind, summit_series and city declared in bench/datasette-metadata.json. The facet and SQL time limits are raised
so that Datasette computes every facet instead of giving up on it (its defaults stop a facet after 200 ms).
"""

import csv
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".datasette-venv"
REQUIREMENTS = HERE / "requirements-datasette.txt"
DATABASE = HERE / "datasette.sqlite3"
METADATA = HERE / "datasette-metadata.json"
SETTINGS = {"facet_time_limit_ms": "10000", "sql_time_limit_ms": "60000", "max_csv_mb": "0"}

# Datasette names the database after its file: /datasette/meetings is the table page (HTML, 100 rows, with the
# three facets of the metadata file, the count and the suggested facets, as a visitor sees it).
TABLE = "/datasette/meetings"
# The nearest equivalent of our filtered list (meetings of the United States and the United Kingdom since 1990):
# the flat table holds the participants' countries as one text, "US; GB; FR", so both codes must be contained.
FILTER = "participant_country_codes__contains=US&participant_country_codes__contains=GB&date__gte=1990-01-01"
FILTERED = f"{TABLE}?{FILTER}"
CSV = "/datasette/meetings.csv?_stream=on&_size=max"


def executable():
    return VENV / "bin" / "datasette"


def install():
    """The virtual environment with the pinned Datasette (made once, again when the requirements change)."""
    stamp = VENV / ".installed"
    if stamp.exists() and stamp.stat().st_mtime >= REQUIREMENTS.stat().st_mtime and executable().exists():
        return
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)  # noqa: S603
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)]
    subprocess.run(pip, check=True)  # noqa: S603
    stamp.touch()


def version():
    out = subprocess.run([str(executable()), "--version"], check=True, capture_output=True, text=True)  # noqa: S603
    return out.stdout.split()[-1]  # "datasette, version 0.65.5"


def load(csv_body):
    """bench/datasette.sqlite3 made anew from the bytes of our meetings CSV export; the number of rows."""
    rows = csv.reader(io.StringIO(csv_body.decode("utf-8-sig"), newline=""))
    header = next(rows)
    columns = ", ".join(f'"{name}" INTEGER PRIMARY KEY' if name == "id" else f'"{name}" TEXT' for name in header)
    temporary = DATABASE.with_suffix(".tmp")
    temporary.unlink(missing_ok=True)
    with sqlite3.connect(temporary) as db:
        db.execute(f"CREATE TABLE meetings ({columns})")
        marks = ", ".join("?" for _ in header)
        db.executemany(f"INSERT INTO meetings VALUES ({marks})", rows)  # noqa: S608 — our own header, quoted
        count = db.execute("SELECT COUNT(*) FROM meetings").fetchone()[0]
    db.close()
    temporary.replace(DATABASE)
    return count


def command(port):
    settings = [part for name, value in SETTINGS.items() for part in ("--setting", name, value)]
    return [
        str(executable()),
        "serve",
        str(DATABASE),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--metadata",
        str(METADATA),
        *settings,
    ]


def start(port, log):
    return subprocess.Popen(command(port), stdout=log, stderr=subprocess.STDOUT, cwd=HERE)  # noqa: S603
