"""The load test's table by kind of page (bench/load.py, bench/pages.py): every path of the mix has its kind, and
the slowest 5 % are counted by kind and by when they were sent."""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from load import LoadResult  # noqa: E402
from pages import kind_of, load_mix  # noqa: E402


def test_every_path_of_the_mix_has_its_kind():
    rng = random.Random(3)
    kinds = {kind_of(load_mix(rng, 100_000)) for _ in range(2000)}
    assert kinds == {
        "list",
        "list, deeper page",
        "list, one country",
        "list, two countries",
        "list, kind and year",
        "list, country and date",
        "list search, a word",
        "list search, a title's number",
        "meeting",
        "country",
        "country pair",
        "leader",
    }
    assert kind_of("/countries/gb/us/") == "country pair" and kind_of("/countries/us/") == "country"


def test_the_slowest_are_counted_by_kind_and_by_when_they_were_sent():
    result = LoadResult(clients=2, seconds=30)
    samples = [(1.0, 2.0, "/meetings/synthetic-meeting-1/"), (2.0, 1.5, "/leaders/synthetic-leader-3/")]
    samples += [(12.0 + n / 10, 0.1, "/meetings/") for n in range(38)]
    for sent, elapsed, path in samples:
        result.samples.append((sent, elapsed, path))
        result.times.append(elapsed)
        result.statuses[200] += 1
    table, early, slowest = result.by_kind()
    assert (slowest, early) == (2, 2)  # both slow ones at or above p95, both sent in the first 10 s
    assert table["list"][0] == 38 and table["list"][3] == 0
    assert table["meeting"][0] == 1 and table["meeting"][3] == 1 and table["leader"][3] == 1
