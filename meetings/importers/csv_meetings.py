"""Reading the `meetings` CSV layout back into the archive (the inverse of exports.csv_lines).

The file is read three times, a batch of rows at a time, so that memory stays flat whatever its size:

1. its structure (check_structure): the header, each row's number of cells, bytes that are not UTF-8, NUL bytes,
   a quoted cell that is never closed and a last row without its line break (both the marks of a file cut short);
2. each row's values (MeetingsCsvImport.check), then across rows: ids and slugs used twice, slugs of other
   meetings, drafts the file would overwrite;
3. only when nothing at all is wrong: the writes, in bulk a batch at a time, all in one transaction.

Every problem is reported with its line: the physical line of the file where its row begins, the header being
line 1. Rows are matched by id, so importing the same file again updates and never duplicates; what the file does
not carry (a source's title, a participant's country name at the time, statements) is kept.
"""

import codecs
import csv
import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
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
from ..maintenance import after_bulk_write
from ..models import (
    CooperationArea,
    Country,
    Leader,
    Meeting,
    MeetingArea,
    OldSlug,
    Participation,
    Source,
    Summit,
)
from ..models.base import remember_old_slug
from ..search import compose, indexed_in_bulk
from . import bulk

COLUMNS = [column.name for column in LAYOUTS["meetings"]]
ID = re.compile(r"[0-9]{1,19}")
MAX_NEW_ID = 2**31 - 1
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# Rows read, checked and written together: a few queries per batch, never per row.
BATCH = 2000
# Problems listed at most; the others are counted.
MAX_LISTED = 100
# A NUL character, or a byte that is not UTF-8 (kept in the text as a stand-in by errors="surrogateescape").
MARKED = re.compile("[\x00\udc80-\udcff]")
# The meeting's own columns the import writes (besides its parts).
MEETING_FIELDS = ["slug", "title", "date", "end_date", "kind", "summit_id", "city", "country_id", "summary"]


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
    _split: dict = field(default_factory=dict)
    leaders: list = None  # of a new meeting: each participant's Leader, found once (see _searched_text)

    def items(self, name):
        """The items of a list column (read once: the checks and every part of the writing ask for them)."""
        if name not in self._split:
            text = self.values[name]
            self._split[name] = text.split(MULTI_SEPARATOR) if text else []
        return self._split[name]

    @cached_property
    def meeting_id(self):
        """The id as a number (None when empty or not a valid id)."""
        text = self.values["id"]
        return int(text) if ID.fullmatch(text) and 0 < int(text) < 2**63 else None

    @cached_property
    def slug(self):
        """The slug the permalink ends in (the whole cell when it is not a URL at all)."""
        try:
            path = urlparse(self.values["permalink"]).path
        except ValueError:  # such as an unclosed "[" in the host
            return self.values["permalink"]
        return path.rstrip("/").rsplit("/", 1)[-1]


class Problems:
    """What is wrong with a file, by line: every problem counted, the first MAX_LISTED (by line) kept to list."""

    def __init__(self, limit=MAX_LISTED):
        self.limit = limit
        self.count = 0
        self._kept = []

    def add(self, line, message):
        self.count += 1
        self._kept.append((line, message))
        if len(self._kept) > 10 * self.limit:
            self._kept = self.listed()

    def listed(self):
        return sorted(self._kept, key=lambda problem: problem[0])[: self.limit]

    def __bool__(self):
        return self.count > 0


class _Refused(Exception):  # noqa: N818 — not an error: the file had faults, and what was written is rolled back
    pass


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)  # (line, message), at most MAX_LISTED
    error_count: int = 0  # all of them, listed or not

    @property
    def unlisted(self):
        return self.error_count - len(self.errors)


# --- Reading the file ---------------------------------------------------------------------------------------------


def _raw_lines(handle):
    """The file's physical lines as bytes, each with its line break, from the start. A text stream (a StringIO)
    is read as the UTF-8 bytes it stands for."""
    handle.seek(0)
    if isinstance(handle, io.TextIOBase):
        return (line.encode("utf-8", "surrogateescape") for line in handle)
    return iter(handle)


