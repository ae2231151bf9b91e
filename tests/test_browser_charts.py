"""The pictures in a real browser: the world map, the per-year chart and the timeline show in light and dark colour
schemes, in the palette's colours, and without any Content-Security-Policy violation."""

import datetime

import pytest

from .factories import make_leader, make_published_meeting, make_summit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The palette of static/css/site.css as the browser reports it: (accent, muted, background).
PALETTE = {
    "light": ("rgb(11, 92, 173)", "rgb(74, 83, 96)", "rgb(255, 255, 255)"),
    "dark": ("rgb(140, 196, 255)", "rgb(179, 188, 199)", "rgb(20, 23, 27)"),
}


@pytest.fixture(autouse=True)
def reference_countries():
    """Transactional tests empty every table afterwards, the migrated countries too: put them back first."""
    from meetings.countries import load_countries
    from meetings.models import Country

    load_countries(Country)


def style(locator, prop):
    return locator.evaluate(f"element => getComputedStyle(element).{prop}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_map_chart_and_timeline_show_in_both_colour_schemes_under_the_csp(chromium_browser, live_server, scheme):
    takaichi, modi = make_leader("Sanae Takaichi"), make_leader("Narendra Modi", country_code="IN")
    summit = make_summit("G20 New Delhi Summit 2023", start=datetime.date(2023, 9, 9), end=datetime.date(2023, 9, 10))
    make_published_meeting("Talks in Osaka", participants=[takaichi, modi], date=datetime.date(2019, 6, 27))
    make_published_meeting(
        "Talks at the G20", participants=[takaichi, modi], date=datetime.date(2023, 9, 9), summit=summit
    )
    make_published_meeting("Talks in Moscow", participants=[takaichi, make_leader(country_code="SUHH")])

    context = chromium_browser.new_context(color_scheme=scheme, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    accent, muted, background = PALETTE[scheme]
    try:
        page.goto(f"{live_server.url}/countries/jp/")
        world = page.locator("svg.world-map")
        assert world.is_visible()
        box = world.bounding_box()
        assert box["width"] > 600 and box["height"] > 250
        india = page.locator('svg.world-map a[href="/countries/in/jp/"] path')
        assert india.is_visible()
        assert style(india, "fill") not in (background, "none")
        assert style(page.locator("svg.world-map .land"), "fill") not in (background, "none", style(india, "fill"))
        assert page.locator(".off-map").get_by_role("link", name="Soviet Union").is_visible()
        chart = page.locator("svg.year-chart")
        assert chart.is_visible()
        assert style(chart.locator("rect.bar").first, "fill") == accent
        assert style(chart.locator("text.axis").first, "fill") == muted

        page.goto(f"{live_server.url}/countries/in/jp/")
        assert page.locator("svg.year-chart").is_visible()
        timeline = page.locator("svg.timeline")
        assert timeline.is_visible()
        assert timeline.get_by_role("link", name="Summit: G20 New Delhi Summit 2023, 9 September 2023").is_visible()
        assert style(timeline.locator("text.axis").first, "fill") == muted
        # A bar is a link to its year.
        page.locator('svg.year-chart a[aria-label="2019: 1 meeting"]').click()
        page.wait_for_url("**/meetings/?country=in&country=jp&date_from=2019-01-01&date_to=2019-12-31")
        assert page.locator(".result-count").inner_text() == "1 meeting"
        assert violations == []
    finally:
        context.close()
