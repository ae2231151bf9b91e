"""The editors' desk, finished: one object per add form however often it is sent, "Save anyway" in one click, a
statement's source chosen among sources typed into the same form, and the corrections' throttle shared by every
process (issue 11)."""

import re
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from meetings.models import CorrectionRequest, FormSubmission, Leader, Meeting

from .factories import country, make_leader, make_published_meeting
from .test_admin import ADD_URL, add_form_token, inline, meeting_form

LEADER_ADD = "/admin/meetings/leader/add/"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def leader_form(name="Aiko Tanaka", **fields):
    data = {"name": name, "slug": re.sub(r"\W+", "-", name.lower()), "country": str(country("JP").pk),
            "office": "", "took_office": "", "left_office": "", "aliases": "", "wikidata_id": ""}  # fmt: skip
    data.update(inline("terms", []))
    data.update(inline("identifiers", []))
    data.update(fields)
    return data


@pytest.mark.django_db
class TestOneObjectPerAddForm:
    def test_every_add_form_carries_a_fresh_token(self, editor_client):
        for url in (ADD_URL, LEADER_ADD, "/admin/meetings/summit/add/", "/admin/meetings/source/add/"):
            assert add_form_token(editor_client, url) != add_form_token(editor_client, url), url
        page = editor_client.get("/admin/meetings/leader/1/change/").content.decode()
        assert 'name="_submission"' not in page  # a change form needs none

    def test_a_leader_form_sent_twice_adds_one_leader(self, editor_client):
        data = leader_form(_submission=add_form_token(editor_client, LEADER_ADD))
        assert editor_client.post(LEADER_ADD, data).status_code == 302
        second = editor_client.post(LEADER_ADD, data, follow=True)
        assert Leader.objects.filter(name="Aiko Tanaka").count() == 1
        assert "was already saved (the form was sent twice)" in second.content.decode()

    def test_a_popup_sent_twice_answers_as_the_first_did(self, editor_client):
        data = leader_form(_submission=add_form_token(editor_client, LEADER_ADD), _popup="1", _to_field="id")
        first = editor_client.post(f"{LEADER_ADD}?_popup=1&_to_field=id", data)
        second = editor_client.post(f"{LEADER_ADD}?_popup=1&_to_field=id", data)
        leader = Leader.objects.get(name="Aiko Tanaka")
        assert first.status_code == second.status_code == 200
        # The opener selects the one leader.
        assert f"&quot;value&quot;: &quot;{leader.pk}&quot;" in second.content.decode()

    def test_a_refused_first_post_does_not_block_the_corrected_one(self, editor_client):
        token = add_form_token(editor_client)
        data = meeting_form(participants=[make_leader(), make_leader(country_code="IN")], _submission=token)
        assert editor_client.post(ADD_URL, {**data, "date": "not a date"}).status_code == 200
        page = editor_client.post(ADD_URL, {**data, "date": "not a date"}).content.decode()
        assert f'value="{token}"' in page  # the form shown again keeps its token
        assert editor_client.post(ADD_URL, data).status_code == 302 and Meeting.objects.count() == 1
        assert FormSubmission.objects.get(token=token).object_id == str(Meeting.objects.get().pk)

    def test_without_a_token_a_post_still_saves(self, editor_client):
        data = meeting_form(participants=[make_leader(), make_leader(country_code="IN")])
        assert editor_client.post(ADD_URL, {**data, "_submission": "not-a-uuid"}).status_code == 302

    def test_a_deleted_object_is_not_brought_back(self, editor_client):
        data = leader_form(_submission=add_form_token(editor_client, LEADER_ADD))
        editor_client.post(LEADER_ADD, data)
        Leader.objects.filter(name="Aiko Tanaka").delete()
        page = editor_client.post(LEADER_ADD, data, follow=True).content.decode()
        assert "already sent, and what it saved has since been deleted" in page
        assert not Leader.objects.filter(name="Aiko Tanaka").exists()


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_the_same_moment_store_one_meeting(editor):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; two posts at once are PostgreSQL's case")
    from meetings.countries import load_countries
    from meetings.models import Country

    load_countries(Country)
    data = meeting_form(participants=[make_leader(), make_leader(country_code="IN")])
    clients = [Client(), Client()]
    for each in clients:
        each.force_login(editor)
    data["_submission"] = add_form_token(clients[0])
    start = threading.Barrier(2)
    answers = []

    def post(each):
        start.wait()
        answers.append(each.post(ADD_URL, data))
        connection.close()

    threads = [threading.Thread(target=post, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(answer.status_code for answer in answers) == [302, 302]
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
class TestSaveAnyway:
    def test_no_button_without_warnings_and_one_click_with_them(self, editor_client):
        first, second = make_leader(), make_leader(country_code="IN")
        make_published_meeting("Already here", participants=[first, second])
        page = editor_client.get(ADD_URL).content.decode()
        assert 'class="form-row field-save_anyway"' in page  # hidden by admin.css while it holds no warning
        page = editor_client.post(ADD_URL, meeting_form(participants=[first, second])).content.decode()
        assert re.search(r'class="form-row errors field-save_anyway"', page)
        button = re.search(r'<button type="submit" name="(\w+)" value="(\w+)"[^>]*>Save anyway</button>', page)
        assert button and button.groups() == ("save_anyway", "on")
        clicked = {**meeting_form(participants=[first, second]), button.group(1): button.group(2)}
        assert editor_client.post(ADD_URL, clicked).status_code == 302 and Meeting.objects.count() == 2

    def test_the_leader_form_has_the_button_too(self, editor_client):
        make_leader("Narendra Modi", country_code="IN")
        page = editor_client.post(LEADER_ADD, leader_form("Narendra D. Modi", country=str(country("IN").pk)))
        assert ">Save anyway</button>" in page.content.decode() and "css/admin.css" in page.content.decode()


@pytest.mark.django_db
class TestStatementSourceBeforeTheFirstSave:
    def form(self, source, *, delete_second=False):
        speaker = make_leader("Sanae Takaichi")
        data = meeting_form(participants=[speaker, make_leader(country_code="IN")])
        data.update(
            inline(
                "sources",
                [
                    {"publisher": "NHK", "title": "First report", "url": "https://example.org/1", "published_on": ""},
                    {
                        "publisher": "MOFA",
                        "title": "Second report",
                        "url": "https://example.org/2",
                        "published_on": "",
                        **({"DELETE": "on"} if delete_second else {}),
                    },  # fmt: skip
                ],
            )
        )
        statement = {"leader": str(speaker.pk), "kind": "paraphrase", "order": "0", "text": "Said so."}
        statement["source"] = source
        data.update(inline("statements", [statement]))
        return data

    def test_a_statement_cites_the_second_source_typed_into_the_same_form(self, editor_client):
        assert editor_client.post(ADD_URL, self.form("new-1")).status_code == 302
        statement = Meeting.objects.get().statements.get()
        assert statement.source.title == "Second report"

    @pytest.mark.parametrize("value", ["new-7", "new-x", "new-", "new-99999999999999999999"])
    def test_a_row_that_is_not_there_is_a_field_error(self, editor_client, value):
        response = editor_client.post(ADD_URL, self.form(value))
        assert response.status_code == 200 and not Meeting.objects.exists()
        page = response.content.decode()
        assert "not among the sources of this form" in page or "Select a valid choice" in page

    def test_a_row_marked_for_deletion_is_refused(self, editor_client):
        page = editor_client.post(ADD_URL, self.form("new-1", delete_second=True)).content.decode()
        assert "not among the sources of this form" in page and not Meeting.objects.exists()
        assert 'data-value="new-1"' in page  # the choice is kept for the script to show again

    def test_a_saved_meeting_offers_its_sources_and_still_takes_new_rows(self, editor_client):
        editor_client.post(ADD_URL, self.form("new-0"))
        meeting = Meeting.objects.get()
        page = editor_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
        assert "First report" in page and "js/statement-sources.js" in page


@pytest.mark.django_db
class TestCorrectionsThrottle:
    @pytest.fixture
    def url(self):
        meeting = make_published_meeting("Talks", participants=[make_leader(), make_leader(country_code="IN")])
        return f"{meeting.get_absolute_url()}correct/"

    def post(self, client, url, **extra):
        return client.post(url, {"text": "The date is wrong by a day.", "website": ""}, **extra)

    def test_the_count_is_kept_in_the_database_not_one_process_memory(self, client, url):
        for _ in range(5):
            assert self.post(client, url).status_code == 200
            cache.clear()  # another process, or a restarted one, starts with an empty cache
        assert self.post(client, url).status_code == 429
        assert CorrectionRequest.objects.count() == 5
        stored = sorted(set(CorrectionRequest.objects.values_list("sender", flat=True)))
        assert len(stored) == 1 and "127.0.0.1" not in stored[0]  # a keyed hash, not the address

    def test_behind_a_proxy_each_client_counts_apart(self, client, url, settings):
        settings.BEHIND_PROXY = True
        for _ in range(5):
            self.post(client, url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
        # A client's forged first hop changes nothing: the proxy's own entry is the last one.
        forged = self.post(client, url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
        assert forged.status_code == 429
        other = self.post(client, url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert other.status_code == 200


@pytest.mark.django_db
class TestBulkWritesAreInTheHistory:
    def test_the_history_import_records_every_meeting_leader_summit_and_part(self):
        from meetings.models import Participation, Source, Summit

        from .test_import_history_state import run_import

        report = run_import()
        reason = "Import of the Office of the Historian's records"
        for model in (Meeting, Leader, Participation, Source):
            recorded = set(model.history.filter(history_change_reason=reason).values_list("id", flat=True))
            imported = set(model.objects.values_list("pk", flat=True))
            if model is Leader:
                imported = set(Leader.objects.filter(participations__isnull=False).values_list("pk", flat=True))
            assert imported and imported <= recorded, model
        assert Summit.history.filter(history_change_reason=reason).count() == report.summits_created
        meeting = Meeting.objects.filter(imported_records__isnull=False).first()
        assert meeting.history.get().history_type == "+"
        run_import()  # a re-run that changes nothing records nothing
        assert meeting.history.count() == 1

    def test_a_csv_upload_records_the_participants_it_changes_and_a_revert_brings_them_back(
        self, editor_client, editor
    ):
        from meetings.history import restore_parts
        from meetings.models import Participation

        from .test_upload import UPLOAD, as_file, exported

        first, second = make_leader(), make_leader(country_code="IN")
        third = make_leader("Ada Third", country_code="FR")
        meeting = make_published_meeting("Talks", participants=[first, second])
        before = {p.leader_id for p in meeting.participations.all()}
        rows = exported()
        rows[0].update(participant_names=f"{first.name}; {third.name}", participant_country_codes="JP; FR",
                       participant_offices="Premier; Prime Minister")  # fmt: skip
        page = editor_client.post(UPLOAD, {"file": as_file(rows), "preview": "1"}).content.decode()
        assert "1 changed" in page, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))[-3000:]
        token = editor_client.session["meeting_upload"]["token"]
        started = timezone.now()
        editor_client.post(UPLOAD, {"import": "1", "token": token})
        assert {p.leader.name for p in meeting.participations.all()} == {first.name, third.name}
        changes = Participation.history.filter(meeting_id=meeting.pk, history_date__gte=started)
        assert sorted(changes.values_list("history_type", flat=True)) == ["+", "-", "~"]
        assert {change.history_user for change in changes} == {editor}
        restore_parts(meeting, started)  # as it was just before the upload
        assert {p.leader_id for p in meeting.participations.all()} == before
