"""The public archive: filters, search, facets, bad values, drafts, pages, feeds, sitemap, query budgets."""

import datetime

import pytest
from django.http import QueryDict

from meetings.facets import meeting_facets
from meetings.filters import MeetingFilter
from meetings.models import Meeting

from .factories import country, make_area, make_leader, make_meeting, make_published_meeting, make_summit

pytestmark = pytest.mark.django_db


def filtered(query):
    filterset = MeetingFilter(QueryDict(query), queryset=Meeting.objects.published())
    assert filterset.form.is_valid(), filterset.form.errors
    return set(filterset.qs)


@pytest.fixture
def world():
    """A small archive: Japan–India, Japan–US, India–US meetings, one in Japan between others, and a draft."""
    w = {
        "takaichi": make_leader("Sanae Takaichi", country_code="JP"),
        "modi": make_leader("Narendra Modi", country_code="IN"),
        "biden": make_leader("Joe Biden", country_code="US", office="President"),
        "albanese": make_leader("Anthony Albanese", country_code="AU"),
    }
    technology = make_area("Technology")
    w["technology"], w["ai"], w["chips"] = technology, make_area("AI", parent=technology), make_area("Chips")
    w["g20"] = make_summit("G20 Johannesburg Summit 2025", series="g20")
    w["jp_in"] = make_published_meeting(
        "Takaichi and Modi agree on semiconductors",
        participants=[w["takaichi"], w["modi"]],
        date=datetime.date(2025, 11, 23),
        summit=w["g20"],
        summary="They agreed to deepen cooperation on semiconductors.",
    )
    w["jp_in"].areas.add(w["ai"])
    w["jp_us"] = make_published_meeting(
        "Takaichi meets Biden", participants=[w["takaichi"], w["biden"]], date=datetime.date(2024, 4, 10)
    )
    w["jp_us"].areas.add(w["chips"])
    w["in_us"] = make_published_meeting(
        "Modi state visit", participants=[w["modi"], w["biden"]], date=datetime.date(2023, 6, 22), kind="state_visit"
    )
    w["in_au_in_japan"] = make_published_meeting(
        "Modi meets Albanese in Tokyo",
        participants=[w["modi"], w["albanese"]],
        date=datetime.date(2022, 5, 24),
        country=country("JP"),
        city="Tokyo",
    )
    w["draft"] = make_meeting(
        "Secret draft between Japan and India",
        participants=[w["takaichi"], w["modi"]],
        date=datetime.date(2025, 1, 1),
        summit=w["g20"],
    )
    w["draft"].areas.add(w["ai"])
    return w


class TestFilters:
    def test_country_pair_needs_both_and_place_does_not_count(self, world):
        assert filtered("country=jp&country=in") == {world["jp_in"]}
        assert filtered("country=JP,IN") == {world["jp_in"]}
        assert filtered("country=jp") == {world["jp_in"], world["jp_us"]}

    def test_leaders_must_all_take_part(self, world):
        assert filtered("leader=narendra-modi") == {world["jp_in"], world["in_us"], world["in_au_in_japan"]}
        assert filtered("leader=narendra-modi&leader=joe-biden") == {world["in_us"]}

    def test_topic_any_and_parent_includes_children(self, world):
        assert filtered("topic=technology") == {world["jp_in"]}
        assert filtered("topic=ai&topic=chips") == {world["jp_in"], world["jp_us"]}

    def test_summit_series_kind(self, world):
        assert filtered(f"summit={world['g20'].slug}") == {world["jp_in"]}
        assert filtered("series=g20") == {world["jp_in"]}
        assert filtered("kind=state_visit") == {world["in_us"]}

    def test_dates_and_year(self, world):
        assert filtered("date_from=2024-01-01") == {world["jp_in"], world["jp_us"]}
        assert filtered("date_to=2023-06-22") == {world["in_us"], world["in_au_in_japan"]}
        assert filtered("date_from=2023-01-01&date_to=2024-12-31") == {world["in_us"], world["jp_us"]}
        assert filtered("year=2025") == {world["jp_in"]}

    def test_combined(self, world):
        assert filtered("country=in&year=2023&kind=state_visit") == {world["in_us"]}
        assert filtered("country=in&year=2024") == set()

    def test_search_over_title_summary_and_names(self, world):
        assert filtered("q=semiconductors") == {world["jp_in"]}
        assert filtered("q=Albanese") == {world["in_au_in_japan"]}
        assert filtered("q=modi biden") == {world["in_us"]}

    @pytest.mark.parametrize("query", ['"', "AND OR NOT", "(((", "'; DROP TABLE x;--", "*:*", "-", "a" * 300, "💥"])
    def test_no_search_text_raises(self, world, client, query):
        response = client.get("/meetings/", {"q": query})
        assert response.status_code in (200, 400)

    def test_sort(self, world):
        newest = list(MeetingFilter(QueryDict(""), queryset=Meeting.objects.published()).qs)
        assert newest[0] == world["jp_in"]
        oldest = list(MeetingFilter(QueryDict("sort=oldest"), queryset=Meeting.objects.published()).qs)
        assert oldest[0] == world["in_au_in_japan"]

    def test_drafts_never_match(self, world):
        assert world["draft"] not in filtered("country=jp&country=in")
        assert world["draft"] not in filtered("q=secret")


