"""Reading the `meetings` CSV layout back into the archive (the inverse of exports.csv_lines).

Every row is checked first; if any row is bad nothing is written and every problem is reported with its line.
Rows are matched by id, so importing the same file again updates and never duplicates; what the file does not
carry (a source's title, a participant's country name at the time, statements) is kept.
"""

import csv
import datetime
import re
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
from ..history import record_bulk
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
ID = re.compile(r"[0-9]{1,19}")
MAX_NEW_ID = 2**31 - 1
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# A decoding error is kept in the text (errors="surrogateescape") and reported on its own line.
UNDECODABLE = re.compile("[\udc80-\udcff]")


def _max_length(model, name):
    return model._meta.get_field(name).max_length


# The longest text each column (or each item of a list column) may hold: the database refuses longer ones.
LIMITS = {
    "title": _max_length(Meeting, "title"),
    "city": _max_length(Meeting, "city"),
    "summit": _max_length(Summit, "name"),
    "participant_names": _max_length(Leader, "name"),
    "participant_offices": _max_length(Participation, "office"),
    "topics": _max_length(CooperationArea, "name"),
    "source_publishers": _max_length(Source, "publisher"),
    "source_urls": _max_length(Source, "url"),
}


@dataclass
class Row:
    line: int
    values: dict
    errors: list = field(default_factory=list)

    def items(self, name):
        text = self.values[name]
        return text.split(MULTI_SEPARATOR) if text else []

    @property
    def meeting_id(self):
        """The id as a number (None when empty or not a valid id)."""
        text = self.values["id"]
        return int(text) if ID.fullmatch(text) and 0 < int(text) < 2**63 else None


