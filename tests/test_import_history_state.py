import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Max, Min

from meetings.importers.history_state import HistoryStateImport, met_with_items
from meetings.importers.names import Person, PersonIndex, name_tokens, split_title
from meetings.importers.summits import find_summit_series, normalise_series
from meetings.models import ImportedRecord, Leader, Meeting, Summit

SAMPLE = Path(__file__).parent / "data" / "history_state"
REAL_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "history-state"


def run_import(path=SAMPLE):
    return HistoryStateImport(path).run()


def meeting_of(dataset, record_id, part=""):
    return ImportedRecord.objects.get(dataset=dataset, record_id=record_id, part=part).meeting


def people(meeting):
    return [(p.leader.name, p.office, p.country.code, p.country_name) for p in meeting.participations.all()]


@pytest.fixture
def imported(db):
    return run_import()


class TestVisits:
    def test_two_visitors_in_one_record_meet_the_sitting_president(self, imported):
        meeting = meeting_of("hs-visits", "9101")
        assert people(meeting) == [
            ("Marek Przyklad", "President", "PL", ""),
            ("Jan Wzorowski", "Prime Minister", "PL", ""),
            ("William J. Clinton", "President", "US", ""),
        ]
        assert meeting.status == Meeting.Status.PUBLISHED
        assert meeting.kind == Meeting.Kind.WORKING_VISIT
        assert meeting.country.code == "US"
        assert meeting.date == datetime.date(1998, 6, 29)

    def test_renamed_country_keeps_the_name_used_at_the_time(self, imported):
        meeting = meeting_of("hs-visits", "9001")
        assert people(meeting)[0] == ("Anura Testasinghe", "Prime Minister", "LK", "Ceylon")
        assert people(meeting)[1][0] == "Dwight D. Eisenhower"
        assert meeting.kind == Meeting.Kind.OFFICIAL_VISIT

    def test_extinct_state_gets_its_iso_3166_3_code(self, imported):
        meeting = meeting_of("hs-visits", "9002")
        assert people(meeting)[0] == ("Ivan Primerov", "Chairman", "SUHH", "U.S.S.R.")
        assert meeting.kind == Meeting.Kind.STATE_VISIT
        assert meeting.end_date == datetime.date(1959, 9, 27)

    def test_vice_president_named_in_the_description_is_the_counterpart(self, imported):
        meeting = meeting_of("hs-visits", "9102")
        assert [name for name, *_ in people(meeting)] == ["Jan Wzorowski", "Al Gore"]
        assert meeting.participations.get(leader__name="Al Gore").office == "Vice President"

    def test_one_person_across_records(self, imported):
        assert Leader.objects.filter(name="Jan Wzorowski").count() == 1
        assert Leader.objects.get(name="Jan Wzorowski").meetings.count() == 2

    def test_unreadable_record_becomes_a_draft_with_the_reason(self, imported):
        meeting = meeting_of("hs-visits", "9105")
        assert meeting.status == Meeting.Status.DRAFT
        assert "unknown country" in meeting.review_reason
        assert "visitor not named" in meeting.review_reason
        assert meeting.participations.filter(leader__country__code="US").exists()

    def test_source_points_to_the_office_of_the_historian(self, imported):
        source = meeting_of("hs-visits", "9101").sources.get()
        assert source.publisher == "U.S. Department of State, Office of the Historian"
        assert source.url == "http://history.state.gov/departmenthistory/visits"
        assert "record 9101" in source.title

    def test_provenance_keeps_the_record_stamps(self, imported):
        origin = ImportedRecord.objects.get(dataset="hs-visits", record_id="9101")
        assert origin.record_created.year == 2010
        assert origin.record_modified.date() == datetime.date(2012, 1, 2)
        assert origin.created_meeting


