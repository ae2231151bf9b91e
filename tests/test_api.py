"""The researchers' JSON API (/api/v1/): endpoints, filters shared with the list page, errors, drafts, pages,
ETag, throttling, CORS and the OpenAPI schema."""

import datetime
import json
import re
from urllib.parse import quote

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from meetings.models import Leader, OldSlug, Source, Statement

from .factories import make_area, make_leader, make_meeting, make_published_meeting, make_summit
from .test_fuzz import query_strings, raw_bytes

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, path, params=None, **headers):
    return client.get(f"{API}{path}", params or {}, **headers)


def data(client, path, params=None, status=200, **headers):
    response = get(client, path, params, **headers)
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/json"
    return response.json()


def slugs(body):
    return [row["slug"] for row in body["results"]]


def every_row(client, path, params=None):
    """The results of every page of a list, following its `next` links."""
    rows, body = [], data(client, path, {"page_size": "100", **(params or {})})
    rows += body["results"]
    while body["next"]:
        body = client.get(body["next"]).json()
        rows += body["results"]
    return rows


@pytest.fixture
def archive():
    """Three published meetings between Japan, India and the United States, and a draft that must never show."""
    takaichi = make_leader("Sanae Takaichi", country_code="JP", aliases="Takaichi")
    modi = make_leader("Narendra Modi", country_code="IN")
    biden = make_leader("Joe Biden", country_code="US", office="President")
    hidden = make_leader("Hidden Person", country_code="FR")
    g20 = make_summit("G20 Johannesburg Summit 2025", series="g20")
    reference = make_summit("Reference Summit Without Meetings", series="g7", start=datetime.date(2026, 6, 1),
                            end=datetime.date(2026, 6, 2))  # fmt: skip
    secret_summit = make_summit("Secret Summit", series="other")
    trade = make_area("Trade Zeta")
    tariffs = make_area("Tariffs Zeta", parent=trade)
    first = make_published_meeting(
        "Takaichi and Modi talk trade",
        participants=[takaichi, modi],
        date=datetime.date(2025, 11, 23),
        summit=g20,
        city="Johannesburg",
        country=g20.host_country,
        areas=[tariffs],
        summary="They agreed to talk again.",
    )
    second = make_published_meeting(
        "Modi calls Biden", participants=[modi, biden], date=datetime.date(2024, 9, 21), kind="call", areas=[trade]
    )
    third = make_published_meeting(
        "Takaichi visits Biden", participants=[takaichi, biden], date=datetime.date(2023, 5, 20), kind="state_visit"
    )
    draft = make_meeting(
        "Secret talks on trade", participants=[hidden, modi], summit=secret_summit, areas=[tariffs], sources=1
    )
    return {
        "takaichi": takaichi, "modi": modi, "biden": biden, "hidden": hidden, "g20": g20, "reference": reference,
        "secret_summit": secret_summit, "trade": trade, "tariffs": tariffs, "first": first, "second": second,
        "third": third, "draft": draft,
    }  # fmt: skip


# --- Meetings ---------------------------------------------------------------------------------------------------


