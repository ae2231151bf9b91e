"""Soak test: PostgreSQL restarts while clients read the archive; every error must be a 503 during the outage.

    make soak
    SOAK_MEETINGS=5000 SOAK_SECONDS=20 make soak        # a quicker run

Environment variables:
    SOAK_MEETINGS    synthetic meetings (default 20000; `manage.py generate_meetings N --seed 1`)
    SOAK_SECONDS     length of the load (default 30)
    SOAK_CLIENTS     concurrent clients (default 20)
    SOAK_PG_BINDIR   the folder of initdb and pg_ctl, when neither `pg_config --bindir` nor /usr/lib/postgresql/*/bin
                     holds them

1. A PostgreSQL instance of its own: `initdb` into a temporary folder (trust auth, listening on 127.0.0.1 only, on
   a free port, its socket in that folder), as the `postgres` account when run as root (PostgreSQL refuses root).
   The machine's own cluster is never contacted.
2. `manage.py migrate`, `collectstatic` and `generate_meetings` into a database there.
3. gunicorn with gunicorn.conf.py, 2 workers, DEBUG off, on a free loopback port (its log in the temporary folder).
4. SOAK_CLIENTS threads send requests one after another for SOAK_SECONDS (lists, filters, deep pages, searches,
   meeting, country and leader pages, one year's CSV export), each with a timeout of REQUEST_TIMEOUT seconds,
   recording its start, duration and status (or the exception's class).
5. At a third of the run: `pg_ctl stop -m fast`, DOWN_SECONDS of outage, `pg_ctl start -w`.
6. Checks: every error (a status other than 200, an exception, an export holding fewer rows than its X-Row-Count)
   overlaps the outage window (stop issued → start returned, plus GRACE seconds) and is a 503 with Retry-After;
   the one exception allowed is a 200 already streaming when PostgreSQL stopped (its headers had arrived) whose
   chunked body then broke off visibly (IncompleteRead): a sent status cannot become a 503. Such cut-offs are
   counted and listed; an export that looks complete but lacks rows fails the run.
Prints the figures and writes them to bench/results/<date>-soak.md; exits 1 when a check fails, saying which.
Everything started is stopped and the temporary folder removed, whatever happens.
"""

import collections
import datetime
import os
import platform
import pwd
import random
import re
import runpy
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from pages import COUNTRIES, KINDS, WORDS
from timing import csv_rows, percentiles

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
MEETINGS = int(os.environ.get("SOAK_MEETINGS", "20000"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "30"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "20"))
WORKERS = 2
REQUEST_TIMEOUT = 15
# The restart: at this fraction of the run, this long down; errors may end this long after the start returned.
RESTART_AT = 1 / 3
DOWN_SECONDS = 3
GRACE = 2
DATABASE = "meetings_soak"
SUPERUSER = "postgres"  # the role initdb creates (trust auth, loopback only)
# Synthetic meetings are dated 1950-01-01 + up to 27,000 days; the list shows 25 a page.
YEARS = (1950, 2023)
PAGE_SIZE = 25


