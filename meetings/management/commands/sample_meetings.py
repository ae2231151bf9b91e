import random

from django.core.management.base import BaseCommand

from meetings.models import Meeting


class Command(BaseCommand):
    help = (
        "Draw published meetings at random (seeded, so the same archive gives the same draw) and print each with "
        "its record, as Markdown, to be checked by reading (docs/data-quality.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("-n", "--count", type=int, default=100, help="How many meetings (default 100).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the draw (default 1).")
        parser.add_argument(
            "--imported", action="store_true", help="Only meetings imported from the Office of the Historian."
        )

    def handle(self, count, seed, imported, **options):
        meetings = Meeting.objects.published()
        if imported:
            meetings = meetings.filter(imported_records__isnull=False).distinct()
        ids = sorted(meetings.values_list("pk", flat=True))
        drawn = random.Random(seed).sample(ids, min(count, len(ids)))
        found = (
            Meeting.objects.select_related("summit", "country")
            .with_participants()
            .prefetch_related("sources", "imported_records")
        )
        by_id = found.in_bulk(drawn)
        self.stdout.write(f"# {len(drawn)} published meetings drawn with seed {seed} (of {len(ids)})\n")
        for number, pk in enumerate(drawn, 1):
            meeting = by_id[pk]
            where = meeting.place or "place not given"
            summit = f" · summit: {meeting.summit.name}" if meeting.summit_id else ""
            self.stdout.write(f"## {number}. {meeting.title} ({meeting.slug})")
            self.stdout.write(f"- {meeting.date} · {meeting.get_kind_display()} · {where}{summit}")
            for participation in meeting.participations.all():
                country = participation.country_label
                office = participation.office or "no office"
                self.stdout.write(f"- {participation.leader.name} — {office}, {country}")
            for record in meeting.imported_records.all():
                self.stdout.write(f"- record: {record}")
            for source in meeting.sources.all():
                self.stdout.write(f"- source: {source.title} <{source.url}>")
            if meeting.report:
                self.stdout.write(f"\n> {meeting.report}\n")
            self.stdout.write("")
