"""The CSV import refuses damaged files (issue 13, point 4): every fault named with its line, nothing written, the
same with --dry-run and on the upload page; and a batched import writes what the export reads back, with its
history."""

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import exports
from meetings.caching import state
from meetings.importers import csv_meetings
from meetings.models import CooperationArea, Country, Leader, Meeting, MeetingArea, Participation, Source, Summit
from meetings.search import refresh_search_text, search

from .factories import make_leader, make_published_meeting

pytestmark = pytest.mark.django_db
COLUMNS = [column.name for column in exports.LAYOUTS["meetings"]]
UPLOAD = "/admin/meetings/meeting/upload/"


@pytest.fixture
def archive():
    """Two meetings; the first exported (lines 2 and 3) has a summary of two lines and a publisher with a comma,
    the second (line 4) a source with a title the file does not carry."""
    leaders = [make_leader("Narendra Modi", country_code="IN"), make_leader("Sanae Takaichi", country_code="JP")]
    tokyo = make_published_meeting("Talks in Tokyo", participants=leaders, date=datetime.date(2025, 11, 22))
    Source.objects.filter(meeting=tokyo).update(
        publisher="U.S. Department of State, Office of the Historian",
        url="https://history.state.gov/historicaldocuments/frus1985",
        title="Memorandum of conversation",
    )
    delhi = make_published_meeting(
        "Talks in Delhi", participants=leaders, date=datetime.date(2025, 11, 23), summary="First line\nsecond line"
    )
    Source.objects.filter(meeting=delhi).update(publisher="Ministry of External Affairs, India", url="https://mea.in/")
    return {"tokyo": tokyo, "delhi": delhi}


@pytest.fixture
def exported(archive):
    """The archive's export in the meetings layout, as bytes."""
    return export_text().encode()


def export_text():
    out = io.StringIO()
    call_command("export_meetings", "--no-progress", stdout=out)
    return out.getvalue()


def stored():
    """Everything an import could change, to prove that nothing was written."""
    models = (Meeting, Leader, Participation, Source, Summit, CooperationArea, MeetingArea)
    return [list(model.objects.order_by("pk").values()) for model in models] + [
        list(model.history.order_by("pk").values()) for model in (Meeting, Participation, Source)
    ]


def refused(tmp_path, data, *options):
    """The report of an import of ``data`` that must fail, having written nothing."""
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    before = stored()
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported") as raised:
        call_command("import_meetings", str(path), *options, stdout=io.StringIO(), stderr=err)
    assert stored() == before
    return err.getvalue() + str(raised.value)


def lines(data):
    return data.split(b"\r\n")


def joined(*rows):
    return b"\r\n".join(rows)


def cut_at(data, text, keep):
    """The file cut ``keep`` bytes into the first ``text`` it holds."""
    return data[: data.index(text) + keep]


