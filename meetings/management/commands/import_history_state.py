import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from meetings.importers.history_state import DataError, HistoryStateImport


class Command(BaseCommand):
    help = (
        "Import the U.S. Office of the Historian's visits and travels datasets (CC0) from PATH, a folder holding "
        "visits/ and/or travels/ as published by HistoryAtState on GitHub. Safe to run again: it updates."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Folder with visits/ and travels/ (e.g. ../shared/data/history-state).")
        parser.add_argument("--dry-run", action="store_true", help="Read and report, write nothing.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bars on stderr.")

    def handle(self, path, dry_run=False, no_progress=False, **options):
        def progress(iterable, **kwargs):
            return tqdm(iterable, file=sys.stderr, disable=no_progress, leave=False, **kwargs)

        try:
            report = HistoryStateImport(path, progress=progress).run(dry_run=dry_run)
        except (FileNotFoundError, DataError) as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
