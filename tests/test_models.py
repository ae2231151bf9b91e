import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from meetings.models import CooperationArea, Country, Leader, Meeting, Participation, Source, Statement, Summit

from .factories import country, make_area, make_leader, make_meeting, make_published_meeting, make_summit

pytestmark = pytest.mark.django_db


def integrity_error(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


class TestCountry:
    def test_every_iso_country_is_present_after_migrate(self):
        iso = Country.objects.filter(is_organisation=False, is_former=False, code__regex=r"^[A-Z]{2}$")
        assert iso.count() >= 249
        assert {"JP", "IN", "ZA", "US", "FR", "BR", "NZ", "VA"} <= set(iso.values_list("code", flat=True))
        assert country("JP").name == "Japan"
        assert "Japanese" in country("JP").alias_list
        assert "Japan's" in country("JP").alias_list

    def test_organisations_are_marked_and_cannot_clash_with_iso_codes(self):
        organisations = Country.objects.filter(is_organisation=True)
        assert {"XEU", "XUN", "XAU", "XASEAN", "XNATO"} <= set(organisations.values_list("code", flat=True))
        for org in organisations:
            assert org.code.startswith("X") and len(org.code) > 2
        # Australia keeps AU; the African Union is XAU.
        assert country("AU").name == "Australia"
        assert country("XAU").name == "African Union"

    def test_former_states_are_present(self):
        assert country("SUHH").is_former
        assert country("YUCS").is_former

    def test_code_is_stored_upper_case(self):
        created = Country.objects.create(code="qz", name="Test land")
        assert Country.objects.get(pk=created.pk).code == "QZ"
        assert created.get_absolute_url() == "/countries/qz/"

    def test_database_refuses_lower_case_code(self):
        integrity_error(lambda: Country.objects.bulk_create([Country(code="qy", name="Lower")]))

    def test_organisation_code_must_start_with_x(self):
        integrity_error(lambda: Country.objects.create(code="QW", name="Org", is_organisation=True))
        with pytest.raises(ValidationError) as error:
            Country(code="QW", name="Org", is_organisation=True).full_clean()
        assert "code" in error.value.message_dict

    def test_code_format_is_validated(self):
        with pytest.raises(ValidationError) as error:
            Country(code="J1", name="Bad").full_clean()
        assert "code" in error.value.message_dict


class TestLeader:
    def test_slug_is_made_from_name_and_unique(self):
        first = make_leader("Narendra Modi", country_code="IN")
        second = make_leader("Narendra Modi", country_code="IN")
        assert first.slug == "narendra-modi"
        assert second.slug == "narendra-modi-2"
        assert first.get_absolute_url() == "/leaders/narendra-modi/"

    def test_left_office_before_took_office_is_refused(self):
        leader = make_leader(took_office=datetime.date(2025, 10, 21))
        leader.left_office = datetime.date(2025, 1, 1)
        with pytest.raises(ValidationError) as error:
            leader.full_clean()
        assert "left_office" in error.value.message_dict
        integrity_error(leader.save)

    def test_wikidata_id_is_validated(self):
        leader = make_leader()
        for bad in ["1058", "Q", "Q01", "q1058", "Q10a"]:
            leader.wikidata_id = bad
            with pytest.raises(ValidationError):
                leader.full_clean()
        leader.wikidata_id = "Q1058"
        leader.full_clean()

    def test_wikidata_id_is_unique_but_may_be_empty_for_many(self):
        make_leader(wikidata_id="Q1058")
        make_leader(wikidata_id="")
        make_leader(wikidata_id="")
        integrity_error(lambda: make_leader(wikidata_id="Q1058"))

    def test_str_names_office_and_country(self):
        assert str(make_leader("Sanae Takaichi")) == "Sanae Takaichi (Prime Minister, Japan)"


class TestSummit:
    def test_end_before_start_is_refused_by_the_database(self):
        integrity_error(lambda: make_summit(start=datetime.date(2025, 11, 23), end=datetime.date(2025, 11, 22)))

    def test_end_before_start_gives_a_field_error(self):
        summit = Summit(
            name="G20",
            slug="g20",
            series="g20",
            start_date=datetime.date(2025, 11, 23),
            end_date=datetime.date(2025, 11, 22),
        )
        with pytest.raises(ValidationError) as error:
            summit.full_clean()
        assert "end_date" in error.value.message_dict

    def test_one_day_summit_is_fine(self):
        summit = make_summit(start=datetime.date(2024, 9, 21), end=datetime.date(2024, 9, 21))
        assert summit.get_absolute_url() == f"/summits/{summit.slug}/"


class TestCooperationArea:
    def test_two_levels_and_str(self):
        technology = make_area("Technology")
        ai = make_area("Artificial intelligence", parent=technology)
        assert str(ai) == "Technology › Artificial intelligence"
        assert list(technology.children.all()) == [ai]

    def test_third_level_is_refused(self):
        technology = make_area("Technology")
        ai = make_area("Artificial intelligence", parent=technology)
        with pytest.raises(ValidationError) as error:
            CooperationArea(name="Chips for AI", slug="chips-ai", parent=ai).full_clean()
        assert "parent" in error.value.message_dict

    def test_area_with_children_cannot_get_a_parent(self):
        technology = make_area("Technology")
        make_area("Artificial intelligence", parent=technology)
        technology.parent = make_area("Economy")
        with pytest.raises(ValidationError):
            technology.full_clean()


class TestMeetingValidation:
    def test_end_before_start_is_refused(self):
        meeting = make_meeting()
        meeting.end_date = meeting.date - datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as error:
            meeting.full_clean()
        assert "end_date" in error.value.message_dict
        integrity_error(meeting.save)

    def test_a_draft_may_be_incomplete(self):
        draft = Meeting.objects.create()
        assert draft.status == Meeting.Status.DRAFT
        assert draft.slug == ""
        assert str(draft).startswith("Untitled draft")
        Meeting.objects.create()  # two drafts without slugs do not clash

    def test_slug_from_title_and_unique(self):
        first = make_meeting("Takaichi and Modi meet")
        second = make_meeting("Takaichi and Modi meet")
        assert first.slug == "takaichi-and-modi-meet"
        assert second.slug == "takaichi-and-modi-meet-2"
        assert first.get_absolute_url() == "/meetings/takaichi-and-modi-meet/"

    def test_publishing_needs_two_participants(self):
        meeting = make_meeting(participants=[make_leader()], sources=1)
        with pytest.raises(ValidationError, match="at least two participants"):
            meeting.publish()
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.DRAFT

    def test_publishing_needs_a_source(self):
        meeting = make_meeting(participants=[make_leader(), make_leader(country_code="IN")])
        with pytest.raises(ValidationError, match="at least one source"):
            meeting.publish()
        assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT

    def test_publishing_needs_title_and_date(self):
        meeting = make_meeting("", date=None, participants=[make_leader(), make_leader()], sources=1)
        with pytest.raises(ValidationError) as error:
            meeting.publish()
        assert "needs a title" in str(error.value)
        assert "needs a date" in str(error.value)

    def test_complete_meeting_publishes_and_records_when(self):
        meeting = make_published_meeting()
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.PUBLISHED
        assert meeting.published_at is not None

    def test_database_refuses_published_without_title_or_date(self):
        integrity_error(lambda: Meeting.objects.bulk_create([Meeting(status="published", slug="x")]))

    def test_clean_gives_field_errors_when_published_without_title(self):
        meeting = Meeting(status=Meeting.Status.PUBLISHED)
        with pytest.raises(ValidationError) as error:
            meeting.full_clean()
        assert {"title", "date"} <= set(error.value.message_dict)

    def test_queryset_vocabulary(self):
        jp, india, za = make_leader(), make_leader(country_code="IN"), make_leader(country_code="ZA")
        technology = make_area("Technology")
        ai = make_area("AI", parent=technology)
        published = make_published_meeting(participants=[jp, india])
        published.areas.add(ai)
        draft = make_meeting(participants=[jp, za])
        assert list(Meeting.objects.published()) == [published]
        assert list(Meeting.objects.drafts()) == [draft]
        assert set(Meeting.objects.involving(country("JP"))) == {published, draft}
        assert list(Meeting.objects.involving(country("IN"))) == [published]
        assert list(Meeting.objects.on_topic(technology)) == [published]


class TestParticipation:
    def test_copies_country_and_office_from_the_leader(self):
        leader = make_leader("Sanae Takaichi", country_code="JP", office="Prime Minister")
        meeting = make_meeting()
        participation = Participation.objects.create(meeting=meeting, leader=leader)
        assert participation.country == country("JP")
        assert participation.office == "Prime Minister"

    def test_keeps_the_office_at_the_time_when_the_leader_changes(self):
        leader = make_leader("Fumio Kishida", office="Minister for Foreign Affairs")
        old_meeting = make_meeting(participants=[leader])
        leader.office = "Prime Minister"
        leader.save()
        new_meeting = make_meeting(participants=[leader])
        assert old_meeting.participations.get().office == "Minister for Foreign Affairs"
        assert new_meeting.participations.get().office == "Prime Minister"

    def test_given_office_and_country_name_are_kept(self):
        leader = make_leader("Someone", country_code="LK", office="President")
        participation = Participation.objects.create(
            meeting=make_meeting(), leader=leader, office="Prime Minister", country_name="Ceylon"
        )
        assert participation.office == "Prime Minister"
        assert participation.country_label == "Ceylon"

    def test_same_leader_twice_in_one_meeting_is_refused(self):
        leader = make_leader()
        meeting = make_meeting(participants=[leader])
        integrity_error(lambda: Participation.objects.create(meeting=meeting, leader=leader))


class TestProtectedDeletes:
    def test_leader_in_a_meeting_cannot_be_deleted(self):
        leader = make_leader()
        make_meeting(participants=[leader])
        with pytest.raises(ProtectedError):
            leader.delete()

    def test_country_in_use_cannot_be_deleted(self):
        leader = make_leader(country_code="IN")
        make_meeting(participants=[leader])
        leader_country = country("IN")
        with pytest.raises(ProtectedError):
            leader_country.delete()

    def test_a_country_used_only_as_a_place_or_as_the_country_represented_is_protected_too(self):
        # No leader belongs to these countries: only the meeting's place and a participation point at them.
        make_meeting(participants=[make_leader(country_code="JP")], country=country("ZA"))
        with pytest.raises(ProtectedError):
            country("ZA").delete()
        meeting = make_meeting(participants=[make_leader(country_code="RU")])
        meeting.participations.update(country=country("SUHH"), country_name="U.S.S.R.")
        with pytest.raises(ProtectedError):
            country("SUHH").delete()

    def test_summit_in_use_cannot_be_deleted(self):
        summit = make_summit()
        make_meeting(summit=summit)
        with pytest.raises(ProtectedError):
            summit.delete()

    def test_area_in_use_cannot_be_deleted(self):
        area = make_area()
        make_meeting(areas=[area])
        with pytest.raises(ProtectedError):
            area.delete()
        with pytest.raises(ProtectedError):
            CooperationArea.objects.filter(pk=area.pk).delete()

    def test_parent_area_cannot_be_deleted_while_it_has_children(self):
        parent = make_area()
        make_area(parent=parent)
        with pytest.raises(ProtectedError):
            parent.delete()

    def test_leader_quoted_in_a_statement_cannot_be_deleted(self):
        leader = make_leader()
        Statement.objects.create(meeting=make_meeting(), leader=leader, text="Said something.")
        with pytest.raises(ProtectedError):
            leader.delete()

    def test_deleting_a_meeting_removes_its_own_rows_only(self):
        leader = make_leader()
        area = make_area()
        meeting = make_meeting(participants=[leader], areas=[area], sources=2)
        Statement.objects.create(meeting=meeting, leader=leader, text="Said something.")
        meeting.delete()
        assert not Participation.objects.exists()
        assert not Source.objects.exists()
        assert not Statement.objects.exists()
        assert Leader.objects.filter(pk=leader.pk).exists()
        assert CooperationArea.objects.filter(pk=area.pk).exists()


class TestStatement:
    def test_source_must_belong_to_the_same_meeting(self):
        meeting, other = make_meeting(sources=1), make_meeting(sources=1)
        statement = Statement(meeting=meeting, text="x", source=other.sources.get())
        with pytest.raises(ValidationError) as error:
            statement.full_clean()
        assert "source" in error.value.message_dict
        Statement(meeting=meeting, text="x", source=meeting.sources.get()).full_clean()

    def test_joint_statement_has_no_leader(self):
        statement = Statement.objects.create(meeting=make_meeting(), text="Both agreed to stay in contact.")
        assert str(statement).startswith("Joint:")