def damaged(exported):
    """Each damaged file and what the report must say of it, by name."""
    header, delhi, tokyo, end = lines(exported)  # the row of Delhi is on lines 2 and 3
    assert end == b"" and delhi.count(b"\n") == 1 and b"Talks in Tokyo" in tokyo
    latin1 = exported.replace(b"talks-in-tokyo", b"talks-in-t\xe9kyo")
    latin1_at = latin1.index(b"\xe9")
    nul = exported.replace(b"Talks in Tokyo", b"Talks in\x00Tokyo")
    nul_at = nul.index(b"\x00")
    no_kind = [b",".join(cell for n, cell in enumerate(row.split(b",")) if n != 5) for row in (header, delhi, tokyo)]
    return {
        "cut inside a quoted field": (
            cut_at(exported, b"U.S. Dep", 8),
            ["line 4: the quoted cell source_publishers opens on this line and is never closed: the file ends inside"],
        ),
        "cut inside a quoted field of a row of two lines": (
            cut_at(exported, b"Ministry of External", 8),
            ["line 3: the quoted cell source_publishers opens on this line and is never closed"],
        ),
        "cut inside a quoted summary": (
            cut_at(exported, b"second line", 6),
            ["line 2: the quoted cell summary opens on this line and is never closed"],
        ),
        "cut inside a URL": (
            cut_at(exported, b"https://history.state.gov", 15),
            [
                "line 4: the row has 18 cells where the header has 19: it is cut short or a cell is missing",
                "line 4: the file ends inside this row, without a line break after its last cell",
            ],
        ),
        "cut inside the last cell": (
            exported.rstrip(b"\r\n")[:-4],
            ["line 4: the file ends inside this row, without a line break after its last cell: the file may be cut"],
        ),
        "title twice in the header": (
            joined(header + b",title", delhi + b",Another title", tokyo + b",Another title", end),
            ["line 1: the header names the column title 2 times (columns 5 and 20)"],
        ),
        "an unknown column": (
            joined(header + b",notes", delhi + b",x", tokyo + b",y", end),
            ["line 1: the header's column “notes” (column 20) is not one of the meetings layout"],
        ),
        "a missing column": (
            joined(*no_kind, end),
            ["line 1: the header lacks the column(s) kind of the meetings layout"],
        ),
        "extra cells": (
            joined(header, delhi, tokyo + b",extra,cells", end),
            ["line 4: the row has 21 cells where the header has 19: 2 more than there are columns"],
        ),
        "too few cells": (
            joined(header, delhi, tokyo.rsplit(b",", 1)[0], end),
            ["line 4: the row has 18 cells where the header has 19: it is cut short or a cell is missing"],
        ),
        "non-UTF-8 bytes in the permalink": (
            latin1,
            [f"line 4: permalink is not UTF-8 text: byte 0xE9 at byte offset {latin1_at} of the file"],
        ),
        "a NUL byte": (
            nul,
            [f"line 4: title holds a NUL character (byte offset {nul_at} of the file)"],
        ),
        "an empty file": (
            b"",
            [f"line 1: the header lacks the column(s) {', '.join(COLUMNS)} of the meetings layout: the file is empty"],
        ),
        "a header only": (
            header + b"\r\n",
            ["line 1: the file holds a header and no row: there is nothing to import"],
        ),
        "a quote never closed in a long file": (
            joined(header, delhi, b'"Talks', *[b"words, " * 200] * 100, end),
            ["line 4: a cell of the row that begins here runs on past 131,072 characters, to line "],
        ),
        "a carriage return alone": (
            joined(header, delhi, tokyo.replace(b"Talks in Tokyo", b"Talks in\rTokyo"), end),
            ["line 4: the row holds a carriage return (CR) alone, which ends no line here"],
        ),
        "a quote inside a cell not quoted": (
            joined(header, delhi, tokyo.replace(b"Talks in Tokyo", b'"Talks" in Tokyo'), end),
            ["line 4: the row is not readable as CSV here: ',' expected after '\"'"],
        ),
    }


CASES = [
    "cut inside a quoted field",
    "cut inside a quoted field of a row of two lines",
    "cut inside a quoted summary",
    "cut inside a URL",
    "cut inside the last cell",
    "title twice in the header",
    "an unknown column",
    "a missing column",
    "extra cells",
    "too few cells",
    "non-UTF-8 bytes in the permalink",
    "a NUL byte",
    "an empty file",
    "a header only",
    "a quote never closed in a long file",
    "a carriage return alone",
    "a quote inside a cell not quoted",
]


@pytest.mark.parametrize("options", [(), ("--dry-run",)], ids=["import", "dry run"])
@pytest.mark.parametrize("case", CASES)
def test_a_damaged_file_is_refused_with_its_faults_by_line(exported, tmp_path, case, options):
    data, messages = damaged(exported)[case]
    report = refused(tmp_path, data, *options)
    for message in messages:
        assert message in report, report
    # Only the file's structure is reported: its rows are not read for their values.
    assert report.count("\nline ") + report.startswith("line ") == len(messages), report


