"""The editors' roles (meetings/roles.py): what each can and cannot do, through the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from meetings.models import CooperationArea, Leader, Meeting, Statement
from meetings.roles import CHIEF_EDITORS, EDITORS

from .factories import make_leader, make_meeting, make_published_meeting

pytestmark = pytest.mark.django_db


def member(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw-not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor_user(django_user_model):
    return member(django_user_model, "ed", EDITORS)


@pytest.fixture
def chief_user(django_user_model):
    return member(django_user_model, "chief", CHIEF_EDITORS)


def test_the_migration_made_both_groups_and_the_command_keeps_them():
    editors = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    chiefs = set(Group.objects.get(name=CHIEF_EDITORS).permissions.values_list("codename", flat=True))
    for codename in ["add_meeting", "change_meeting", "view_meeting", "publish_meeting", "add_leader",
                     "change_leader", "delete_statement", "delete_source", "delete_participation"]:  # fmt: skip
        assert codename in editors, codename
    for codename in ["delete_leader", "delete_country", "delete_summit", "delete_cooperationarea", "delete_meeting"]:
        assert codename not in editors and codename in chiefs, codename
    assert not any(codename.endswith("_user") or codename.endswith("_group") for codename in chiefs)
    Group.objects.get(name=EDITORS).permissions.clear()
    call_command("setup_roles", verbosity=0)
    assert set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True)) == editors


class TestAnEditor:
    def test_adds_changes_and_publishes_meetings(self, client, editor_user):
        client.force_login(editor_user)
        meeting = make_meeting(participants=[make_leader(), make_leader(country_code="IN")])
        assert client.get("/admin/meetings/meeting/add/").status_code == 200
        assert client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").status_code == 200
        assert 'name="status"' in client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
        response = client.post(
            "/admin/meetings/meeting/", {"action": "publish_selected", "_selected_action": [meeting.pk]}
        )
        assert response.status_code == 302

    def test_deletes_statements_but_not_leaders_countries_summits_topics_or_meetings(self, client, editor_user):
        client.force_login(editor_user)
        leader = make_leader()
        meeting = make_published_meeting(participants=[leader, make_leader(country_code="IN")])
        statement = Statement.objects.create(meeting=meeting, leader=leader, text="We agreed.")
        assert client.get(f"/admin/meetings/statement/{statement.pk}/delete/").status_code == 200
        assert client.get(f"/admin/meetings/leader/{leader.pk}/delete/").status_code == 403
        assert client.get(f"/admin/meetings/meeting/{meeting.pk}/delete/").status_code == 403
        area = CooperationArea.objects.first()
        assert client.get(f"/admin/meetings/cooperationarea/{area.pk}/delete/").status_code == 403
        assert client.get("/admin/meetings/country/JP/delete/").status_code in (403, 404)

    def test_does_not_manage_users(self, client, editor_user):
        client.force_login(editor_user)
        assert client.get("/admin/auth/user/").status_code == 403
        assert client.get("/admin/auth/group/").status_code == 403


class TestAChiefEditor:
    def test_also_deletes_leaders(self, client, chief_user):
        client.force_login(chief_user)
        leader = make_leader()
        client.post(f"/admin/meetings/leader/{leader.pk}/delete/", {"post": "yes"})
        assert not Leader.objects.filter(pk=leader.pk).exists()

    def test_does_not_manage_users(self, client, chief_user):
        client.force_login(chief_user)
        assert client.get("/admin/auth/user/").status_code == 403


def test_staff_without_the_role_cannot_publish(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("helper", "h@example.org", "pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["change_meeting", "view_meeting"]))
    client.force_login(user)
    meeting = make_meeting(participants=[make_leader(), make_leader(country_code="IN")])
    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    assert 'name="status"' not in page  # shown, not editable
    client.post("/admin/meetings/meeting/", {"action": "publish_selected", "_selected_action": [meeting.pk]})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