def postgres_bindir():
    """The folder holding initdb and pg_ctl, or exit saying where it looked."""
    candidates = []
    if os.environ.get("SOAK_PG_BINDIR"):
        candidates.append(Path(os.environ["SOAK_PG_BINDIR"]))
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10)  # noqa: S603
        if out.returncode == 0 and out.stdout.strip():
            candidates.append(Path(out.stdout.strip()))
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(versions, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    looked = ", ".join(str(folder) for folder in candidates) or "nowhere (no pg_config, no /usr/lib/postgresql)"
    sys.exit(
        f"The soak test needs the PostgreSQL server binaries (initdb, pg_ctl); looked in {looked}. Install the "
        "server (Debian: apt-get install postgresql) or set SOAK_PG_BINDIR to the folder holding them."
    )


def server_account():
    """The account PostgreSQL runs as: None (this user), or as root an unprivileged one (it refuses root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    sys.exit("Running as root, with no postgres or nobody account to run PostgreSQL as: run as an ordinary user.")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env():
    """This environment without libpq's PG* variables, so that no command can reach another server by them."""
    return {name: value for name, value in os.environ.items() if not name.startswith("PG")}


class Postgres:
    """A throwaway PostgreSQL cluster in ``folder``, on 127.0.0.1:``port``."""

    def __init__(self, bindir, folder, port, account):
        self.bindir = bindir
        self.folder = folder
        self.port = port
        self.account = account
        self.data = folder / "data"
        self.log = folder / "postgresql.log"
        self.commands = []

    @property
    def url(self):
        return f"postgres://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def run(self, program, *args, timeout=120, check=True):
        command = [str(self.bindir / program), *args]
        as_account = {}
        if self.account is not None:
            as_account = {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}
        out = subprocess.run(  # noqa: S603
            command,
            cwd=self.folder,
            env={**clean_env(), "HOME": str(self.folder)},
            capture_output=True,
            text=True,
            timeout=timeout,
            **as_account,
        )
        if check and out.returncode != 0:
            raise RuntimeError(f"{shlex.join(command)} failed (exit {out.returncode}): {out.stderr.strip()}")
        return out

    def init(self):
        if self.account is not None:
            os.chown(self.folder, self.account.pw_uid, self.account.pw_gid)
        self.run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C")
        settings = [
            "listen_addresses = '127.0.0.1'",
            f"port = {self.port}",
            f"unix_socket_directories = '{self.folder}'",
            # A throwaway cluster: no waiting for the disk (a fast shutdown still writes everything out).
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
        ]
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# bench/soak.py\n" + "\n".join(settings) + "\n")
        shown = "; ".join(settings).replace(str(self.folder), "<tmp>").replace(str(self.port), "<port>")
        self.commands.append(f"initdb -D <tmp>/data -U {SUPERUSER} --auth=trust -E UTF8 --locale=C  # then: {shown}")

    def start(self):
        self.run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log))

    def stop(self, mode="fast"):
        self.run("pg_ctl", "stop", "-w", "-t", "60", "-m", mode, "-D", str(self.data))

    def is_running(self):
        return self.data.exists() and self.run("pg_ctl", "status", "-D", str(self.data), check=False).returncode == 0

    def create_database(self):
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, DATABASE)

    def version(self):
        return self.run("postgres", "--version").stdout.strip()

    def shut_down(self):
        """Stop the server whatever state it is in (fast, then immediate)."""
        if not self.is_running():
            return
        try:
            self.stop("fast")
        except (RuntimeError, subprocess.TimeoutExpired):
            self.stop("immediate")


def app_env(database_url):
    env = {
        **clean_env(),
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    # Nothing of the machine's own services: this process's cache, the one database.
    for name in ("REDIS_URL", "DATABASE_REPLICA_URL", "GUNICORN_BIND", "GUNICORN_WORKERS"):
        env.pop(name, None)
    return env


def manage(env, *args, capture=False):
    out = subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True, capture_output=capture, text=True
    )
    return out.stdout


def public_leaders(env):
    """Slugs of the leaders visitors can see (those with a published meeting: a small archive leaves some out)."""
    code = "from meetings.filters import public_leaders; print(*public_leaders().values_list('slug', flat=True))"
    # -v0: no notice of the models the shell could not import; the last line is the print's.
    return manage(env, "shell", "-v0", "-c", code, capture=True).strip().splitlines()[-1].split()


def gunicorn_command(port):
    return [
        str(Path(PYTHON).parent / "gunicorn"),
        "-c",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "config.wsgi",
    ]


def wait_until_up(process, base, log_path):
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start:\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(base + "/robots.txt", timeout=5) as response:  # noqa: S310 — loopback
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /robots.txt in 60 s:\n{tail(log_path)}")


