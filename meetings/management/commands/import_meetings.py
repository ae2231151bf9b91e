from django.core.management.base import BaseCommand, CommandError

from meetings.importers.csv_meetings import MeetingsCsvImport


class Command(BaseCommand):
    help = (
        "Read a CSV in the meetings export layout back into the archive. Every row is checked first: if any "
        "is bad, nothing is written. Rows are matched by id, so importing again updates and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A CSV file in the meetings layout (as /meetings/export.csv gives).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")

    def handle(self, file, dry_run=False, **options):
        # Bytes that are not UTF-8 are kept as stand-ins, so the check can name the line they are on.
        try:
            with open(file, newline="", encoding="utf-8-sig", errors="surrogateescape") as handle:
                result = MeetingsCsvImport().run(handle, dry_run=dry_run)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        if result.errors:
            for line, message in result.errors:
                self.stderr.write(f"line {line}: {message}")
            raise CommandError(f"{len(result.errors)} problem(s) in {file}: nothing was imported.")
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{result.rows} row(s) read: {result.created} meeting(s) {verb} created, {result.updated} {verb} updated."
        )
