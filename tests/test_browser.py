"""Real-browser tests: Playwright drives Chromium against the live test server."""

import pytest

from .factories import make_published_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_home_page_renders(page, live_server):
    make_published_meeting("Takaichi and Modi meet in Johannesburg")
    page.goto(live_server.url)
    assert page.locator("h1").inner_text().startswith("Who met whom")
    page.get_by_role("link", name="Takaichi and Modi meet in Johannesburg").click()
    page.wait_for_url("**/meetings/takaichi-and-modi-meet-in-johannesburg/")
    assert page.locator("h1").inner_text() == "Takaichi and Modi meet in Johannesburg"


def test_editor_logs_in_and_opens_the_meeting_form(page, live_server, editor):
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="Add meeting").click()
    page.wait_for_url("**/admin/meetings/meeting/add/")
    assert page.locator("#id_title").is_visible()
    # The participants inline and the autocomplete widgets are there and working.
    assert page.locator("#participations-group").is_visible()
    assert page.locator("#statements-group").is_visible()
    assert page.locator("#sources-group").is_visible()
    page.locator("#id_title").press_sequentially("Takaichi and Modi meet")
    assert page.input_value("#id_slug") == "takaichi-and-modi-meet"
