"""The list's facets written in Python (facets.facets_markup) and its links made without copying the query
(facets.query_with): the same bytes as the template and the copying version wrote, hostile text escaped."""

from urllib.parse import urlencode

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import QueryDict
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.facets import FacetValue, decades, facets_markup, grouped, meeting_facets, query_with
from meetings.filters import MULTI_VALUED

HOSTILE = "<script>alert(\"x\")</script> & 'quoted'"

# The template the facets were written with before facets_markup, kept here as the reference.
TEMPLATE = """{% load humanize %}{% for title, values in facets.items %}{% if values %}
    <section class="facet">
      <h2>{{ title }}</h2>
      {% if title == "Years" %}
      {% for decade in decades %}
      <details class="decade"{% if decade.is_open %} open{% endif %}>
        <summary>{{ decade.label }} <span class="count">{{ decade.count|intcomma }}</span></summary>
        <ul>{% for v in decade.years %}<li><a href="{{ v.url }}"{% if v.active %} class="active" aria-current="true"{% endif %}>{% if v.active %}✓ {% endif %}{{ v.label }}</a> <span class="count">{{ v.count|intcomma }}</span></li>{% endfor %}</ul>
      </details>
      {% endfor %}
      {% else %}
      <ul>{% for v in values %}<li><a href="{{ v.url }}"{% if v.active %} class="active" aria-current="true"{% endif %}>{% if v.active %}✓ {% endif %}{{ v.label }}</a> <span class="count">{{ v.count|intcomma }}</span></li>{% endfor %}</ul>
      {% endif %}
    </section>
    {% endif %}{% endfor %}"""  # noqa: E501


def reference_query_with(params, name, value=None, *, add=False, remove=False):
    """query_with as it was: on a copy of the QueryDict."""
    data = params.copy()
    data.pop("page", None)
    if name in MULTI_VALUED:
        values = [v.strip() for raw in data.getlist(name) for v in raw.split(",") if v.strip()]
    else:
        values = data.getlist(name)
    given_values = {v.lower() for v in values}
    if add:
        values = [*values, value] if str(value).lower() not in given_values else values
    elif remove:
        values = [v for v in values if v.lower() != str(value).lower()] if name in MULTI_VALUED else []
    else:
        values = [value] if value not in (None, "") else []
    data.setlist(name, values)
    pairs = [(key, v) for key in data for v in data.getlist(key) if v != ""]
    return "?" + urlencode(pairs) if pairs else "?"


NAMES = ["country", "topic", "leader", "kind", "year", "page", "q", "sort", "summit"]
VALUES = st.text(alphabet="aJp ,&é=", max_size=6)


class TestQueryWith:
    @settings(max_examples=400, deadline=None)
    @given(
        pairs=st.lists(st.tuples(st.sampled_from(NAMES), VALUES), max_size=6),
        name=st.sampled_from(NAMES),
        value=st.one_of(st.none(), VALUES),
        mode=st.sampled_from(["set", "add", "remove"]),
    )
    def test_same_as_the_copying_version(self, pairs, name, value, mode):
        params = QueryDict(urlencode(pairs))
        flags = {"add": mode == "add", "remove": mode == "remove"}
        if mode != "set" and value is None:
            value = "x"
        assert query_with(params, name, value, **flags) == reference_query_with(params, name, value, **flags)

    def test_a_parameter_keeps_its_place_and_page_goes(self):
        params = QueryDict("country=jp&page=3&kind=call")
        assert query_with(params, "country", "in", add=True) == "?country=jp&country=in&kind=call"
        assert query_with(params, "year", "2025") == "?country=jp&kind=call&year=2025"
        assert query_with(params, "page", None) == "?country=jp&kind=call"

    def test_leaves_the_request_alone(self):
        params = QueryDict("country=jp,in&page=2")
        query_with(params, "country", "jp", remove=True)
        assert params.getlist("country") == ["jp,in"] and params["page"] == "2"


def counts(labels):
    return {
        "Countries": [("jp", labels[0], 1234), ("in", labels[1], 7)],
        "Topics": [("ai", labels[2], 1_000_000)],
        "Summits": [],
        "Kinds": [("bilateral", "Bilateral meeting", 999)],
    }


YEARS = [(1999, 3), (2001, 1500), (2025, 12), (1870, 1)]


class TestFacetsMarkup:
    @pytest.mark.parametrize(
        "query", ["", "country=jp", "country=JP,in&year=2025", "year=1870&kind=bilateral&page=4", "q=%3Cb%3E&topic=ai"]
    )
    @pytest.mark.parametrize("labels", [("Japan", "India", "AI"), (HOSTILE, "<i>", "a & b")])
    def test_same_as_the_template(self, query, labels):
        params = QueryDict(query)
        facets = meeting_facets(counts(labels), params, YEARS)
        by_decade = decades(facets["Years"])
        expected = Template(TEMPLATE).render(Context({"facets": facets, "decades": by_decade}))
        assert facets_markup(facets, by_decade) == expected

    def test_hostile_text_escaped_and_active_values_marked(self):
        params = QueryDict("country=jp")
        facets = meeting_facets(counts((HOSTILE, "India", "AI")), params, [(2025, 2)])
        markup = facets_markup(facets, decades(facets["Years"]))
        assert "<script>" not in markup
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;" in markup
        assert '<a href="?" class="active" aria-current="true">✓ &lt;script&gt;' in markup
        assert '<a href="?country=jp&amp;country=in">India</a> <span class="count">7</span>' in markup
        # One decade only: it opens.
        assert '<details class="decade" open>' in markup

    def test_an_empty_facet_has_no_section(self):
        facets = {"Countries": [], "Years": []}
        assert facets_markup(facets, []) == ""
        one = {"Kinds": [FacetValue("kind", "call", "Call", 2, False, "?kind=call")]}
        assert facets_markup(one, []).count('<section class="facet">') == 1

    @pytest.mark.parametrize("n", [0, 7, 999, 1000, 12345, 1_000_000, 123_456_789, -1234])
    def test_grouped_as_intcomma(self, n):
        assert grouped(n) == intcomma(n)
