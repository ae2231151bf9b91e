"""The history of archive entries: every change kept (who, when, what), reverted by a chief editor with the
meeting's participants, sources, topics and statements."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from meetings.history import restore_parts, revisions
from meetings.models import Leader, Participation, Source
from meetings.roles import CHIEF_EDITORS, EDITORS

from .factories import country, make_leader, make_published_meeting

pytestmark = pytest.mark.django_db


def staff(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def three_leaders():
    return [make_leader(country_code=code) for code in ("JP", "IN", "AU")]


def test_every_change_is_kept_with_its_fields():
    meeting = make_published_meeting("Talks", participants=three_leaders()[:2])
    meeting.title = "Talks in Johannesburg"
    meeting.save()
    changes = meeting.history.first().diff_against(meeting.history.all()[1]).changes
    assert [(c.field, c.old, c.new) for c in changes] == [("title", "Talks", "Talks in Johannesburg")]
    assert Participation.history.filter(meeting_id=meeting.pk).count() == 2
    leader = Leader.objects.first()
    leader.office = "Foreign Minister"
    leader.save()
    assert leader.history.count() == 2


def test_a_meeting_reverted_gets_its_participants_back():
    first, second, third = three_leaders()
    meeting = make_published_meeting("Talks", participants=[first, second])
    moment = timezone.now()
    meeting.participations.filter(leader=second).delete()
    Participation.objects.create(meeting=meeting, leader=third, country=country("AU"))
    Source.objects.create(meeting=meeting, publisher="A wire added later")
    restore_parts(meeting, moment)
    assert sorted(meeting.participations.values_list("leader_id", flat=True)) == sorted([first.pk, second.pk])
    assert not meeting.sources.filter(publisher="A wire added later").exists()


class TestTheAdmin:
    def test_the_history_page_lists_who_changed_what(self, client, django_user_model):
        editor = staff(django_user_model, "ed", EDITORS)
        client.force_login(editor)
        meeting = make_published_meeting("Talks", participants=three_leaders()[:2])
        page = client.get(f"/admin/meetings/meeting/{meeting.pk}/history/").content.decode()
        assert "Talks" in page and "Changed by" in page or "Change history" in page

    def test_an_editor_cannot_revert(self, client, django_user_model):
        editor = staff(django_user_model, "ed", EDITORS)
        client.force_login(editor)
        meeting = make_published_meeting("Talks", participants=three_leaders()[:2])
        version = meeting.history.last()
        page = client.get(f"/admin/meetings/meeting/{meeting.pk}/history/{version.history_id}/")
        assert page.status_code == 200 and "Revert" not in page.content.decode().split("<h1>")[1][:40]
        response = client.post(f"/admin/meetings/meeting/{meeting.pk}/history/{version.history_id}/", {})
        assert response.status_code == 403

    def test_a_chief_editor_reverts_a_meeting_and_its_participants(self, client, django_user_model):
        chief = staff(django_user_model, "chief", CHIEF_EDITORS)
        client.force_login(chief)
        first, second, third = three_leaders()
        meeting = make_published_meeting("Talks", participants=[first, second], date=datetime.date(2025, 11, 23))
        version = meeting.history.first()
        # Later, someone changes the title and swaps a participant.
        meeting.title = "Wrong title"
        meeting.save()
        meeting.participations.filter(leader=second).delete()
        Participation.objects.create(meeting=meeting, leader=third, country=country("AU"))
        form = {
            "title": "Talks", "slug": meeting.slug, "date": "2025-11-23", "end_date": "", "kind": "bilateral",
            "status": "published", "review_reason": "", "summit": "", "city": "", "country": "",
            "country_name": "", "summary": "", "report": "",
        }  # fmt: skip
        response = client.post(f"/admin/meetings/meeting/{meeting.pk}/history/{version.history_id}/", form)
        assert response.status_code == 302, response.content.decode()[:2000]
        meeting.refresh_from_db()
        assert meeting.title == "Talks"
        assert sorted(meeting.participations.values_list("leader_id", flat=True)) == sorted([first.pk, second.pk])
        assert meeting.history.first().history_user == chief


def test_the_public_page_shows_the_last_update_and_the_revisions(client):
    meeting = make_published_meeting("Talks", participants=three_leaders()[:2])
    meeting.summary = "They agreed."
    meeting.save()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Last updated" in page
    assert f"{revisions(meeting)} revisions" in page
