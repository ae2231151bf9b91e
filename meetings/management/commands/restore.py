from django.core.management.base import BaseCommand, CommandError

from meetings import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by manage.py backup into the configured database, replacing what it holds "
        "(refused when it holds meetings, unless --force), then check it and print what the archive holds. "
        "See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", metavar="FILE", help="The backup: a .sqlite3 file on SQLite, a .pgdump file on PostgreSQL."
        )
        parser.add_argument(
            "--force", action="store_true", help="Restore even into a database that holds meetings (they are lost)."
        )

    def handle(self, *args, file, force=False, **options):
        try:
            restored = backups.restore(file, force=force)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {file} into {restored.target} ({backups.NAMES[restored.kind]}).")
        for check in restored.checks:
            self.stdout.write(f"  {check}")
        for what, count in restored.counts.items():
            self.stdout.write(f"  {what.capitalize()}: {count:,}")
        for note in restored.notes:
            self.stdout.write(self.style.WARNING(note))