class TestBadValues:
    @pytest.mark.parametrize(
        "query, message",
        [
            ("country=zz", "There is no country with the code"),
            ("leader=nobody", "There is no leader"),
            ("topic=nothing", "There is no topic"),
            ("summit=nowhere", "There is no summit"),
            ("date_from=yesterday", "Enter a valid date"),
            ("year=9223372036854775808", "less than or equal to 9999"),
            ("year=abc", "Enter a number"),
            ("kind=party", "Select a valid choice"),
            ("sort=random", "Select a valid choice"),
        ],
    )
    def test_bad_filter_value_gives_a_clear_message(self, world, client, query, message):
        response = client.get("/meetings/?" + query)
        assert response.status_code == 400
        assert message in response.content.decode()

    def test_bad_page_numbers(self, world, client):
        response = client.get("/meetings/", {"page": "abc"})
        assert response.status_code == 200
        assert "is not a page number" in response.content.decode()
        assert client.get("/meetings/", {"page": "99999"}).status_code == 404
        assert client.get("/meetings/", {"page": "-1"}).status_code == 200

    def test_feed_answers_400_for_a_bad_filter(self, world, client):
        response = client.get("/meetings/feed/", {"country": "zz"})
        assert response.status_code == 400
        assert "There is no country" in response.content.decode()


class TestFacets:
    def test_facets_agree_with_the_results(self, world):
        results = Meeting.objects.published().filter(participations__country__code="IN").distinct()
        facets = meeting_facets(results, QueryDict("country=in"))
        counts = {v.value: v.count for v in facets["Countries"]}
        assert counts == {"in": 3, "jp": 1, "us": 1, "au": 1}
        assert [(v.value, v.count) for v in facets["Years"]] == [("2022", 1), ("2023", 1), ("2025", 1)]
        assert {v.value: v.count for v in facets["Kinds"]} == {"bilateral": 2, "state_visit": 1}
        india = next(v for v in facets["Countries"] if v.value == "in")
        assert india.active and "country=in" not in india.url
        japan = next(v for v in facets["Countries"] if v.value == "jp")
        assert "country=in" in japan.url and "country=jp" in japan.url

    def test_list_page_shows_facets_chips_count_and_chart(self, world, client):
        html = client.get("/meetings/", {"country": "in"}).content.decode()
        assert "<strong>3</strong> meetings" in html
        assert "Country: India" in html
        assert 'role="img"' in html and "Meetings per year" in html
        assert "Secret draft" not in html

    def test_pagination_keeps_the_filters(self, world, client):
        for n in range(30):
            make_published_meeting(f"Extra {n}", participants=[world["modi"], world["albanese"]])
        html = client.get("/meetings/", {"country": "au"}).content.decode()
        assert "page=2" in html and "country=au" in html.split("page=2")[0].rsplit("href", 1)[-1]


