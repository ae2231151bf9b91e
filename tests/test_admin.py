import datetime

import pytest

from meetings.models import Leader, Meeting, Term

from .factories import (
    clear_vocabulary,
    country,
    make_area,
    make_leader,
    make_meeting,
    make_published_meeting,
    make_summit,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/meetings/meeting/add/"


def inline(prefix, rows, total_initial=0):
    """POST data for an admin inline formset."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(total_initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def meeting_form(*, participants=(), sources=(), statements=(), **fields):
    data = {
        "title": "Takaichi and Modi meet in Johannesburg",
        "slug": "takaichi-and-modi-meet-in-johannesburg",
        "date": "2025-11-23",
        "end_date": "",
        "kind": "bilateral",
        "status": "draft",
        "summit": "",
        "city": "Johannesburg",
        "country": str(country("ZA").pk),
        "summary": "First in-person meeting.",
        "report": "They agreed to deepen cooperation.",
    }
    data.update(fields)
    data.update(
        inline(
            "participations",
            [
                {"leader": str(leader.pk), "office": "", "country": "", "country_name": "", "order": str(n)}
                for n, leader in enumerate(participants)
            ],
        )
    )
    data.update(inline("sources", [{"publisher": p, "title": "", "url": "", "published_on": ""} for p in sources]))
    data.update(
        inline(
            "statements",
            [
                {"leader": str(leader.pk), "kind": "paraphrase", "order": "0", "text": text, "source": ""}
                for leader, text in statements
            ],
        )
    )
    data.update(inline("corrections", []))
    data.update(inline("imported_records", []))
    return data


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_editor_enters_and_publishes_the_seed_meeting(editor_client, editor):
    takaichi = make_leader("Sanae Takaichi", country_code="JP", office="Prime Minister")
    modi = make_leader("Narendra Modi", country_code="IN", office="Prime Minister")
    summit = make_summit("G20 Johannesburg Summit 2025", series="g20")
    ai, chips = make_area("Artificial intelligence"), make_area("Semiconductors")
    data = meeting_form(
        participants=[takaichi, modi],
        sources=["ANI"],
        statements=[(takaichi, "Backed the AI summit India hosts in February 2026.")],
        status="published",
        summit=str(summit.pk),
        topics=[str(ai.pk), str(chips.pk)],
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.published_at is not None
    assert meeting.created_by == editor and meeting.published_by == editor and meeting.updated_by == editor
    assert meeting.summit == summit
    assert set(meeting.areas.all()) == {ai, chips}
    assert [(p.leader, p.office, p.country.code) for p in meeting.participations.all()] == [
        (takaichi, "Prime Minister", "JP"),
        (modi, "Prime Minister", "IN"),
    ]
    assert meeting.statements.get().leader == takaichi
    assert meeting.sources.get().publisher == "ANI"
    assert editor_client.get(meeting.get_absolute_url()).status_code == 200


def test_publishing_with_one_participant_is_refused_and_nothing_is_saved(editor_client):
    data = meeting_form(participants=[make_leader()], sources=["ANI"], status="published")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "needs at least 2 participants" in response.content.decode()
    assert not Meeting.objects.exists()


def test_publishing_without_a_source_is_refused(editor_client):
    data = meeting_form(participants=[make_leader(), make_leader(country_code="IN")], status="published")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "needs at least 1 source" in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_incomplete_draft_can_be_saved(editor_client):
    response = editor_client.post(ADD_URL, meeting_form(title="", slug="", date=""))
    assert response.status_code == 302
    assert Meeting.objects.get().status == Meeting.Status.DRAFT


def test_end_before_start_is_a_field_error(editor_client):
    response = editor_client.post(ADD_URL, meeting_form(end_date="2025-11-22"))
    assert response.status_code == 200
    assert "end_date" in response.context["adminform"].form.errors
    assert not Meeting.objects.exists()


def test_a_failed_edit_leaves_the_stored_meeting_whole(editor_client):
    leaders = [make_leader(), make_leader(country_code="IN")]
    meeting = make_published_meeting("Stored title", participants=leaders)
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = meeting_form(title="Changed title", slug=meeting.slug, status="published")
    participation_ids = list(meeting.participations.values_list("pk", flat=True))
    # Remove one participant of two from a published meeting: refused, nothing written.
    data.update(
        inline(
            "participations",
            [
                {
                    "id": str(participation_ids[0]),
                    "meeting": str(meeting.pk),
                    "leader": str(leaders[0].pk),
                    "order": "0",
                    "DELETE": "on",
                },
                {
                    "id": str(participation_ids[1]),
                    "meeting": str(meeting.pk),
                    "leader": str(leaders[1].pk),
                    "order": "1",
                },
            ],
            total_initial=2,
        )
    )
    source = meeting.sources.get()
    data.update(inline("sources", [{"id": str(source.pk), "meeting": str(meeting.pk), "publisher": "P"}], 1))
    response = editor_client.post(url, data)
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.title == "Stored title"
    assert meeting.participations.count() == 2


def test_publish_action_reports_what_is_missing(editor_client):
    incomplete = make_meeting("Half-entered talks", participants=[make_leader()])
    complete = make_meeting("Complete talks", participants=[make_leader(), make_leader()], sources=1)
    response = editor_client.post(
        "/admin/meetings/meeting/",
        {"action": "publish_selected", "_selected_action": [incomplete.pk, complete.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "at least two participants" in html
    assert "at least one source" in html
    incomplete.refresh_from_db()
    complete.refresh_from_db()
    assert incomplete.status == Meeting.Status.DRAFT
    assert complete.status == Meeting.Status.PUBLISHED


def test_meeting_pages_of_the_admin_work(editor_client):
    meeting = make_published_meeting("Takaichi meets Modi", date=datetime.date(2025, 11, 23))
    changelist = editor_client.get("/admin/meetings/meeting/", {"q": "Takaichi", "status__exact": "published"})
    assert changelist.status_code == 200
    assert "Takaichi meets Modi" in changelist.content.decode()
    change = editor_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    assert change.status_code == 200
    html = change.content.decode()
    for fragment in [
        'name="participations-TOTAL_FORMS"',
        'name="statements-TOTAL_FORMS"',
        'name="sources-TOTAL_FORMS"',
        'name="topics"',
        "Cooperation areas",
    ]:
        assert fragment in html


def test_every_model_is_registered(editor_client):
    from django.apps import apps

    models = ["country", "leader", "summit", "cooperationarea", "meeting", "participation", "source", "statement"]
    for model in models:
        assert editor_client.get(f"/admin/meetings/{model}/").status_code == 200, model
        assert editor_client.get(f"/admin/meetings/{model}/add/").status_code == 200, model
    # The link tables and the former slugs are listed but read only: they are kept by the meeting's page.
    for model in apps.get_app_config("meetings").get_models():
        name = model._meta.model_name
        if name.startswith("historical"):
            continue  # the history of an entry is read from the entry's own "History" page
        if name in ("formsubmission", "archivestate", "meetingsearchindex", "exportline"):
            # Bookkeeping (add forms' tokens, the archive's version, the search index, the stored export lines): not
            # archive data.
            continue
        assert editor_client.get(f"/admin/meetings/{name}/").status_code == 200, name
    for model in ["meetingarea", "oldslug"]:
        assert editor_client.get(f"/admin/meetings/{model}/add/").status_code == 403, model


HUGE = str(2**63)


@pytest.mark.parametrize(
    "key, value",
    [
        ("summit", HUGE),
        ("summit", "abc"),
        ("country", HUGE),
        ("topics", HUGE),
        ("topics", "x"),
        ("participations-0-leader", HUGE),
        ("participations-0-country", HUGE),
        ("statements-0-leader", HUGE),
    ],
)
def test_an_impossible_id_is_a_field_error(editor_client, key, value):
    modi, takaichi = make_leader(country_code="IN"), make_leader()
    data = meeting_form(participants=[modi, takaichi], sources=["ANI"], statements=[(modi, "Said so.")])
    data[key] = value
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Please correct the error" in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_impossible_year_in_the_meeting_list_is_refused_politely(editor_client):
    response = editor_client.get("/admin/meetings/meeting/", {"date__year": "99999999999999999999"})
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


class TestPartsOfAPublishedMeeting:
    """Participations and sources on their own admin pages cannot take a meeting below the publishing rule."""

    def test_the_last_source_and_the_second_participant_stay(self, editor_client):
        meeting = make_published_meeting()
        source, participation = meeting.sources.get(), meeting.participations.first()
        assert editor_client.post(f"/admin/meetings/source/{source.pk}/delete/", {"post": "yes"}).status_code == 403
        response = editor_client.post(f"/admin/meetings/participation/{participation.pk}/delete/", {"post": "yes"})
        assert response.status_code == 403
        assert meeting.sources.count() == 1 and meeting.participations.count() == 2
        assert meeting.publishing_problems() == []

    def test_a_part_the_rule_can_spare_may_go(self, editor_client):
        meeting = make_published_meeting(participants=[make_leader(), make_leader(), make_leader()])
        participation = meeting.participations.last()
        response = editor_client.post(f"/admin/meetings/participation/{participation.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        assert meeting.participations.count() == 2
        draft = make_meeting(sources=1)
        source = draft.sources.get()
        assert editor_client.post(f"/admin/meetings/source/{source.pk}/delete/", {"post": "yes"}).status_code == 302

    def test_no_bulk_delete_and_no_moving_to_another_meeting(self, editor_client):
        meeting = make_published_meeting()
        for model in ["participation", "source"]:
            html = editor_client.get(f"/admin/meetings/{model}/").content.decode()
            assert "delete_selected" not in html, model
        source = meeting.sources.get()
        other = make_meeting()
        response = editor_client.post(
            f"/admin/meetings/source/{source.pk}/change/",
            {"meeting": str(other.pk), "publisher": "Renamed", "title": "", "url": "", "published_on": ""},
        )
        assert response.status_code == 302
        source.refresh_from_db()
        assert (source.meeting_id, source.publisher) == (meeting.pk, "Renamed")


def test_autocomplete_finds_leaders_and_areas(editor_client):
    make_leader("Narendra Modi", country_code="IN", aliases="Modi")
    clear_vocabulary()
    make_area("Semiconductors", keywords="chips")
    leaders = editor_client.get(
        "/admin/autocomplete/",
        {"term": "modi", "app_label": "meetings", "model_name": "participation", "field_name": "leader"},
    )
    assert [r["text"] for r in leaders.json()["results"]] == ["Narendra Modi (Prime Minister, India)"]
    areas = editor_client.get(
        "/admin/autocomplete/",
        {"term": "chips", "app_label": "meetings", "model_name": "meeting", "field_name": "areas"},
    )
    assert [r["text"] for r in areas.json()["results"]] == ["Semiconductors"]


def test_deleting_a_leader_in_use_is_refused_in_the_admin(editor_client):
    leader = make_leader()
    make_meeting(participants=[leader])
    response = editor_client.post(f"/admin/meetings/leader/{leader.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in response.content.decode()
    assert leader.__class__.objects.filter(pk=leader.pk).exists()


def test_work_list_of_drafts_that_need_review(editor_client):
    flagged = make_meeting("Unreadable record", review_reason="counterpart named only by office")
    make_meeting("Ordinary draft")
    response = editor_client.get("/admin/meetings/meeting/", {"needs_review": "yes"})
    html = response.content.decode()
    assert flagged.title in html and "counterpart named only by office" in html
    assert "Ordinary draft" not in html
    assert editor_client.get("/admin/meetings/importedrecord/").status_code == 200


def test_the_same_leader_twice_is_a_form_error_not_a_crash(editor_client):
    leader = make_leader()
    data = meeting_form(participants=[leader, leader], sources=["ANI"])
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "is already a participant of this meeting" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_taken_slug_is_a_field_error(editor_client):
    make_meeting("Takaichi and Modi meet in Johannesburg")
    response = editor_client.post(ADD_URL, meeting_form())
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert Meeting.objects.count() == 1


class TestMergingLeaders:
    """The same person entered twice (a misspelling in a record) becomes one leader, with nothing lost.

    The people here are fictional.
    """

    def test_merge_moves_everything_and_keeps_old_links(self, client, editor):
        from meetings.models import OldSlug, Statement

        kept = make_leader("Aino Virtanen", country_code="FI", office="President")
        typo = make_leader(
            "Virtane", country_code="FI", office="President", aliases="A. Virtane", wikidata_id="Q99999001"
        )
        other = make_leader("Juhani Example", country_code="US", office="President")
        first = make_published_meeting("Talks in Turku", participants=[typo, other])
        both = make_published_meeting("Both spellings", participants=[kept, typo, other])
        Statement.objects.create(meeting=first, leader=typo, text="Said so.")
        kept.merge([typo], user=editor)
        kept.refresh_from_db()
        assert set(kept.participations.values_list("meeting__title", flat=True)) == {"Talks in Turku", "Both spellings"}
        assert both.participations.count() == 2
        assert Statement.objects.get().leader == kept
        assert kept.aliases.splitlines() == ["Virtane", "A. Virtane"]
        assert kept.wikidata_id == "Q99999001"
        assert not Leader.objects.filter(name="Virtane").exists()
        assert OldSlug.objects.filter(model="leader", slug=typo.slug, object_id=kept.pk).exists()
        assert client.get(f"/leaders/{typo.slug}/")["Location"] == f"/leaders/{kept.slug}/"
        first.refresh_from_db()
        assert first.updated_by == editor  # an import run leaves it as the editor made it
        assert "Aino Virtanen" in first.search_text

    def test_two_wikidata_ids_are_two_people(self):
        from django.core.exceptions import ValidationError

        one = make_leader("Eleni Nikolaou", country_code="GR", wikidata_id="Q99999002")
        two = make_leader("Eleni Nikolaou", country_code="GR", wikidata_id="Q99999003")
        make_published_meeting(participants=[two, make_leader()])
        with pytest.raises(ValidationError, match="two people"):
            one.merge([two])
        assert Leader.objects.filter(pk=two.pk).exists() and two.participations.count() == 1

    def test_the_admin_action_asks_which_to_keep(self, editor_client):
        kept = make_leader("Paulo Exemplo", country_code="BR", office="President")
        typo = make_leader("Paulo Exempo", country_code="BR", office="President")
        make_published_meeting(participants=[typo, make_leader()])
        selected = {"action": "merge_selected", "_selected_action": [kept.pk, typo.pk]}
        page = editor_client.post("/admin/meetings/leader/", selected)
        assert page.status_code == 200
        html = page.content.decode()
        assert "Merge into the chosen leader" in html and "Paulo Exempo" in html
        response = editor_client.post("/admin/meetings/leader/", {**selected, "keep": str(kept.pk)}, follow=True)
        assert "Merged 1 leader(s) into Paulo Exemplo" in response.content.decode()
        assert list(Leader.objects.filter(country__code="BR").values_list("name", flat=True)) == [kept.name]
        assert kept.participations.count() == 1


def add_form_token(client, url=ADD_URL):
    """The token the add form carries (meetings/admin_submissions.py), as a browser would send it back."""
    import re

    return re.search(r'name="_submission" value="([0-9a-f-]{36})"', client.get(url).content.decode()).group(1)


def test_a_form_sent_twice_stores_one_meeting_with_one_clear_message(editor_client):
    data = meeting_form(participants=[make_leader(), make_leader(country_code="IN")])
    data["_submission"] = add_form_token(editor_client)
    first = editor_client.post(ADD_URL, data)
    second = editor_client.post(ADD_URL, {**data, "slug": "another-slug"}, follow=True)  # even with a new slug
    assert first.status_code == 302 and Meeting.objects.count() == 1
    page = second.content.decode()
    assert "was already saved (the form was sent twice)" in page
    assert "Another meeting already uses this slug" not in page and "was added successfully" not in page
    assert second.redirect_chain[-1][0].endswith(f"/meetings/meeting/{Meeting.objects.get().pk}/change/")


def test_dates_are_iso_8601_in_and_out_and_ambiguous_ones_refused(editor_client):
    page = editor_client.post(ADD_URL, meeting_form(end_date="2025-11-22")).content.decode()  # shown again
    assert 'value="2025-11-23"' in page
    page = editor_client.post(ADD_URL, meeting_form(date="05/06/2024")).content.decode()
    assert "Enter a valid date" in page and not Meeting.objects.exists()


def test_the_same_leader_twice_is_named_at_its_row(editor_client):
    modi = make_leader("Narendra Modi", country_code="IN")
    page = editor_client.post(ADD_URL, meeting_form(participants=[make_leader(), modi, modi])).content.decode()
    assert "Narendra Modi is already a participant of this meeting (row 2)." in page
    assert "Please correct the duplicate data" not in page and not Meeting.objects.exists()


def autocomplete(client, model, field, term):
    response = client.get(
        "/admin/autocomplete/", {"term": term, "app_label": "meetings", "model_name": model, "field_name": field}
    )
    return [r["text"] for r in response.json()["results"]]


def test_type_ahead_orders_countries_and_topics_as_people_expect(editor_client):
    assert autocomplete(editor_client, "participation", "country", "Russia")[0] == "Russia"
    clear_vocabulary()
    tech = make_area("Technology")
    make_area("Artificial intelligence", parent=tech, keywords="technology")
    make_area("Biotechnology")
    found = autocomplete(editor_client, "meeting", "areas", "techn")
    assert found.index("Technology") < found.index("Technology › Artificial intelligence")


def test_a_summit_gives_its_city_and_country_when_none_was_given(editor_client):
    summit = make_summit("G20 Johannesburg Summit 2025", series="g20", city="Johannesburg")
    data = meeting_form(participants=[make_leader(), make_leader(country_code="IN")], summit=str(summit.pk))
    data.update(city="", country="")
    assert editor_client.post(ADD_URL, data).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.city, meeting.country.code) == ("Johannesburg", "ZA")


def test_a_source_whose_publisher_is_unknown(editor_client):
    data = meeting_form(participants=[make_leader(), make_leader(country_code="IN")], sources=[""], status="published")
    data["sources-0-title"] = "An unsigned readout"
    assert editor_client.post(ADD_URL, data).status_code == 302
    assert str(Meeting.objects.get().sources.get()).startswith("publisher unknown")


def test_the_add_form_is_not_cluttered(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    assert 'name="review_reason"' not in page and "imported from (provenance)" not in page.lower()
    assert 'name="title"' in page and 'size="110"' in page


class TestWarnings:
    """Likely mistakes stop the save with a linked warning until the editor ticks "Save anyway"."""

    def test_a_likely_duplicate_meeting(self, editor_client):
        first, second = make_leader(), make_leader(country_code="IN")
        existing = make_published_meeting(
            "Already here", participants=[first, second], date=datetime.date(2025, 11, 22)
        )
        data = meeting_form(participants=[first, second])
        page = editor_client.post(ADD_URL, data).content.decode()
        assert "A meeting of the same participants within 3 days" in page
        assert f"/admin/meetings/meeting/{existing.pk}/change/" in page and Meeting.objects.count() == 1
        assert editor_client.post(ADD_URL, {**data, "save_anyway": "on"}).status_code == 302
        assert Meeting.objects.count() == 2

    def test_a_term_that_does_not_cover_the_date(self, editor_client):
        leader = make_leader("Bo Sample", country_code="SE")
        Term.objects.create(
            leader=leader, office="Prime Minister", country=country("SE"), start=datetime.date(2010, 1, 1),
            end=datetime.date(2014, 12, 31),
        )  # fmt: skip
        page = editor_client.post(ADD_URL, meeting_form(participants=[leader, make_leader()])).content.decode()
        assert "Bo Sample's known terms (Prime Minister 2010–2014) do not cover 2025-11-23." in page

    def test_a_summit_meeting_outside_the_summits_dates_or_place(self, editor_client):
        summit = make_summit("G20 Johannesburg Summit 2025", series="g20", city="Johannesburg")
        data = meeting_form(participants=[make_leader(), make_leader(country_code="IN")], summit=str(summit.pk))
        data.update(date="2025-12-20", city="Pretoria")
        page = editor_client.post(ADD_URL, data).content.decode()
        assert "is outside G20 Johannesburg Summit 2025" in page and "The city Pretoria is not" in page

    def test_a_statement_by_someone_who_did_not_take_part(self, editor_client):
        outsider = make_leader("Anil Outsider", country_code="IN")
        data = meeting_form(
            participants=[make_leader(), make_leader(country_code="AU")], statements=[(outsider, "Said something.")]
        )
        page = editor_client.post(ADD_URL, data).content.decode()
        assert "A statement is by Anil Outsider, who is not a participant." in page

    def test_a_likely_duplicate_leader_when_adding(self, editor_client):
        modi = make_leader("Narendra Modi", country_code="IN")
        data = {"name": "Narendra D. Modi", "slug": "narendra-d-modi", "country": str(country("IN").pk), "office": "",
                "took_office": "", "left_office": "", "aliases": "", "wikidata_id": ""}  # fmt: skip
        management = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}
        data.update({f"{p}-{k}": v for p in ("terms", "identifiers") for k, v in management.items()})
        page = editor_client.post("/admin/meetings/leader/add/", data).content.decode()
        assert "This may be a leader already in the archive" in page and f"/leader/{modi.pk}/change/" in page
        assert editor_client.post("/admin/meetings/leader/add/", {**data, "save_anyway": "on"}).status_code == 302


def test_the_list_shows_countries_and_last_editor_and_exports_the_selection(editor_client, editor):
    meeting = make_published_meeting(
        "Talks", participants=[make_leader(country_code="JP"), make_leader(country_code="IN")]
    )
    Meeting.objects.filter(pk=meeting.pk).update(updated_by=editor)
    page = editor_client.get("/admin/meetings/meeting/").content.decode()
    assert "IN, JP" in page and ">editor<" in page
    response = editor_client.post(
        "/admin/meetings/meeting/", {"action": "export_selected", "_selected_action": [meeting.pk]}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,permalink,date") and "Talks" in text


def test_the_report_is_previewed_as_the_page_shows_it(editor_client):
    meeting = make_published_meeting("Talks", participants=[make_leader(), make_leader(country_code="IN")])
    Meeting.objects.filter(pk=meeting.pk).update(report="They **agreed**.")
    page = editor_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    assert "<strong>agreed</strong>" in page


def test_a_topic_can_be_added_from_the_meeting_page(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    assert 'id="add_id_topics"' in page and "/admin/meetings/cooperationarea/add/" in page


def test_a_statement_cites_the_meetings_only_source_when_none_was_chosen(editor_client):
    takaichi = make_leader("Sanae Takaichi", country_code="JP")
    data = meeting_form(
        participants=[takaichi, make_leader(country_code="IN")], sources=["ANI"], statements=[(takaichi, "We agreed.")]
    )
    assert editor_client.post(ADD_URL, data).status_code == 302
    statement = Meeting.objects.get().statements.get()
    assert statement.source.publisher == "ANI"


def test_the_leader_type_ahead_tells_namesakes_apart_by_their_years(editor_client):
    uncle = make_leader("Konstantinos Karamanlis", country_code="GR", office="Prime Minister")
    nephew = make_leader("Konstantinos Karamanlis", country_code="GR", office="Prime Minister")
    make_published_meeting("Talks", participants=[uncle, make_leader()], date=datetime.date(1959, 5, 1))
    make_published_meeting("Talks later", participants=[nephew, make_leader()], date=datetime.date(2005, 5, 1))
    found = autocomplete(editor_client, "participation", "leader", "Karamanlis")
    assert sorted(found) == ["Konstantinos Karamanlis (Prime Minister, Greece, 1959)",
                             "Konstantinos Karamanlis (Prime Minister, Greece, 2005)"]  # fmt: skip


def test_the_reports_live_preview_is_rendered_and_sanitised(editor_client):
    from django.test import Client

    url = "/admin/meetings/meeting/markdown-preview/"
    html = editor_client.post(url, {"text": "They **agreed**. <script>alert(1)</script>"}).content.decode()
    assert "<strong>agreed</strong>" in html and "<script" not in html
    assert editor_client.get(url).status_code == 405
    assert Client().post(url, {"text": "x"}).status_code == 302  # to the login page
    assert 'data-preview-url="/admin/meetings/meeting/markdown-preview/"' in editor_client.get(ADD_URL).content.decode()
