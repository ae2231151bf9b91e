"""Who is who, as the public and researchers see it: reference summit editions, a leader's offices and identifiers."""

import csv
import datetime
import io

import pytest

from meetings.importers.summits import ReferenceEdition, read_reference_editions
from meetings.models import Country, LeaderIdentifier, Summit, Term
from meetings.summit_editions import load_summit_editions
from tests.factories import country, make_leader, make_meeting, make_published_meeting, make_summit

pytestmark = pytest.mark.django_db


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
        assert edition.get_absolute_url() in client.get("/sitemap.xml").content.decode()

    def test_a_summit_known_only_from_drafts_stays_hidden(self, client):
        summit = make_summit("Secret summit", series="other")
        make_meeting(participants=[make_leader(), make_leader(country_code="IN")], summit=summit)
        assert client.get(summit.get_absolute_url()).status_code == 404
        assert client.get("/meetings/", {"summit": summit.slug}).status_code == 400
        assert summit.get_absolute_url() not in client.get("/sitemap.xml").content.decode()


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