def test_the_cases_are_all_tested(exported):
    assert set(damaged(exported)) == set(CASES)


def test_a_byte_order_mark_counts_in_the_offset(exported, tmp_path):
    data = b"\xef\xbb\xbf" + exported.replace(b"talks-in-tokyo", b"talks-in-t\xe9kyo")
    offset = data.index(b"\xe9")
    assert f"line 4: permalink is not UTF-8 text: byte 0xE9 at byte offset {offset} of the file" in refused(
        tmp_path, data
    )


def test_the_full_file_after_a_refused_cut_one_restores_everything(archive, exported, tmp_path):
    refused(tmp_path, cut_at(exported, b"U.S. Dep", 8))
    path = tmp_path / "full.csv"
    path.write_bytes(exported)
    call_command("import_meetings", str(path), stdout=io.StringIO())
    source = archive["tokyo"].sources.get()
    assert (source.publisher, source.title) == (
        "U.S. Department of State, Office of the Historian",
        "Memorandum of conversation",
    )
    assert export_text().encode() == exported


def test_at_most_a_hundred_problems_are_listed(exported, tmp_path):
    header, delhi, tokyo, end = lines(exported)
    new = b"," + tokyo.split(b",", 1)[1].replace(b"2025-11-22", b"22/11/2025")  # without its id, a bad date
    rows = [new.replace(b"talks-in-tokyo", f"t{n}".encode()) for n in range(150)]
    report = refused(tmp_path, joined(header, *rows, end))
    assert report.count("is not a date") == 100
    assert "line 101:" in report and "line 102:" not in report
    assert "… and 50 more problem(s), not listed." in report
    assert "150 problem(s) in" in report


class TestUpload:
    @pytest.fixture
    def editor_client(self, client, editor):
        client.force_login(editor)
        return client

    def preview(self, client, data):
        response = client.post(UPLOAD, {"file": SimpleUploadedFile("m.csv", data), "preview": "1"})
        return response.content.decode()

    @pytest.mark.parametrize("case", ["cut inside a quoted field", "non-UTF-8 bytes in the permalink", "a NUL byte"])
    def test_the_faults_are_listed_by_line_and_no_import_is_offered(self, editor_client, exported, case):
        data, messages = damaged(exported)[case]
        page = self.preview(editor_client, data)
        assert "Nothing can be imported: 1 problem" in page and 'name="import"' not in page
        line, message = messages[0].split(": ", 1)
        shown = message.replace("'", "&#x27;")
        assert f"<td>{line.removeprefix('line ')}</td><td>{shown}" in page
        assert "meeting_upload" not in editor_client.session

    def test_more_than_a_hundred_problems_say_how_many(self, editor_client, exported):
        header, *_ = lines(exported)
        bad = b",".join([b"x"] * len(COLUMNS))
        page = self.preview(editor_client, joined(header, *[bad] * 150, b""))
        count = re.search(r"Nothing can be imported: (\d+) problems \(the first 100 listed\)", page)
        assert count and int(count[1]) > 150  # every problem counted, not only those listed
        assert f"{count[1]} problems in all: the first 100 are listed." in page

    def test_a_good_file_is_imported_under_the_editors_name(self, editor_client, editor, archive, exported):
        data = exported.replace(b"Talks in Tokyo", b"Talks in Tokyo again")
        assert "Preview: 0 new, 1 changed, 1 unchanged" in self.preview(editor_client, data)
        token = editor_client.session["meeting_upload"]["token"]
        editor_client.post(UPLOAD, {"import": "1", "token": token})
        last = Meeting.objects.get(title="Talks in Tokyo again").history.first()
        assert (last.history_type, last.history_user, last.history_change_reason) == ("~", editor, "CSV upload “m.csv”")