class BadFile(ValueError):
    """The file cannot be read as the meetings layout at all."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)  # (line, message)


def read_rows(handle):
    """Rows of the file with every cell restored; raises BadFile when it is not CSV in the meetings layout."""
    reader = csv.DictReader(handle)
    rows = []
    try:
        header = reader.fieldnames or []
        missing = [name for name in COLUMNS if name not in header]
        if missing:
            raise BadFile(1, f"the header lacks the column(s) {', '.join(missing)} of the meetings layout")
        for values in reader:
            rows.append(Row(reader.line_num, {name: restore(values.get(name) or "") for name in COLUMNS}))
    except csv.Error as error:
        raise BadFile(reader.line_num + 1, f"not readable as CSV: {error}") from error
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
        for name, text in v.items():
            if UNDECODABLE.search(text):
                error(f"{name} is not UTF-8 text")
            if "\x00" in text:
                error(f"{name} holds a NUL character")
        if v["id"] and row.meeting_id is None:
            error(f"id “{v['id'][:40]}” is not a positive whole number")
        elif row.meeting_id is not None and row.meeting_id > MAX_NEW_ID:
            # An id near the database's limit would leave no room for the meetings added after it.
            error(f"id {row.meeting_id} is larger than {MAX_NEW_ID:,}: leave the id empty for a new meeting")
        slug = self.slug_of(row)
        if v["permalink"] and not (SLUG.fullmatch(slug) and len(slug) <= _max_length(Meeting, "slug")):
            error(f"the permalink “{v['permalink'][:80]}” does not end in a meeting's slug (letters, digits, - and _)")
        date = self._date(v["date"])
        if date is None:
            error(f"date “{v['date'][:40]}” is not a date (YYYY-MM-DD)")
        end = self._date(v["end_date"]) if v["end_date"] else None
        if v["end_date"] and end is None:
            error(f"end_date “{v['end_date'][:40]}” is not a date (YYYY-MM-DD)")
        if date and end and end < date:
            error("end_date is before date")
        if not v["title"].strip():
            error("title is empty")
        if v["kind"] not in self.kinds:
            error(f"kind “{v['kind'][:40]}” is not one of {', '.join(sorted(self.kinds))}")
        if v["summit"] and v["summit_series"] not in self.series:
            error(f"summit_series “{v['summit_series'][:40]}” is not a known series")
        if v["summit_series"] and not v["summit"]:
            error("summit_series is given without a summit")
        if v["country_code"] and v["country_code"].upper() not in self.countries:
            error(f"country_code “{v['country_code'][:40]}” is not a known code")
        for name, limit in LIMITS.items():
            if name == "topics":  # each level of "Parent › Topic" is a name of its own
                texts = [part for topic in row.items(name) for part in topic.split(" › ")]
            elif name in {"participant_names", "participant_offices"}:
                texts = row.items(name)
            else:
                texts = [v[name]]
            for text in texts:
                if len(text) > limit:
                    error(f"{name}: “{text[:40]}…” is longer than {limit} characters")
        self._check_participants(row)
        self._check_topics(row)
        self._check_sources(row)
        if v["last_updated"] and self._datetime(v["last_updated"]) is None:
            error(f"last_updated “{v['last_updated'][:40]}” is not a date and time")
        return not row.errors

    def _check_participants(self, row):
        error = row.errors.append
        names, codes, offices = (
            row.items("participant_names"),
            row.items("participant_country_codes"),
            row.items("participant_offices"),
        )
        if len({len(names), len(codes)}) != 1 or (offices and len(offices) != len(names)):
            error("participant_names, participant_country_codes and participant_offices differ in length")
        if len(names) < 2:
            error("a published meeting needs at least two participants")
        if any(not name.strip() for name in names):
            error("a participant's name is empty")
        for name in {name for name in names if names.count(name) > 1}:
            error(f"participant “{name[:60]}” is listed twice")
        for code in codes:
            if code.upper() not in self.countries:
                error(f"participant country code “{code[:40]}” is not a known code")

    def _check_topics(self, row):
        topics = row.items("topics")
        for topic in topics:
            if len(topic.split(" › ")) > 2 or not all(part.strip() for part in topic.split(" › ")):
                row.errors.append(f"topic “{topic[:60]}” is not written “Topic” or “Parent › Topic”")
        for topic in {topic for topic in topics if topics.count(topic) > 1}:
            row.errors.append(f"topic “{topic[:60]}” is listed twice")

    def _check_sources(self, row):
        publishers, urls = row.items("source_publishers"), row.values["source_urls"].split(MULTI_SEPARATOR)
        if not publishers:
            row.errors.append("a published meeting needs at least one source")
        elif len(urls) != len(publishers):
            row.errors.append("source_publishers and source_urls differ in length")
        if any(not publisher.strip() for publisher in publishers):
            row.errors.append("a source's publisher is empty")
        for url in urls:
            if url:
                try:
                    self.url_validator(url)
                except ValidationError:
                    row.errors.append(f"source URL “{url[:80]}” is not a valid http(s) address")

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
        except BadFile as error:
            result.errors.append((error.line, str(error)))
            return result
        result.rows = len(rows)
        for row in rows:
            self.check(row)
        self._check_across_rows(rows)
        for row in rows:
            result.errors.extend((row.line, message) for message in row.errors)
        result.errors.sort()
        if result.errors:
            return result
        existing = set(
            Meeting.objects.filter(pk__in=[r.meeting_id for r in rows if r.meeting_id]).values_list("pk", flat=True)
        )
        if dry_run:
            result.updated = sum(1 for r in rows if r.meeting_id in existing)
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

    def _check_across_rows(self, rows):
        """Ids and slugs used twice in the file, slugs of other meetings, and drafts the file would publish."""
        first_line = {}
        for row in rows:
            if row.meeting_id is not None:
                if row.meeting_id in first_line:
                    row.errors.append(f"id {row.meeting_id} is also on line {first_line[row.meeting_id]}")
                first_line.setdefault(row.meeting_id, row.line)
        by_slug = {}
        for row in rows:
            slug = self.slug_of(row)
            if slug:
                if slug in by_slug:
                    row.errors.append(f"the permalink's slug “{slug[:60]}” is also on line {by_slug[slug].line}")
                by_slug.setdefault(slug, row)
        for slug, pk in Meeting.objects.filter(slug__in=list(by_slug)).values_list("slug", "pk"):
            row = by_slug[slug]
            if pk != row.meeting_id:
                owner = row.meeting_id or "a new one"
                row.errors.append(f"the permalink's slug “{slug}” belongs to meeting {pk}, not {owner}")
        by_id = {row.meeting_id: row for row in rows if row.meeting_id}
        for pk in Meeting.objects.drafts().filter(pk__in=list(by_id)).values_list("pk", flat=True):
            by_id[pk].errors.append(
                f"meeting {pk} is a draft in the archive: the import only holds published meetings and does not "
                "overwrite drafts (publish or delete it in the admin first)"
            )

    def write(self, row):
        v = row.values
        meeting = Meeting.objects.filter(pk=row.meeting_id).first() if row.meeting_id else None
        created = meeting is None
        if created:
            meeting = Meeting(pk=row.meeting_id)
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
        # The history names the upload (django-simple-history reads _change_reason).
        meeting._change_reason = self.history_reason()
        meeting.save()
        self.write_participants(meeting, row)
        self.write_topics(meeting, row)
        self.write_sources(meeting, row)
        meeting.refresh_search_text()
        if v["last_updated"]:
            Meeting.objects.filter(pk=meeting.pk).update(updated_at=self._datetime(v["last_updated"]))
        return created

    def write_participants(self, meeting, row):
        """The file's participants, keeping the participations (and leaders) the meeting already has."""
        names, codes = row.items("participant_names"), row.items("participant_country_codes")
        offices = row.items("participant_offices") or [""] * len(names)
        kept = {(p.leader.name, p.country.code): p for p in meeting.participations.select_related("leader", "country")}
        wanted = []
        for order, (name, code, office) in enumerate(zip(names, codes, offices, strict=True)):
            country = self.countries[code.upper()]
            participation = kept.pop((name, country.code), None)
            if participation is None:
                participation = Participation(meeting=meeting, leader=self.leader(name, country, office))
            participation.country, participation.office, participation.order = country, office, order
            wanted.append(participation)
        Participation.objects.filter(pk__in=[p.pk for p in kept.values()]).delete()
        # Written as the file gives them, without save()'s copying from the leader: an empty office stays empty.
        changed = [p for p in wanted if p.pk]
        Participation.objects.bulk_update(changed, ["country", "office", "order"])
        created = Participation.objects.bulk_create([p for p in wanted if not p.pk])
        # In the history as the meeting's own change is (bulk writes send no signals).
        reason = self.history_reason()
        record_bulk(Participation, changed, "~", reason)
        record_bulk(Participation, created, "+", reason)

    def write_topics(self, meeting, row):
        wanted = [self.area(label) for label in row.items("topics")]
        have = MeetingArea.objects.filter(meeting=meeting).values_list("area_id", flat=True)
        if sorted(have) == sorted(area.pk for area in wanted):
            return
        MeetingArea.objects.filter(meeting=meeting).delete()
        created = MeetingArea.objects.bulk_create([MeetingArea(meeting=meeting, area=area) for area in wanted])
        record_bulk(MeetingArea, created, "+", self.history_reason())

    def history_reason(self):
        return getattr(self, "change_reason", "") or "CSV import"

    def write_sources(self, meeting, row):
        """The file's sources, keeping those already stored with the same publisher and URL (and their titles)."""
        stored = list(meeting.sources.all())
        urls = row.values["source_urls"].split(MULTI_SEPARATOR)
        for publisher, url in zip(row.items("source_publishers"), urls, strict=True):
            same = next((s for s in stored if (s.publisher, s.url) == (publisher, url)), None)
            if same is not None:
                stored.remove(same)
            else:
                source = Source(meeting=meeting, publisher=publisher, url=url)
                source._change_reason = self.history_reason()
                source.save()
        Source.objects.filter(pk__in=[s.pk for s in stored]).delete()

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
        try:
            path = urlparse(row.values["permalink"]).path
        except ValueError:  # such as an unclosed "[" in the host
            return row.values["permalink"]
        return path.rstrip("/").rsplit("/", 1)[-1]

    def summit(self, name, series, date):
        found = Summit.objects.filter(name=name, series=series).first()
        if found is None:
            found = Summit.objects.create(
                name=name, slug=unique_slug(Summit, name), series=series, start_date=date, end_date=date
            )
        return found

    @staticmethod
    def leader(name, country, office):
        """The leader of that name and country; else the only leader of that name (who may have represented a
        former state or an organisation); else a new one."""
        found = Leader.objects.filter(name=name, country=country).first()
        if found is None:
            namesakes = list(Leader.objects.filter(name=name)[:2])
            found = namesakes[0] if len(namesakes) == 1 else None
        if found is None:
            found = Leader.objects.create(
                name=name, slug=unique_slug(Leader, slugify(name) or name), country=country, office=office
            )
        return found
