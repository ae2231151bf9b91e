from django.core.management import call_command
from django.core.management.base import BaseCommand

from meetings.models import Leader, Meeting


class Command(BaseCommand):
    help = (
        "Load fixtures/demo.json into an archive that has no meetings or leaders yet, so editors' work is "
        "never overwritten (the demo's rows are matched by slug and would replace rows of the same slug)."
    )

    def handle(self, *args, **options):
        # Summits are not checked: the reference editions (fixtures/summit_editions.csv) are loaded by a migration,
        # and the demo's summits bear those editions' slugs, so loading the demo completes them.
        for model in (Meeting, Leader):
            if model.objects.exists():
                self.stdout.write(
                    f"The archive already holds {model._meta.verbose_name_plural}: demo data left as it is."
                )
                return
        # loaddata's raw saves send signals: the searched text and the archive's version follow (meetings/signals.py).
        call_command("loaddata", "demo", verbosity=options["verbosity"])
