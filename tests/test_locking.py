"""Optimistic locking (issue 13, point 3): two editors on one entry never silently undo each other's changes."""

import re

import pytest

from meetings.models import Leader, Meeting, Summit

from .factories import make_leader, make_published_meeting, make_summit

pytestmark = pytest.mark.django_db


def as_posted(client, url):
    """The change form as a browser would send it back untouched: every field's value, inlines included."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = str(value.pk if hasattr(value, "pk") else value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        data[management.add_prefix("TOTAL_FORMS")] = str(len(formset.initial_forms))  # no empty extra rows
        for form in formset.initial_forms:
            add(form)
    version = re.search(r'name="_edit_version" value="(\d+)"', response.content.decode())
    if version:  # change forms carry it; a history revert form does not (it restores a known version)
        data["_edit_version"] = version.group(1)
    return data


@pytest.fixture
def two_editors(client, editor, django_user_model):
    from django.test import Client

    other = django_user_model.objects.create_superuser("other", "other@example.org", "another-horse-battery")
    first, second = client, Client()
    first.force_login(editor)
    second.force_login(other)
    return first, second


def test_the_second_save_of_a_form_opened_before_the_first_is_refused_with_the_change_shown(two_editors):
    first, second = two_editors
    meeting = make_published_meeting("Talks in Delhi", summary="They met.")
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    one, two = as_posted(first, url), as_posted(second, url)
    one["title"] = "Talks in New Delhi"
    assert first.post(url, one).status_code == 302
    two["summary"] = "They met and agreed."
    refused = second.post(url, two)
    page = refused.content.decode()
    assert refused.status_code == 200 and "Someone else saved this meeting after you opened it" in page
    assert "title: “Talks in Delhi” → “Talks in New Delhi”" in page and "editor" in page
    meeting.refresh_from_db()
    assert (meeting.title, meeting.summary) == ("Talks in New Delhi", "They met.")  # nothing overwritten
    again = as_posted(second, url)  # opened again: the current version, saved
    again["summary"] = "They met and agreed."
    assert second.post(url, again).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.summary) == ("Talks in New Delhi", "They met and agreed.")


def test_every_save_counts_a_version_and_a_lone_editor_is_never_stopped(two_editors):
    first, _ = two_editors
    meeting = make_published_meeting("Talks")
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    for n in range(3):
        data = as_posted(first, url)
        data["summary"] = f"Version {n}"
        assert first.post(url, data).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).edit_version == meeting.edit_version + 3


@pytest.mark.parametrize("kind", ["leader", "summit"])
def test_leaders_and_summits_are_locked_too(two_editors, kind):
    first, second = two_editors
    obj = make_leader("Aiko Tanaka") if kind == "leader" else make_summit("Quay Summit 2031", series="other")
    url = f"/admin/meetings/{kind}/{obj.pk}/change/"
    one, two = as_posted(first, url), as_posted(second, url)
    one["name"] = one["name"] + " (corrected)"
    assert first.post(url, one).status_code == 302
    two["name"] = two["name"] + " (other)"
    refused = second.post(url, two)
    assert refused.status_code == 200 and "Someone else saved this" in refused.content.decode()
    model = Leader if kind == "leader" else Summit
    assert model.objects.get(pk=obj.pk).name.endswith("(corrected)")


def test_a_revert_from_the_history_is_not_taken_for_a_stale_form(two_editors):
    first, _ = two_editors
    meeting = make_published_meeting("Talks")
    meeting.title = "Talks, renamed"
    meeting.save()
    version = meeting.history.order_by("history_date").first()
    url = f"/admin/meetings/meeting/{meeting.pk}/history/{version.history_id}/"
    data = as_posted(first, url)
    assert first.post(url, data).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).title == "Talks"