def _undecodable(raw, start):
    """Positions in ``raw`` (from ``start``) of the bytes that are not UTF-8."""
    positions = []
    while True:
        try:
            raw[start:].decode()
        except UnicodeDecodeError as error:
            positions.extend(range(start + error.start, start + error.end))
            start += error.end
        else:
            return positions


class PhysicalLines:
    """The file's lines as text for the csv module (a byte that is not UTF-8 kept as a stand-in character),
    counting lines and line breaks and noting where each NUL and each undecodable byte is."""

    def __init__(self, handle):
        self.number = 0  # lines read
        self.breaks = 0  # line breaks read
        self.ends_with_break = True  # the last line read ends with a line break
        self.marks = []  # (line, byte offset in the file, byte) of NUL and undecodable bytes, not yet reported
        self._lines = self._read(handle)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._lines)

    def _read(self, handle):
        offset = 0
        for raw in _raw_lines(handle):
            self.number += 1
            start = len(codecs.BOM_UTF8) if self.number == 1 and raw.startswith(codecs.BOM_UTF8) else 0
            try:
                text = raw[start:].decode()
                bad = []
            except UnicodeDecodeError:
                text = raw[start:].decode(errors="surrogateescape")
                bad = _undecodable(raw, start)
            if b"\x00" in raw:
                bad = sorted([*bad, *(at for at, byte in enumerate(raw) if byte == 0)])
            self.marks.extend((self.number, offset + at, raw[at]) for at in bad)
            self.ends_with_break = raw.endswith(b"\n")
            self.breaks += self.ends_with_break
            offset += len(raw)
            yield text


def _records(lines, strict=True):
    """(line where the record begins, its cells) for each record of the file, the header first."""
    reader = csv.reader(lines, strict=strict)
    while True:
        begins = lines.number + 1
        cells = next(reader, None)
        if cells is None:
            return
        yield begins, cells


def check_structure(handle, problems):
    """Check how the file is built, before reading a row for its values: the header (columns missing, unknown or
    repeated), every row's number of cells, bytes that are not UTF-8, NUL bytes, a quoted cell left open at the
    end of the file and a last row without a line break (a file cut short). Returns the header."""
    lines = PhysicalLines(handle)
    reader = csv.reader(lines, strict=True)
    header, rows, last_row = None, 0, None
    while True:
        begins = lines.number + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # the reader goes on at the next line
            if not _unreadable(handle, lines, begins, error, header, problems) or header is None:
                return header
            continue
        if lines.marks:
            _report_marks(lines, cells, header, problems)
        if header is None:
            header = cells
            _check_header(header, problems)
        elif cells:  # a blank line holds no row
            rows += 1
            last_row = begins
            if len(cells) != len(header):
                problems.add(begins, _cell_count(len(cells), len(header)))
    if header is None:
        columns = ", ".join(COLUMNS)
        problems.add(1, f"the header lacks the column(s) {columns} of the meetings layout: the file is empty")
    elif not rows:
        problems.add(1, "the file holds a header and no row: there is nothing to import (is the file cut short?)")
    elif not lines.ends_with_break and last_row is not None:
        problems.add(
            last_row,
            "the file ends inside this row, without a line break after its last cell: the file may be cut short "
            "(an export ends every row with a line break; add one if the row is complete)",
        )
    return header


def _cell_count(count, columns):
    if count < columns:
        return f"the row has {count} cells where the header has {columns}: it is cut short or a cell is missing"
    return f"the row has {count} cells where the header has {columns}: {count - columns} more than there are columns"


