"""Corrections from the public: a form on every published meeting, an editors' inbox, published corrections."""

import pytest
from django.core.cache import cache

from meetings.models import Correction, CorrectionRequest

from .factories import make_leader, make_meeting, make_published_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


@pytest.fixture
def meeting():
    return make_published_meeting("Talks in Johannesburg", participants=[make_leader(), make_leader(country_code="IN")])


def suggestion(**fields):
    return {"text": "The meeting was on 23 November, not 22.", "source_url": "", "email": "", "website": "", **fields}


def test_every_published_meeting_links_to_the_form(client, meeting):
    assert f"{meeting.get_absolute_url()}correct/" in client.get(meeting.get_absolute_url()).content.decode()
    assert client.get(f"{meeting.get_absolute_url()}correct/").status_code == 200


def test_a_suggestion_lands_in_the_inbox_and_changes_nothing(client, meeting):
    before = meeting.title
    response = client.post(f"{meeting.get_absolute_url()}correct/", suggestion(email="reader@example.org"))
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    request = CorrectionRequest.objects.get()
    assert (request.meeting, request.status, request.email) == (meeting, "new", "reader@example.org")
    meeting.refresh_from_db()
    assert meeting.title == before


def test_no_form_for_a_draft(client):
    draft = make_meeting(participants=[make_leader(), make_leader(country_code="IN")])
    assert client.get(f"/meetings/{draft.slug}/correct/").status_code == 404


def test_the_honeypot_drops_robots_quietly(client, meeting):
    response = client.post(f"{meeting.get_absolute_url()}correct/", suggestion(website="http://spam.example"))
    assert response.status_code == 200 and not CorrectionRequest.objects.exists()


def test_throttled_per_address(client, meeting):
    url = f"{meeting.get_absolute_url()}correct/"
    for _ in range(5):
        assert client.post(url, suggestion()).status_code == 200
    assert client.post(url, suggestion()).status_code == 429
    assert CorrectionRequest.objects.count() == 5
    assert client.post(url, suggestion(), REMOTE_ADDR="10.0.0.9").status_code == 200  # another address


def test_bad_input_is_a_field_error(client, meeting):
    url = f"{meeting.get_absolute_url()}correct/"
    page = client.post(url, suggestion(text="x", source_url="not a url", email="nope")).content.decode()
    assert "Please say in a sentence" in page and "Enter a valid URL" in page and "valid email" in page
    assert not CorrectionRequest.objects.exists()


def test_nothing_is_rendered_unescaped(client, meeting, editor):
    client.post(f"{meeting.get_absolute_url()}correct/", suggestion(text="<script>alert('x')</script> is wrong"))
    client.force_login(editor)
    request = CorrectionRequest.objects.get()
    page = client.get(f"/admin/meetings/correctionrequest/{request.pk}/change/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    inbox = client.get("/admin/meetings/correctionrequest/").content.decode()
    assert "<script>alert" not in inbox


def test_an_editor_answers_and_a_published_correction_shows_on_the_page(client, meeting, editor):
    client.post(f"{meeting.get_absolute_url()}correct/", suggestion())
    request = CorrectionRequest.objects.get()
    client.force_login(editor)
    client.post(
        f"/admin/meetings/correctionrequest/{request.pk}/change/",
        {"status": "accepted", "reply": "Thank you, corrected."},
    )
    request.refresh_from_db()
    assert (request.status, request.handled_by) == ("accepted", editor)
    Correction.objects.create(meeting=meeting, note="The date was 23 November, not 22.", request=request)
    client.logout()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Corrected on" in page and "The date was 23 November, not 22." in page
