"""Read a news report and print the article assistant's suggestions (meetings/assistant.py)."""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.assistant import public_shape, suggest


class Command(BaseCommand):
    help = "Suggest a meeting from a news report (plain text): participants, countries, summit, date, place, kind…"

    def add_arguments(self, parser):
        parser.add_argument("file", help="The report, as plain text (UTF-8); - reads standard input.")
        parser.add_argument("--published", help="The report's publication date, YYYY-MM-DD (default: today).")
        parser.add_argument("--url", default="", help="Where the report can be read.")
        parser.add_argument("--publisher", default="", help="Who published it.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object (else a readable summary).")

    def handle(self, *args, **options):
        if options["file"] == "-":
            import sys

            text = sys.stdin.read()
        else:
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as error:
                raise CommandError(f"{path} is not UTF-8 text: {error}") from error
        published = None
        if options["published"]:
            try:
                published = datetime.date.fromisoformat(options["published"])
            except ValueError as error:
                raise CommandError(f"--published must be a date, YYYY-MM-DD: {options['published']!r}") from error
        result = public_shape(suggest(text, published, url=options["url"], publisher=options["publisher"]))
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for person in result["participants"]:
            doubt = " (uncertain)" if person.get("uncertain") else ""
            new = "" if person["known"] else " [not in the archive yet]"
            self.stdout.write(f"Participant: {person['name']}, {person['office']}, {person['country']}{doubt}{new}")
        summit = result["summit"]
        if summit:
            self.stdout.write(f"Summit: {summit['name']}{'' if summit['known'] else ' [not in the archive yet]'}")
        self.stdout.write(f"Date: {result['date']} (or {', '.join(result['date_alternatives']) or 'no other'})")
        self.stdout.write(f"Place: {result['city'] or '—'}, {result['country'] or '—'}; kind: {result['kind']}")
        self.stdout.write(f"Topics: {', '.join(result['areas']) or '—'}")
        self.stdout.write(f"Title: {result['title']}")
        self.stdout.write(f"Summary: {result['summary']}")
