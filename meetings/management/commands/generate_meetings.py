import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from meetings.maintenance import after_bulk_write
from meetings.models import CooperationArea, Country, Leader, Meeting, MeetingArea, Participation, Source, Summit

SYNTHETIC = "Synthetic benchmark data"
# Words of the synthetic summaries and topics, so that searches and topic filters find realistic shares.
WORDS = [
    "trade", "energy", "security", "climate", "health", "investment", "defence", "education", "migration",
    "technology", "agriculture", "finance", "space", "maritime", "culture", "tourism", "transport", "water",
    "cyber", "fisheries",
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Fill an EMPTY database with N synthetic published meetings for benchmarks (never real facts: every "
        "title says 'Synthetic', every source is 'Synthetic benchmark data'). Refuses a database that holds meetings."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, count, seed, **options):
        if Meeting.objects.exists():
            raise CommandError("This database already holds meetings: benchmarks use a database of their own.")
        rng = random.Random(seed)
        countries = list(Country.objects.filter(is_former=False, is_organisation=False))
        now = timezone.now()
        with transaction.atomic():
            areas = [
                CooperationArea.objects.create(name=f"Synthetic topic {n}: {WORDS[n]}", slug=f"synthetic-topic-{n}")
                for n in range(20)
            ]
            leaders = Leader.objects.bulk_create(
                [
                    Leader(
                        name=f"Synthetic Leader {n}",
                        slug=f"synthetic-leader-{n}",
                        country=rng.choice(countries),
                        office="Prime Minister",
                    )
                    for n in range(2000)
                ]
            )
            summits = Summit.objects.bulk_create(
                [
                    Summit(
                        name=f"Synthetic summit {n}",
                        slug=f"synthetic-summit-{n}",
                        series=rng.choice(["g20", "g7", "nato", "apec"]),
                        start_date=datetime.date(1950 + n // 4, 6, 1),
                        end_date=datetime.date(1950 + n // 4, 6, 2),
                    )
                    for n in range(300)
                ]
            )
            batch = 5000
            for start in range(0, count, batch):
                size = min(batch, count - start)
                meetings = Meeting.objects.bulk_create(
                    [
                        Meeting(
                            title=f"Synthetic meeting {start + n}",
                            slug=f"synthetic-meeting-{start + n}",
                            date=datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(27000)),
                            kind=rng.choice(Meeting.Kind.values),
                            summit=rng.choice(summits) if rng.random() < 0.2 else None,
                            country=rng.choice(countries),
                            city="Synthetic City",
                            summary="Synthetic summary: talks on " + " and ".join(rng.sample(WORDS, 2)) + ".",
                            status=Meeting.Status.PUBLISHED,
                            published_at=now,
                        )
                        for n in range(size)
                    ]
                )
                participations, links, sources = [], [], []
                for meeting in meetings:
                    for order, leader in enumerate(rng.sample(leaders, rng.choice([2, 2, 2, 3, 4]))):
                        participations.append(
                            Participation(
                                meeting=meeting,
                                leader=leader,
                                country_id=leader.country_id,
                                office=leader.office,
                                order=order,
                            )
                        )
                    for area in rng.sample(areas, rng.choice([0, 1, 2])):
                        links.append(MeetingArea(meeting=meeting, area=area))
                    sources.append(Source(meeting=meeting, publisher=SYNTHETIC))
                Participation.objects.bulk_create(participations)
                MeetingArea.objects.bulk_create(links)
                Source.objects.bulk_create(sources)
                self.stderr.write(f"{start + size} meetings")
            # Bulk writes send no signals: the searched text, the archive's version and planner statistics.
            after_bulk_write(Meeting.objects.values_list("pk", flat=True))
        self.stdout.write(f"Generated {count} synthetic meetings.")