class TestMeetings:
    def test_the_list_holds_published_meetings_newest_first_with_what_a_row_needs(self, client, archive):
        body = data(client, "/meetings/")
        assert body["count"] == 3 and body["pages"] == 1 and body["page"] == 1
        assert slugs(body) == ["takaichi-and-modi-talk-trade", "modi-calls-biden", "takaichi-visits-biden"]
        row = body["results"][0]
        assert row["id"] == archive["first"].pk and row["date"] == "2025-11-23" and row["kind"] == "bilateral"
        assert [(p["leader"]["name"], p["country"]["code"], p["office"]) for p in row["participants"]] == [
            ("Sanae Takaichi", "JP", "Prime Minister"),
            ("Narendra Modi", "IN", "Prime Minister"),
        ]
        assert row["participants"][0]["leader"]["url"] == "http://testserver/api/v1/leaders/sanae-takaichi/"
        assert row["summit"] == {"slug": archive["g20"].slug, "name": "G20 Johannesburg Summit 2025", "series": "g20"}
        assert row["place"]["city"] == "Johannesburg" and row["place"]["country"]["code"] == "ZA"
        assert row["place"]["label"] == "Johannesburg, South Africa"
        assert row["topics"] == [{"slug": "tariffs-zeta", "name": "Tariffs Zeta", "parent": "trade-zeta"}]
        assert row["url"] == "http://testserver/api/v1/meetings/takaichi-and-modi-talk-trade/"
        assert row["permalink"] == "http://testserver/meetings/takaichi-and-modi-talk-trade/"

    def test_one_meeting_has_participants_topics_summit_place_statements_sources_and_permalink(self, client, archive):
        meeting = archive["first"]
        source = Source.objects.get(meeting=meeting)
        Source.objects.filter(pk=source.pk).update(title="Leaders meet", url="https://example.org/report")
        Statement.objects.create(meeting=meeting, leader=archive["modi"], text="A good talk.", kind="quote",
                                 source=source)  # fmt: skip
        Statement.objects.create(meeting=meeting, text="Both sides will meet again.")
        body = data(client, f"/meetings/{meeting.slug}/")
        assert body["title"] == "Takaichi and Modi talk trade" and body["summary"] == "They agreed to talk again."
        assert [p["leader"]["slug"] for p in body["participants"]] == ["sanae-takaichi", "narendra-modi"]
        assert body["topics"][0]["slug"] == "tariffs-zeta" and body["summit"]["series"] == "g20"
        assert body["place"]["country_name"] == "South Africa"
        assert body["statements"] == [
            {"leader": {"slug": "narendra-modi", "name": "Narendra Modi"}, "kind": "quote", "text": "A good talk.",
             "source": source.pk},
            {"leader": None, "kind": "paraphrase", "text": "Both sides will meet again.", "source": None},
        ]  # fmt: skip
        assert body["sources"] == [
            {"id": source.pk, "publisher": "Publisher 1", "title": "Leaders meet", "url": "https://example.org/report",
             "published_on": None},
        ]  # fmt: skip
        assert body["permalink"] == f"http://testserver/meetings/{meeting.slug}/"
        assert body["published_at"] and "report_html" in body

    def test_a_draft_is_a_404_and_a_former_slug_redirects(self, client, archive):
        draft = archive["draft"]
        assert data(client, f"/meetings/{draft.slug}/", status=404)["detail"]
        assert data(client, "/meetings/never-was/", status=404)["detail"]
        meeting = archive["third"]
        OldSlug.objects.create(model="meeting", slug="old-visit-name", object_id=meeting.pk)
        response = get(client, "/meetings/old-visit-name/")
        assert response.status_code == 301 and response["Location"] == f"{API}/meetings/{meeting.slug}/"
        OldSlug.objects.create(model="meeting", slug="old-draft-name", object_id=draft.pk)
        assert get(client, "/meetings/old-draft-name/").status_code == 404

    def test_the_number_of_queries_does_not_grow_with_the_rows(self, client, archive):
        from django.db import connection

        def queries():
            with CaptureQueriesContext(connection) as context:
                assert get(client, "/meetings/", {"page_size": 100}).status_code == 200
            return len(context)

        few = queries()
        for n in range(6):
            make_published_meeting(f"Another meeting {n}", areas=[archive["trade"]])
        assert queries() == few


FILTER_SETS = [
    {},
    {"country": "jp"},
    {"country": ["jp", "in"]},
    {"country": "JP,us"},
    {"country": "Japan"},
    {"leader": "narendra-modi"},
    {"leader": ["narendra-modi", "joe-biden"]},
    {"topic": "trade-zeta"},
    {"topic": "tariffs-zeta"},
    {"kind": "call"},
    {"year": "2024"},
    {"date_from": "2024-01-01", "date_to": "2025-12-31"},
    {"series": "g20"},
    {"q": "Biden"},
    {"q": "trade", "sort": "oldest"},
    {"sort": "oldest"},
]


