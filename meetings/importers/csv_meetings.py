"""Reading the `meetings` CSV layout back into the archive (the inverse of exports.csv_lines).

Every row is checked first; if any row is bad nothing is written and every problem is reported with its line.
Rows are matched by id, so importing the same file again updates and never duplicates.
"""

import csv
import datetime
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

from ..exports import LAYOUTS, MULTI_SEPARATOR, restore
from ..models import (
    CooperationArea,
    Country,
    Leader,
    Meeting,
    MeetingArea,
    Participation,
    Source,
    Summit,
    unique_slug,
)

COLUMNS = [column.name for column in LAYOUTS["meetings"]]


@dataclass
class Row:
    line: int
    values: dict
    errors: list = field(default_factory=list)

    def items(self, name):
        text = self.values[name]
        return text.split(MULTI_SEPARATOR) if text else []


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)  # (line, message)


def read_rows(handle):
    """Rows of the file with every cell restored; raises ValueError when the header is not the layout's."""
    reader = csv.DictReader(handle)
    header = reader.fieldnames or []
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ValueError(f"line 1: the header lacks the column(s) {', '.join(missing)} of the meetings layout")
    rows = []
    for values in reader:
        rows.append(Row(reader.line_num, {name: restore(values.get(name) or "") for name in COLUMNS}))
    return rows


