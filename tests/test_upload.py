"""Upload meetings (CSV) with a preview, then all or nothing, recorded in the history."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.exports import csv_lines
from meetings.models import Meeting

from .factories import make_leader, make_published_meeting

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/meetings/meeting/upload/"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def exported():
    text = "".join(csv_lines(Meeting.objects.published()))
    return list(csv.DictReader(io.StringIO(text)))


def as_file(rows, name="meetings.csv"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


@pytest.fixture
def three_rows():
    leaders = [make_leader(country_code="JP"), make_leader(country_code="IN")]
    make_published_meeting("Unchanged talks", participants=leaders)
    make_published_meeting("Talks to correct", participants=leaders)
    rows = exported()
    changed = next(row for row in rows if row["title"] == "Talks to correct")
    changed["title"] = "Talks corrected"
    new = {**changed, "id": "", "title": "A new meeting", "permalink": changed["permalink"].replace("talks-to", "new-")}
    return [*rows, new]


def test_linked_from_the_meeting_list(editor_client):
    assert UPLOAD in editor_client.get("/admin/meetings/meeting/").content.decode()


def test_the_preview_shows_new_changed_and_unchanged_and_writes_nothing(editor_client, three_rows):
    page = editor_client.post(UPLOAD, {"file": as_file(three_rows), "preview": "1"}).content.decode()
    assert "Preview: 1 new, 1 changed, 1 unchanged" in page
    assert "<strong>title</strong>: Talks to correct → Talks corrected" in page
    assert not Meeting.objects.filter(title__in=["Talks corrected", "A new meeting"]).exists()


def test_import_writes_everything_recorded_under_the_editor(editor_client, three_rows, editor):
    editor_client.post(UPLOAD, {"file": as_file(three_rows), "preview": "1"})
    token = editor_client.session["meeting_upload"]["token"]
    response = editor_client.post(UPLOAD, {"import": "1", "token": token}, follow=True)
    assert "Imported: 1 new and 2 updated meeting(s)." in response.content.decode()
    corrected = Meeting.objects.get(title="Talks corrected")
    last = corrected.history.first()
    assert (last.history_user, last.history_change_reason) == (editor, "CSV upload “meetings.csv”")
    assert Meeting.objects.filter(title="A new meeting").exists()


def test_a_bad_file_lists_its_errors_by_line_and_offers_no_import(editor_client, three_rows):
    three_rows[1]["kind"] = "tea party"
    three_rows[2]["date"] = "23/11/2025"
    page = editor_client.post(UPLOAD, {"file": as_file(three_rows), "preview": "1"}).content.decode()
    assert "Nothing can be imported: 2 problems" in page and 'name="import"' not in page
    assert "<td>3</td>" in page and "<td>4</td>" in page
    assert "meeting_upload" not in editor_client.session


def test_an_old_or_forged_token_writes_nothing(editor_client, three_rows):
    response = editor_client.post(UPLOAD, {"import": "1", "token": "forged"}, follow=True)
    assert "This preview has expired" in response.content.decode()
    assert not Meeting.objects.filter(title="Talks corrected").exists()


def test_not_csv_or_not_utf8_is_a_field_error(editor_client):
    page = editor_client.post(
        UPLOAD, {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad"), "preview": "1"}
    ).content.decode()
    assert "not UTF-8 text" in page
