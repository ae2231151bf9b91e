import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from tqdm import tqdm

from meetings import exports
from meetings.filters import MeetingFilter
from meetings.models import Meeting

MULTI = ["country", "leader", "topic"]
SINGLE = ["summit", "series", "kind", "date_from", "date_to", "year", "q", "sort"]


class Command(BaseCommand):
    help = (
        "Write published meetings to standard output in an export layout, with the list's filters: "
        "export_meetings --layout dyads --format csv --country jp --country in > out.csv"
    )

    def add_arguments(self, parser):
        parser.add_argument("--layout", choices=list(exports.LAYOUTS), default="meetings")
        parser.add_argument("--format", choices=["csv", "json", "jsonl"], default="csv", dest="fmt")
        parser.add_argument("--bom", action="store_true", help="Start the CSV with a byte-order mark.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")
        for name in MULTI:
            parser.add_argument(f"--{name}", action="append", default=[], help=f"Filter: {name} (repeatable).")
        for name in SINGLE:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"Filter: {name}.")

    def handle(self, *args, layout, fmt, bom, no_progress, **options):
        params = QueryDict(mutable=True)
        for name in MULTI:
            params.setlist(name, options[name])
        for name in SINGLE:
            if options.get(name):
                params[name] = options[name]
        filterset = MeetingFilter(params, queryset=Meeting.objects.published())
        if not filterset.form.is_valid():
            raise CommandError(
                "; ".join(f"{field}: {' '.join(errors)}" for field, errors in filterset.form.errors.items())
            )
        if fmt != "csv" and layout != "meetings":
            raise CommandError("JSON holds the meetings layout (participants, topics and sources are nested).")
        meetings = filterset.qs
        total = exports.row_count(meetings, layout)
        bar = tqdm(total=total, file=sys.stderr, disable=no_progress or total < 1000, unit="row")

        def progress(rows):
            for row in rows:
                bar.update()
                yield row

        if fmt == "csv":
            chunks = exports.csv_lines(meetings, layout, bom=bom, progress=progress)
        elif fmt == "jsonl":
            chunks = exports.json_lines(meetings, progress=progress)
        else:
            chunks = exports.json_array(meetings, progress=progress)
        for chunk in chunks:
            self.stdout.write(chunk, ending="")
        bar.close()
