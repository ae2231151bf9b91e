"""Time the article assistant on this database (a benchmark's, not the archive's: it may add leaders and roll back).

    python manage.py time_assistant --leaders 10000

Prints the time to build the index of names and the median time to read a report of the test corpus."""

import datetime
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from meetings.assistant import Knowledge, suggest
from meetings.assistant_corpus import read_corpus
from meetings.models import Country, Leader, Meeting


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the article assistant (index build, reading each test report); changes are rolled back."

    def add_arguments(self, parser):
        parser.add_argument("--leaders", type=int, default=0, help="Add synthetic leaders up to this many.")
        parser.add_argument("--folder", default=str(settings.BASE_DIR / "tests" / "data" / "reports"))
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self.run(options)
                raise Rollback
        except Rollback:
            pass

    def run(self, options):
        missing = options["leaders"] - Leader.objects.count()
        if missing > 0:
            countries = list(Country.objects.filter(is_former=False)[:150])
            Leader.objects.bulk_create(
                [
                    Leader(name=f"Timing Person {n}", slug=f"timing-person-{n}", country=countries[n % len(countries)])
                    for n in range(missing)
                ],
                batch_size=1000,
            )
        Knowledge._cached = None
        start = time.perf_counter()
        Knowledge.current()
        build = time.perf_counter() - start
        corpus = list(read_corpus(options["folder"]))
        times = []
        for _ in range(options["repeat"]):
            for _, text, answer in corpus:
                start = time.perf_counter()
                suggest(text, datetime.date.fromisoformat(answer["published"]))
                times.append(time.perf_counter() - start)
        self.stdout.write(
            f"| {Meeting.objects.count():,} meetings, {Leader.objects.count():,} leaders | index built in "
            f"{build * 1000:.0f} ms | a report read in {statistics.median(times) * 1000:.0f} ms (median of "
            f"{len(times)}), {max(times) * 1000:.0f} ms at most |"
        )