def _check_header(header, problems):
    positions = defaultdict(list)
    for position, name in enumerate(header, start=1):
        positions[name].append(position)
    missing = [name for name in COLUMNS if name not in positions]
    if missing:
        problems.add(1, f"the header lacks the column(s) {', '.join(missing)} of the meetings layout")
    for name, where in positions.items():
        columns = " and ".join(filter(None, [", ".join(map(str, where[:-1])), str(where[-1])]))
        if not name:
            problems.add(1, f"the header has no name for column(s) {columns}")
        elif name not in COLUMNS:
            # Shown without its NUL and undecodable characters (reported on their own), which no page can show.
            shown = MARKED.sub("\ufffd", name[:60])
            problems.add(1, f"the header's column “{shown}” (column {columns}) is not one of the meetings layout")
        elif len(where) > 1:
            problems.add(1, f"the header names the column {name} {len(where)} times (columns {columns})")


def _report_marks(lines, cells, header, problems):
    """Name the cell each NUL or undecodable byte of the record just read is in (once per cell)."""
    marks, lines.marks = iter(lines.marks), []
    reported = set()
    for index, cell in enumerate(cells):
        for character in MARKED.findall(cell):
            line, offset, byte = next(marks, (None, None, 0))
            if header is None:
                where = "the header"
            else:
                where = header[index] if index < len(header) and header[index] else f"column {index + 1}"
            if (index, character == "\x00") in reported:
                continue
            reported.add((index, character == "\x00"))
            if character == "\x00":
                problems.add(line, f"{where} holds a NUL character (byte offset {offset} of the file)")
            else:
                problems.add(line, f"{where} is not UTF-8 text: byte 0x{byte:02X} at byte offset {offset} of the file")


def _unreadable(handle, lines, begins, error, header, problems):
    """Report a record the csv module cannot read. False when the rest of the file cannot be read either."""
    for line, offset, byte in lines.marks:
        problems.add(line, f"byte 0x{byte:02X} at byte offset {offset} of the file is not UTF-8 text")
    lines.marks = []
    if "unexpected end of data" in str(error):
        line, index = _open_quote(handle, begins, lines.breaks)
        name = header[index] if header and index < len(header) else f"column {index + 1}"
        problems.add(
            line,
            f"the quoted cell {name} opens on this line and is never closed: the file ends inside it "
            "(it is cut short, or a quote is missing)",
        )
        return False
    if "field larger than field limit" in str(error):
        problems.add(
            begins,
            f"a cell of the row that begins here runs on past {csv.field_size_limit():,} characters, to line "
            f"{lines.number}: a quote in it is never closed",
        )
        return False
    where = "the header" if header is None else "the row"
    message = f"{where} is not readable as CSV here: {error}"
    if "expected after" in str(error):
        message += " (a quote ends a quoted cell before its end: quote the whole cell and double each quote in it)"
    elif "new-line character" in str(error):
        message = f"{where} holds a carriage return (CR) alone, which ends no line here: save the file with CRLF or LF"
    problems.add(lines.number, message)
    return True


def _open_quote(handle, begins, breaks):
    """(line, cell index) where the quoted cell the file ends in opens. Read leniently, the record that begins on
    line ``begins`` runs to the end of the file: the line breaks its last cell holds count back from there."""
    lines = PhysicalLines(handle)
    cells = next(csv.reader(islice(lines, begins - 1, None)), None) or [""]
    return 1 + breaks - cells[-1].count("\n"), len(cells) - 1


def read_rows(handle):
    """The rows of a file that passed check_structure(), each cell restored (exports.restore), in file order."""
    records = _records(PhysicalLines(handle))
    _, header = next(records)
    positions = [(name, header.index(name)) for name in COLUMNS]
    for begins, cells in records:
        if cells:
            # restore() changes only a cell that begins with an apostrophe (most do not: not called for them).
            yield Row(
                begins,
                {name: restore(cell) if (cell := cells[position])[:1] == "'" else cell for name, position in positions},
            )


def _batches(rows, size=BATCH):
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


# --- Checking and writing -----------------------------------------------------------------------------------------


def _delete(model, ids):
    """Delete rows by id, as a write of the import (see bulk.later()); the deletions send their signals, so that
    django-simple-history records them."""
    if ids:
        bulk.later(lambda: model.objects.filter(pk__in=ids).delete())


