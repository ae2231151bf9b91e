"""The public archive's rough edges (issue 14): topic counts with their sub-topics, countries with meetings only, one
address per pair, feeds of every filtered page, permalinks at the host serving, the data page's examples, the
favicon, and a year facet by decades."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import timezone

from meetings import exports
from meetings.models import Meeting

from .factories import clear_vocabulary, make_area, make_leader, make_meeting, make_published_meeting, make_summit

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world():
    takaichi = make_leader("Sanae Takaichi", country_code="JP")
    modi = make_leader("Narendra Modi", country_code="IN")
    clear_vocabulary()
    technology = make_area("Technology")
    ai = make_area("Artificial intelligence", parent=technology)
    g20 = make_summit("G20 Johannesburg Summit 2025", series="g20")
    recent = make_published_meeting(
        "Takaichi and Modi on AI", participants=[takaichi, modi], date=datetime.date(2025, 11, 23), summit=g20
    )
    recent.areas.add(ai)
    older = make_published_meeting("Talks in 1972", participants=[make_leader(), modi], date=datetime.date(1972, 5, 1))
    return {"takaichi": takaichi, "modi": modi, "technology": technology, "ai": ai, "g20": g20, "recent": recent,
            "older": older}  # fmt: skip


class TestTopics:
    def test_a_parent_counts_its_sub_topics_meetings_once_each(self, world, client):
        both = make_published_meeting("On technology and AI", participants=[world["takaichi"], world["modi"]])
        both.areas.add(world["technology"], world["ai"])
        make_meeting("A draft on AI", participants=[world["modi"]], areas=[world["ai"]])
        tree = client.get("/topics/").context["tree"]
        counts = {area.name: area.n for top, children in tree for area in [top, *children]}
        assert counts == {"Technology": 2, "Artificial intelligence": 2}
        html = client.get("/topics/").content.decode()
        assert 'Technology</a> <span class="count">2</span>' in html

    def test_the_parent_page_lists_its_sub_topics_meetings(self, world, client):
        html = client.get(world["technology"].get_absolute_url()).content.decode()
        assert world["recent"].title in html


class TestCountries:
    def test_only_countries_with_published_meetings_are_listed(self, world, client):
        make_meeting("Draft only", participants=[make_leader(country_code="FR"), world["modi"]])
        response = client.get("/countries/")
        listed = {c.code for group in ("states", "former", "organisations") for c in response.context[group]}
        assert listed == {"JP", "IN"}
        html = response.content.decode()
        assert "Antarctica" not in html and "France" not in html and "Japan" in html


class TestPairs:
    def test_one_address_per_pair_the_other_redirects_with_its_query(self, world, client):
        response = client.get("/countries/jp/in/", {"page": "2", "x": "é"})
        assert response.status_code == 301
        assert response["Location"] == "/countries/in/jp/?page=2&x=%C3%A9"
        assert client.get("/countries/JP/IN/")["Location"] == "/countries/in/jp/"
        page = client.get("/countries/in/jp/")
        assert page.status_code == 200 and (page.context["first"].code, page.context["second"].code) == ("IN", "JP")
        assert '<link rel="canonical" href="http://testserver/countries/in/jp/">' in page.content.decode()

    def test_pages_link_the_pair_at_its_address(self, world, client):
        partners = client.get("/countries/jp/").context["partners"]
        assert [p["pair_url"] for p in partners] == ["/countries/in/jp/"]
        assert "/countries/in/jp/" in client.get(world["recent"].get_absolute_url()).content.decode()

    def test_other_pages_name_no_canonical_address(self, world, client):
        assert 'rel="canonical"' not in client.get("/countries/jp/").content.decode()


def feed(client, **params):
    response = client.get("/meetings/feed/", params)
    assert response.status_code == 200, response.content
    return ET.fromstring(response.content)  # noqa: S314 — the test's own server


class TestFeeds:
    def test_every_page_of_meetings_links_the_feed_of_its_filters(self, world, client):
        pages = {
            "/meetings/?country=jp&country=in&page=1": "/meetings/feed/?country=jp&amp;country=in",
            "/countries/jp/": "/meetings/feed/?country=jp",
            "/countries/in/jp/": "/meetings/feed/?country=in&amp;country=jp",
            world["modi"].get_absolute_url(): "/meetings/feed/?leader=narendra-modi",
            world["ai"].get_absolute_url(): f"/meetings/feed/?topic={world['ai'].slug}",
            world["g20"].get_absolute_url(): f"/meetings/feed/?summit={world['g20'].slug}",
        }
        for url, feed_url in pages.items():
            html = client.get(url).content.decode()
            head = html.split("</head>")[0]
            assert 'type="application/atom+xml" title="Meetings — ' in head, url
            assert f'href="{feed_url}"' in head, url
            if url != "/countries/in/jp/":  # the pair's page is the charts' template: its head link only
                assert html.count(f'href="{feed_url}"') == 2, url  # and a visible link

    def test_the_feed_takes_the_filters_and_is_titled_by_them(self, world, client):
        root = feed(client, country=["jp", "in"], date_from="2020-01-01", date_to="2025-12-31")
        assert root.find(f"{ATOM}title").text == "Meetings — Japan, India, 2020–2025"
        assert [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")] == [world["recent"].title]
        link = root.find(f"{ATOM}link").get("href")
        assert link.startswith("http://testserver/meetings/?country=jp&country=in&date_from=2020-01-01")
        root = feed(client, leader="narendra-modi", year="1972", q="talks")
        assert root.find(f"{ATOM}title").text == "Meetings — Narendra Modi, 1972, “talks”"
        assert feed(client).find(f"{ATOM}title").text == "Diplomatic Meetings Archive: new meetings"

    def test_a_bad_filter_is_a_400(self, world, client):
        response = client.get("/meetings/feed/", {"country": "zz"})
        assert response.status_code == 400 and "country" in response.content.decode()

    def test_newest_meetings_first_when_published_together(self, world, client):
        # An import publishes thousands of meetings in one moment: the feed then opens with the latest meetings.
        moment = timezone.now() - datetime.timedelta(days=1)
        Meeting.objects.update(published_at=moment)
        titles = [e.find(f"{ATOM}title").text for e in feed(client).findall(f"{ATOM}entry")]
        assert titles == [world["recent"].title, world["older"].title]
        make_published_meeting(
            "Published today", participants=[world["modi"], make_leader()], date=datetime.date(2000, 1, 1)
        )
        titles = [e.find(f"{ATOM}title").text for e in feed(client).findall(f"{ATOM}entry")]
        assert titles[0] == "Published today"  # publication first

    def test_entry_dates_are_the_publication_and_the_last_change(self, world, client):
        entry = feed(client, year="2025").find(f"{ATOM}entry")
        published = datetime.datetime.fromisoformat(entry.find(f"{ATOM}published").text)
        updated = datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert published == world["recent"].published_at
        assert updated == Meeting.objects.get(pk=world["recent"].pk).updated_at


class TestPermalinks:
    HOST = "localhost:8765"

    def test_exports_name_the_host_serving_as_the_meeting_page_does(self, world, client, settings):
        settings.SITE_URL = "http://127.0.0.1:8000"
        page = client.get(world["recent"].get_absolute_url(), HTTP_HOST=self.HOST).content.decode()
        cited = f"http://{self.HOST}{world['recent'].get_absolute_url()}"
        assert f'Permalink: <a href="{cited}">' in page
        body = b"".join(client.get("/meetings/export.csv", HTTP_HOST=self.HOST).streaming_content).decode()
        assert cited in [row["permalink"] for row in csv.DictReader(io.StringIO(body))]
        for fmt in ("json", "jsonl"):
            response = client.get("/meetings/export.json", {"format": fmt}, HTTP_HOST=self.HOST)
            text = b"".join(response.streaming_content).decode()
            records = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
            assert cited in [record["permalink"] for record in records], fmt
        assert "127.0.0.1:8000" not in body

    def test_the_database_rows_equal_the_python_ones_at_any_address(self, world):
        site = "https://archive.example.org"
        meetings = Meeting.objects.published().order_by("-date", "-id")
        for layout in exports.LAYOUTS:
            fast = "".join(exports.csv_lines(meetings, layout, site_url=site))
            assert fast == "".join(exports.python_csv_lines(meetings, layout, site_url=site)), layout
        assert f"{site}/meetings/{world['recent'].slug}/" in "".join(exports.json_lines(meetings, site_url=site))

    def test_the_command_has_no_request_and_uses_site_url(self, world, settings):
        settings.SITE_URL = "https://archive.example.org/"
        out = io.StringIO()
        call_command("export_meetings", "--no-progress", stdout=out)
        assert f"https://archive.example.org/meetings/{world['recent'].slug}/" in out.getvalue()


class TestDataPage:
    def test_the_download_examples_keep_the_visitors_filters(self, world, client):
        html = client.get("/data/", {"country": ["jp", "in"], "year": "2025", "page": "3"}).content.decode()
        assert "http://testserver/meetings/export.json?country=jp&amp;country=in&amp;year=2025</code>" in html
        assert "http://testserver/meetings/export.csv?country=jp&amp;country=in&amp;year=2025</code>" in html
        example = client.get("/data/").content.decode()
        assert "http://testserver/meetings/export.json?country=jp&amp;country=in</code>" in example


class TestFavicon:
    def test_pages_link_an_svg_icon_and_favicon_ico_is_no_404(self, client):
        html = client.get("/").content.decode()
        assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in html
        response = client.get("/favicon.ico")
        assert (response.status_code, response["Location"]) == (302, "/static/favicon.svg")
        # Served from static/ (whitenoise in production; the test server has no static files).
        icon = ET.parse(finders.find("favicon.svg")).getroot()  # noqa: S314 — the project's own file
        assert icon.tag == "{http://www.w3.org/2000/svg}svg"


class TestYearFacet:
    def test_years_are_grouped_by_decade_and_come_last(self, world, client):
        make_published_meeting(
            "Talks in 1975", participants=[world["modi"], make_leader()], date=datetime.date(1975, 1, 2)
        )
        response = client.get("/meetings/")
        assert list(response.context["facets"])[-1] == "Years"
        decades = response.context["decades"]
        assert [(d.label, d.count, d.is_open) for d in decades] == [("2020s", 1, False), ("1970s", 2, False)]
        assert [v.label for v in decades[1].years] == ["1975", "1972"]
        html = response.content.decode()
        assert '<details class="decade">' in html and "<summary>1970s" in html and "<script>" not in html

    def test_the_decade_of_the_chosen_year_is_open(self, world, client):
        decades = client.get("/meetings/", {"year": "1972", "country": "in"}).context["decades"]
        assert [(d.label, d.is_open) for d in decades] == [("1970s", True)]
        decades = client.get("/meetings/", {"year": "1972"}).context["decades"]
        assert [d.label for d in decades if d.is_open] == ["1970s"]

    def test_the_results_can_come_first_on_a_phone(self, world, client):
        html = client.get("/meetings/").content.decode()
        # site.css puts .results first under 50rem and shows this link there (the lead appends the rules).
        assert '<aside class="filters" id="filters"' in html and '<p class="filters-link"><a href="#filters">' in html