class TestFiltersAgreeWithTheListPage:
    @pytest.mark.parametrize("params", FILTER_SETS)
    def test_the_same_meetings_as_the_list_page_and_the_export(self, client, archive, params):
        api_ids = [row["id"] for row in data(client, "/meetings/", params)["results"]]
        page = client.get("/meetings/", params)
        assert page.status_code == 200
        list_ids = [meeting.pk for meeting in page.context["page"].object_list]
        export = client.get("/meetings/export.json", params)
        export_ids = [row["id"] for row in json.loads(b"".join(export.streaming_content))]
        assert api_ids == list_ids == export_ids
        assert archive["draft"].pk not in api_ids

    def test_the_summit_filter_and_its_meetings_link(self, client, archive):
        summits = {row["slug"]: row for row in every_row(client, "/summits/", {"series": "g20"})}
        assert {row["series"] for row in summits.values()} == {"g20"} and archive["g20"].slug in summits
        body = client.get(summits[archive["g20"].slug]["meetings"]).json()
        assert slugs(body) == ["takaichi-and-modi-talk-trade"]

    def test_a_former_leader_slug_is_read_as_the_current_one(self, client, archive):
        OldSlug.objects.create(model="leader", slug="joseph-biden", object_id=archive["biden"].pk)
        body = data(client, "/meetings/", {"leader": "joseph-biden"})
        assert slugs(body) == ["modi-calls-biden", "takaichi-visits-biden"]


class TestBadValues:
    @pytest.mark.parametrize(
        "params, name, message",
        [
            ({"country": "zz"}, "country", "There is no country with the name or code “ZZ”."),
            ({"date_from": "yesterday"}, "date_from", "Enter a valid date."),
            ({"country": ",".join(["jp", "in", "us", "fr", "de", "gb", "it", "ca", "br", "za", "cn"])}, "country",
             "At most 10 countries at a time (this address gives 11)."),
            ({"year": str(2**63)}, "year", ""),
            ({"leader": "nobody-known"}, "leader", "There is no leader “nobody-known”."),
            ({"kind": "picnic"}, "kind", "picnic"),
            ({"topic": ["t"] * 21}, "topic", "At most 20 topics"),
            ({"contry": "jp"}, "contry", "Unknown parameter"),
            ({"page": "abc"}, "page", "“abc” is not a whole number from 1 to"),
            ({"page": "0"}, "page", "from 1 to"),
            ({"page_size": "1000"}, "page_size", "from 1 to 100"),
        ],
    )  # fmt: skip
    def test_a_bad_value_is_a_400_that_names_it(self, client, archive, params, name, message):
        body = data(client, "/meetings/", params, status=400)
        assert list(body["errors"]) == [name]
        assert message in " ".join(body["errors"][name]) and body["detail"].startswith("Bad parameter: ")
        assert name in body["detail"]

    def test_the_list_page_refuses_the_same_values(self, client, archive):
        for params in ({"country": "zz"}, {"date_from": "yesterday"}, {"year": str(2**63)}, {"kind": "picnic"}):
            assert client.get("/meetings/", params).status_code == 400
            assert get(client, "/meetings/", params).status_code == 400

    def test_a_name_known_only_from_a_draft_is_answered_as_an_unknown_one(self, client, archive):
        hidden = data(client, "/meetings/", {"leader": "Hidden Person"}, status=400)
        unknown = data(client, "/meetings/", {"leader": "Nobody Known"}, status=400)
        assert hidden["errors"]["leader"] == ["There is no leader “Hidden Person”."]
        assert json.dumps(hidden).replace("Hidden Person", "X") == json.dumps(unknown).replace("Nobody Known", "X")
        assert data(client, "/meetings/", {"summit": archive["secret_summit"].slug}, status=400)["errors"]["summit"]

    def test_a_page_past_the_end_is_a_404(self, client, archive):
        assert data(client, "/meetings/", {"page": "2"}, status=404)["detail"] == (
            "There is no page 2: the results have 1."
        )
        assert get(client, "/meetings/", {"page": str(10**30)}).status_code == 400

    def test_writing_is_not_allowed(self, client, archive):
        response = client.post(f"{API}/meetings/", {}, content_type="application/json")
        assert response.status_code == 405 and response.json()["detail"]

    def test_a_database_that_does_not_answer_is_a_json_503(self, archive, monkeypatch):
        def refused(*args, **kwargs):
            raise OperationalError("connection failed: server closed the connection unexpectedly")

        monkeypatch.setattr("meetings.api.views.years_of", refused)
        response = Client(raise_request_exception=False).get(f"{API}/countries/jp/")
        assert response.status_code == 503 and response["Retry-After"] == "30"
        assert "try again" in response.json()["detail"]


