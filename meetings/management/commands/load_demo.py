from django.core.management import call_command
from django.core.management.base import BaseCommand

from meetings.models import Meeting


class Command(BaseCommand):
    help = "Load fixtures/demo.json into an archive that has no meetings yet, so editors' work is never overwritten."

    def handle(self, *args, **options):
        if Meeting.objects.exists():
            self.stdout.write("The archive already holds meetings: demo data left as it is.")
            return
        call_command("loaddata", "demo", verbosity=options["verbosity"])
        # Fixtures load rows as they are: fill what the search reads.
        for meeting in Meeting.objects.all():
            meeting.refresh_search_text()
