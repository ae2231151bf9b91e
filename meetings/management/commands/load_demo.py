from django.core.management import call_command
from django.core.management.base import BaseCommand

from meetings.models import Leader, Meeting, Summit


class Command(BaseCommand):
    help = (
        "Load fixtures/demo.json into an archive that has no meetings, leaders or summits yet, so editors' work is "
        "never overwritten (the demo's rows are matched by slug and would replace rows of the same slug)."
    )

    def handle(self, *args, **options):
        for model in (Meeting, Leader, Summit):
            if model.objects.exists():
                self.stdout.write(
                    f"The archive already holds {model._meta.verbose_name_plural}: demo data left as it is."
                )
                return
        call_command("loaddata", "demo", verbosity=options["verbosity"])
        # Fixtures load rows as they are: fill what the search reads.
        for meeting in Meeting.objects.all():
            meeting.refresh_search_text()