# --- Pages ------------------------------------------------------------------------------------------------------


class TestPagination:
    def test_links_in_the_body_and_the_link_header_keep_the_filters(self, client, archive):
        first = get(client, "/meetings/", {"country": "us", "page_size": "1"})
        body = first.json()
        assert body["count"] == 2 and body["pages"] == 2 and body["page_size"] == 1 and body["previous"] is None
        assert body["next"] == "http://testserver/api/v1/meetings/?country=us&page=2&page_size=1"
        assert body["first"] == "http://testserver/api/v1/meetings/?country=us&page_size=1"
        assert body["last"] == body["next"]
        links = {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', first["Link"])}
        assert links == {"first": body["first"], "next": body["next"], "last": body["last"]}
        second = client.get(body["next"])
        following = second.json()
        assert slugs(following) == ["takaichi-visits-biden"] and following["next"] is None
        assert following["previous"] == body["first"]
        links = {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', second["Link"])}
        assert links == {"first": body["first"], "prev": body["first"], "last": body["last"]}

    def test_the_pages_together_hold_every_meeting_once(self, client, archive):
        for n in range(7):
            make_published_meeting(f"Meeting number {n}", date=datetime.date(2020, 1, 1 + n))
        seen, url = [], f"{API}/meetings/?page_size=3"
        while url:
            body = client.get(url).json()
            seen += slugs(body)
            url = body["next"]
        assert len(seen) == len(set(seen)) == 10

    def test_every_list_is_paginated(self, client, archive):
        for path in ["/leaders/", "/countries/", "/summits/", "/topics/", "/countries/in/partners/",
                     "/countries/jp/in/meetings/"]:  # fmt: skip
            body = data(client, path, {"page_size": "1"})
            assert len(body["results"]) == 1 and body["count"] >= 1, path
            assert 'rel="first"' in get(client, path, {"page_size": "1"})["Link"]


# --- Leaders, countries, summits, topics, facets ---------------------------------------------------------------------


class TestLeaders:
    def test_only_leaders_of_published_meetings_with_their_counts(self, client, archive):
        body = data(client, "/leaders/")
        rows = {row["slug"]: row for row in body["results"]}
        assert list(rows) == ["joe-biden", "narendra-modi", "sanae-takaichi"] and body["count"] == 3
        assert rows["narendra-modi"]["meeting_count"] == 2  # the draft does not count
        assert rows["joe-biden"]["country"] == {"code": "US", "name": "United States"}
        assert rows["joe-biden"]["meetings"] == "http://testserver/api/v1/meetings/?leader=joe-biden"

    def test_name_and_country_filters(self, client, archive):
        assert slugs(data(client, "/leaders/", {"q": "takaichi"})) == ["sanae-takaichi"]
        assert slugs(data(client, "/leaders/", {"country": "in"})) == ["narendra-modi"]
        assert slugs(data(client, "/leaders/", {"q": "Hidden"})) == []
        assert data(client, "/leaders/", {"country": "zz"}, status=400)["errors"]["country"]
        assert data(client, "/leaders/", {"q": "x" * 101}, status=400)["errors"]["q"]

    def test_names_in_other_scripts_and_without_accents_find_a_leader(self, client, archive):
        Leader.objects.filter(slug="narendra-modi").update(aliases="नरेन्द्र मोदी")
        Leader.objects.filter(slug="joe-biden").update(aliases="Jóe Bîden")
        assert slugs(data(client, "/leaders/", {"q": "मोदी"})) == ["narendra-modi"]
        assert slugs(data(client, "/leaders/", {"q": "JOE BIDEN"})) == ["joe-biden"]
        assert slugs(data(client, "/leaders/", {"q": "joe bîden"})) == ["joe-biden"]

    def test_one_leader(self, client, archive):
        body = data(client, "/leaders/sanae-takaichi/")
        assert body["name"] == "Sanae Takaichi" and body["meeting_count"] == 2 and body["aliases"] == ["Takaichi"]
        assert body["offices"] == [
            {"office": "Prime Minister", "country": {"code": "JP", "name": "Japan"}, "years": "2023–2025",
             "how": "attested"},
        ]  # fmt: skip
        assert body["identifiers"] == [] and body["permalink"] == "http://testserver/leaders/sanae-takaichi/"

    def test_a_leader_known_only_from_a_draft_does_not_exist(self, client, archive):
        hidden = archive["hidden"]
        OldSlug.objects.create(model="leader", slug="former-hidden", object_id=hidden.pk)
        assert get(client, f"/leaders/{hidden.slug}/").status_code == 404
        assert get(client, "/leaders/former-hidden/").status_code == 404
        OldSlug.objects.create(model="leader", slug="former-modi", object_id=archive["modi"].pk)
        response = get(client, "/leaders/former-modi/")
        assert response.status_code == 301 and response["Location"] == f"{API}/leaders/narendra-modi/"


class TestCountries:
    def test_every_country_with_its_published_meetings(self, client, archive):
        assert data(client, "/countries/")["count"] > 200
        rows = {row["code"]: row for row in every_row(client, "/countries/")}
        assert (
            rows["JP"]["meeting_count"] == 2 and rows["IN"]["meeting_count"] == 2 and rows["US"]["meeting_count"] == 2
        )
        assert rows["FR"]["meeting_count"] == 0  # only in the draft
        assert rows["JP"]["url"] == "http://testserver/api/v1/countries/jp/"
        assert rows["JP"]["meetings"] == "http://testserver/api/v1/meetings/?country=jp"

    def test_one_country_in_any_case(self, client, archive):
        body = data(client, "/countries/JP/")
        assert body == data(client, "/countries/jp/")
        assert body["name"] == "Japan" and body["meeting_count"] == 2
        assert body["years"] == [{"year": 2023, "count": 1}, {"year": 2025, "count": 1}]
        assert body["partners"] == "http://testserver/api/v1/countries/jp/partners/"
        assert data(client, "/countries/zz/", status=404)["detail"] == "There is no country with the code “zz”."

    def test_partners_with_meeting_counts(self, client, archive):
        body = data(client, "/countries/in/partners/")
        assert body["results"] == [
            {"country": {"code": "JP", "name": "Japan"}, "meeting_count": 1,
             "meetings": "http://testserver/api/v1/countries/in/jp/meetings/"},
            {"country": {"code": "US", "name": "United States"}, "meeting_count": 1,
             "meetings": "http://testserver/api/v1/countries/in/us/meetings/"},
        ]  # fmt: skip
        assert [row["country"]["code"] for row in data(client, "/countries/fr/partners/")["results"]] == []

    def test_a_pairs_meetings(self, client, archive):
        body = data(client, "/countries/us/jp/meetings/")
        assert slugs(body) == ["takaichi-visits-biden"]
        same = data(client, "/meetings/", {"country": ["us", "jp"]})
        assert body["results"] == same["results"]
        assert slugs(data(client, "/countries/fr/in/meetings/")) == []  # the draft's pair
        assert data(client, "/countries/jp/JP/meetings/", status=400)["errors"]["other"]
        assert get(client, "/countries/jp/zz/meetings/").status_code == 404


class TestSummitsAndTopics:
    def test_public_summits_only_with_counts(self, client, archive):
        rows = {row["slug"]: row for row in every_row(client, "/summits/")}
        assert archive["secret_summit"].slug not in rows
        assert rows[archive["g20"].slug]["meeting_count"] == 1 and rows[archive["g20"].slug]["series_label"] == "G20"
        assert rows[archive["reference"].slug]["meeting_count"] == 0  # a reference edition without meetings yet
        assert rows[archive["g20"].slug]["host_country"] == {"code": "ZA", "name": "South Africa"}
        assert data(client, "/summits/", {"series": "g99"}, status=400)["errors"]["series"]

    def test_topic_counts_include_sub_topics_as_the_filter_does(self, client, archive):
        rows = {row["slug"]: row for row in every_row(client, "/topics/")}
        assert rows["trade-zeta"]["meeting_count"] == 2 and rows["trade-zeta"]["parent"] is None
        assert rows["tariffs-zeta"]["meeting_count"] == 1 and rows["tariffs-zeta"]["parent"] == "trade-zeta"
        for slug in ("trade-zeta", "tariffs-zeta"):
            assert client.get(rows[slug]["meetings"]).json()["count"] == rows[slug]["meeting_count"]


class TestFacets:
    def test_counts_of_a_filter_set(self, client, archive):
        body = data(client, "/facets/", {"country": "in"})
        assert body["count"] == 2
        assert body["countries"] == [
            {"code": "IN", "name": "India", "count": 2},
            {"code": "JP", "name": "Japan", "count": 1},
            {"code": "US", "name": "United States", "count": 1},
        ]
        assert sorted(body["kinds"], key=lambda row: row["kind"]) == [
            {"kind": "bilateral", "label": "Bilateral talks", "count": 1},
            {"kind": "call", "label": "Phone or video call", "count": 1},
        ]
        assert body["years"] == [{"year": 2024, "count": 1}, {"year": 2025, "count": 1}]
        assert body["summits"] == [{"slug": archive["g20"].slug, "name": "G20 Johannesburg Summit 2025", "count": 1}]
        assert {"slug": "tariffs-zeta", "name": "Tariffs Zeta", "count": 1} in body["topics"]

    def test_the_same_counts_as_the_list_page(self, client, archive):
        for params in FILTER_SETS:
            page = client.get("/meetings/", params)
            body = data(client, "/facets/", params)
            assert body["count"] == page.context["count"], params
            listed = {value.value.upper(): value.count for value in page.context["facets"]["Countries"]}
            assert {row["code"]: row["count"] for row in body["countries"]} == listed, params

    def test_limit_and_bad_values(self, client, archive):
        assert len(data(client, "/facets/", {"limit": "1"})["countries"]) == 1
        assert data(client, "/facets/", {"limit": "0"}, status=400)["errors"]["limit"]
        assert data(client, "/facets/", {"country": "zz"}, status=400)["errors"]["country"]
        assert data(client, "/facets/", {"page": "2"}, status=400)["errors"]["page"]  # facets are not paginated

    def test_drafts_count_nowhere(self, client, archive):
        body = data(client, "/facets/", {"limit": "300"})
        assert body["count"] == 3
        assert "FR" not in {row["code"] for row in body["countries"]}
        assert archive["secret_summit"].slug not in {row["slug"] for row in body["summits"]}


class TestDraftsAppearNowhere:
    def test_no_answer_mentions_the_draft(self, client, archive):
        paths = ["/", "/meetings/", "/meetings/?page_size=100", "/leaders/?page_size=100", "/summits/?page_size=100",
                 "/countries/fr/partners/", "/countries/in/partners/", "/facets/?limit=300", "/topics/?page_size=100",
                 "/countries/in/fr/meetings/"]  # fmt: skip
        for path in paths:
            text = client.get(f"{API}{path}").content.decode()
            for secret in ("Secret talks", "Hidden Person", "hidden-person", "Secret Summit", "secret-summit"):
                assert secret not in text, (path, secret)


# --- HTTP: ETag, throttling, CORS ----------------------------------------------------------------------------------


class TestConditionalRequests:
    def test_an_etag_and_a_304_while_nothing_changed(self, client, archive):
        first = get(client, "/meetings/")
        etag = first["ETag"]
        assert etag
        again = get(client, "/meetings/", HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b""
        make_published_meeting("A new meeting")
        changed = get(client, "/meetings/", HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200 and changed["ETag"] != etag
        assert changed.json()["count"] == 4

    def test_signed_in_editors_get_an_etag_and_a_304_too(self, client, archive, editor):
        client.force_login(editor)
        first = get(client, "/leaders/narendra-modi/")
        assert first.status_code == 200 and first["ETag"]
        assert get(client, "/leaders/narendra-modi/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        # The API shows editors what it shows everyone: no drafts.
        assert get(client, f"/meetings/{archive['draft'].slug}/").status_code == 404


class TestThrottling:
    @override_settings(API_ANON_RATE="2/min")
    def test_past_the_rate_a_429_with_retry_after_even_for_answers_the_page_cache_holds(self, client, archive):
        assert get(client, "/meetings/").status_code == 200
        assert get(client, "/meetings/").status_code == 200  # from the page cache, counted all the same
        refused = get(client, "/meetings/")
        assert refused.status_code == 429
        assert 1 <= int(refused["Retry-After"]) <= 60
        assert refused.json()["detail"].startswith("Too many requests from your address: at most 2 per min.")
        assert refused["Cache-Control"] == "no-store"
        assert get(client, "/meetings/", REMOTE_ADDR="198.51.100.7").status_code == 200  # another address
        assert client.get("/meetings/").status_code == 200  # the site's pages are not the API's

    @override_settings(API_ANON_RATE="2/min")
    def test_a_304_counts_too(self, client, archive):
        etag = get(client, "/topics/")["ETag"]
        assert get(client, "/topics/", HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert get(client, "/topics/", HTTP_IF_NONE_MATCH=etag).status_code == 429

    @override_settings(API_ANON_RATE="2/min", BEHIND_PROXY=True, PROXY_COUNT=1)
    def test_behind_a_proxy_the_clients_address_counts(self, client, archive):
        proxy = {"REMOTE_ADDR": "10.0.0.1"}
        for _ in range(2):
            assert get(client, "/summits/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 200
        assert get(client, "/summits/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
        assert get(client, "/summits/", HTTP_X_FORWARDED_FOR="203.0.113.99", **proxy).status_code == 200

    @override_settings(API_ANON_RATE="1/min")
    def test_signed_in_editors_are_not_throttled(self, client, archive, editor):
        client.force_login(editor)
        for _ in range(3):
            assert get(client, "/countries/").status_code == 200


class TestCors:
    def test_any_origin_may_read_with_get(self, client, archive):
        response = get(client, "/meetings/", HTTP_ORIGIN="https://research.example.org")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Link" in response["Access-Control-Expose-Headers"]
        assert "Access-Control-Allow-Credentials" not in response

    def test_a_preflight_allows_reading_methods_only(self, client, archive):
        response = client.options(
            f"{API}/meetings/", HTTP_ORIGIN="https://research.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
        )
        assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
        assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}

    def test_the_rest_of_the_site_sends_no_cors_headers(self, client, archive):
        for url in ["/meetings/", "/meetings/export.json", "/leaders/search.json?q=mod"]:
            assert "Access-Control-Allow-Origin" not in client.get(url, HTTP_ORIGIN="https://elsewhere.example.org")


# --- Schema and documentation ----------------------------------------------------------------------------------


class TestSchemaAndDocs:
    PATHS = [
        "/api/v1/", "/api/v1/meetings/", "/api/v1/meetings/{slug}/", "/api/v1/facets/", "/api/v1/leaders/",
        "/api/v1/leaders/{slug}/", "/api/v1/countries/", "/api/v1/countries/{code}/",
        "/api/v1/countries/{code}/partners/", "/api/v1/countries/{code}/{other}/meetings/", "/api/v1/summits/",
        "/api/v1/topics/",
    ]  # fmt: skip

    def test_the_schema_is_valid_openapi_3_and_covers_every_endpoint(self, client):
        from drf_spectacular.validation import validate_schema

        response = get(client, "/schema/")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.oai.openapi+json")
        schema = response.json()
        validate_schema(schema)
        assert schema["openapi"].startswith("3.") and sorted(schema["paths"]) == sorted(self.PATHS)
        parameters = {p["name"] for p in schema["paths"]["/api/v1/meetings/"]["get"]["parameters"]}
        from meetings.filters import MeetingFilter

        assert set(MeetingFilter.base_filters) | {"page", "page_size"} <= parameters
        assert get(client, "/schema/", {"format": "yaml"}).content.startswith(b"openapi: 3.")

    def test_the_schema_builds_without_a_warning(self, tmp_path):
        from django.core.management import call_command

        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
        assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3.")

    def test_the_documentation_page_documents_every_endpoint_without_a_script(self, client, archive):
        response = get(client, "/docs/")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        for path in self.PATHS:
            assert path in html, path
        assert "<script" not in html and "cdn" not in html.lower()
        assert 'action="/api/v1/meetings/"' in html  # a plain form to try a list
        assert f'href="/api/v1/meetings/{archive["first"].slug}/"' in html  # an example from the archive

    def test_the_index_lists_the_addresses(self, client):
        body = data(client, "/")
        assert body["meeting_list"] == "http://testserver/api/v1/meetings/"
        assert body["docs"] == "http://testserver/api/v1/docs/"


@pytest.mark.django_db(transaction=True)  # as in production: autocommit, no test transaction to abort
def test_a_statement_past_the_public_timeout_is_a_json_503(settings, monkeypatch):
    from django.db import connection

    from meetings.countries import load_countries
    from meetings.models import Country

    if connection.vendor != "postgresql":
        pytest.skip("the statement timeout is PostgreSQL's")
    load_countries(Country)  # a transactional test starts from empty tables
    settings.PUBLIC_STATEMENT_TIMEOUT_MS = 100

    def slow(meetings):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")

    monkeypatch.setattr("meetings.api.views.years_of", slow)
    response = Client(raise_request_exception=False).get(f"{API}/countries/jp/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json" and "try again" in response.json()["detail"]


# --- Hostile input ---------------------------------------------------------------------------------------------------

FUZZ_PATHS = ["/", "/meetings/", "/facets/", "/leaders/", "/countries/", "/countries/jp/partners/",
              "/countries/jp/in/meetings/", "/summits/", "/topics/", "/schema/"]  # fmt: skip


@pytest.fixture
def small_world():
    make_published_meeting("Takaichi and Modi meet", summit=make_summit("G20 Johannesburg Summit 2025", series="g20"))


@override_settings(API_ANON_RATE=None)
@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# A server hands Django the query string as Latin-1 text (PEP 3333); other characters only the test client would pass.
@given(
    path=st.sampled_from(FUZZ_PATHS), query=query_strings().filter(lambda text: max(map(ord, text), default=0) < 256)
)
def test_no_query_string_gives_a_server_error(client, small_world, path, query):
    response = client.get(f"{API}{path}", QUERY_STRING=query)
    assert response.status_code < 500, (path, query, response.status_code)
    if response.status_code == 200:
        assert response["Content-Type"].startswith(("application/json", "application/vnd.oai.openapi+json"))


@override_settings(API_ANON_RATE=None)
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.sampled_from(["/meetings/", "/leaders/", "/countries/", "/countries/jp/", "/countries/jp/in/"]),
    segment=st.text(min_size=1, max_size=60) | raw_bytes.filter(bool),
)
def test_no_address_segment_gives_a_server_error(client, small_world, prefix, segment):
    path = f"{API}{prefix}{segment if segment.startswith('%') else quote(segment, safe='')}/"
    assert client.get(path).status_code < 500, path