def stop_process_group(process):
    """gunicorn and its workers (started in a session of their own): TERM, then KILL."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --- The load ----------------------------------------------------------------------------------------------------


def soak_mix(rng, meetings, leaders):
    """One request: lists, filters, deep pages, searches, meeting, country and leader pages, a small export."""
    country = rng.choice(COUNTRIES)
    year = rng.randint(*YEARS)
    kind = rng.choice(KINDS)
    choices = [
        (3, "/meetings/"),
        (1, f"/meetings/?page={rng.randint(2, max(2, meetings // PAGE_SIZE))}"),
        (2, f"/meetings/?country={country}"),
        (1, f"/meetings/?year={year}"),
        (1, f"/meetings/?kind={kind}"),
        (1, f"/meetings/?country={country}&kind={kind}"),
        (2, f"/meetings/?q={rng.choice(WORDS)}"),
        (4, f"/meetings/synthetic-meeting-{rng.randrange(meetings)}/"),
        (2, f"/countries/{country}/"),
        (2, f"/leaders/{rng.choice(leaders)}/"),
        (1, f"/meetings/export.csv?year={year}"),
    ]
    weights, paths = zip(*choices, strict=True)
    return rng.choices(paths, weights=weights)[0]


def kind_of(path):
    if path.startswith("/meetings/export"):
        return "export (one year)"
    if path.startswith("/meetings/?q="):
        return "search"
    if path.startswith("/meetings/?page="):
        return "list, deep page"
    if path.startswith("/meetings/?"):
        return "list, filtered"
    if path == "/meetings/":
        return "list"
    if path.startswith("/meetings/"):
        return "meeting"
    if path.startswith("/countries/"):
        return "country"
    return "leader"


@dataclass
class Request:
    path: str
    start: float  # seconds since the load began
    seconds: float
    status: object  # the HTTP status, or the exception's class name, or "truncated" (fewer rows than X-Row-Count)
    retry_after: str = ""
    # When a 200 status line and headers arrived (seconds since the load began), for a body that failed afterwards.
    answered_200: float | None = None

    @property
    def end(self):
        return self.start + self.seconds

    @property
    def is_error(self):
        return self.status != 200


def fetch(base, path):
    """(status, Retry-After, when a 200's headers arrived) of one GET, reading the whole body; an export's rows are
    checked against its X-Row-Count."""
    answered = None
    try:
        with urllib.request.urlopen(base + path, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310 — loopback
            if response.status == 200:
                answered = time.monotonic()
            body = response.read()
            status, headers = response.status, response.headers
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, error.headers.get("Retry-After", ""), None
    except urllib.error.URLError as error:
        reason = error.reason
        return type(reason).__name__ if isinstance(reason, BaseException) else "URLError", "", None
    except Exception as error:  # every failure is a result (IncompleteRead, RemoteDisconnected…)
        return type(error).__name__, "", answered
    if status == 200 and path.startswith("/meetings/export.csv"):
        announced = headers.get("X-Row-Count")
        if announced is None or csv_rows(body) != int(announced):
            return "truncated", "", answered
    return status, headers.get("Retry-After", ""), answered


def run_load(base, t0, meetings, leaders, seed=1):
    requests = []
    lock = threading.Lock()
    deadline = t0 + SECONDS

    def client(number):
        rng = random.Random(seed * 1000 + number)
        mine = []
        while time.monotonic() < deadline:
            path = soak_mix(rng, meetings, leaders)
            start = time.monotonic()
            status, retry_after, answered = fetch(base, path)
            answered = answered - t0 if answered is not None else None
            mine.append(Request(path, start - t0, time.monotonic() - start, status, retry_after, answered))
        with lock:
            requests.extend(mine)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    return threads, requests


# --- Checks and report -------------------------------------------------------------------------------------------


@dataclass
class Outage:
    stop_issued: float = 0.0
    stop_returned: float = 0.0
    start_issued: float = 0.0
    start_returned: float = 0.0
    failure: str = ""

    def overlaps(self, request):
        return request.end >= self.stop_issued and request.start <= self.start_returned + GRACE


def ms(seconds):
    return f"{seconds * 1000:,.0f} ms"


def p50_p95(requests):
    times = [request.seconds for request in requests]
    if not times:
        return "–", "–"
    p50, p95 = percentiles(times)
    return ms(p50), ms(p95)


def cut_off_by_the_stop(request, outage):
    """A 200 already under way when PostgreSQL stopped (its headers arrived before `pg_ctl stop` returned) whose body
    then broke off visibly: the chunked stream ended without its last chunk. A status cannot change once sent, so
    this, not a 503, is the right answer; a body that looks complete but lacks rows ("truncated") is not."""
    return (
        request.status == "IncompleteRead"
        and request.answered_200 is not None
        and request.answered_200 <= outage.stop_returned
        and outage.overlaps(request)
    )


def checks(requests, outage):
    """(description, passed, details) of each check."""
    errors = [request for request in requests if request.is_error]
    outside = [request for request in errors if not outage.overlaps(request)]
    cut_off = [request for request in errors if cut_off_by_the_stop(request, outage)]
    not_503 = [request for request in errors if request.status != 503 and request not in cut_off]
    no_retry = [request for request in errors if request.status == 503 and not request.retry_after]
    return [
        ("PostgreSQL stopped and started again", not outage.failure, [outage.failure] if outage.failure else []),
        (
            f"every error overlaps the outage window (+{GRACE} s grace)",
            not outage.failure and not outside,
            [describe(request) for request in outside[:20]],
        ),
        (
            "every error is a 503, but for responses already streaming when PostgreSQL stopped, cut off visibly "
            f"(incomplete chunked body): {len(cut_off)}",
            not not_503,
            [describe(request) for request in not_503[:20]] + [f"cut off: {describe(r)}" for r in cut_off[:20]],
        ),
        ("every 503 has Retry-After", not no_retry, [describe(request) for request in no_retry[:20]]),
    ]


def describe(request):
    answered = f", 200 and headers at {request.answered_200:.2f} s" if request.answered_200 is not None else ""
    return (
        f"{request.status} {request.path} (started at {request.start:.2f} s{answered}, took {ms(request.seconds)}, "
        f"ended at {request.end:.2f} s)"
    )


def server_log_summary(path):
    """What gunicorn's stderr holds: each response Django logged (its reason) and each gunicorn warning or error,
    counted with the exception that ended its traceback; and the lines of those other than a 503."""
    counts = collections.Counter()
    unexpected = []

    def close(block):
        if not block:
            return
        head = block[0]
        gunicorn = re.match(r"^\[[^]]+\] \[\d+\] \[(\w+)\] (.*)", head)
        if gunicorn:
            level, message = gunicorn.groups()
            if level == "INFO" and not message.startswith(("Booting worker", "Worker exiting")):
                return
            head = f"gunicorn {level}: {message}"
        else:
            head = head.split(": /", 1)[0]
        final = [line for line in block[1:] if line and not line[0].isspace() and not is_chain_line(line)]
        exception = final[-1] if final else ""
        counts[(re.sub(r"\d+", "N", head)[:160], re.sub(r"\d+", "N", exception)[:200])] += 1
        if head != "Service Unavailable" and not (gunicorn and gunicorn.group(1) == "INFO") and len(unexpected) < 150:
            unexpected.extend(block if len(block) <= 60 else [*block[:40], "    …", *block[-15:]])

    try:
        lines = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return counts, unexpected
    block = []
    for line in lines:
        if line.startswith("[") or re.match(r"^[A-Z][A-Za-z ]+: /", line):
            close(block)
            block = [line]
        elif block:
            block.append(line)
    close(block)
    return counts, unexpected


def is_chain_line(line):
    return line.startswith(("Traceback", "The above exception", "During handling"))


def render(context):
    requests, outage = context["requests"], context["outage"]
    errors = [request for request in requests if request.is_error]
    outside = [request for request in requests if not outage.overlaps(request)]
    inside = [request for request in requests if outage.overlaps(request)]
    after = [request for request in requests if request.start > outage.start_returned]
    first_ok_after = min((request.end for request in after if not request.is_error), default=None)
    last_error_end = max((request.end for request in errors), default=None)
    results = context["checks"]
    passed = all(ok for _, ok, _ in results)
    p50, p95 = p50_p95(requests)
    out_p50, out_p95 = p50_p95(outside)
    in_p50, in_p95 = p50_p95(inside)
    lines = [
        f"# Soak test — PostgreSQL restarted under load, {context['started']:%Y-%m-%d %H:%M}",
        "",
        f"{MEETINGS:,} synthetic meetings (`manage.py generate_meetings {MEETINGS} --seed 1`) on a PostgreSQL instance "
        f"of the test's own, served by gunicorn with gunicorn.conf.py ({WORKERS} workers × "
        f"{context['gunicorn']['threads']} threads, {context['gunicorn']['worker_class']}, timeout "
        f"{context['gunicorn']['timeout']} s), DEBUG off, on 127.0.0.1; {CLIENTS} clients for {SECONDS:.0f} s; "
        f"PostgreSQL stopped (`pg_ctl stop -m fast`) at a third of the run and started again {DOWN_SECONDS} s later. "
        "Written by `make soak` (bench/soak.py).",
        "",
        f"**{'PASS' if passed else 'FAIL'}**: "
        + (passed_summary(requests, outage) if passed else failed_summary(results)),
        "",
        "## Machine",
        "",
        f"- `{context['uname']}`",
        f"- {os.cpu_count()} cores ({context['cpu']}), load average (1 min) at the start {context['load_average']:.2f}",
        f"- Python {platform.python_version()}, Django {context['django']}, {context['postgres']}",
        "",
        "## Command",
        "",
        "```",
        context["command"],
        "```",
        "",
        "It ran, in a temporary folder and on free loopback ports:",
        "",
        "```",
        *context["steps"],
        "```",
        "",
        "## Figures",
        "",
        "Times are seconds since the load began. A request is *in the outage* when it overlaps the window from "
        f"`pg_ctl stop` issued to `pg_ctl start -w` returned, plus {GRACE} s. p50 and p95: "
        '`statistics.quantiles(times, n=20, method="inclusive")` (cut points 10 and 19), errors included.',
        "",
        "| figure | value |",
        "|---|---|",
        f"| requests | {len(requests):,} in {context['load_seconds']:.1f} s "
        f"({len(requests) / max(context['load_seconds'], 0.001):.1f}/s) |",
        f"| errors | {len(errors):,} ({status_counts(errors) or 'none'}) |",
        f"| p50 / p95, all requests | {p50} / {p95} |",
        f"| p50 / p95, outside the outage ({len(outside):,} requests) | {out_p50} / {out_p95} |",
        f"| p50 / p95, in the outage ({len(inside):,} requests) | {in_p50} / {in_p95} |",
        f"| `pg_ctl stop -m fast` issued → returned | {outage.stop_issued:.2f} s → {outage.stop_returned:.2f} s |",
        f"| `pg_ctl start -w` issued → returned | {outage.start_issued:.2f} s → {outage.start_returned:.2f} s |",
        f"| outage window (stop issued → start returned) | {outage.start_returned - outage.stop_issued:.2f} s |",
        f"| statuses in the outage | {status_counts(inside) or 'none'} |",
        f"| first success that began after the start returned | "
        f"{f'ended at {first_ok_after:.2f} s' if first_ok_after is not None else '–'} |",
        f"| last error ended at | {f'{last_error_end:.2f} s' if last_error_end is not None else '–'} |",
        "",
        "### By page type",
        "",
        "| page | requests | p50 | p95 | p95 outside the outage | errors |",
        "|---|---|---|---|---|---|",
    ]
    by_kind = collections.defaultdict(list)
    for request in requests:
        by_kind[kind_of(request.path)].append(request)
    for kind, group in sorted(by_kind.items()):
        kind_p50, kind_p95 = p50_p95(group)
        _, outside_p95 = p50_p95([request for request in group if not outage.overlaps(request)])
        kind_errors = [request for request in group if request.is_error]
        lines.append(
            f"| {kind} | {len(group):,} | {kind_p50} | {kind_p95} | {outside_p95} | "
            f"{status_counts(kind_errors) or '–'} |"
        )
    lines += ["", "### Errors", ""]
    if errors:
        lines += [
            "| status | requests | in the outage | outside | first began | last ended |",
            "|---|---|---|---|---|---|",
        ]
        by_status = collections.defaultdict(list)
        for request in errors:
            by_status[str(request.status)].append(request)
        for status, group in sorted(by_status.items()):
            inside_count = sum(1 for request in group if outage.overlaps(request))
            lines.append(
                f"| {status} | {len(group):,} | {inside_count:,} | {len(group) - inside_count:,} | "
                f"{min(r.start for r in group):.2f} s | {max(r.end for r in group):.2f} s |"
            )
    else:
        lines.append("None.")
    lines += ["", "## Checks", ""]
    for description, ok, details in results:
        lines.append(f"- {'✓' if ok else '✗'} {description}")
        lines += [f"    - {detail}" for detail in details]
    counts, unexpected = context["server_log"]
    lines += ["", "## Server log (gunicorn's stderr)", "", "Numbers replaced by N.", ""]
    if counts:
        lines += ["| logged | exception | count |", "|---|---|---|"]
        for (head, exception), count in counts.most_common():
            lines.append(f"| {head} | {f'`{exception}`' if exception else '–'} | {count:,} |")
    else:
        lines.append("Nothing logged.")
    if unexpected:
        lines += ["", "Excerpt (all but the 503s and gunicorn's INFO lines):", "", "```", *unexpected, "```"]
    return "\n".join(lines) + "\n", passed


def status_counts(requests):
    counts = collections.Counter(str(request.status) for request in requests)
    return ", ".join(f"{status}: {count:,}" for status, count in sorted(counts.items()))


def passed_summary(requests, outage):
    cut_off = sum(1 for request in requests if cut_off_by_the_stop(request, outage))
    also = f" (and {cut_off} response(s) already streaming when it stopped, cut off visibly)" if cut_off else ""
    return f"every error was a 503 with Retry-After, within the outage{also}."


def failed_summary(results):
    return "; ".join(f"✗ {description}" for description, ok, _ in results if not ok) + "."


# --- The run -----------------------------------------------------------------------------------------------------


def terminate(signum, frame):
    raise SystemExit(f"Stopped by signal {signum}.")


def main():
    signal.signal(signal.SIGTERM, terminate)
    if MEETINGS < 1 or CLIENTS < 1 or SECONDS <= 0:
        sys.exit("SOAK_MEETINGS, SOAK_CLIENTS and SOAK_SECONDS must be positive.")
    bindir = postgres_bindir()
    account = server_account()
    started = datetime.datetime.now()
    folder = Path(tempfile.mkdtemp(prefix="meetings-soak-"))
    postgres = Postgres(bindir, folder, free_port(), account)
    server = None
    try:
        print(f"PostgreSQL ({bindir}) in {folder}, port {postgres.port}…", flush=True)
        postgres.init()
        postgres.start()
        postgres.create_database()
        env = app_env(postgres.url)
        print(f"Migrating and generating {MEETINGS:,} synthetic meetings…", flush=True)
        began = time.monotonic()
        manage(env, "migrate", "--no-input", "-v0")
        # DEBUG off serves hashed static names: the manifest must list the current files.
        manage(env, "collectstatic", "--no-input", "-v0")
        manage(env, "generate_meetings", str(MEETINGS), "--seed", "1", "-v0")
        leaders = public_leaders(env)
        print(f"  ready in {time.monotonic() - began:.0f} s ({len(leaders):,} public leaders)", flush=True)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server_log = folder / "gunicorn.err"
        command = gunicorn_command(port)
        with (folder / "gunicorn.out").open("w") as out, server_log.open("w") as err:
            server = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=env, stdout=out, stderr=err, start_new_session=True
            )
        wait_until_up(server, base, server_log)

        print(f"Load: {CLIENTS} clients for {SECONDS:.0f} s on {base}; PostgreSQL restarts at a third…", flush=True)
        outage = Outage()
        load_average = os.getloadavg()[0]
        t0 = time.monotonic()
        threads, requests = run_load(base, t0, MEETINGS, leaders)
        time.sleep(max(0.0, t0 + SECONDS * RESTART_AT - time.monotonic()))
        try:
            outage.stop_issued = time.monotonic() - t0
            postgres.stop("fast")
            outage.stop_returned = time.monotonic() - t0
            time.sleep(DOWN_SECONDS)
            outage.start_issued = time.monotonic() - t0
            postgres.start()
            outage.start_returned = time.monotonic() - t0
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            outage.failure = f"the restart failed: {error}"
            outage.start_returned = SECONDS + REQUEST_TIMEOUT
        print(f"  PostgreSQL stopped at {outage.stop_issued:.2f} s, back at {outage.start_returned:.2f} s", flush=True)
        for thread in threads:
            thread.join(SECONDS + REQUEST_TIMEOUT + 5)
        load_seconds = time.monotonic() - t0
        requests.sort(key=lambda request: request.start)

        results = checks(requests, outage)
        context = {
            "started": started,
            "requests": requests,
            "outage": outage,
            "load_seconds": load_seconds,
            "checks": results,
            "gunicorn": runpy.run_path(str(ROOT / "gunicorn.conf.py")),
            "uname": uname(),
            "cpu": cpu_model(),
            "load_average": load_average,
            "django": django_version(),
            "postgres": postgres.version(),
            "command": command_line(),
            "steps": [
                *postgres.commands,
                f"pg_ctl start -w -D <tmp>/data   # then: createdb -h 127.0.0.1 -p <port> -U {SUPERUSER} {DATABASE}",
                f"DATABASE_URL=postgres://{SUPERUSER}@127.0.0.1:<port>/{DATABASE} DEBUG=0 HTTPS=0 "
                "SECRET_KEY=<random> ALLOWED_HOSTS=127.0.0.1",
                "python manage.py migrate --no-input",
                "python manage.py collectstatic --no-input",
                f"python manage.py generate_meetings {MEETINGS} --seed 1",
                "python manage.py shell -c '…public_leaders()…'   # the leaders pages the clients may ask for",
                shlex.join(["gunicorn", *command[1:]]).replace(str(port), "<port>"),
                f"# at {SECONDS * RESTART_AT:.0f} s: pg_ctl stop -w -m fast -D <tmp>/data; sleep {DOWN_SECONDS}; "
                "pg_ctl start -w -D <tmp>/data",
            ],
            "server_log": server_log_summary(server_log),
        }
        text, passed = render(context)
        print()
        print(text)
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{started:%Y-%m-%d}-soak.md"
        path.write_text(text, encoding="utf-8")
        print(f"Written to {path.relative_to(ROOT)}.")
        if not passed:
            sys.exit(f"Soak test FAILED: {failed_summary(results)}")
    finally:
        stop_process_group(server)
        try:
            postgres.shut_down()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def uname():
    out = subprocess.run(["uname", "-a"], capture_output=True, text=True)  # noqa: S607
    return out.stdout.strip() if out.returncode == 0 else " ".join(platform.uname())


def cpu_model():
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        lines = []
    models = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return models[0] if models else platform.processor() or platform.machine()


def django_version():
    import django

    return django.get_version()


def command_line():
    settings = [
        f"{name}={os.environ[name]}" for name in ("SOAK_MEETINGS", "SOAK_SECONDS", "SOAK_CLIENTS") if name in os.environ
    ]
    script = Path(sys.argv[0]).resolve()
    shown = str(script.relative_to(ROOT)) if script.is_relative_to(ROOT) else str(script)
    return " ".join([*settings, "python", shown, *map(shlex.quote, sys.argv[1:])])


if __name__ == "__main__":
    main()