def synthetic_file(count, leaders=60):
    """A file in the meetings layout of ``count`` new meetings with ids, as an export of them would read."""
    codes = ["JP", "IN", "AU", "BR", "ZA", "FR"]
    names = {code: Country.objects.get(code=code).name for code in codes}
    topics = ["Trade", "Energy", "Technology › Semiconductors", "Security"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for n in range(count):
        people = sorted({(n + k * 7) % leaders for k in range(2 + n % 3)})
        row = {
            "id": str(n + 1),
            "permalink": exports.permalink(f"synthetic-{n}"),
            "date": (datetime.date(1990, 1, 1) + datetime.timedelta(days=n)).isoformat(),
            "end_date": "",
            "title": f"Synthetic meeting {n}" if n % 11 else f"=Synthetic, “meeting” {n}",
            "kind": "bilateral" if n % 4 else "call",
            "summit": f"Summit {n % 5}" if n % 3 == 0 else "",
            "summit_series": "g20" if n % 3 == 0 else "",
            "city": "Synthetic City",
            "country_code": codes[n % 6],
            "country_name": names[codes[n % 6]],
            "participant_names": [f"Leader {p}" for p in people],
            "participant_country_codes": [codes[p % 6] for p in people],
            "participant_offices": ["Prime Minister" if p % 2 else "" for p in people],
            "topics": sorted(topics[(n + k) % 4] for k in range(n % 3)),
            "summary": f"Talks on trade, number {n}.\nAnd more." if n % 5 == 0 else f"Talks number {n}.",
            "source_publishers": ["Publisher A", "Publisher B, Ltd"][: 1 + n % 2],
            "source_urls": [f"https://example.org/{n}", ""][: 1 + n % 2],
            "last_updated": f"2025-01-01T00:00:{n % 60:02d}.{n + 1:06d}Z",
        }
        writer.writerow([exports.csv_cell(row[name]) for name in COLUMNS])
    return buffer.getvalue()


def rows_of(text):
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text))}


def import_text(tmp_path, text, *options):
    path = tmp_path / "batch.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_meetings", str(path), *options, stdout=out)
    return out.getvalue()