class TestDraftsAppearNowhere:
    def test_pages(self, world, client):
        urls = [
            "/",
            "/meetings/",
            "/countries/jp/",
            "/countries/jp/in/",
            "/countries/",
            world["takaichi"].get_absolute_url(),
            world["g20"].get_absolute_url(),
            world["ai"].get_absolute_url(),
            world["technology"].get_absolute_url(),
            "/meetings/feed/",
            "/sitemap.xml",
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Secret draft" not in response.content.decode(), url
            assert world["draft"].slug not in response.content.decode(), url
        assert client.get(world["draft"].get_absolute_url()).status_code == 404

    def test_counts_exclude_drafts(self, world, client):
        html = client.get("/").content.decode()
        assert "4 published meetings" in html
        draft_only = make_leader("Hidden Person", country_code="FR")
        make_meeting("Another draft", participants=[draft_only, world["modi"]])
        assert "Hidden Person" not in client.get("/leaders/").content.decode()
        assert client.get("/leaders/search.json", {"q": "hidden"}).json() == {"results": []}


class TestPages:
    def test_meeting_page_links_the_relationship_and_cites(self, world, client):
        older = make_published_meeting(
            "Earlier Japan–India talks", participants=[world["takaichi"], world["modi"]], date=datetime.date(2020, 1, 1)
        )
        html = client.get(world["jp_in"].get_absolute_url()).content.decode()
        assert "Earlier Japan–India talks" in html
        assert "/countries/in/jp/" in html
        assert "Cite this" in html and "Diplomatic Meetings Archive" in html
        assert older.title in client.get("/countries/jp/in/").content.decode()

    def test_country_page_partners_and_pair_page(self, world, client):
        html = client.get("/countries/in/").content.decode()
        assert "/countries/in/us/" in html and "/countries/in/jp/" in html
        pair = client.get("/countries/jp/in/").content.decode()
        assert "Takaichi and Modi agree on semiconductors" in pair
        assert "Modi state visit" not in pair
        assert world["g20"].name in pair
        assert client.get("/countries/JP/").status_code == 301
        assert client.get("/countries/zz/").status_code == 404
        assert client.get("/countries/jp/zz/").status_code == 404

    def test_index_pages(self, world, client):
        assert "Narendra Modi" in client.get("/leaders/").content.decode()
        assert "Narendra Modi" in client.get("/leaders/", {"q": "modi"}).content.decode()
        assert world["g20"].name in client.get("/summits/").content.decode()
        assert "Technology" in client.get("/topics/").content.decode()
        assert "Japan" in client.get("/countries/").content.decode()

    def test_leader_typeahead_json(self, world, client):
        data = client.get("/leaders/search.json", {"q": "mod"}).json()
        assert data == {"results": [{"slug": "narendra-modi", "name": "Narendra Modi", "country": "in"}]}

    def test_old_slugs_redirect_permanently(self, world, client):
        meeting = world["jp_in"]
        old_url = meeting.get_absolute_url()
        meeting.slug = "takaichi-modi-johannesburg"
        meeting.save()
        response = client.get(old_url)
        assert response.status_code == 301
        assert response["Location"] == "/meetings/takaichi-modi-johannesburg/"
        leader = world["modi"]
        leader.slug = "modi"
        leader.save()
        assert client.get("/leaders/narendra-modi/")["Location"] == "/leaders/modi/"

    def test_feed_takes_the_filters(self, world, client):
        body = client.get("/meetings/feed/", {"country": "us"}).content.decode()
        assert "Takaichi meets Biden" in body and "Modi state visit" in body
        assert "Takaichi and Modi agree" not in body
        assert body.startswith("<?xml") and "http://www.w3.org/2005/Atom" in body

    def test_sitemap_and_robots(self, world, client):
        sitemap = client.get("/sitemap.xml").content.decode()
        assert world["jp_in"].get_absolute_url() in sitemap
        assert "/countries/jp/" in sitemap and "/leaders/narendra-modi/" in sitemap
        robots = client.get("/robots.txt").content.decode()
        assert "Sitemap: http://testserver/sitemap.xml" in robots

    def test_meta_tags(self, world, client):
        html = client.get(world["jp_in"].get_absolute_url()).content.decode()
        assert '<meta property="og:title" content="Takaichi and Modi agree on semiconductors">' in html
        assert '<meta name="description" content="They agreed to deepen cooperation on semiconductors.">' in html


class TestQueryBudgets:
    @pytest.mark.parametrize("size", [3, 30])
    def test_list_page_queries_do_not_grow_with_rows(self, world, client, django_assert_max_num_queries, size):
        for n in range(size):
            make_published_meeting(f"Row {n}", participants=[make_leader(), make_leader(country_code="IN")])
        with django_assert_max_num_queries(14):
            assert client.get("/meetings/", {"country": "in"}).status_code == 200

    @pytest.mark.parametrize("size", [3, 30])
    def test_entity_pages_queries_do_not_grow(self, world, client, django_assert_max_num_queries, size):
        for n in range(size):
            make_published_meeting(f"Row {n}", participants=[world["modi"], make_leader(country_code="FR")])
        for url in ["/countries/in/", "/leaders/narendra-modi/", "/countries/fr/in/", "/", "/meetings/feed/"]:
            with django_assert_max_num_queries(12):
                assert client.get(url).status_code == 200, url
