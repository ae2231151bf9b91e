"""Benchmark: every public page, the exports, Datasette and a load test on 100,000 synthetic meetings.

    make bench                                   # SQLite (bench/bench.sqlite3), then PostgreSQL if configured
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/meetings_bench make bench
    BENCH_MEETINGS=20000 make bench              # a smaller archive, while developing the benchmark
    make explain                                 # only the query plans (bench/explain.py)

Environment variables:
    BENCH_POSTGRES_URL   also run on this PostgreSQL database after SQLite (loopback only; created when missing)
    BENCH_DATABASE_URL   run on this one database only (sqlite:///… or postgres://…), instead of the above
    BENCH_MEETINGS       meetings of the synthetic archive (default 100000)
    BENCH_REQUESTS       timed requests per page (default 20, after one warm-up)
    BENCH_PAGE_BUDGET    seconds after which a slow page stops being timed, once 3 requests are (default 30)
    BENCH_LOAD_CLIENTS   concurrent clients of the load test (default 20)
    BENCH_LOAD_SECONDS   its duration (default 30)
    BENCH_SKIP_DATASETTE set to 1 to leave Datasette out (no install, no comparison)
    REDIS_URL, GUNICORN_WORKERS, GUNICORN_THREADS   passed through to gunicorn (the cache keys prefixed per run)

On each database: builds the synthetic archive once (`manage.py generate_meetings N --seed 1` into an empty
database, reused while it holds N meetings; `migrate` runs every time), starts gunicorn with gunicorn.conf.py,
DEBUG off, on a free loopback port, and measures
1. every public page type of bench/pages.py: BENCH_REQUESTS requests after one warm-up, p50 and p95
   (`statistics.quantiles(n=20, method="inclusive")`), against p50 < 50 ms and p95 < 150 ms;
2. every export layout, whole and for one year: first byte (< 1 s), total time, rows, rows/s, that X-Row-Count
   matches the rows received, and the peak RSS of each gunicorn worker sampled from /proc every 20 ms during the
   download (< 200 MB, and no higher for 100,000 meetings than for one year);
3. on PostgreSQL, bench/copy_meetings.sql as COPY … TO STDOUT through psycopg: the physical limit (ours/COPY ≤ 3);
4. Datasette 0.65.5 serving our own meetings CSV (bench/datasette_ref.py): its table page with three facets
   against our list, its filtered page against our filtered list (ours/Datasette ≤ 0.1), its full streamed CSV
   against each of our exports (ours/Datasette ≤ 0.5);
5. a load test (bench/load.py): BENCH_LOAD_CLIENTS clients for BENCH_LOAD_SECONDS on a mix of lists, filters,
   searches, meeting, country and leader pages (p95 < 250 ms, no error);
6. the article assistant with 10,000 leaders (`manage.py time_assistant`);
7. the query plans of every page (bench/explain.py).
Writes bench/results/<date>-<sqlite|postgresql>.md (and <date>-explain-<database>.md), with the machine and the
commands. Requests go to 127.0.0.1 only and are bounded in number and time; every server started is stopped.
"""

import datetime
import json
import os
import platform
import runpy
import shlex
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import datasette_ref
import pages
from load import run_load
from report import mib, ms, render
from timing import MemorySampler, csv_rows, download, get, jsonl_rows, time_page

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
LOGS = BENCH / ".logs"
PYTHON = sys.executable
MEETINGS = int(os.environ.get("BENCH_MEETINGS", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
PAGE_BUDGET = float(os.environ.get("BENCH_PAGE_BUDGET", "30"))
LOAD_CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "20"))
LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "30"))
SKIP_DATASETTE = os.environ.get("BENCH_SKIP_DATASETTE") == "1"
SQLITE_URL = f"sqlite:///{BENCH / 'bench.sqlite3'}"
DATASETTE_CSV_REPEAT = 3
EXPORT_REPEAT = 3  # downloads of each whole export, the first included
RUN_ID = datetime.datetime.now().strftime("%Y%m%d%H%M%S")


def relative(path):
    return str(Path(path).relative_to(ROOT)) if str(path).startswith(str(ROOT)) else str(path)


def vendor_of(url):
    return "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"