class TestSummits:
    def test_a_summit_spelled_three_ways_is_one_edition(self, imported):
        g20 = Summit.objects.get(series="g20")
        assert g20.meetings.count() == 3
        assert g20.host_country.code == "US"
        assert g20.city == "Pittsburgh"
        assert (g20.start_date, g20.end_date) == (datetime.date(2009, 9, 25), datetime.date(2009, 9, 25))
        assert all(m.kind == Meeting.Kind.MULTILATERAL for m in g20.meetings.all())

    def test_trip_summit_is_held_in_the_trip_country(self, imported):
        nato = Summit.objects.get(series="nato")
        assert (nato.host_country.code, nato.city) == ("GB", "London")
        assert nato.meetings.get().participations.filter(leader__name="Olaf Musterkonge").exists()

    @pytest.mark.parametrize(
        "text, series",
        [
            ("Attended the G-20 Economic Summit in Pittsburgh, Pennsylvania.", "g20"),
            ("Attended the G20 Leaders’ Summit.", "g20"),
            ("Attended the G-8 Economic Summit.", "g8"),
            ("Attended Economic Summit Meeting in Houston, Texas.", "g7"),
            ("Attended the NATO Summit Meeting in Chicago, IL.", "nato"),
            ("Attended North Atlantic Alliance Summit conference.", "nato"),
            ("Attended the Nuclear Security Summit.", "nss"),
            ("Attended the APEC Leaders' Summit at San Francisco, CA.", "apec"),
            ("Met with President Bush at the U.N. General Assembly.", "unga"),
            ("Attended the G-8 Foreign Ministers’ Meeting.", None),
            ("Attended Middle East and North Africa Economic Summit Conference.", None),
            ("Attended the APEC Ministerial Meeting.", None),
            ("Working visit.", None),
        ],
    )
    def test_summit_vocabulary(self, text, series):
        assert find_summit_series(text) == series

    def test_g7_and_g8_follow_the_year(self):
        assert normalise_series("g7", datetime.date(1990, 7, 9)) == "g7"
        assert normalise_series("g7", datetime.date(2005, 7, 6)) == "g8"
        assert normalise_series("g8", datetime.date(2015, 6, 7)) == "g7"


class TestTravels:
    def test_a_remark_naming_three_counterparts_gives_three_meetings(self, imported):
        origins = ImportedRecord.objects.filter(dataset="hs-travels", record_id="9202")
        published = [o.meeting for o in origins if o.meeting.status == Meeting.Status.PUBLISHED]
        assert sorted(people(m)[0][0] for m in published) == ["Aino Esimerkki", "Matti Malli", "Pekka Kokeilu"]
        for meeting in published:
            assert people(meeting)[1][:3] == ("Barack Obama", "President", "US")
            assert (meeting.city, meeting.country.code) == ("Helsinki", "FI")

    def test_counterpart_named_only_by_office_is_a_draft(self, imported):
        drafts = [
            o.meeting
            for o in ImportedRecord.objects.filter(dataset="hs-travels", record_id="9202")
            if o.meeting.status == Meeting.Status.DRAFT
        ]
        assert len(drafts) == 1
        assert drafts[0].review_reason == "counterpart named only by office"
        assert "President of Estonia" in drafts[0].title

    def test_lone_surname_and_demonym(self, imported):
        meetings = [o.meeting for o in ImportedRecord.objects.filter(dataset="hs-travels", record_id="9301")]
        counterparts = {people(m)[0][:3] for m in meetings}
        assert counterparts == {("Matti Malli", "Prime Minister", "FI"), ("Karim Kokeellinen", "Prime Minister", "IQ")}
        assert Leader.objects.filter(name="Matti Malli").count() == 1
        assert not Leader.objects.filter(name="Malli").exists()
        assert all(people(m)[1][:2] == ("Samuel Sample Secretary", "Secretary of State") for m in meetings)

    def test_met_with_parsing(self):
        items = met_with_items(
            "Met with Prime Minister Leo Varadkar and President Michael D. Higgins. Attended a dinner."
        )
        assert items == ["Prime Minister Leo Varadkar", "President Michael D. Higgins"]
        assert met_with_items("Met with Foreign Minister Kinkel and delivered an address.") == [
            "Foreign Minister Kinkel"
        ]


class TestNames:
    def test_titles_and_names(self):
        assert split_title("Prime Minister Manmohan Singh") == ("Prime Minister", "Manmohan Singh")
        assert split_title("Prime Minster Adrian Example") == ("Prime Minister", "Adrian Example")
        assert split_title("King Kalakaua") == ("King", "Kalakaua")

    def test_name_order_accents_and_spelling_do_not_matter(self):
        assert set(name_tokens("Kishida Fumio")) == set(name_tokens("Fumio Kishida"))
        assert name_tokens("João Lourenço") == name_tokens("Joao Lourenco")
        assert set(name_tokens("Salman bin Abdulaziz al-Saud")) == set(name_tokens("Salman bin Abdel Aziz Al Saud"))

    def test_one_name_inside_another(self):
        assert Person.named("Ivan Duque", "CO", "").same_person_as(Person.named("Ivan Duque Marquez", "CO", ""))
        assert Person.named("Yahya Khan", "PK", "").same_person_as(Person.named("Agha Muhammad Yahya Khan", "PK", ""))
        father = Person.named("Hamad bin Isa al-Khalifa", "BH", "")
        assert not father.same_person_as(Person.named("Salman bin Hamad bin Isa al-Khalifa", "BH", ""))
        assert not Person.named("John Adams", "US", "").same_person_as(Person.named("Mary Adams Smith", "US", ""))

    def test_a_lone_surname_needs_one_person_near_the_date(self):
        index = PersonIndex()
        index.add(Person.named("Hafez Assad", "SY", "President", datetime.date(1973, 1, 1), datetime.date(1990, 1, 1)))
        index.add(Person.named("Bashar Assad", "SY", "President", datetime.date(2001, 1, 1), datetime.date(2010, 1, 1)))
        assert index.find("Assad", "SY", datetime.date(1985, 1, 1))[0].name == "Hafez Assad"
        assert index.find("Assad", "SY", datetime.date(2005, 1, 1))[0].name == "Bashar Assad"
        assert index.find("Assad", "SY", datetime.date(1940, 1, 1)) == (None, "")
        assert index.find("Assad", "IQ", datetime.date(1985, 1, 1)) == (None, "")

    def test_a_lone_surname_in_another_office_is_someone_else_sooner(self):
        index = PersonIndex()
        index.add(
            Person.named("Moussa Traore", "ML", "President", datetime.date(1968, 1, 1), datetime.date(1991, 3, 1))
        )
        assert index.find("Traore", "ML", datetime.date(1996, 10, 7), office="Foreign Minister") == (None, "")
        assert index.find("Traore", "ML", datetime.date(1996, 10, 7), office="President")[0].name == "Moussa Traore"
        assert index.find("Traore", "ML", datetime.date(1992, 1, 1), office="Foreign Minister")[0] is not None


