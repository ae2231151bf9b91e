from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from meetings.data.names_in_scripts import apply_names


class Command(BaseCommand):
    help = (
        "Give leaders and countries their other names in other scripts and spellings (毛泽东, Горбачёв, Mao Tse-tung) "
        "from meetings/data/names_in_scripts.csv, and refresh the searched text of their meetings. Adds only the "
        "names missing, never removes one: safe to run again (make run does, after the history import)."
    )

    def handle(self, *args, verbosity, **options):
        try:
            with transaction.atomic():
                applied = apply_names()
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Other names: {len(applied.leaders)} leader(s) and {len(applied.countries)} country(ies) given new "
            f"ones; {applied.meetings} meeting(s) found by them anew; {len(applied.missing)} leader(s) of the file "
            "not in the archive."
        )
        if verbosity > 1:
            for name in applied.leaders:
                self.stdout.write(f"  leader: {name}")
            for code in applied.countries:
                self.stdout.write(f"  country: {code}")
            for entry in applied.missing:
                self.stdout.write(f"  not in the archive: {entry.name} ({entry.country}) {entry.identifier}".rstrip())