def env(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        # With REDIS_URL the cache outlives the server: keys of their own for each run and database, so that every
        # run starts from an empty cache and SQLite's never answers for PostgreSQL.
        "CACHE_KEY_PREFIX": f"bench-{vendor_of(database_url)}-{RUN_ID}",
    }


def manage(database_url, *args, capture=False):
    out = subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env(database_url),
        check=True,
        capture_output=capture,
        text=True,
        cwd=ROOT,
    )
    return out.stdout if capture else None


def ensure_postgres_database(url):
    """The benchmark database on the loopback PostgreSQL, created when missing (never any other change)."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(url)
    if params.get("host") not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit(f"The benchmark runs on a loopback PostgreSQL only, not {params.get('host')}.")
    try:
        psycopg.connect(url).close()
    except psycopg.OperationalError as error:
        if "does not exist" not in str(error):
            raise
        with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(params["dbname"])))
        print(f"Created the PostgreSQL database {params['dbname']}.", flush=True)


def prepare(database_url):
    """Migrated, with the static files' manifest, and the synthetic archive; True when it was built now."""
    if vendor_of(database_url) == "postgresql":
        ensure_postgres_database(database_url)
    manage(database_url, "migrate", "-v0")
    manage(database_url, "collectstatic", "--no-input", "-v0")
    code = "from meetings.models import Meeting; print(Meeting.objects.count())"
    have = int(manage(database_url, "shell", "-c", code, capture=True).strip().splitlines()[-1])
    if have == 0:
        print(f"Generating {MEETINGS:,} synthetic meetings…", flush=True)
        manage(database_url, "generate_meetings", str(MEETINGS), "--seed", "1")
        vacuum(database_url)
        return True
    if have != MEETINGS:
        sys.exit(
            f"The benchmark database holds {have:,} meetings, not {MEETINGS:,}: set BENCH_MEETINGS={have} or empty it "
            f"({'rm bench/bench.sqlite3' if vendor_of(database_url) == 'sqlite' else 'dropdb, then rerun'})."
        )
    forget_export_lines(database_url)
    return False


def forget_export_lines(database_url):
    """The export lines an earlier run stored (meetings/export_lines.py) are deleted, so that each run's first download
    of an export is the first after a change to the archive, as the report says."""
    code = "from meetings.models import ExportLine; print(ExportLine.objects.all().delete()[0])"
    deleted = int(manage(database_url, "shell", "-c", code, capture=True).strip().splitlines()[-1])
    if deleted:
        print(f"Deleted the {deleted:,} export lines an earlier run stored.", flush=True)
    vacuum(database_url)


def vacuum(database_url):
    """PostgreSQL: VACUUM (ANALYZE) the benchmark database, as autovacuum does on a production server soon after a
    large write. Until then no page of a new table is marked all-visible, so no scan is index-only: the neighbours
    of a meeting read 1,400 table pages for what participation_country_idx holds. (Autovacuum may be off, as on
    the machine these benchmarks were first run on.) Quick when there is nothing to do."""
    if vendor_of(database_url) != "postgresql":
        return
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(process, url, name, log_path):
    for _ in range(300):
        if process.poll() is not None:
            sys.exit(f"{name} stopped at start: see {relative(log_path)}")
        try:
            seconds, status, _ = get(url, timeout=5)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"{name} did not answer in 60 s: see {relative(log_path)}")


def stop(process):
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def gunicorn_command(port):
    return [
        str(Path(PYTHON).parent / "gunicorn"),
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
        "config.wsgi",
    ]


def gunicorn_settings(database_url):
    """workers, threads and worker class as gunicorn.conf.py sets them in this environment."""
    saved = dict(os.environ)
    try:
        os.environ.update(env(database_url))
        conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return conf["workers"], conf["threads"], conf["worker_class"]


