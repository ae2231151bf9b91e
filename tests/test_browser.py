"""Real-browser tests: Playwright drives Chromium against the live test server."""

import re

import pytest

from .factories import make_published_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_countries():
    """Transactional tests empty every table afterwards, the migrated countries too: put them back first."""
    from meetings.countries import load_countries
    from meetings.models import Country

    load_countries(Country)


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


def test_visitor_filters_the_list_by_clicking_and_reaches_a_pair_page(page, live_server):
    from .factories import make_leader

    takaichi = make_leader("Sanae Takaichi", country_code="JP")
    modi = make_leader("Narendra Modi", country_code="IN")
    biden = make_leader("Joe Biden", country_code="US", office="President")
    make_published_meeting("Takaichi and Modi meet", participants=[takaichi, modi])
    make_published_meeting("Modi meets Biden", participants=[modi, biden])
    make_published_meeting("Takaichi meets Biden", participants=[takaichi, biden])

    page.goto(f"{live_server.url}/meetings/")
    assert page.locator(".result-count").inner_text() == "3 meetings"
    # Follow the "India" facet, then the "Japan" one: only meetings between both remain.
    page.locator(".facet a", has_text="India").click()
    page.wait_for_url("**/meetings/?country=in")
    assert page.locator(".result-count").inner_text() == "2 meetings"
    page.locator(".facet a", has_text="Japan").click()
    page.wait_for_url("**/meetings/?country=in&country=jp")
    assert page.locator(".result-count").inner_text() == "1 meeting"
    assert page.get_by_role("link", name="Remove filter Country: Japan").is_visible()
    # The filter form works too, without JavaScript-only widgets.
    page.fill("#f-q", "Biden")
    page.fill("#f-country", "us")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/meetings/?q=Biden&country=us*")
    assert page.locator(".result-count").inner_text() == "2 meetings"
    # Open a meeting, then the relationship page from it.
    page.get_by_role("link", name="Modi meets Biden").click()
    page.wait_for_url("**/meetings/modi-meets-biden/")
    assert page.locator("h1").inner_text() == "Modi meets Biden"
    page.get_by_role("link", name="The whole relationship").click()
    page.wait_for_url("**/countries/in/us/")
    assert "India and United States" in page.locator("h1").inner_text()
    assert page.locator("svg.year-chart").count() == 1 and page.locator("svg.timeline").count() == 1


def test_leader_typeahead_offers_names(page, live_server):
    from .factories import make_leader

    modi = make_leader("Narendra Modi", country_code="IN")
    make_published_meeting("Talks", participants=[modi, make_leader(country_code="JP")])
    page.goto(f"{live_server.url}/meetings/")
    page.locator("#f-leader").press_sequentially("Narendra")
    # (Not wait_for_function: Playwright evaluates its string with eval, which the site's CSP rightly refuses.)
    page.locator("#leader-options option").first.wait_for(state="attached")
    assert page.locator("#leader-options option").first.get_attribute("value") == "narendra-modi"


def test_researcher_downloads_the_filtered_list_as_csv(page, live_server):
    import csv

    from .factories import make_leader

    takaichi = make_leader("Sanae Takaichi", country_code="JP")
    modi = make_leader("Narendra Modi", country_code="IN")
    biden = make_leader("Joe Biden", country_code="US", office="President")
    make_published_meeting("Takaichi and Modi meet", participants=[takaichi, modi])
    make_published_meeting("Modi meets Biden", participants=[modi, biden])

    page.goto(f"{live_server.url}/meetings/?country=jp")
    assert page.locator(".result-count").inner_text() == "1 meeting"
    with page.expect_download() as download_info:
        page.locator(".downloads").get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.startswith("meetings_country-jp_")
    with open(download.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["title"] for row in rows] == ["Takaichi and Modi meet"]
    assert rows[0]["participant_country_codes"] == "JP; IN"


