"""Measure the article assistant on a corpus of test reports (default tests/data/reports)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from meetings.assistant_corpus import measure


class Command(BaseCommand):
    help = "Run the article assistant on test reports with known answers and print how often it is right."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=str(settings.BASE_DIR / "tests" / "data" / "reports"))
        parser.add_argument("--misses", action="store_true", help="Also list every miss.")

    def handle(self, *args, **options):
        score = measure(options["folder"])
        self.stdout.write(f"{score.reports} reports")
        for label, value in score.figures.items():
            self.stdout.write(f"{label}: {100 * value:.0f} %")
        if options["misses"]:
            for miss in score.misses:
                self.stdout.write(f"  {miss}")