@dataclass
class ExportRun:
    name: str
    path: str
    download: object
    rows: int
    peak_kib: int
    growth_kib: int
    master_kib: int
    # Totals of the later downloads of the same whole export (SQLite: read from the lines the first one stored).
    again: list = field(default_factory=list)
    # Every later download answered 200 with as many bytes as the first (the same file: stored lines read back).
    again_same: bool = True

    @property
    def median_total(self):
        """The median total of every download of it, as Datasette's CSV is timed."""
        totals = sorted([self.download.total, *self.again])
        return totals[len(totals) // 2]

    @property
    def matches(self):
        return self.download.row_count_header == self.rows

    @property
    def rows_per_second(self):
        return self.rows / self.download.total if self.download.total else 0


def run_export(base, master, name, path, *, keep=False):
    with MemorySampler(master) as memory:
        result = download(base + path, keep=True)
    body = result.body
    if result.status != 200:
        rows = 0
    elif "format=jsonl" in path:
        rows = jsonl_rows(body)
    else:
        rows = csv_rows(body)
    if not keep:
        result.body = b""
    run = ExportRun(name, path, result, rows, memory.peak, memory.growth, memory.master_peak)
    print(
        f"  {name}{' (' + pages.SUBSET + ')' if pages.SUBSET in path else ''}: HTTP {result.status}, first byte "
        f"{ms(result.first_byte)}, {result.total:.1f} s, {rows:,} rows, X-Row-Count {result.row_count_header}, "
        f"peak worker {mib(memory.peak)} (+{mib(memory.growth)})",
        flush=True,
    )
    return run


@dataclass
class DatabaseRun:
    vendor: str
    url: str
    started: datetime.datetime
    built_now: bool = False
    workers: tuple = ()
    pages: dict = field(default_factory=dict)
    exports: list = field(default_factory=list)
    copy: object = None
    copy_difference: tuple = ()
    datasette: dict = field(default_factory=dict)
    load: object = None
    assistant: str = ""
    explain_file: str = ""
    explain_error: str = ""
    commands: list = field(default_factory=list)
    versions: dict = field(default_factory=dict)
    # The machine's load average (1 minute) before the measurements: other work on it slows every figure.
    load_average: float = 0.0


def measure_pages(base, run):
    print(f"Pages ({REQUESTS} requests each after a warm-up):", flush=True)
    todo = list(pages.PAGES.items())
    while todo:
        name, path = todo.pop(0)
        timing = time_page(base, path, REQUESTS, budget=PAGE_BUDGET)
        run.pages[name] = timing
        print(f"  {name} {path}: p50 {ms(timing.p50)}, p95 {ms(timing.p95)}, statuses {set(timing.statuses)}")
        if path == pages.PAGES["sitemap"] and timing.ok:
            _, _, body = get(base + path)
            deepest = pages.sitemap_page(body)
            if deepest:
                todo.insert(0, ("sitemap, last page of the meetings", deepest))


def measure_exports(base, master, run):
    print(f"Exports (one year first, then whole, {EXPORT_REPEAT} downloads):", flush=True)
    meetings_csv = None
    for name, path in pages.EXPORTS.items():
        run.exports.append(run_export(base, master, name, pages.subset(path)))
    for name, path in pages.EXPORTS.items():
        keep = name == "CSV meetings"
        export = run_export(base, master, name, path, keep=keep)
        if keep:
            meetings_csv = export.download.body if export.download.status == 200 else None
            export.download.body = b""
        # The first download after the archive changed is the one that stores SQLite's export lines
        # (meetings/export_lines.py); the next ones read them. Each is reported, and their median compared.
        for _ in range(EXPORT_REPEAT - 1):
            again = download(base + path)
            export.again.append(again.total)
            export.again_same &= again.status == 200 and again.size == export.download.size
        print(
            f"  again: {', '.join(f'{total:.1f} s' for total in export.again)}"
            f"{'' if export.again_same else ' (NOT the same file as the first)'}",
            flush=True,
        )
        run.exports.append(export)
    return meetings_csv


def measure_copy(run, meetings_csv, base):
    from copy_reference import compare, run_copy

    print("COPY reference:", flush=True)
    # A download's permalinks are at the address it was asked of (exports.permalink): the COPY writes the same ones.
    run.copy = run_copy(run.url, base)
    run.copy_difference = compare(run.copy.body, meetings_csv) if meetings_csv else (None, None)
    run.copy.body = b""
    print(
        f"  {run.copy.rows:,} rows in {run.copy.seconds:.2f} s; rows differing from the export: {run.copy_difference}"
    )
    run.commands.append(f"python bench/copy_reference.py {run.url}  # bench/copy_meetings.sql")


def filtered_count(base):
    """How many meetings our filtered list holds (the export's X-Row-Count for the same filter)."""
    query = pages.FILTERED_LIST.split("?", 1)[1]
    return download(f"{base}/meetings/export.csv?{query}").row_count_header


def measure_datasette(base, run, meetings_csv):
    print("Datasette:", flush=True)
    datasette_ref.install()
    run.versions["Datasette"] = datasette_ref.version()
    loaded = datasette_ref.load(meetings_csv)
    port = free_port()
    LOGS.mkdir(exist_ok=True)
    log_path = LOGS / "datasette.log"
    results = run.datasette
    with log_path.open("w") as log:
        server = datasette_ref.start(port, log)
        try:
            ds = f"http://127.0.0.1:{port}"
            wait_until_up(server, ds + "/-/versions.json", "Datasette", log_path)
            _, _, body = get(ds + datasette_ref.TABLE + ".json?_size=1")
            table = json.loads(body)
            _, _, body = get(ds + datasette_ref.TABLE + ".json?_size=1&" + datasette_ref.FILTER)
            filtered = json.loads(body)
            results["rows loaded"] = loaded
            results["facets"] = sorted(table.get("facet_results", {}))
            results["facets timed out"] = table.get("facets_timed_out", [])
            results["filtered count"] = filtered.get("filtered_table_rows_count")
            results["our filtered count"] = filtered_count(base)
            results["table"] = time_page(ds, datasette_ref.TABLE, REQUESTS, budget=PAGE_BUDGET)
            results["filtered"] = time_page(ds, datasette_ref.FILTERED, REQUESTS, budget=PAGE_BUDGET)
            print(f"  table page: p50 {ms(results['table'].p50)}, filtered: p50 {ms(results['filtered'].p50)}")
            csvs = []
            for _ in range(DATASETTE_CSV_REPEAT):
                result = download(ds + datasette_ref.CSV, keep=True)
                result.rows = csv_rows(result.body) if result.status == 200 else 0
                result.body = b""
                csvs.append(result)
            csvs.sort(key=lambda r: r.total)
            results["csv"] = csvs[len(csvs) // 2]
            print(f"  CSV: {results['csv'].rows:,} rows in {results['csv'].total:.2f} s (median of {len(csvs)})")
        finally:
            stop(server)
    run.commands.append(
        f"python -m venv {relative(datasette_ref.VENV)} && {relative(datasette_ref.VENV)}/bin/pip install "
        f"-r {relative(datasette_ref.REQUIREMENTS)}"
    )
    run.commands.append(shlex.join(relative(part) for part in datasette_ref.command(port)))


def measure_load(base, run):
    print(f"Load: {LOAD_CLIENTS} clients for {LOAD_SECONDS:.0f} s…", flush=True)
    run.load = run_load(base, clients=LOAD_CLIENTS, seconds=LOAD_SECONDS, meetings=MEETINGS)
    load = run.load
    print(f"  {load.requests} requests, p50 {ms(load.p50)}, p95 {ms(load.p95)}, errors {load.errors or 'none'}")
    run.commands.append(
        f"python bench/load.py {base} --clients {LOAD_CLIENTS} --seconds {LOAD_SECONDS:.0f} --meetings {MEETINGS}"
    )


def failure(error):
    """The last line a failed command wrote, for the report (the run goes on without that figure)."""
    lines = (error.stderr or error.stdout or "").strip().splitlines()
    return f"failed (exit {error.returncode}): {lines[-1] if lines else 'no output'}"


def measure_assistant(run):
    run.commands.append("python manage.py time_assistant --leaders 10000")
    try:
        out = manage(run.url, "time_assistant", "--leaders", "10000", capture=True)
    except subprocess.CalledProcessError as error:
        run.assistant = f"| {failure(error)} | | |"
    else:
        run.assistant = out.strip().splitlines()[-1]
    print(f"Article assistant: {run.assistant}", flush=True)


def run_explain(run):
    print("Query plans:", flush=True)
    explain_env = {**os.environ, "BENCH_DATABASE_URL": run.url}
    # A fresh process's own cache, so that each page's first request shows every query it can run.
    explain_env.pop("REDIS_URL", None)
    shown = "sqlite:///" + relative(run.url[len("sqlite:///") :]) if run.vendor == "sqlite" else run.url
    run.commands.append(f"BENCH_DATABASE_URL={shown} python bench/explain.py")
    try:
        subprocess.run(  # noqa: S603
            [PYTHON, str(BENCH / "explain.py")],
            env=explain_env,
            check=True,
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
    except subprocess.CalledProcessError as error:
        run.explain_file = ""
        run.explain_error = failure(error)
        print(f"  {run.explain_error}", flush=True)
    else:
        run.explain_file = f"{run.started.date().isoformat()}-explain-{run.vendor}.md"


def versions(run):
    import django

    found = {"Python": platform.python_version(), "Django": django.get_version(), "SQLite": sqlite3.sqlite_version}
    if run.vendor == "postgresql":
        import psycopg

        with psycopg.connect(run.url) as connection:
            found["PostgreSQL"] = connection.execute("SHOW server_version").fetchone()[0]
    return found


def benchmark(database_url):
    run = DatabaseRun(vendor_of(database_url), database_url, datetime.datetime.now())
    print(f"== {run.vendor}: {database_url}", flush=True)
    run.built_now = prepare(database_url)
    run.versions = versions(run)
    run.workers = gunicorn_settings(database_url)
    shown_url = "sqlite:///" + relative(database_url[len("sqlite:///") :]) if run.vendor == "sqlite" else database_url
    run.commands += [
        f"DATABASE_URL={shown_url} DEBUG=0 HTTPS=0 ALLOWED_HOSTS=127.0.0.1 SECRET_KEY=… python manage.py migrate",
        f"python manage.py generate_meetings {MEETINGS} --seed 1"
        + ("" if run.built_now else "  # built by an earlier run and reused: it holds the same meetings"),
    ]
    if run.vendor == "postgresql":
        run.commands.append("VACUUM (ANALYZE)  # through psycopg, as autovacuum would (bench/run.py vacuum())")
    run.load_average = os.getloadavg()[0]
    port = free_port()
    LOGS.mkdir(exist_ok=True)
    log_path = LOGS / f"gunicorn-{run.vendor}.log"
    server = None
    with log_path.open("w") as log:
        try:
            server = subprocess.Popen(  # noqa: S603
                gunicorn_command(port), env=env(database_url), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
            )
            base = f"http://127.0.0.1:{port}"
            wait_until_up(server, base + "/robots.txt", "gunicorn", log_path)
            run.commands.append(shlex.join(relative(part) for part in gunicorn_command(port)))
            measure_pages(base, run)
            meetings_csv = measure_exports(base, server.pid, run)
            if run.vendor == "postgresql":
                measure_copy(run, meetings_csv, base)
            if not SKIP_DATASETTE and meetings_csv:
                measure_datasette(base, run, meetings_csv)
            del meetings_csv
            measure_load(base, run)
        finally:
            stop(server)
    measure_assistant(run)
    run_explain(run)
    path = RESULTS / f"{run.started.date().isoformat()}-{run.vendor}.md"
    RESULTS.mkdir(parents=True, exist_ok=True)
    path.write_text(render(run, machine(), config()), encoding="utf-8")
    print(f"Wrote {relative(path)}", flush=True)


def machine():
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line)
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S607
    return uname, os.cpu_count(), model, int(memory) / 1024 / 1024


def config():
    return {
        "meetings": MEETINGS,
        "requests": REQUESTS,
        "page budget": PAGE_BUDGET,
        "load seconds": LOAD_SECONDS,
        "datasette csv repeat": DATASETTE_CSV_REPEAT,
        "export repeat": EXPORT_REPEAT,
        "cache": (
            "Redis at REDIS_URL, shared by the workers, keys of this run's own"
            if os.environ.get("REDIS_URL")
            else "local memory, one per gunicorn worker: the first request each worker serves misses"
        ),
    }


def databases():
    if os.environ.get("BENCH_DATABASE_URL"):
        return [os.environ["BENCH_DATABASE_URL"]]
    found = [SQLITE_URL]
    if os.environ.get("BENCH_POSTGRES_URL"):
        found.append(os.environ["BENCH_POSTGRES_URL"])
    return found


def main():
    for url in databases():
        host = urlsplit(url).hostname
        if vendor_of(url) == "postgresql" and host not in {"127.0.0.1", "localhost", "::1"}:
            sys.exit(f"The benchmark runs on a loopback PostgreSQL only, not {host}.")
    for url in databases():
        benchmark(url)


if __name__ == "__main__":
    main()
