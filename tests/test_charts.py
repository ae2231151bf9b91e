"""The per-year chart and the timelines (meetings/charts.py): axes, scale, widths, links; drafts stay out."""

import datetime
import html
import re

import pytest
from django.http import QueryDict

from meetings import charts
from meetings.models import Term

from .factories import country, make_leader, make_meeting, make_published_meeting, make_summit

pytestmark = pytest.mark.django_db


def chart(first, last, query="", counts=None):
    counts = counts or {first: 1, last: 3}
    return charts.year_chart(sorted(counts.items()), QueryDict(query))


def hrefs(page):
    return [html.unescape(href) for href in re.findall(r'<a href="([^"]+)"', page)]


class TestYearAxis:
    def test_every_year_is_labelled_on_a_five_year_span(self):
        assert [label["year"] for label in chart(2020, 2024)["x_labels"]] == [2020, 2021, 2022, 2023, 2024]

    def test_decades_are_labelled_on_a_hundred_and_fifty_years(self):
        labels = [label["year"] for label in chart(1876, 2025)["x_labels"]]
        assert labels == list(range(1880, 2030, 10))

    def test_a_forty_year_span_is_labelled_every_few_years(self):
        labels = [label["year"] for label in chart(1986, 2025)["x_labels"]]
        assert len(labels) > 4 and all(year % 5 == 0 for year in labels)

    @pytest.mark.parametrize("span", [1, 2, 3, 5, 9, 12, 17, 23, 40, 61, 99, 150, 230])
    def test_labels_never_overlap_nor_leave_the_drawing(self, span):
        labels = chart(2026 - span, 2025)["x_labels"]
        assert labels, span
        gaps = [b["x"] - a["x"] for a, b in zip(labels, labels[1:], strict=False)]
        assert all(gap >= charts.LABEL_GAP for gap in gaps), (span, gaps)
        assert all(charts.LABEL_HALF_WIDTH <= label["x"] <= charts.WIDTH - charts.LABEL_HALF_WIDTH for label in labels)

    def test_each_label_stands_under_its_bar(self):
        drawn = chart(2018, 2025)
        bars = {bar["year"]: bar for bar in drawn["bars"]}
        for label in drawn["x_labels"]:
            bar = bars[label["year"]]
            assert label["x"] == pytest.approx(bar["x"] + bar["width"] / 2, abs=0.01)


