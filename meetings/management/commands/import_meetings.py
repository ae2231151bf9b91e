from django.core.management.base import BaseCommand, CommandError

from meetings.importers.csv_meetings import MeetingsCsvImport


class Command(BaseCommand):
    help = (
        "Read a CSV in the meetings export layout back into the archive. The whole file is checked first, its "
        "structure (header, cells per row, UTF-8, a file cut short) and then every row: if anything is wrong, "
        "nothing is written. Rows are matched by id, so importing again updates and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A CSV file in the meetings layout (as /meetings/export.csv gives).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")

    def handle(self, file, dry_run=False, **options):
        # Read as bytes: a byte that is not UTF-8 is reported with its line and offset.
        try:
            with open(file, "rb") as handle:
                result = MeetingsCsvImport().run(handle, dry_run=dry_run)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        if result.errors:
            for line, message in result.errors:
                self.stderr.write(f"line {line}: {message}")
            if result.unlisted:
                self.stderr.write(f"… and {result.unlisted} more problem(s), not listed.")
            raise CommandError(f"{result.error_count} problem(s) in {file}: nothing was imported.")
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{result.rows} row(s) read: {result.created} meeting(s) {verb} created, {result.updated} {verb} updated."
        )
