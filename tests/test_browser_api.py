"""The API's documentation page in a real browser: it works under the site's Content-Security-Policy."""

import datetime
import json

import pytest

from .factories import make_leader, make_published_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_countries():
    """Transactional tests empty every table afterwards, the migrated countries too: put them back first."""
    from meetings.countries import load_countries
    from meetings.models import Country

    load_countries(Country)


def test_the_documentation_page_loads_and_its_forms_work_without_a_csp_violation(page, live_server):
    make_published_meeting(
        "Takaichi and Modi meet",
        participants=[make_leader(), make_leader(country_code="IN")],
        date=datetime.date(2025, 11, 23),
    )
    make_published_meeting(
        "Biden calls Modi",
        participants=[make_leader(country_code="US"), make_leader("Modi", country_code="IN")],
        date=datetime.date(2024, 9, 21),
    )
    violations, failed = [], []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(f"{live_server.url}/api/v1/docs/")
    assert response.status == 200 and "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("h1").inner_text() == "Diplomatic Meetings Archive API"
    assert page.locator("#meetings_list").is_visible()
    # The example of a single meeting is a real one, and opens.
    page.locator("#meetings_retrieve a.example").click()
    page.wait_for_url("**/api/v1/meetings/takaichi-and-modi-meet/")
    assert json.loads(page.locator("body").inner_text())["title"] == "Takaichi and Modi meet"
    # The list's form sends its filters as a plain GET.
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.fill("#meetings_list-country", "in")
    page.select_option("#meetings_list-sort", "oldest")
    page.locator("#meetings_list button[type=submit]").click()
    page.wait_for_url("**/api/v1/meetings/?*country=in*")
    body = json.loads(page.locator("body").inner_text())
    assert [row["title"] for row in body["results"]] == ["Biden calls Modi", "Takaichi and Modi meet"]
    assert violations == [] and failed == []