class TestBars:
    @pytest.mark.parametrize("span", [1, 3, 40, 150])
    def test_bars_fill_the_whole_width(self, span):
        drawn = chart(2026 - span, 2025)
        bars = drawn["bars"]
        assert len(bars) == span
        assert bars[0]["x"] == charts.AXIS_LEFT
        assert bars[-1]["x"] + bars[-1]["width"] == pytest.approx(drawn["width"], abs=0.02)
        # Evenly spread: every bar as wide as the others, in order, none overlapping the next.
        assert len({bar["width"] for bar in bars}) == 1
        assert all(a["x"] + a["width"] <= b["x"] for a, b in zip(bars, bars[1:], strict=False))

    def test_years_without_meetings_are_empty_slots_without_links(self):
        bars = chart(2020, 2024, counts={2020: 2, 2024: 1})["bars"]
        assert [(bar["year"], bar["count"], bool(bar["href"])) for bar in bars] == [
            (2020, 2, True), (2021, 0, False), (2022, 0, False), (2023, 0, False), (2024, 1, True)
        ]  # fmt: skip
        assert all(bar["height"] == 0 for bar in bars if not bar["count"])

    def test_the_tallest_bar_reaches_the_top_of_the_scale_and_heights_are_proportional(self):
        drawn = chart(2020, 2021, counts={2020: 4, 2021: 2})
        tall, short = drawn["bars"]
        assert tall["y"] == drawn["top"] and tall["height"] == drawn["plot_height"]
        assert short["height"] == pytest.approx(tall["height"] / 2)

    @pytest.mark.parametrize(
        "peak, ticks", [(1, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (198, [0, 50, 100, 150, 200])]
    )
    def test_the_count_scale_has_a_few_round_ticks(self, peak, ticks):
        assert charts.count_ticks(peak) == ticks
        drawn = chart(2020, 2021, counts={2020: peak, 2021: 1})
        assert [tick["value"] for tick in drawn["y_ticks"]] == ticks
        assert drawn["y_ticks"][0]["y"] == drawn["bottom"] and drawn["y_ticks"][-1]["y"] == drawn["top"]


class TestBarLinks:
    def test_a_bar_links_to_its_year_with_the_page_filters(self):
        bars = chart(2023, 2025, "country=jp&country=in")["bars"]
        assert bars[0]["href"] == "/meetings/?country=jp&country=in&date_from=2023-01-01&date_to=2023-12-31"

    def test_on_the_list_the_visitor_filters_are_kept_and_the_page_and_year_replaced(self):
        query = "q=trade&topic=a&topic=b&page=3&year=2024&date_from=2024-03-01&sort=oldest"
        href = chart(2024, 2024, query)["bars"][0]["href"]
        expected = "q=trade&topic=a&topic=b&sort=oldest&date_from=2024-03-01&date_to=2024-12-31"
        assert dict(QueryDict(href.split("?", 1)[1]).lists()) == dict(QueryDict(expected).lists())

    def test_a_bad_date_in_the_filters_does_not_break_the_links(self):
        href = chart(2024, 2024, "date_from=yesterday")["bars"][0]["href"]
        assert href == "/meetings/?date_from=2024-01-01&date_to=2024-12-31"


@pytest.fixture
def pair():
    """Japan and India: meetings in 2019 and 2023 (one at a summit), a draft in 2021; one with the US."""
    takaichi, modi = make_leader("Sanae Takaichi"), make_leader("Narendra Modi", country_code="IN")
    summit = make_summit("G20 New Delhi Summit 2023", start=datetime.date(2023, 9, 9), end=datetime.date(2023, 9, 10))
    return {
        "takaichi": takaichi,
        "modi": modi,
        "summit": summit,
        "early": make_published_meeting(
            "Talks in Osaka", participants=[takaichi, modi], date=datetime.date(2019, 6, 27)
        ),
        "at_summit": make_published_meeting(
            "Talks at the G20", participants=[takaichi, modi], date=datetime.date(2023, 9, 9), summit=summit
        ),
        "draft": make_meeting("Unpublished talks", participants=[takaichi, modi], date=datetime.date(2021, 3, 1)),
        "other": make_published_meeting(
            "Modi meets Biden", participants=[modi, make_leader(country_code="US")], date=datetime.date(2015, 1, 1)
        ),
    }


class TestChartOnPages:
    def test_pair_page_chart_spans_the_published_years_and_links_each_bar(self, pair, client):
        page = client.get("/countries/in/jp/").content.decode()
        assert 'class="year-chart"' in page and "Meetings between them per year, 2019–2023" in page
        links = hrefs(page)
        assert "/meetings/?country=in&country=jp&date_from=2019-01-01&date_to=2019-12-31" in links
        assert "/meetings/?country=in&country=jp&date_from=2023-01-01&date_to=2023-12-31" in links
        assert not any("date_from=2021" in link for link in links)  # the draft's year has no bar

    def test_a_bar_link_lists_that_years_meetings(self, pair, client):
        page = client.get("/countries/in/jp/").content.decode()
        link = next(link for link in hrefs(page) if "date_from=2019-01-01" in link)
        listed = client.get(link).content.decode()
        assert "Talks in Osaka" in listed and "Talks at the G20" not in listed

    def test_list_page_bars_keep_the_current_filters(self, pair, client):
        page = client.get("/meetings/", {"country": "in", "page": "1"}).content.decode()
        links = hrefs(page)
        assert "/meetings/?country=in&date_from=2015-01-01&date_to=2015-12-31" in links
        assert 'aria-label="2015: 1 meeting"' in page

    @pytest.mark.parametrize("url", ["/countries/in/", "/leaders/narendra-modi/"])
    def test_entity_pages_link_bars_to_their_own_filter(self, pair, client, url):
        expected = {"/countries/in/": "?country=in&", "/leaders/narendra-modi/": "?leader=narendra-modi&"}[url]
        links = hrefs(client.get(url).content.decode())
        assert f"/meetings/{expected}date_from=2023-01-01&date_to=2023-12-31" in links


class TestPairTimeline:
    def test_meetings_are_marks_and_summits_are_labelled_links(self, pair, client):
        page = client.get("/countries/in/jp/").content.decode()
        timeline = page.split('class="timeline"', 1)[1].split("</svg>", 1)[0]
        assert timeline.count('<rect class="mark') == 2  # the two published meetings, not the draft
        assert timeline.count('class="mark at-summit"') == 1
        assert f'href="{pair["summit"].get_absolute_url()}"' in timeline
        assert ">G20 New Delhi Summit 2023</text>" in timeline
        assert 'aria-label="Summit: G20 New Delhi Summit 2023, 9 September 2023"' in timeline
        assert "Unpublished talks" not in page
        assert "2 meetings, 1 of them on the sidelines of a summit" in page

    def test_marks_stand_at_their_dates(self):
        drawn = charts.timeline(
            [
                {"date": datetime.date(2019, 1, 1), "title": "a", "url": "/a", "at_summit": False},
                {"date": datetime.date(2023, 12, 31), "title": "b", "url": "/b", "at_summit": False},
            ]
        )
        first, last = drawn["marks"]
        assert (drawn["first"], drawn["last"]) == (2019, 2023)
        assert first["x"] < 10 and last["x"] > drawn["width"] - 12
        assert [tick["year"] for tick in drawn["ticks"]] == [2019, 2020, 2021, 2022, 2023]

    def test_summit_labels_do_not_overlap(self):
        summits = [
            {"date": datetime.date(2000 + n // 2, 6, 1 + n % 2), "name": f"Summit number {n}", "url": f"/s{n}"}
            for n in range(12)
        ]
        marks = charts.timeline([], summits)["summits"]
        assert len(marks) == 12
        shown = [m for m in marks if m["label_y"] is not None]
        assert len(shown) >= 3
        for row in {m["label_y"] for m in shown}:
            spans = []
            for m in shown:
                if m["label_y"] == row:
                    width = charts._text_width(m["name"])
                    start = m["label_x"] if m["anchor"] == "start" else m["label_x"] - width
                    spans.append((start, start + width))
            spans.sort()
            assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:], strict=False)), spans
            assert all(left >= 0 and right <= charts.WIDTH for left, right in spans)

    def test_nothing_dated_draws_no_timeline(self):
        assert charts.timeline([], [], []) == {}
        assert charts.year_chart([], QueryDict()) == {}


