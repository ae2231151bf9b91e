from django.core.management.base import BaseCommand, CommandError

from meetings import backups


class Command(BaseCommand):
    help = (
        "Back up the whole archive (meetings, drafts, statements, sources, history, users and their roles) to FILE: "
        "SQLite with its online backup API, PostgreSQL with pg_dump --format=custom. Without FILE it writes "
        "backups/meetings-<UTC date and time>.sqlite3 (or .pgdump). See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", metavar="FILE", help="Where to write the backup (default: backups/meetings-….)."
        )
        parser.add_argument("--force", action="store_true", help="Replace FILE if it exists.")

    def handle(self, *args, file=None, force=False, **options):
        try:
            path, size = backups.backup(file, force=force)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        kind = backups.NAMES[backups.database_kind()]
        self.stdout.write(f"Wrote {path} ({backups.human_size(size)}, {kind} backup).")
