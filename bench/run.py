"""Benchmark: pages and exports on a synthetic archive, served by gunicorn with the production settings.

    make bench                      # SQLite file bench/bench.sqlite3, 100,000 meetings
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/meetings_bench make bench
    BENCH_MEETINGS=20000 make bench

Builds the benchmark database once (synthetic data only, never the archive's own database), starts gunicorn with
gunicorn.conf.py on a free loopback port, times each page (median of several requests) and a full export of each
layout (time to the first byte, total time, rows per second, and that X-Row-Count matches the rows received),
and writes bench/results-<database>.md. Requests go to 127.0.0.1 only and are bounded in number.
"""

import csv
import io
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEETINGS = int(os.environ.get("BENCH_MEETINGS", "100000"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
REPEAT = 7
PAGES = {
    "home": "/",
    "list": "/meetings/",
    "list filtered (country, year)": "/meetings/?country=jp&year=1999",
    "list search": "/meetings/?q=synthetic+meeting+42",
    "meeting": "/meetings/synthetic-meeting-4242/",
    "country": "/countries/jp/",
    "country pair": "/countries/jp/in/",
    "leader": "/leaders/synthetic-leader-7/",
    "topic": "/topics/synthetic-topic-3/",
    "feed": "/meetings/feed/",
}
EXPORTS = {
    "CSV meetings": "/meetings/export.csv",
    "CSV participants": "/meetings/export.csv?layout=participants",
    "CSV dyads": "/meetings/export.csv?layout=dyads",
    "JSON Lines": "/meetings/export.json?format=jsonl",
}


def env():
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
    }


def manage(*args):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env(), check=True)  # noqa: S603


def prepare():
    manage("migrate", "-v0")
    manage("collectstatic", "--no-input", "-v0")
    code = "from meetings.models import Meeting; print(Meeting.objects.count())"
    out = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env(),
        check=True,
        capture_output=True,
        text=True,
    )
    have = int(out.stdout.strip().splitlines()[-1])
    if have == 0:
        manage("generate_meetings", str(MEETINGS))
    elif have != MEETINGS:
        sys.exit(f"The benchmark database holds {have} meetings, not {MEETINGS}: remove it or set BENCH_MEETINGS.")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:  # noqa: S310 — our own loopback server
        response.read()
        status = response.status
    return time.perf_counter() - start, status


def export(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:  # noqa: S310
        first = response.read(1)
        first_byte = time.perf_counter() - start
        rest = first + response.read()
        expected = int(response.headers["X-Row-Count"])
    total = time.perf_counter() - start
    text = rest.decode("utf-8")
    rows = len(text.splitlines()) if "format=jsonl" in url else sum(1 for _ in csv.reader(io.StringIO(text))) - 1
    return first_byte, total, rows, expected, len(rest)


def main():
    prepare()
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "/dev/null",
            "config.wsgi",
        ],
        env=env(),
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base + "/robots.txt")
                break
            except OSError:
                time.sleep(0.2)
        lines = [
            f"# Benchmark results\n\n{MEETINGS:,} synthetic meetings, database `{DATABASE_URL.split(':')[0]}`, "
            f"gunicorn (gthread, 2 workers) with DEBUG off, on this machine (2 cores). Median of {REPEAT} requests "
            "after one warm-up.\n",
            "| page | median | slowest |",
            "|---|---|---|",
        ]
        for name, path in PAGES.items():
            fetch(base + path)
            times = []
            for _ in range(REPEAT):
                seconds, status = fetch(base + path)
                assert status == 200, (path, status)
                times.append(seconds * 1000)
            lines.append(f"| {name} (`{path}`) | {statistics.median(times):.0f} ms | {max(times):.0f} ms |")
            print(lines[-1], flush=True)
        lines += [
            "",
            "| export | first byte | total | rows | rows/s | X-Row-Count matches |",
            "|---|---|---|---|---|---|",
        ]
        for name, path in EXPORTS.items():
            first_byte, total, rows, expected, size = export(base + path)
            lines.append(
                f"| {name} | {first_byte * 1000:.0f} ms | {total:.1f} s | {rows:,} ({size / 1e6:.0f} MB) | "
                f"{rows / total:,.0f} | {'yes' if rows == expected else f'NO ({expected:,})'} |"
            )
            print(lines[-1], flush=True)
        # The article assistant on this archive with 10,000 leaders (added and rolled back), in one process.
        out = subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), "time_assistant", "--leaders", "10000"],
            env=env(),
            check=True,
            capture_output=True,
            text=True,
        )
        lines += ["", "| article assistant | index of names | reading a report |", "|---|---|---|"]
        lines.append(out.stdout.strip().splitlines()[-1])
        print(lines[-1], flush=True)
        vendor = "postgresql" if DATABASE_URL.startswith("postgres") else "sqlite"
        (ROOT / "bench" / f"results-{vendor}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
