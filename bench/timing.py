"""Timing HTTP requests to our own loopback servers, and sampling the memory of a server's processes.

Percentiles: `statistics.quantiles(times, n=20, method="inclusive")`, whose 10th cut point is the median (p50) and
19th the 95th percentile (p95); "inclusive" interpolates between the measured values, so p95 of 20 requests lies
between the slowest and the second slowest.
"""

import csv
import io
import statistics
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT = 600
# A page (not an export) slower than this is reported as a timeout rather than waited for.
PAGE_TIMEOUT = 120
CHUNK = 1 << 16


def get(url, timeout=TIMEOUT):
    """(seconds, status, body) of one GET; an HTTP error's status is returned, not raised."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"The benchmark requests its own loopback servers only, not {url}")
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 — loopback only, checked above
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body = error.read()
        status = error.code
    return time.perf_counter() - start, status, body


def percentiles(times):
    """(p50, p95) of a list of durations (see the module docstring for the method)."""
    if len(times) == 1:
        return times[0], times[0]
    cuts = statistics.quantiles(times, n=20, method="inclusive")
    return cuts[9], cuts[18]


@dataclass
class PageTiming:
    path: str
    statuses: list = field(default_factory=list)
    times: list = field(default_factory=list)
    size: int = 0

    @property
    def ok(self):
        return bool(self.statuses) and all(status == 200 for status in self.statuses)

    @property
    def timed_out(self):
        return "timeout" in self.statuses

    @property
    def p50(self):
        return percentiles(self.times)[0]

    @property
    def p95(self):
        return percentiles(self.times)[1]


def time_page(base, path, requests, *, warmup=1, budget=None, at_least=3, timeout=PAGE_TIMEOUT):
    """``requests`` sequential GETs of one page after ``warmup`` untimed ones.

    With a ``budget`` (seconds), a page so slow that its requests would take longer stops after that time, once
    ``at_least`` requests are timed: the run stays short while pages are slow, and says how many it timed. A
    request that takes longer than ``timeout`` counts as status "timeout" and ends the page's timing.
    """
    timing = PageTiming(path)
    spent = 0.0
    for number in range(warmup + requests):
        if budget is not None and spent > budget and len(timing.times) >= at_least:
            break
        start = time.perf_counter()
        try:
            seconds, status, body = get(base + path, timeout=timeout)
        except OSError:
            seconds, status, body = time.perf_counter() - start, "timeout", b""
        if number < warmup and status != "timeout":
            continue
        spent += seconds
        timing.statuses.append(status)
        timing.times.append(seconds)
        timing.size = len(body)
        if status == "timeout":
            break
    return timing


@dataclass
class Download:
    url: str
    status: int = 0
    first_byte: float = 0.0
    total: float = 0.0
    size: int = 0
    row_count_header: int | None = None
    body: bytes = b""
    rows: int = 0


def download(url, *, keep=False):
    """A whole response read in chunks: time to the first byte, total time, bytes (and the body if ``keep``)."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"The benchmark requests its own loopback servers only, not {url}")
    result = Download(url)
    parts = []
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 — loopback only, checked above
            result.status = response.status
            header = response.headers.get("X-Row-Count")
            result.row_count_header = int(header) if header is not None else None
            first = response.read(1)
            result.first_byte = time.perf_counter() - start
            parts.append(first)
            while chunk := response.read(CHUNK):
                if keep:
                    parts.append(chunk)
                result.size += len(chunk)
    except urllib.error.HTTPError as error:
        result.status = error.code
        parts = [error.read()]
        keep = True
    result.total = time.perf_counter() - start
    result.size += len(parts[0])
    if keep:
        result.body = b"".join(parts)
    return result


def csv_rows(body):
    """Data rows of a CSV body (records, not lines: a quoted cell may hold a line break)."""
    return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8-sig")))) - 1


def jsonl_rows(body):
    return sum(1 for line in body.splitlines() if line.strip())


def rss_kib(pid):
    """Resident memory of one process in KiB (VmRSS of /proc/<pid>/status), or None once it has gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


def children(pid):
    """Process ids whose parent is ``pid`` (gunicorn's workers), read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (field 2) may hold spaces: the parent id is the second field after its closing ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


class MemorySampler:
    """Samples the RSS of a server's master process and its workers every ``interval`` seconds, in a thread.

    Used as ``with MemorySampler(master_pid) as memory: …``; then ``memory.peak`` (KiB) is the highest RSS of any
    one worker, ``memory.growth`` the largest rise of one worker above its RSS when sampling began, and
    ``memory.master`` the master's highest RSS.
    """

    def __init__(self, master, interval=0.02):
        self.master = master
        self.interval = interval
        self.start = {}
        self.highest = {}
        self.master_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self, workers):
        for pid in workers:
            kib = rss_kib(pid)
            if kib is not None:
                self.start.setdefault(pid, kib)
                self.highest[pid] = max(self.highest.get(pid, 0), kib)
        self.master_peak = max(self.master_peak, rss_kib(self.master) or 0)

    def _run(self):
        workers = children(self.master)
        listed = time.monotonic()
        while not self._stop.is_set():
            if time.monotonic() - listed > 1:
                # A worker that died (a timeout) is replaced: follow the new one too.
                workers, listed = children(self.master), time.monotonic()
            self._sample(workers)
            self._stop.wait(self.interval)
        self._sample(workers)

    def __enter__(self):
        self._sample(children(self.master))
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def workers(self):
        return len(self.highest)

    @property
    def peak(self):
        return max(self.highest.values(), default=0)

    @property
    def growth(self):
        return max((self.highest[pid] - self.start[pid] for pid in self.highest), default=0)