@pytest.mark.django_db
class TestRunningAgain:
    def test_second_run_updates_and_never_duplicates(self):
        first = run_import()
        counts = (Meeting.objects.count(), Leader.objects.count(), Summit.objects.count())
        second = run_import()
        assert (Meeting.objects.count(), Leader.objects.count(), Summit.objects.count()) == counts
        assert second.meetings_created == 0
        assert second.meetings_updated == first.meetings_created
        assert second.leaders_created == 0 and second.summits_created == 0

    def test_an_editors_change_is_kept(self, editor):
        run_import()
        meeting = meeting_of("hs-visits", "9101")
        meeting.title = "Corrected by an editor"
        meeting.updated_by = editor
        meeting.save()
        run_import()
        assert Meeting.objects.get(pk=meeting.pk).title == "Corrected by an editor"

    def test_leaders_already_in_the_archive_are_reused(self):
        call_command("load_demo", verbosity=0)
        run_import()
        modi = Leader.objects.filter(name__contains="Modi")
        assert modi.count() == 1
        assert modi.get().slug == "narendra-modi"
        assert meeting_of("hs-visits", "9103").participations.filter(leader=modi.get()).exists()

    def test_command_prints_the_report_and_dry_run_writes_nothing(self):
        out = io.StringIO()
        call_command("import_history_state", str(SAMPLE), "--dry-run", "--no-progress", stdout=out)
        assert "Records read: 9 visits, 3 trip legs." in out.getvalue()
        assert "Dry run" in out.getvalue()
        assert not Meeting.objects.exists()
        out = io.StringIO()
        call_command("import_history_state", str(SAMPLE), "--no-progress", stdout=out)
        assert "Summits created: 2." in out.getvalue()
        assert Meeting.objects.exists()

    def test_missing_folder_is_a_clear_error(self, tmp_path):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="No visits/ or travels/"):
            call_command("import_history_state", str(tmp_path), "--no-progress")


@pytest.mark.django_db
@pytest.mark.skipif(not REAL_DATA.exists(), reason=f"the real datasets are not at {REAL_DATA}")
def test_real_datasets_meet_the_quality_bar():
    report = run_import(REAL_DATA)
    assert report.visits_read == 3264
    assert report.trips_read == 4271
    assert report.published_visits / report.visits_read >= 0.95
    assert report.published_counterparts / report.named_counterparts >= 0.95
    # One Summit per edition: no two editions of one series overlap in time.
    for series in ["g20", "g7", "g8", "nato", "apec", "nss"]:
        editions = list(Summit.objects.filter(series=series).order_by("start_date"))
        assert editions, series
        for earlier, later in zip(editions, editions[1:], strict=False):
            assert later.start_date > earlier.end_date, (series, earlier, later)
    assert Summit.objects.filter(series="nss").count() == 4
    # One name in one country is one leader, unless the records lie decades apart (Arturo Alessandri, 1934, and
    # his son Jorge, 1960, are both "President Alessandri"): then two people are the likelier reading.
    spans = {}
    for leader in Leader.objects.annotate(first=Min("meetings__date"), last=Max("meetings__date")):
        spans.setdefault((leader.country_id, leader.name), []).append((leader.first, leader.last))
    for (_, name), found in spans.items():
        found.sort()
        for (_, earlier_last), (later_first, _) in zip(found, found[1:], strict=False):
            assert (later_first - earlier_last).days > 365 * 20, name
