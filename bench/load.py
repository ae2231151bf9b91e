"""Load test: concurrent clients on our own loopback server, for a bounded time and a bounded number of requests.

    python bench/load.py http://127.0.0.1:8000 [--clients 20] [--seconds 30] [--meetings 100000]

Each client is a thread that sends one request after another (a new connection each, as urllib does), picking
from the mix of bench/pages.py (lists, filtered lists, searches, meeting, country and leader pages; no exports)
with its own seeded random generator, until the time is up or it has sent MAX_PER_CLIENT requests.
"""

import argparse
import collections
import random
import threading
import time
from dataclasses import dataclass, field

from pages import kind_of, load_mix
from timing import get, percentiles

MAX_PER_CLIENT = 20_000
REQUEST_TIMEOUT = 60


@dataclass
class LoadResult:
    clients: int
    seconds: float
    times: list = field(default_factory=list)
    statuses: collections.Counter = field(default_factory=collections.Counter)
    failures: list = field(default_factory=list)
    # (seconds from the start when sent, seconds taken, path) of every request.
    samples: list = field(default_factory=list)

    @property
    def requests(self):
        return sum(self.statuses.values())

    @property
    def errors(self):
        return {status: n for status, n in self.statuses.items() if status != 200}

    @property
    def p50(self):
        return percentiles(self.times)[0] if self.times else 0.0

    @property
    def p95(self):
        return percentiles(self.times)[1] if self.times else 0.0

    def by_kind(self, early=10.0):
        """{kind of page: (requests, p50, p95, of the slowest 5 %)}, and how many of the slowest 5 % were sent in the
        first ``early`` seconds, while every cache was still being filled."""
        slow = self.p95
        times, slowest = collections.defaultdict(list), collections.Counter()
        early_slow = 0
        for sent, elapsed, path in self.samples:
            kind = kind_of(path)
            times[kind].append(elapsed)
            if elapsed >= slow:
                slowest[kind] += 1
                early_slow += sent < early
        table = {kind: (len(found), *percentiles(found), slowest[kind]) for kind, found in sorted(times.items())}
        return table, early_slow, sum(slowest.values())


def run_load(base, *, clients=20, seconds=30.0, meetings=100_000, seed=1):
    result = LoadResult(clients, seconds)
    lock = threading.Lock()
    began = time.monotonic()
    deadline = began + seconds

    def client(number):
        rng = random.Random(seed * 1000 + number)
        mine = []
        for _ in range(MAX_PER_CLIENT):
            if time.monotonic() >= deadline:
                break
            path = load_mix(rng, meetings)
            sent = time.monotonic() - began
            try:
                elapsed, status, _ = get(base + path, timeout=REQUEST_TIMEOUT)
            except OSError as error:
                elapsed, status = REQUEST_TIMEOUT, type(error).__name__
            mine.append((sent, elapsed, status, path))
        with lock:
            for sent, elapsed, status, path in mine:
                result.samples.append((sent, elapsed, path))
                result.times.append(elapsed)
                result.statuses[status] += 1
                if status != 200:
                    result.failures.append((elapsed, status, path))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 5)
    result.seconds = time.monotonic() - started
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="http://127.0.0.1:PORT")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--meetings", type=int, default=100_000)
    args = parser.parse_args()
    result = run_load(args.base.rstrip("/"), clients=args.clients, seconds=args.seconds, meetings=args.meetings)
    print(
        f"{result.requests} requests in {result.seconds:.1f} s ({result.requests / result.seconds:.1f}/s), "
        f"p50 {result.p50 * 1000:.0f} ms, p95 {result.p95 * 1000:.0f} ms, errors {result.errors or 'none'}"
    )


if __name__ == "__main__":
    main()
