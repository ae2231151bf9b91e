"""Who is who, as the public and researchers see it: reference summit editions, a leader's offices and identifiers."""

import csv
import datetime
import io
import shutil
from pathlib import Path

import pytest

from meetings.importers.history_state import HistoryStateImport
from meetings.importers.names import Person, office_parts
from meetings.importers.summits import ReferenceEdition, read_reference_editions
from meetings.models import Country, ImportedRecord, Leader, LeaderIdentifier, Summit, Term
from meetings.summit_editions import load_summit_editions
from tests.factories import country, make_leader, make_meeting, make_published_meeting, make_summit, sitemap_text

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "data" / "history_state"


class TestReferenceEditions:
    def test_the_migration_loads_every_edition_of_the_table(self):
        table = read_reference_editions()
        assert len(table) > 400
        assert Summit.objects.count() >= len(table) - 5  # a few of the table's editions lie days apart
        g20 = Summit.objects.get(series="g20", start_date=datetime.date(2025, 11, 22))
        assert (g20.city, g20.host_country.code) == ("Johannesburg", "ZA")
        for series in ["americas", "us_africa", "eas", "asean", "us_asean", "osce", "cop", "pacific", "us_eu"]:
            assert Summit.objects.filter(series=series).exists(), series
        assert Summit.objects.filter(series="un_summit", start_date=datetime.date(2000, 9, 6)).exists()

    def test_an_edition_already_in_the_archive_is_kept_and_only_completed(self):
        Summit.objects.all().delete()
        mine = make_summit("My G20 page", series="g20", start=datetime.date(2025, 11, 21), city="", host_country=None)
        edition = ReferenceEdition(
            "g20", "G20 Summit, Johannesburg 2025", datetime.date(2025, 11, 22), datetime.date(2025, 11, 23),
            "Johannesburg", "ZA", True,
        )  # fmt: skip
        other = edition._replace(series="nato", name="NATO Summit, Brussels 2025", city="Brussels", host="BE")
        assert load_summit_editions(Summit, Country, [edition, other]) == 1
        mine.refresh_from_db()
        assert (mine.name, mine.city, mine.host_country.code) == ("My G20 page", "Johannesburg", "ZA")
        assert Summit.objects.get(series="nato").slug == "nato-brussels-2025"

    def test_an_edition_without_meetings_has_a_page_that_says_so(self, client):
        edition = Summit.objects.get(series="osce", start_date__year=1975)
        response = client.get(edition.get_absolute_url())
        assert response.status_code == 200
        assert "No meeting of this edition is in the archive yet." in response.content.decode()
        assert edition.get_absolute_url() in sitemap_text(client)

    def test_a_summit_known_only_from_drafts_stays_hidden(self, client):
        summit = make_summit("Secret summit", series="other")
        make_meeting(participants=[make_leader(), make_leader(country_code="IN")], summit=summit)
        assert client.get(summit.get_absolute_url()).status_code == 404
        assert client.get("/meetings/", {"summit": summit.slug}).status_code == 400
        assert summit.get_absolute_url() not in sitemap_text(client)


class TestLeaderPage:
    def test_offices_stated_and_attested_and_identifiers(self, client):
        leader = make_leader("Konrad Testauer", country_code="DE", office="Chancellor")
        Term.objects.create(
            leader=leader, office="Chancellor", country=country("DE"), start=datetime.date(1949, 1, 1),
            end=datetime.date(1963, 12, 31), source="Office of the Historian, person 1: “Chancellor, 1949–1963”",
        )  # fmt: skip
        LeaderIdentifier.objects.create(leader=leader, scheme="viaf", value="12345")
        LeaderIdentifier.objects.create(leader=leader, scheme="hsg-person", value="100118")
        meeting = make_published_meeting(participants=[leader, make_leader(country_code="US")])
        meeting.participations.filter(leader=leader).update(office="Foreign Minister")
        page = client.get(leader.get_absolute_url()).content.decode()
        assert "Chancellor, Germany · 1949–1963" in page
        assert "Foreign Minister, Germany · 2025" in page  # attested by the meeting
        assert 'href="https://viaf.org/viaf/12345"' in page
        assert "Office of the Historian person id 100118" in page

    def test_participants_export_carries_the_identifiers(self, client):
        leader = make_leader("Konrad Testauer", country_code="DE")
        LeaderIdentifier.objects.create(leader=leader, scheme="viaf", value="12345")
        LeaderIdentifier.objects.create(leader=leader, scheme="hsg-person", value="100118")
        make_published_meeting(participants=[leader, make_leader(country_code="US")])
        response = client.get("/meetings/export.csv", {"layout": "participants"})
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        mine = next(row for row in rows if row["leader"] == "Konrad Testauer")
        assert (mine["hsg_person_id"], mine["viaf_id"]) == ("100118", "12345")
        other = next(row for row in rows if row["leader"] != "Konrad Testauer")
        assert (other["hsg_person_id"], other["viaf_id"]) == ("", "")