class TestLeaderTimeline:
    def test_terms_are_bands_and_meetings_marks(self, pair, client):
        Term.objects.create(
            leader=pair["modi"],
            office="Prime Minister",
            country=country("IN"),
            start=datetime.date(2014, 5, 26),
            start_precision="day",
            source="test",
        )
        Term.objects.create(
            leader=pair["modi"],
            office="Chief Minister",
            start=datetime.date(2001, 1, 1),
            end=datetime.date(2014, 12, 31),
            source="test",
        )
        page = client.get("/leaders/narendra-modi/").content.decode()
        timeline = page.split('class="timeline"', 1)[1].split("</svg>", 1)[0]
        assert timeline.count('<g class="band stated') == 2
        assert "<title>Prime Minister, India, from 2014-05-26 (term as a source states it)</title>" in timeline
        assert "<title>Chief Minister, 2001–2014 (term as a source states it)</title>" in timeline
        assert 'class="band stated open-end"' in timeline  # in office, no end stated
        assert timeline.count('<rect class="mark') == 3  # 2015, 2019, 2023; not the draft
        assert f'href="{pair["summit"].get_absolute_url()}"' in timeline

    def test_offices_the_meetings_attest_are_bands_too(self, pair):
        # Each participation keeps the office held then (here the leader's office, Prime Minister, when entered).
        pair["other"].participations.filter(leader=pair["modi"]).update(office="Chief Minister")
        rows = charts.leader_timeline_rows(pair["modi"])
        assert [(b["label"], b["start"], b["end"], b["how"]) for b in rows["bands"]] == [
            ("Chief Minister, India", datetime.date(2015, 1, 1), datetime.date(2015, 1, 1), "attested"),
            ("Prime Minister, India", datetime.date(2019, 6, 27), datetime.date(2023, 9, 9), "attested"),
        ]
        assert [m["title"] for m in rows["meetings"]] == ["Modi meets Biden", "Talks in Osaka", "Talks at the G20"]
        drawn = charts.leader_timeline(rows)
        assert drawn["bands"][0]["width"] >= 2

    def test_a_year_precision_term_covers_its_whole_years(self, pair):
        Term.objects.create(
            leader=pair["takaichi"],
            office="Minister",
            start=datetime.date(2019, 1, 1),
            end=datetime.date(2023, 1, 1),
            source="test",
        )
        drawn = charts.leader_timeline(charts.leader_timeline_rows(pair["takaichi"]))
        band = drawn["bands"][0]
        assert band["x"] == pytest.approx(8) and band["x"] + band["width"] == pytest.approx(drawn["width"] - 8)

    def test_the_page_facts_are_what_their_own_queries_give(self, pair, client, django_assert_max_num_queries):
        """The leader page reads its offices, count and years with the timeline's rows: the same as
        Leader.offices_held(), the count of the published meetings (drafts not counted) and years_of()."""
        from meetings.facets import years_of
        from meetings.models import Meeting

        modi = pair["modi"]
        Term.objects.create(
            leader=modi, office="Prime Minister", country=country("IN"), start=datetime.date(2014, 5, 26), source="t"
        )
        pair["other"].participations.filter(leader=modi).update(office="Chief Minister")
        usa = make_published_meeting("In Washington", participants=[modi, make_leader(country_code="US")])
        usa.participations.filter(leader=modi).update(office="Guest of honour", country=country("US"))
        facts = charts.leader_timeline_rows(modi)
        meetings = Meeting.objects.published().with_all("leader_id", [modi.pk])
        offices = [(office, c.code if c else None, years, how) for office, c, years, how in facts["offices"]]
        expected = [(office, c.code if c else None, years, how) for office, c, years, how in modi.offices_held()]
        assert offices == expected
        assert ("Guest of honour", "US", "2025", "attested") in offices
        assert ("Prime Minister", "IN", "from 2014", "stated") in offices
        assert facts["count"] == meetings.count() == 4
        assert facts["years"] == years_of(meetings)
        page = client.get(modi.get_absolute_url()).content.decode()
        assert "Guest of honour, United States" in page and "as the meetings attest" in page
        client.get("/")  # the archive's state read, and the cache of the leader page emptied below
        from django.core.cache import caches

        for cache in caches.all():
            cache.clear()
        with django_assert_max_num_queries(9):
            assert client.get(modi.get_absolute_url() + "?page=1").status_code == 200