class MeetingsCsvImport:
    def __init__(self):
        self.countries = {c.code: c for c in Country.objects.all()}
        self.areas = {str(a): a for a in CooperationArea.objects.select_related("parent")}
        self.kinds = set(Meeting.Kind.values)
        self.series = set(Summit.Series.values)
        self.url_validator = URLValidator(schemes=["http", "https"])

    def check(self, row):
        v = row.values
        error = row.errors.append
        if v["id"] and not (v["id"].isdigit() and 0 < int(v["id"]) < 2**63):
            error(f"id “{v['id']}” is not a positive whole number")
        date = self._date(v["date"])
        if date is None:
            error(f"date “{v['date']}” is not a date (YYYY-MM-DD)")
        end = self._date(v["end_date"]) if v["end_date"] else None
        if v["end_date"] and end is None:
            error(f"end_date “{v['end_date']}” is not a date (YYYY-MM-DD)")
        if date and end and end < date:
            error("end_date is before date")
        if not v["title"].strip():
            error("title is empty")
        if v["kind"] not in self.kinds:
            error(f"kind “{v['kind']}” is not one of {', '.join(sorted(self.kinds))}")
        if v["summit"] and v["summit_series"] not in self.series:
            error(f"summit_series “{v['summit_series']}” is not a known series")
        if v["country_code"] and v["country_code"].upper() not in self.countries:
            error(f"country_code “{v['country_code']}” is not a known code")
        names, codes, offices = (
            row.items("participant_names"),
            row.items("participant_country_codes"),
            row.items("participant_offices"),
        )
        if len({len(names), len(codes)}) != 1 or (offices and len(offices) != len(names)):
            error("participant_names, participant_country_codes and participant_offices differ in length")
        if len(names) < 2:
            error("a published meeting needs at least two participants")
        for code in codes:
            if code.upper() not in self.countries:
                error(f"participant country code “{code}” is not a known code")
        for topic in row.items("topics"):
            if len(topic.split(" › ")) > 2 or not all(part.strip() for part in topic.split(" › ")):
                error(f"topic “{topic}” is not written “Topic” or “Parent › Topic”")
        publishers, urls = row.items("source_publishers"), row.values["source_urls"].split(MULTI_SEPARATOR)
        if not publishers:
            error("a published meeting needs at least one source")
        elif len(urls) != len(publishers):
            error("source_publishers and source_urls differ in length")
        for url in urls:
            if url:
                try:
                    self.url_validator(url)
                except ValidationError:
                    error(f"source URL “{url[:80]}” is not a valid http(s) address")
        if v["last_updated"] and self._datetime(v["last_updated"]) is None:
            error(f"last_updated “{v['last_updated']}” is not a date and time")
        return not row.errors

    @staticmethod
    def _date(text):
        try:
            return parse_date(text) if text else None
        except ValueError:
            return None

    @staticmethod
    def _datetime(text):
        try:
            value = parse_datetime(text.replace("Z", "+00:00")) if text else None
        except ValueError:
            return None
        return value if value is None or timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)

    def run(self, handle, *, dry_run=False):
        result = ImportResult()
        try:
            rows = read_rows(handle)
        except (ValueError, csv.Error, UnicodeDecodeError) as error:
            result.errors.append((1, str(error)))
            return result
        result.rows = len(rows)
        seen_ids = {}
        for row in rows:
            self.check(row)
            if row.values["id"] in seen_ids and row.values["id"]:
                row.errors.append(f"id {row.values['id']} is also on line {seen_ids[row.values['id']]}")
            seen_ids.setdefault(row.values["id"], row.line)
            result.errors.extend((row.line, message) for message in row.errors)
        slugs = {self.slug_of(r): r for r in rows if self.slug_of(r)}
        for slug, pk in Meeting.objects.filter(slug__in=slugs).values_list("slug", "pk"):
            row = slugs[slug]
            if str(pk) != row.values["id"]:
                result.errors.append(
                    (
                        row.line,
                        f"the permalink's slug “{slug}” belongs to meeting {pk}, not {row.values['id'] or 'a new one'}",
                    )
                )
        result.errors.sort()
        if result.errors or dry_run:
            if dry_run and not result.errors:
                existing = set(
                    Meeting.objects.filter(pk__in=[r.values["id"] for r in rows if r.values["id"]]).values_list(
                        "pk", flat=True
                    )
                )
                result.updated = sum(1 for r in rows if r.values["id"] and int(r.values["id"]) in existing)
                result.created = result.rows - result.updated
            return result
        with transaction.atomic():
            for row in rows:
                created = self.write(row)
                result.created += created
                result.updated += not created
            # Rows may carry their ids: keep PostgreSQL's id sequence ahead of them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Meeting]):
                    cursor.execute(sql)
        return result

    def write(self, row):
        v = row.values
        meeting_id = int(v["id"]) if v["id"] else None
        meeting = Meeting.objects.filter(pk=meeting_id).first() if meeting_id else None
        created = meeting is None
        if created:
            meeting = Meeting(pk=meeting_id)
        meeting.slug = self.slug_of(row) or meeting.slug or unique_slug(Meeting, v["title"])
        meeting.title = v["title"]
        meeting.date = self._date(v["date"])
        meeting.end_date = self._date(v["end_date"]) if v["end_date"] else None
        meeting.kind = v["kind"]
        meeting.summit = self.summit(v["summit"], v["summit_series"], meeting.date) if v["summit"] else None
        meeting.city = v["city"]
        meeting.country = self.countries.get(v["country_code"].upper()) if v["country_code"] else None
        meeting.summary = v["summary"]
        meeting.status = Meeting.Status.PUBLISHED
        meeting.save()
        meeting.participations.all().delete()
        names, codes = row.items("participant_names"), row.items("participant_country_codes")
        offices = row.items("participant_offices") or [""] * len(names)
        for order, (name, code, office) in enumerate(zip(names, codes, offices, strict=True)):
            country = self.countries[code.upper()]
            Participation.objects.create(
                meeting=meeting, leader=self.leader(name, country, office), country=country, office=office, order=order
            )
        MeetingArea.objects.filter(meeting=meeting).delete()
        MeetingArea.objects.bulk_create([MeetingArea(meeting=meeting, area=self.area(t)) for t in row.items("topics")])
        meeting.sources.all().delete()
        urls = v["source_urls"].split(MULTI_SEPARATOR)
        for publisher, url in zip(row.items("source_publishers"), urls, strict=True):
            Source.objects.create(meeting=meeting, publisher=publisher, url=url)
        meeting.refresh_search_text()
        if v["last_updated"]:
            Meeting.objects.filter(pk=meeting.pk).update(updated_at=self._datetime(v["last_updated"]))
        return created

    def area(self, label):
        """The topic written "Parent › Topic" (or "Topic"), added to the vocabulary when it is new."""
        if label not in self.areas:
            *parents, name = label.split(" › ")
            parent = self.area(parents[0]) if parents else None
            self.areas[label] = CooperationArea.objects.create(
                name=name, slug=unique_slug(CooperationArea, name, max_length=100), parent=parent
            )
        return self.areas[label]

    @staticmethod
    def slug_of(row):
        link = row.values["permalink"]
        return urlparse(link).path.rstrip("/").rsplit("/", 1)[-1] if link else ""

    def summit(self, name, series, date):
        found = Summit.objects.filter(name=name, series=series).first()
        if found is None:
            found = Summit.objects.create(
                name=name, slug=unique_slug(Summit, name), series=series, start_date=date, end_date=date
            )
        return found

    def leader(self, name, country, office):
        found = Leader.objects.filter(name=name, country=country).first()
        if found is None:
            found = Leader.objects.create(
                name=name, slug=unique_slug(Leader, slugify(name) or name), country=country, office=office
            )
        return found