def _reset_sequence(model):
    """Keep PostgreSQL's id sequence of the model ahead of the ids written (nothing to do elsewhere)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


class MeetingsCsvImport:
    """Set ``change_reason`` (the history's reason, "CSV import" by default) and ``user`` (whom the history
    names) before run()."""

    def __init__(self):
        self.countries = {c.code: c for c in Country.objects.all()}
        self.areas = {str(a): a for a in CooperationArea.objects.select_related("parent")}
        self.kinds = set(Meeting.Kind.values)
        self.series = set(Summit.Series.values)
        self.url_validator = URLValidator(schemes=["http", "https"])
        self.user = None
        self.summit_ids = {}
        self.leaders_by_name = {}
        self.slugs_given = defaultdict(set)
        self.unnumbered = 0  # rows without an id
        self.composed = set()  # meetings added with their searched text
        self._history = None
        self.index = None  # search.indexed_in_bulk()'s, while the import writes
        self.existing = set()  # ids of the file that the archive has (before the import)
        self.written = set()  # ids of the meetings the import has written
        self.deferred = {True: 0, False: 0}  # rows left for a second reading, with an id and without

    def run(self, handle, *, dry_run=False):
        """Check the file (a seekable binary or text stream) and, when nothing is wrong and not ``dry_run``,
        write it all in one transaction.

        The rows are checked a batch at a time and, while no fault has been found, each batch is written as soon as
        it is checked, in one reading of the file; a fault stops the writing (the checking goes on, to list every
        fault) and rolls back all that was written. Only rows that need what the whole file says come in a second
        reading: meetings added without an id (they take ids after every id of the file) or without a permalink
        (their slugs must differ from every slug of the file)."""
        result = ImportResult()
        problems = Problems()
        check_structure(handle, problems)
        if not problems and dry_run:
            result.updated = self._check_rows(handle, problems, result)
            result.created = result.rows - result.updated
        elif not problems:
            try:
                with transaction.atomic(), bulk.sqlite_cache(), indexed_in_bulk() as self.index, bulk.writing_behind():
                    self._check_and_write(handle, problems, result)
                    if problems:
                        raise _Refused
            except _Refused:
                pass
        if problems:
            result.errors, result.error_count = problems.listed(), problems.count
            result.created = result.updated = 0
        return result

    def _check_and_write(self, handle, problems, result):
        touched = set()

        def write(batch):
            if not batch:
                return
            created, written = self._write(batch)
            result.created += created
            result.updated += len(batch) - created
            touched.update(written)

        self._check_rows(handle, problems, result, write=lambda batch: problems or write(self._now(batch)))
        if problems:
            return
        for numbered in (True, False):
            if self.deferred[numbered]:  # a reading of the file again only for rows that wait for it
                for batch in _batches(row for row in read_rows(handle) if self._later(row, numbered)):
                    write(batch)
            if numbered:
                # Rows may carry their ids: keep PostgreSQL's id sequence ahead of them before any is drawn from it.
                bulk.later(_reset_sequence, Meeting)
        # Bulk writes send no signals: the searched text (of the meetings updated: those added have theirs), the
        # archive's version, planner statistics.
        bulk.later(after_bulk_write, touched - self.composed)

    def _now(self, batch):
        """The rows of a checked batch written at once: all but those _later() takes (counted)."""
        now = []
        for row in batch:
            if row.meeting_id and (row.slug or row.meeting_id in self.existing):
                now.append(row)
            else:
                self.deferred[bool(row.meeting_id)] += 1
        return now

    def _later(self, row, numbered):
        """Rows written after every row of the file is known: a new meeting without a permalink (numbered) or an
        id (not numbered)."""
        if numbered:
            return bool(row.meeting_id) and not row.slug and row.meeting_id not in self.existing
        return not row.meeting_id

    def check(self, row):
        v = row.values
        error = row.errors.append
        if v["id"] and row.meeting_id is None:
            error(f"id “{v['id'][:40]}” is not a positive whole number")
        elif row.meeting_id is not None and row.meeting_id > MAX_NEW_ID:
            # An id near the database's limit would leave no room for the meetings added after it.
            error(f"id {row.meeting_id} is larger than {MAX_NEW_ID:,}: leave the id empty for a new meeting")
        slug = row.slug
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

    def _check_rows(self, handle, problems, result, write=None):
        """Check every row, a batch at a time, and across rows; ``write`` (if given) takes each batch once checked.
        Returns how many rows update a meeting."""
        first_line = {}  # id -> the line it is first on
        slug_lines = {}  # slug -> the line it is first on
        updating = 0
        for batch in _batches(read_rows(handle)):
            result.rows += len(batch)
            self.unnumbered += sum(1 for row in batch if not row.meeting_id)
            first_with_slug = {}
            for row in batch:
                self.check(row)
                if row.meeting_id is not None:
                    if row.meeting_id in first_line:
                        row.errors.append(f"id {row.meeting_id} is also on line {first_line[row.meeting_id]}")
                    first_line.setdefault(row.meeting_id, row.line)
                slug = row.slug
                if slug:
                    if slug in slug_lines:
                        row.errors.append(f"the permalink's slug “{slug[:60]}” is also on line {slug_lines[slug]}")
                    else:
                        slug_lines[slug] = row.line
                        first_with_slug[slug] = row
            updating += self._check_against_archive(batch, first_with_slug)
            for row in batch:
                for message in row.errors:
                    problems.add(row.line, message)
            if write is not None:
                write(batch)
        # A meeting added without a permalink gets a slug that no row of the file uses.
        self.slugs_given["meeting"] = set(slug_lines)
        return updating

    def _check_against_archive(self, batch, by_slug):
        """Slugs of other meetings, and drafts the rows would publish; returns how many rows update a meeting. The
        meetings this import has written already are not the archive's: a row repeating one is a fault of the file
        (an id or a slug on two lines), said once."""
        for slug, pk in Meeting.objects.filter(slug__in=list(by_slug)).values_list("slug", "pk"):
            row = by_slug[slug]
            if pk != row.meeting_id and pk not in self.written:
                owner = row.meeting_id or "a new one"
                row.errors.append(f"the permalink's slug “{slug}” belongs to meeting {pk}, not {owner}")
        by_id = {row.meeting_id: row for row in batch if row.meeting_id}
        updating = 0
        for pk, status in Meeting.objects.filter(pk__in=list(by_id)).values_list("pk", "status"):
            if pk in self.written:
                continue
            self.existing.add(pk)
            updating += 1
            if status == Meeting.Status.DRAFT:
                by_id[pk].errors.append(
                    f"meeting {pk} is a draft in the archive: the import only holds published meetings and does not "
                    "overwrite drafts (publish or delete it in the admin first)"
                )
        return updating

    def history_reason(self):
        return getattr(self, "change_reason", "") or "CSV import"

    def history(self):
        """Who writes, when and why, for the historical records of what the import writes in bulk."""
        if self._history is None:
            self._history = bulk.History(self.history_reason(), self.user)
        return self._history

    def _write(self, rows):
        """Write a batch of checked rows in bulk; returns (meetings created, ids of the meetings written)."""
        stored = {
            meeting["id"]: meeting
            for meeting in Meeting.objects.filter(pk__in=[row.meeting_id for row in rows if row.meeting_id]).values(
                "id", *MEETING_FIELDS, "updated_at"
            )
        }
        new_leaders = []
        pairs, touched = self._write_meetings(rows, stored, new_leaders)
        self.written.update(meeting_id for _, meeting_id in pairs)
        touched |= self._write_participants(pairs, stored, new_leaders)
        touched |= self._write_topics(pairs, stored)
        touched |= self._write_sources(pairs, stored)
        return sum(1 for row in rows if row.meeting_id not in stored), touched

    def _write_meetings(self, rows, stored, new_leaders):
        """The meetings' own rows: added (with their searched text), or updated where they differ. Returns
        ([(row, meeting id)], ids written); the ids of the meetings added go to ``self.composed``."""
        now = timezone.now()
        self._find_summits(rows)
        self._load_leaders({name for row in rows for name in row.items("participant_names")})
        unnamed = [row for row in rows if not row.slug and row.meeting_id not in stored]
        titles = [row.values["title"] for row in unnamed]
        new_slugs = dict(zip(map(id, unnamed), self._slugs(Meeting, titles), strict=True))
        numbered, unnumbered, changed = [], [], []
        for row in rows:
            v = row.values
            old = stored.get(row.meeting_id)
            values = {
                "slug": row.slug or (old["slug"] if old else new_slugs[id(row)]),
                "title": v["title"],
                "date": self._date(v["date"]),
                "end_date": self._date(v["end_date"]) if v["end_date"] else None,
                "kind": v["kind"],
                "summit_id": self.summit_ids[v["summit"], v["summit_series"]] if v["summit"] else None,
                "city": v["city"],
                "country_id": self.countries[v["country_code"].upper()].pk if v["country_code"] else None,
                "summary": v["summary"],
            }
            when = self._datetime(v["last_updated"]) if v["last_updated"] else None
            if old is None:
                text = self._searched_text(row, new_leaders)
                new = (*values.values(), Meeting.Status.PUBLISHED, now, now, when or now, text)
                if row.meeting_id:
                    numbered.append((row.meeting_id, *new))
                else:
                    unnumbered.append(new)
            elif any(old[name] != value for name, value in values.items()) or (when and old["updated_at"] != when):
                if old["slug"] != values["slug"]:
                    bulk.later(remember_old_slug, Meeting(pk=row.meeting_id, slug=values["slug"]))
                changed.append((*values.values(), when or now, row.meeting_id))
        names = [*MEETING_FIELDS, "status", "published_at", "created_at", "updated_at", "search_text"]
        history = self.history()
        created = bulk.insert(Meeting, ["id", *names], numbered, history)
        added = bulk.insert(Meeting, names, unnumbered, history)
        by_slug = {new[0]: pk for new, pk in zip(unnumbered, added, strict=True)}
        created += added
        bulk.later(self.index, created)
        # As a save() would: the new version makes the admin refuse a form opened before the import.
        bulk.update(Meeting, [*MEETING_FIELDS, "updated_at"], changed, also="edit_version = edit_version + 1")
        self.composed.update(created)
        bulk.record(Meeting, [values[-1] for values in changed], "~", history)
        pairs = [(row, row.meeting_id or by_slug[row.slug or new_slugs[id(row)]]) for row in rows]
        return pairs, {*created, *(values[-1] for values in changed)}

    def _find_summits(self, rows):
        """Each summit of the rows, found by name and series (the latest of that name), else created."""
        wanted = {(row.values["summit"], row.values["summit_series"]) for row in rows if row.values["summit"]}
        unknown = {name for name, series in wanted if (name, series) not in self.summit_ids}
        found = Summit.objects.filter(name__in=unknown).order_by("-start_date", "name", "pk")
        for name, series, pk in found.values_list("name", "series", "pk"):
            self.summit_ids.setdefault((name, series), pk)
        for row in rows:
            name, series = row.values["summit"], row.values["summit_series"]
            if name and (name, series) not in self.summit_ids:
                date = self._date(row.values["date"])
                [pk], [slug] = bulk.new_ids(Summit, 1), self._slugs(Summit, [name])
                summit = Summit(pk=pk, name=name, slug=slug, series=series, start_date=date, end_date=date)
                bulk.later(summit.save, force_insert=True)
                self.summit_ids[name, series] = pk

    def _searched_text(self, row, new_leaders):
        """A new meeting's searched text, composed from the row as search.documents() reads it back once written
        (the same leaders, the same topics in the same order), so that the meeting is written once, not written and
        then updated: an update writes SQLite's full-text index and PostgreSQL's tsvector a second time."""
        v = row.values
        place = self.countries[v["country_code"].upper()] if v["country_code"] else None
        own = (v["title"], v["summary"], "", v["city"], "", place.name if place else "", v["summit"])
        names, codes = row.items("participant_names"), row.items("participant_country_codes")
        offices = row.items("participant_offices") or [""] * len(names)
        people, row.leaders, countries = [], [], [place.aliases if place else ""]
        for name, code, office in zip(names, codes, offices, strict=True):
            country = self.countries[code.upper()]
            leader = self._leader(name, country, office, new_leaders)
            row.leaders.append(leader)
            people.append((leader.name, leader.aliases, office, country.name, ""))
            countries.append(country.aliases)
        topics = [(area.name, area.parent.name if area.parent_id else None) for area in self._areas_of(row)]
        return compose(own, people, (), topics, countries)

    def _areas_of(self, row):
        """The row's topics, once each, in the file's order."""
        return list({area.pk: area for area in map(self.area, row.items("topics"))}.values())

    def _write_participants(self, pairs, stored_meetings, new_leaders):
        """The file's participants, keeping the participations (and leaders) the meetings already have."""
        stored = defaultdict(dict)
        rows = Participation.objects.filter(meeting_id__in=list(stored_meetings))
        for pk, meeting_id, name, country_id, office, order in rows.values_list(
            "pk", "meeting_id", "leader__name", "country_id", "office", "order"
        ):
            stored[meeting_id][name, country_id] = (pk, office, order)
        self._load_leaders({name for row, _ in pairs for name in row.items("participant_names")})
        created, changed, stale, touched = [], [], [], set()
        for row, meeting_id in pairs:
            names, codes = row.items("participant_names"), row.items("participant_country_codes")
            offices = row.items("participant_offices") or [""] * len(names)
            kept = stored.pop(meeting_id, {})
            before = len(created) + len(changed)
            for order, (name, code, office) in enumerate(zip(names, codes, offices, strict=True)):
                country = self.countries[code.upper()]
                found = kept.pop((name, country.pk), None)
                if found is None:
                    leader = row.leaders[order] if row.leaders else self._leader(name, country, office, new_leaders)
                    created.append((meeting_id, leader, country.pk, office, order))
                elif found[1:] != (office, order):
                    changed.append((office, order, found[0]))
            stale.extend(pk for pk, *_ in kept.values())
            if kept or len(created) + len(changed) > before:
                touched.add(meeting_id)
        slugs = self._slugs(Leader, [leader.name for leader in new_leaders])
        for leader, slug, pk in zip(new_leaders, slugs, bulk.new_ids(Leader, len(new_leaders)), strict=True):
            leader.slug, leader.pk = slug, pk
        if new_leaders:
            bulk.later(Leader.objects.bulk_create, new_leaders)
            bulk.later(record_bulk, Leader, new_leaders, "+", self.history_reason(), user=self.user)
        # Before the new ones: a leader may come back under another country (one participation per leader).
        _delete(Participation, stale)
        # Written as the file gives them, without save()'s copying from the leader: an empty office stays empty.
        bulk.update(Participation, ["office", "order"], changed)
        names = ["meeting_id", "leader_id", "country_id", "office", "order"]
        rows = [(meeting_id, leader.pk, *rest) for meeting_id, leader, *rest in created]
        bulk.insert(Participation, names, rows, self.history())
        bulk.record(Participation, [pk for _, _, pk in changed], "~", self.history())
        return touched

    def _load_leaders(self, names):
        unknown = [name for name in names if name not in self.leaders_by_name]
        for name in unknown:
            self.leaders_by_name[name] = []
        found = Leader.objects.filter(name__in=unknown).order_by("pk")
        for leader in found.only("pk", "name", "country_id", "aliases"):
            self.leaders_by_name[leader.name].append(leader)

    def _leader(self, name, country, office, new_leaders):
        """The leader of that name and country; else the only leader of that name (who may have represented a
        former state or an organisation); else a new one."""
        namesakes = self.leaders_by_name[name]
        found = next((leader for leader in namesakes if leader.country_id == country.pk), None)
        if found is None and len(namesakes) == 1:
            found = namesakes[0]
        if found is None:
            found = Leader(name=name, country=country, office=office)
            new_leaders.append(found)
            namesakes.append(found)
        return found

    def _write_topics(self, pairs, stored_meetings):
        stored = defaultdict(dict)
        links = MeetingArea.objects.filter(meeting_id__in=list(stored_meetings))
        for pk, meeting_id, area_id in links.values_list("pk", "meeting_id", "area_id"):
            stored[meeting_id][area_id] = pk
        created, stale, touched = [], [], set()
        for row, meeting_id in pairs:
            have = stored.get(meeting_id, {})
            wanted = [area.pk for area in self._areas_of(row)]
            gone = [pk for area_id, pk in have.items() if area_id not in wanted]
            new = [(meeting_id, area_id) for area_id in wanted if area_id not in have]
            if gone or new:
                touched.add(meeting_id)
            stale.extend(gone)
            created.extend(new)
        _delete(MeetingArea, stale)
        bulk.insert(MeetingArea, ["meeting_id", "area_id"], created, self.history())
        return touched

    def _write_sources(self, pairs, stored_meetings):
        """The file's sources, keeping those already stored with the same publisher and URL (and their titles)."""
        stored = defaultdict(list)
        sources = Source.objects.filter(meeting_id__in=list(stored_meetings)).order_by("id")
        for pk, meeting_id, publisher, url in sources.values_list("pk", "meeting_id", "publisher", "url"):
            stored[meeting_id].append((publisher, url, pk))
        created, stale, touched = [], [], set()
        for row, meeting_id in pairs:
            have = stored.get(meeting_id, [])
            urls = row.values["source_urls"].split(MULTI_SEPARATOR)
            for publisher, url in zip(row.items("source_publishers"), urls, strict=True):
                same = next((source for source in have if source[:2] == (publisher, url)), None)
                if same is not None:
                    have.remove(same)
                else:
                    created.append((meeting_id, publisher, url))
                    touched.add(meeting_id)
            stale.extend(pk for _, _, pk in have)
            if have:
                touched.add(meeting_id)
        bulk.insert(Source, ["meeting_id", "publisher", "url"], created, self.history())
        _delete(Source, stale)
        return touched

    def _slugs(self, model, texts, max_length=200):
        """A slug for each text, as unique_slug() makes it, used neither in the archive nor in the file nor by
        this import so far: two queries for them all (two more for each text whose slug is taken)."""
        if not texts:
            return []
        name = model._meta.model_name
        bases = [slugify(text)[: max_length - 8].strip("-") or name for text in texts]
        given = self.slugs_given[name]
        taken = set(model._default_manager.filter(slug__in=bases).values_list("slug", flat=True))
        taken |= set(OldSlug.objects.filter(model=name, slug__in=bases).values_list("slug", flat=True))
        slugs = []
        for base in bases:
            slug = base
            if slug in taken or slug in given:
                similar = model._default_manager.filter(slug__startswith=f"{base}-").values_list("slug", flat=True)
                retired = OldSlug.objects.filter(model=name, slug__startswith=f"{base}-").values_list("slug", flat=True)
                used = {*similar, *retired}
                n = 2
                while (slug := f"{base}-{n}") in used or slug in given:
                    n += 1
            given.add(slug)
            slugs.append(slug)
        return slugs

    def area(self, label):
        """The topic written "Parent › Topic" (or "Topic"), added to the vocabulary when it is new."""
        if label not in self.areas:
            *parents, name = label.split(" › ")
            parent = self.area(parents[0]) if parents else None
            [pk], [slug] = bulk.new_ids(CooperationArea, 1), self._slugs(CooperationArea, [name], max_length=100)
            area = CooperationArea(pk=pk, name=name, slug=slug, parent=parent)
            bulk.later(area.save, force_insert=True)
            self.areas[label] = area
        return self.areas[label]