def test_the_list_works_from_the_keyboard(page, live_server):
    from .factories import make_leader

    make_published_meeting("Takaichi and Modi meet", participants=[make_leader(), make_leader(country_code="IN")])
    make_published_meeting("Another meeting", participants=[make_leader(country_code="US"), make_leader()])
    page.goto(f"{live_server.url}/meetings/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()  # shown when focused
    page.keyboard.press("Enter")
    page.wait_for_url("**/meetings/#main")
    # Tab through the filter form to the search field, type, and submit with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-q":
            break
    assert page.evaluate("document.activeElement.id") == "f-q"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.type("Takaichi")
    page.keyboard.press("Enter")
    page.wait_for_url("**/meetings/?q=Takaichi*")
    assert page.locator(".result-count").inner_text() == "1 meeting"


class Clicks:
    """Every click, tick and choice the editor makes, counted (typing and pasting are not clicks)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def choose(self, selector, value):
        self.count += 1
        self.page.select_option(selector, value)


def test_an_editor_turns_the_seed_report_into_a_published_meeting_in_under_15_clicks(page, live_server, editor):
    from pathlib import Path

    from meetings.cooperation_areas import load_areas
    from meetings.models import CooperationArea, Country, Meeting, Summit
    from meetings.summit_editions import load_summit_editions

    from .factories import make_leader

    seed = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "takaichi-modi-g20-2025.txt"
    if not seed.exists():
        pytest.skip(f"the seed report is not at {seed}")
    load_areas(CooperationArea)
    load_summit_editions(Summit, Country)
    make_leader("Sanae Takaichi", country_code="JP", office="Prime Minister", aliases="Takaichi")
    make_leader("Narendra Modi", country_code="IN", office="Prime Minister", aliases="Modi")
    clicks = Clicks(page)

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    clicks.click(page.locator("input[type=submit]"))
    clicks.click(page.locator("#from-report-index-link"))
    page.wait_for_url("**/admin/meetings/meeting/from-report/")
    page.fill("#id_text", seed.read_text(encoding="utf-8"))  # one paste
    page.fill("#id_publisher", "ANI")
    page.fill("#id_published", "2025-11-23")
    clicks.click(page.get_by_role("button", name="Read the report"))
    assert page.locator("#participant-0").is_checked() and page.locator("#participant-1").is_checked()
    clicks.click(page.locator("#create-draft"))  # every suggestion kept
    page.wait_for_url("**/admin/meetings/meeting/*/change/")
    # A paraphrase of the two leaders' joint position, in the archive's words.
    extra = page.input_value("#id_statements-INITIAL_FORMS")  # the empty form after the quotes kept
    page.fill(
        f"#id_statements-{extra}-text", "Both leaders said they would keep working for a free and open Indo-Pacific."
    )
    clicks.choose("#id_status", "published")
    clicks.click(page.locator("input[name=_save]").first)
    page.wait_for_url("**/admin/meetings/meeting/")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    meeting = Meeting.objects.get(title="Sanae Takaichi and Narendra Modi meet at the G20 summit")
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.statements.filter(kind="paraphrase", leader=None).exists()
    assert meeting.statements.filter(kind="quote", leader__name="Sanae Takaichi").exists()
    # The public list, filtered by Japan and India, has it.
    clicks.click(page.get_by_role("link", name="View site"))
    clicks.click(page.get_by_role("link", name="Meetings", exact=True).first)
    clicks.click(page.locator(".facet a", has_text="Japan"))
    clicks.click(page.locator(".facet a", has_text="India"))
    page.wait_for_url("**/meetings/?country=jp&country=in")
    assert page.get_by_role("link", name=meeting.title).is_visible()
    assert clicks.count < 15, clicks.count


def test_a_visitor_reports_a_wrong_fact_an_editor_corrects_it_and_a_chief_editor_reverts_it(
    page, chromium_browser, live_server, django_user_model
):
    from django.contrib.auth.models import Group

    from meetings.models import CorrectionRequest
    from meetings.roles import setup_roles

    from .factories import make_leader

    setup_roles()
    for username, group in [("ed", "Editors"), ("chief", "Chief editors")]:
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw-pw-pw-pw", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
    meeting = make_published_meeting(
        "Takaichi and Modi meet", participants=[make_leader(country_code="JP"), make_leader(country_code="IN")]
    )
    meeting.city = "Pretoria"
    meeting.save()  # a recorded version, with the wrong city

    # A visitor suggests the correction.
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_role("link", name="Suggest a correction").click()
    page.fill("#id_text", "They met in Johannesburg, not Pretoria.")
    page.get_by_role("button", name="Send to the editors").click()
    assert "Thank you" in page.locator("main, body").first.inner_text()
    assert CorrectionRequest.objects.get().meeting_id == meeting.pk

    contexts = []

    def log_in(username):
        context = chromium_browser.new_context()
        contexts.append(context)
        context.set_default_timeout(15_000)
        admin = context.new_page()
        admin.goto(f"{live_server.url}/admin/")
        admin.fill("#id_username", username)
        admin.fill("#id_password", "pw-pw-pw-pw")
        admin.click("input[type=submit]")
        return admin

    # An editor reads it in the inbox, corrects the meeting and says so on its page.
    editor = log_in("ed")
    editor.goto(f"{live_server.url}/admin/meetings/correctionrequest/")
    editor.locator("#result_list tbody th a").first.click()
    editor.get_by_role("link", name="Takaichi and Modi meet").click()
    editor.fill("#id_city", "Johannesburg")
    editor.locator("#corrections-group .add-row a").click()
    editor.fill("#id_corrections-0-note", "The meeting was in Johannesburg, not Pretoria.")
    editor.locator("input[name=_save]").first.click()
    editor.wait_for_url("**/admin/meetings/meeting/")
    meeting.refresh_from_db()
    assert meeting.city == "Johannesburg"
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    assert "Corrected on" in page.content() and "Johannesburg" in page.content()

    # A chief editor reverts the meeting to the version before.
    chief = log_in("chief")
    chief.goto(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/history/")
    version = meeting.history.filter(city="Pretoria").first()
    chief.goto(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/history/{version.history_id}/")
    chief.locator("input[type=submit]").first.click()
    chief.wait_for_url("**/admin/meetings/meeting/**")
    meeting.refresh_from_db()
    assert meeting.city == "Pretoria"
    assert meeting.history.first().history_user.username == "chief"
    for context in contexts:
        context.close()


def test_the_participants_table_fits_a_1366_pixel_screen(page, live_server, editor):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/meetings/meeting/add/")
    width = page.evaluate("document.querySelector('#participations-group table').getBoundingClientRect().right")
    assert width <= 1366, width


def test_the_report_is_previewed_while_the_editor_types(page, live_server, editor):
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/meetings/meeting/add/")
    page.locator("#id_report").press_sequentially("They **agreed** on chips.")
    page.wait_for_selector("#report-live-preview strong")
    assert page.locator("#report-live-preview strong").inner_text() == "agreed"


def test_an_editor_cites_a_source_typed_into_the_form_and_confirms_a_warning_in_one_click(page, live_server, editor):
    from meetings.models import Leader, Meeting

    from .factories import country, make_leader

    make_leader("Narendra Modi", country_code="IN")
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")

    # A statement's source, chosen before the meeting's first save: the second of two sources being typed.
    page.goto(f"{live_server.url}/admin/meetings/meeting/add/")
    assert not page.locator(".field-save_anyway").is_visible()  # no warning, no button
    page.locator("#id_title").press_sequentially("Two leaders talk trade")
    page.fill("#id_date", "2025-11-23")
    page.fill("#id_sources-0-title", "First report")
    page.fill("#id_sources-0-url", "https://example.org/first")
    page.locator("#sources-group .add-row a").click()
    page.locator("#id_sources-1-title").press_sequentially("Second report")
    page.fill("#id_sources-1-url", "https://example.org/second")
    page.fill("#id_statements-0-text", "They agreed to talk again.")
    page.select_option("#id_statements-0-source", label="New source: Second report")
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/admin/meetings/meeting/")
    statement = Meeting.objects.get(title="Two leaders talk trade").statements.get()
    assert statement.source.title == "Second report"

    # A likely duplicate leader: the warning, then one click on "Save anyway".
    page.goto(f"{live_server.url}/admin/meetings/leader/add/?country={country('IN').pk}")
    page.locator("#id_name").press_sequentially("Narendra D. Modi")
    page.locator("input[name=_save]").first.click()
    assert "This may be a leader already in the archive" in page.locator(".field-save_anyway").inner_text()
    page.get_by_role("button", name="Save anyway").click()
    page.wait_for_url("**/admin/meetings/leader/")
    assert Leader.objects.filter(name="Narendra D. Modi").count() == 1


def test_the_site_and_the_admin_work_under_the_content_security_policy(page, live_server, editor):
    """No CSP violation anywhere: public pages, the admin's forms, type-ahead, live preview, pop-ups."""
    from .factories import make_leader, make_published_meeting

    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    make_leader("Narendra Modi", country_code="IN")
    meeting = make_published_meeting("Talks in Delhi")
    for url in ["/", "/meetings/", "/meetings/?q=talks", meeting.get_absolute_url(), "/countries/jp/", "/data/"]:
        page.goto(f"{live_server.url}{url}")
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/meetings/meeting/add/")
    page.locator("#id_title").press_sequentially("Talks on trade")  # the slug fills itself (a script)
    assert page.input_value("#id_slug") == "talks-on-trade"
    page.locator("#participations-0 td.field-leader .select2-selection").click()  # the type-ahead (select2)
    page.locator(".select2-container--open .select2-search__field").press_sequentially("Modi")
    page.wait_for_selector(".select2-results__option:has-text('Narendra Modi')")
    page.keyboard.press("Enter")
    page.locator("#id_report").press_sequentially("They **agreed**.")
    page.wait_for_selector("#report-live-preview strong")
    page.goto(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/change/")
    page.goto(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/history/")
    page.goto(f"{live_server.url}/admin/meetings/meeting/")
    assert violations == []


XSS = [
    "<script>alert('t1')</script>",
    '"><img src=x onerror=alert("t2")>',
    "<svg onload=alert('t3')>",
    "javascript:alert('t4')",
    "[click](javascript:alert('t5'))",
    "<a href=\"javascript:alert('t6')\">x</a>",
    "<iframe src=\"javascript:alert('t7')\"></iframe>",
    "'-alert('t8')-'",
]


def assert_inert(page, where):
    """Nothing on the page can run a script of the content's: no inline script, no on… attribute, no javascript:
    or data: link, no frame."""
    found = page.evaluate(
        """() => {
            const bad = [];
            for (const el of document.querySelectorAll('*')) {
                for (const attr of el.attributes) {
                    if (attr.name.toLowerCase().startsWith('on')) bad.push(el.tagName + ' ' + attr.name);
                }
            }
            for (const s of document.querySelectorAll('script:not([src])')) bad.push('inline script');
            for (const a of document.querySelectorAll('a[href]')) {
                // An SVG link's href is an SVGAnimatedString: its address resolved as an HTML link's is.
                const href = typeof a.href === 'string' ? a.href : new URL(a.href.baseVal, document.baseURI).href;
                const scheme = href.split(':')[0].toLowerCase();
                if (!['http', 'https', 'mailto'].includes(scheme)) bad.push('link ' + href);
            }
            for (const f of document.querySelectorAll('iframe, object, embed')) bad.push(f.tagName);
            return bad;
        }"""
    )
    assert found == [], (where, found)


def test_hostile_text_in_every_field_is_inert_on_every_page_the_feed_and_the_admin(page, live_server, editor):
    from meetings.models import Correction, CorrectionRequest, Source, Statement, Summit

    from .factories import make_area, make_leader, make_meeting, make_summit

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    payload = " ".join(XSS)
    leader = make_leader(f"Aiko {XSS[0]}", office=XSS[1], aliases="\n".join(XSS))
    other = make_leader(f"Ravi {XSS[2]}", country_code="IN", office=XSS[7])
    summit = make_summit("Hostile Summit 2031", series="other", city=XSS[1], description=payload)
    Summit.objects.filter(pk=summit.pk).update(website=XSS[3])  # written around the form, as an import could
    area = make_area(f"Area {XSS[0]}", description=payload)
    meeting = make_meeting(
        f"Talks {XSS[1]}", participants=[leader, other], areas=[area], summit=summit, city=XSS[2],
        summary=payload, report=payload, country_name=XSS[0],
    )  # fmt: skip
    Source.objects.create(meeting=meeting, publisher=XSS[0], title=XSS[1], url="https://example.org/ok")
    Source.objects.create(meeting=meeting, publisher="Raw", title="raw")
    Source.objects.filter(publisher="Raw").update(url=XSS[3])
    Statement.objects.create(meeting=meeting, leader=leader, kind="quote", text=payload)
    meeting.publish()
    Correction.objects.create(meeting=meeting, note=XSS[1])
    CorrectionRequest.objects.create(meeting=meeting, text=payload, source_url="https://example.org/x")
    public = [
        "/", "/meetings/", f"/meetings/?q={meeting.title[:5]}", meeting.get_absolute_url(), leader.get_absolute_url(),
        summit.get_absolute_url(), area.get_absolute_url(), "/countries/jp/", "/countries/in/jp/", "/leaders/",
        "/topics/", "/summits/", "/data/", f"{meeting.get_absolute_url()}correct/",
    ]  # fmt: skip
    for url in public:
        page.goto(f"{live_server.url}{url}")
        assert_inert(page, url)
    # Every link of the meeting's page clicked: none runs anything. A link away from the site (a source's address)
    # is refused at once rather than left to wait for a network the tests do not have.
    page.route(re.compile(f"^(?!{re.escape(live_server.url)})"), lambda route: route.abort())
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    count = page.locator("main a").count()
    for index in range(count):
        page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
        link = page.locator("main a").nth(index)
        if link.get_attribute("href", timeout=2000) and link.is_visible():
            link.click(timeout=5000)
            page.wait_for_load_state("load")
    feed = page.request.get(f"{live_server.url}/meetings/feed/").text()
    assert "<script>" not in feed and "&lt;script&gt;" in feed  # escaped inside the Atom XML
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    admin_pages = [
        "/admin/meetings/meeting/", f"/admin/meetings/meeting/{meeting.pk}/change/",
        f"/admin/meetings/meeting/{meeting.pk}/history/", f"/admin/meetings/leader/{leader.pk}/change/",
        f"/admin/meetings/summit/{summit.pk}/change/", "/admin/meetings/correctionrequest/",
        "/admin/meetings/source/", "/admin/meetings/statement/",
    ]  # fmt: skip
    for url in admin_pages:
        page.goto(f"{live_server.url}{url}")
        found = page.evaluate(
            "() => [...document.querySelectorAll('script:not([src])')].length"
            " + [...document.querySelectorAll('a[href^=\"javascript\" i], iframe')].length"
        )
        assert found == 0, url
    assert dialogs == []


def test_on_a_phone_the_results_come_before_the_filters(page, live_server):
    make_published_meeting("Takaichi and Modi meet in Johannesburg")
    for width, results_first in ((390, True), (1280, False)):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/meetings/")
        results = page.locator("section.results").bounding_box()
        filters = page.locator("aside#filters").bounding_box()
        assert (results["y"] < filters["y"]) is results_first, (width, results, filters)
        assert page.locator("p.filters-link").is_visible() is results_first  # "Filters ↓" only where they come last