@pytest.mark.parametrize("url", ["/meetings/", "/countries/jp/", "/countries/in/jp/", "/leaders/sanae-takaichi/"])
def test_pages_with_pictures_render(pair, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "<svg" in response.content.decode()


class TestMarkup:
    """The repeated elements are written in Python (charts.bars_markup, marks_markup, summits_markup): every value
    escaped, the same markup the template wrote."""

    HOSTILE = '<script>alert("x")</script> & "quotes"'

    def test_bars_are_links_with_their_counts(self):
        drawn = chart(2020, 2022, "country=in&q=a%26b", {2020: 1, 2022: 3})
        markup = str(charts.bars_markup(drawn))
        assert markup.count("<a href=") == 2  # the empty year has no link
        assert 'aria-label="2020: 1 meeting"><title>2020: 1 meeting</title>' in markup
        assert 'aria-label="2022: 3 meetings"><title>2022: 3 meetings</title>' in markup
        assert "q=a%26b" in markup and "&amp;" in markup and "&date" not in markup
        first = drawn["bars"][0]
        assert (
            f'<rect class="hit" x="{first["slot_x"]}" y="{drawn["top"]}" width="{first["slot_width"]}" '
            f'height="{drawn["plot_height"]}"/><rect class="bar" x="{first["x"]}" y="{first["y"]}" '
            f'width="{first["width"]}" height="{first["height"]}"/></a>'
        ) in markup

    def test_marks_and_summits_escape_what_they_show(self):
        day = datetime.date(2023, 9, 9)
        drawn = charts.timeline(
            [{"date": day, "title": self.HOSTILE, "url": '/m/"x"/', "at_summit": True}],
            [{"date": day, "name": self.HOSTILE, "url": "/s/?a=1&b=2"}],
        )
        marks, summits = str(charts.marks_markup(drawn)), str(charts.summits_markup(drawn))
        for markup in (marks, summits):
            assert "<script>" not in markup and "&lt;script&gt;" in markup
        escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;"
        assert f"<title>9 September 2023: {escaped}</title>" in marks
        assert 'href="/m/&quot;x&quot;/" tabindex="-1"' in marks
        assert 'class="mark at-summit"' in marks
        assert 'href="/s/?a=1&amp;b=2" class="summit"' in summits
        assert 'aria-label="Summit: &lt;script&gt;' in summits

    def test_dates_as_the_date_filter_writes_them(self):
        from django.utils.dateformat import format as date_format

        day = datetime.date(805, 3, 7)
        drawn = charts.timeline(
            [{"date": day, "title": "t", "url": "/m/", "at_summit": False}],
            [{"date": day, "name": "s", "url": "/s/"}],
        )
        assert f"<title>{date_format(day, 'j F Y')}: t</title>" in str(charts.marks_markup(drawn))
        assert f"<title>s, {date_format(day, 'j F Y')}</title>" in str(charts.summits_markup(drawn))

    def test_leader_page_draws_every_published_meeting_once(self, pair, client):
        page = client.get("/leaders/narendra-modi/").content.decode()
        timeline = page.split('class="timeline"', 1)[1].split("</svg>", 1)[0]
        assert timeline.count('<rect class="mark') == 3  # with Takaichi twice and Biden once; not the draft
        assert timeline.count('class="summit"') == 1
        assert "Unpublished talks" not in timeline
