"""What an independent review of the editors' desk found, each on the input that showed it."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from meetings.assistant import suggest
from meetings.history import restore_parts
from meetings.importers.csv_meetings import COLUMNS, MAX_NEW_ID, MeetingsCsvImport
from meetings.models import Leader, Meeting, Participation, Statement

from .factories import country, make_leader, make_published_meeting

pytestmark = pytest.mark.django_db
FROM_REPORT = "/admin/meetings/meeting/from-report/"


def staff_with(django_user_model, *codenames):
    user = django_user_model.objects.create_user("s", "s@example.org", "pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_the_new_pages_need_their_permissions(client, django_user_model):
    client.force_login(staff_with(django_user_model, "view_meeting"))
    assert client.get(FROM_REPORT).status_code == 403
    assert client.get("/admin/meetings/meeting/upload/").status_code == 403


def test_an_id_near_the_databases_limit_is_refused():
    row = dict.fromkeys(COLUMNS, "")
    row.update(id=str(2**63 - 1), date="2025-11-23", title="x", kind="bilateral")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerow(row)
    result = MeetingsCsvImport().run(io.StringIO(buffer.getvalue()), dry_run=True)
    assert any(f"larger than {MAX_NEW_ID:,}" in message for _, message in result.errors)


def test_a_revert_keeps_parts_no_history_knows_and_says_what_is_gone():
    first, second, third = (make_leader(country_code=code) for code in ("JP", "IN", "AU"))
    meeting = make_published_meeting("Talks", participants=[first, second])
    moment = timezone.now()
    # Written in bulk, as an import does: no history of its own.
    Participation.objects.bulk_create([Participation(meeting=meeting, leader=third, country=country("AU"))])
    meeting.participations.filter(leader=second).delete()
    Leader.objects.filter(pk=second.pk).delete()  # merged away since
    skipped = restore_parts(meeting, moment)
    leaders = set(meeting.participations.values_list("leader_id", flat=True))
    assert leaders == {first.pk, third.pk}  # the bulk-written row kept; the gone leader not restored…
    assert skipped and "is gone" in skipped[0]  # …and said so


def test_a_revert_by_someone_who_may_not_publish_keeps_the_status(client, django_user_model):
    client.force_login(staff_with(django_user_model, "change_meeting", "view_meeting", "revert_history"))
    meeting = make_published_meeting("Talks", participants=[make_leader(), make_leader(country_code="IN")])
    version = meeting.history.first()
    meeting.status = Meeting.Status.DRAFT
    meeting.save()
    form = {
        "title": "Talks", "slug": meeting.slug, "date": str(meeting.date), "end_date": "", "kind": "bilateral",
        "summit": "", "city": "", "country": "", "country_name": "", "summary": "", "report": "",
    }  # fmt: skip
    client.post(f"/admin/meetings/meeting/{meeting.pk}/history/{version.history_id}/", form)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


REPORT = (
    "Modi and Xi hold talks\n"
    "Indian Prime Minister Narendra Modi and Chinese President Xi Jinping held talks on Wednesday. "
    '"We welcome all our friends to the table," Russian President Vladimir Putin said.'
)


def post_draft(client, **fields):
    data = {
        "text": REPORT, "url": "", "publisher": "", "published": "2024-10-23", "create": "1", "date": "2024-10-23",
        "kind": "bilateral", "city": "", "country": "", "title": "Talks",
    }  # fmt: skip
    data.update(fields)
    return client.post(FROM_REPORT, data)


def test_a_quote_of_someone_not_kept_is_not_saved_as_a_joint_position(client, editor):
    client.force_login(editor)
    statements = suggest(REPORT, datetime.date(2024, 10, 23))["statements"]
    assert statements and statements[0]["speaker"] == "Vladimir Putin"
    post_draft(client, participant=["0", "1"], statement=["0"])
    assert not Statement.objects.filter(meeting__title="Talks").exists()


def test_a_participant_sent_twice_is_one_participant(client, editor):
    client.force_login(editor)
    assert post_draft(client, participant=["0", "0", "1"]).status_code == 302
    assert Meeting.objects.get(title="Talks").participations.count() == 2


def test_dates_at_the_calendars_edges_are_no_error():
    text = "Talks\nPresident Ana Ejemplo met President Bo Sample on 3 March. They met yesterday at the G20 summit."
    for published in (datetime.date(9999, 12, 31), datetime.date(1, 1, 1)):
        assert suggest(text, published)["date"]


def test_digits_that_are_not_ascii_are_no_error(client, editor):
    client.force_login(editor)
    data = {
        "title": "x", "slug": "x", "date": "2025-11-23", "kind": "bilateral", "status": "draft",
        "participations-TOTAL_FORMS": "²", "participations-INITIAL_FORMS": "0", "participations-0-leader": "¹",
    }  # fmt: skip
    assert client.post("/admin/meetings/meeting/add/", data).status_code in (200, 400)


def test_a_report_too_long_is_a_field_error(client, editor):
    client.force_login(editor)
    response = client.post(FROM_REPORT, {"text": "x " * 7000, "published": "2025-11-23", "analyse": "1"})
    assert response.status_code == 200 and "at most 12000 characters" in response.content.decode()