class TestBatchedImport:
    COUNT = 2500

    @pytest.fixture
    def text(self, monkeypatch):
        monkeypatch.setattr(csv_meetings, "BATCH", 700)  # four batches, a leader's namesakes across them
        return synthetic_file(self.COUNT)

    def test_what_is_written_is_what_the_export_reads_back_with_its_history(self, text, tmp_path):
        version = state()[0]
        assert f"{self.COUNT} meeting(s) were created, 0 were updated" in import_text(tmp_path, text)
        assert rows_of(export_text()) == rows_of(text)
        assert Leader.objects.count() == 60
        assert state()[0] > version  # the archive's cached counts are renewed
        assert "Leader 7" in Meeting.objects.get(pk=8).search_text  # and its search finds the meetings
        history = {
            model: set(model.history.values_list("history_type", "history_change_reason").distinct())
            for model in (Meeting, Participation, Source, MeetingArea, Leader)
        }
        assert history == dict.fromkeys(history, {("+", "CSV import")})
        assert Meeting.history.count() == self.COUNT
        for model in (Participation, Source, MeetingArea, Leader):
            assert model.history.count() == model.objects.count() > 0

    def test_the_meetings_are_written_once_with_the_searched_text_the_database_gives_back(self, text, tmp_path):
        seven = make_leader("Leader 7", country_code="IN")
        Leader.objects.filter(pk=seven.pk).update(aliases="Leader Seven\nL. Seven")
        with CaptureQueriesContext(connection) as queries:
            import_text(tmp_path, text)
        # No meeting added is written a second time for its searched text (nor SQLite's full-text index for it).
        assert not [q["sql"] for q in queries if q["sql"].startswith('UPDATE "meetings_meeting" SET "search_text"')]
        # What the import composed is exactly what search.documents() reads back from the rows written.
        assert refresh_search_text(Meeting.objects.values_list("pk", flat=True)) == 0
        eight = Meeting.objects.get(pk=8).search_text
        assert "Leader 7 Leader Seven L. Seven" in eight
        assert Meeting.objects.filter(search_text__contains="Technology Semiconductors").exists()
        assert search(Meeting.objects.all(), "seven").filter(pk=8).exists()

    def test_a_second_import_changes_and_records_nothing(self, text, tmp_path):
        import_text(tmp_path, text)
        before = stored()
        assert f"0 meeting(s) were created, {self.COUNT} were updated" in import_text(tmp_path, text)
        assert stored() == before

    def test_changes_are_written_and_recorded(self, text, tmp_path):
        import_text(tmp_path, text)
        rows = rows_of(text)
        rows["10"]["title"] = "Renamed meeting"
        rows["20"].update(
            participant_names="Leader 19; Leader 26",
            participant_country_codes="IN; AU",
            participant_offices="Prime Minister; ",
        )
        rows["30"]["topics"] = "Energy"
        rows["2001"]["source_urls"] = "https://example.org/moved"
        new = rows["40"] | {"id": "", "permalink": "", "title": "Synthetic meeting 1"}
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows([new, *rows.values()])
        assert f"1 meeting(s) were created, {self.COUNT} were updated" in import_text(tmp_path, buffer.getvalue())
        renamed = Meeting.objects.get(pk=10)
        assert renamed.title == "Renamed meeting" and renamed.edit_version == 1
        assert list(renamed.history.values_list("history_type", flat=True)) == ["~", "+"]
        twenty = Meeting.objects.get(pk=20)
        assert list(twenty.participations.values_list("leader__name", "office")) == [
            ("Leader 19", "Prime Minister"),
            ("Leader 26", ""),
        ]
        assert Participation.history.filter(meeting_id=20, history_type="-").count() == 1
        assert list(Meeting.objects.get(pk=30).areas.values_list("name", flat=True)) == ["Energy"]
        assert list(Source.objects.filter(meeting_id=2001).values_list("url", flat=True)) == [
            "https://example.org/moved"
        ]
        assert Source.history.filter(meeting_id=2001, history_type="+").count() == 2
        # Added without an id: it comes after every id of the file, its slug taken from its title.
        added = Meeting.objects.get(title="Synthetic meeting 1", slug="synthetic-meeting-1")
        assert added.pk > self.COUNT
        unchanged = Meeting.objects.get(pk=50)
        assert unchanged.history.count() == 1 and unchanged.edit_version == 0

    def test_the_dry_run_counts_and_writes_nothing(self, text, tmp_path):
        before = stored()
        assert f"{self.COUNT} meeting(s) would be created" in import_text(tmp_path, text, "--dry-run")
        assert stored() == before


def test_a_row_without_an_id_does_not_take_the_id_of_a_later_row(tmp_path):
    rows = list(csv.reader(io.StringIO(synthetic_file(2))))
    rows[1][0] = ""  # a new meeting without an id, before a new meeting with id 2 (and one with id 1 after)
    rows.append([*rows[2]])
    rows[3][0], rows[3][1] = "1", exports.permalink("third")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    assert "3 meeting(s) were created" in import_text(tmp_path, buffer.getvalue())
    assert sorted(Meeting.objects.values_list("slug", flat=True)) == ["synthetic-0", "synthetic-1", "third"]
    assert Meeting.objects.get(slug="synthetic-0").pk == 3


def test_a_new_meeting_with_an_id_but_no_permalink_gets_a_slug_no_row_of_the_file_has(tmp_path):
    rows = list(csv.reader(io.StringIO(synthetic_file(3))))
    rows[1][COLUMNS.index("permalink")] = ""  # id 1, its slug to be made from its title…
    rows[1][COLUMNS.index("title")] = "Synthetic 2"  # …which a later row's permalink already uses
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    assert "3 meeting(s) were created" in import_text(tmp_path, buffer.getvalue())
    assert Meeting.objects.get(pk=3).slug == "synthetic-2"
    first = Meeting.objects.get(pk=1).slug
    assert first != "synthetic-2" and first.startswith("synthetic-2")