class TestTerm:
    @pytest.mark.parametrize(
        ("start", "end", "precision", "years"),
        [
            (datetime.date(1949, 1, 1), datetime.date(1963, 12, 31), "year", "1949–1963"),
            (datetime.date(1970, 1, 1), None, "year", "from 1970"),
            (datetime.date(2009, 1, 20), datetime.date(2017, 1, 20), "day", "2009-01-20–2017-01-20"),
        ],
    )
    def test_years_are_shown_as_precisely_as_stated(self, start, end, precision, years):
        term = Term(office="President", start=start, end=end, start_precision=precision, end_precision=precision)
        assert term.years == years

    def test_a_year_covers_all_its_days(self):
        term = Term(office="Chancellor", start=datetime.date(1949, 1, 1), end=datetime.date(1963, 12, 31))
        assert term.covers(datetime.date(1963, 10, 20))
        assert not term.covers(datetime.date(1964, 1, 2))


class TestAuthorityFileInTheImport:
    """The sample authority file (tests/data/history_state/people/) read by the history import."""

    @pytest.fixture
    def imported(self, db):
        return HistoryStateImport(SAMPLE).run()

    def test_a_surname_on_the_visits_page_is_the_person_named_in_full(self, imported):
        oberbach = Leader.objects.get(name="Lorenz Oberbach")
        assert "Oberbach" in oberbach.alias_list
        # The visit of 1953 ("Chancellor Oberbach") and the trip of 1957 ("Met with Chancellor Oberbach") are one.
        records = set(
            ImportedRecord.objects.filter(meeting__participations__leader=oberbach).values_list("record_id", flat=True)
        )
        assert {"9005", "9006", "9320"} <= records
        assert set(oberbach.identifiers.values_list("scheme", "value")) == {
            ("hsg-person", "900003"), ("viaf", "999000003")
        }  # fmt: skip

    def test_terms_are_the_offices_stated_with_years(self, imported):
        terms = {(t.office, t.years, t.country.code if t.country else "") for t in Term.objects.filter(
            leader__name="Lorenz Oberbach"
        )}  # fmt: skip
        # "Chancellor from 1949" and "until 1963" fold into the stated 1949–1963; "head of the CDU" is no office.
        assert terms == {("Chancellor", "1949–1963", "DE"), ("Minister of Foreign Affairs", "from 1951", "DE")}

    def test_a_meeting_after_the_persons_death_is_held_for_review(self, imported):
        meeting = ImportedRecord.objects.get(dataset="hs-visits", record_id="9006").meeting
        assert meeting.status == "draft"
        assert meeting.review_reason == "“Lorenz Oberbach” had died (1967, authority file) before this date"

    def test_presidents_terms_come_from_the_presidents_files(self, imported):
        term = Term.objects.get(leader__name="Barack Obama")
        assert (term.start, term.end, term.start_precision) == (
            datetime.date(2009, 1, 20), datetime.date(2017, 1, 20), "day"
        )  # fmt: skip

    def test_without_the_authority_file_the_import_still_works(self, tmp_path):
        for part in ("visits", "travels"):
            shutil.copytree(SAMPLE / part, tmp_path / part)
        report = HistoryStateImport(tmp_path).run()
        assert report.meetings_created > 30
        assert not LeaderIdentifier.objects.exists()
        assert Leader.objects.filter(name="Oberbach").exists()
        reasons = {reason for name, _, _, reason in report.surnames if name == "Oberbach"}
        assert reasons == {"no authority file (people/) beside the records"}

    def test_a_second_run_changes_no_identifier_or_term(self, imported):
        before = sorted(Term.objects.values_list("pk", "leader", "office"))
        ids = sorted(LeaderIdentifier.objects.values_list("pk", "leader", "value"))
        HistoryStateImport(SAMPLE).run()
        assert sorted(Term.objects.values_list("pk", "leader", "office")) == before
        assert sorted(LeaderIdentifier.objects.values_list("pk", "leader", "value")) == ids


class TestContradictions:
    """A participation that contradicts what is known of the person: IdentityResolver.participation_problem."""

    def resolver(self):
        return HistoryStateImport(SAMPLE)

    def person(self, *terms):
        person = Person.named("Nadia Testova", "RU", "Foreign Minister")
        person.terms = list(terms)
        return person

    def test_an_office_the_other_records_give_before_and_after_is_the_rule(self):
        person = self.person()
        attested = {id(person): [(datetime.date(y, m, 1), office_parts("Foreign Minister")) for y, m in
                                 [(2010, 1), (2010, 6), (2011, 3), (2012, 5)]]}  # fmt: skip
        attested[id(person)].append((datetime.date(2011, 1, 1), office_parts("Prime Minister")))
        problem = self.resolver().participation_problem(person, "Prime Minister", datetime.date(2011, 1, 1), attested)
        assert problem.startswith("“Prime Minister” contradicts the office other records give “Nadia Testova”")
        # A change of office (attested before only) is no slip.
        later = self.resolver().participation_problem(person, "Prime Minister", datetime.date(2013, 1, 1), attested)
        assert later == ""

    def test_a_stated_term_of_another_office(self):
        term = Term(office="Prime Minister", start=datetime.date(1970, 1, 1), end=datetime.date(1977, 12, 31))
        resolver, person = self.resolver(), self.person(term)
        assert resolver.participation_problem(person, "President", datetime.date(1974, 5, 1), {}) == (
            "“President” contradicts the stated term “Prime Minister, 1970–1977”"
        )
        # The years of a term stated by years may hold a change of office: not at its ends.
        assert resolver.participation_problem(person, "President", datetime.date(1977, 5, 1), {}) == ""
        assert resolver.participation_problem(person, "former President", datetime.date(1974, 5, 1), {}) == ""
