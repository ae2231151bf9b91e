import pytest

from .factories import make_area, make_leader, make_meeting, make_published_meeting, make_summit

pytestmark = pytest.mark.django_db


def test_home_shows_latest_published_meetings_and_counts(client):
    published = make_published_meeting("Takaichi meets Modi")
    make_meeting("A secret draft", participants=[make_leader()])
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert published.title in html
    assert "A secret draft" not in html
    assert "1 published meeting " in html


def test_meeting_page_shows_the_record(client):
    leaders = [make_leader("Sanae Takaichi"), make_leader("Narendra Modi", country_code="IN")]
    meeting = make_published_meeting("Takaichi meets Modi", participants=leaders, report="They agreed on **AI**.")
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sanae Takaichi" in html and "Narendra Modi" in html
    assert "<strong>AI</strong>" in html
    assert "Publisher 1" in html


def test_report_is_sanitised_on_the_page(client):
    meeting = make_published_meeting(report='<script>alert("x")</script><img src=x onerror=alert(1)>')
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "onerror" not in html


def test_summit_description_is_sanitised_on_the_page(client):
    from .factories import make_summit

    summit = make_summit(description='Held in **Johannesburg**.<script>alert("x")</script> [x](javascript:alert(1))')
    make_published_meeting(summit=summit)
    html = client.get(summit.get_absolute_url()).content.decode()
    assert "<strong>Johannesburg</strong>" in html
    assert "<script>alert" not in html and "javascript:alert" not in html


def test_draft_is_a_404_for_the_public_and_a_preview_for_staff(client, admin_client):
    draft = make_meeting("Unpublished talks", participants=[make_leader()])
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = admin_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not public" in response.content.decode()


def test_entity_pages_list_published_meetings_only(client):
    leader = make_leader("Narendra Modi", country_code="IN")
    summit = make_summit("G20 Johannesburg Summit 2025")
    area = make_area("Semiconductors")
    published = make_published_meeting("Published talks", participants=[leader, make_leader()], summit=summit)
    published.areas.add(area)
    draft = make_meeting("Draft talks", participants=[leader, make_leader()], summit=summit)
    draft.areas.add(area)
    for url in [leader.get_absolute_url(), summit.get_absolute_url(), area.get_absolute_url(), "/countries/in/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Published talks" in html, url
        assert "Draft talks" not in html, url


def test_unknown_objects_are_404(client):
    for url in ["/meetings/nope/", "/countries/zz/", "/leaders/nope/", "/summits/nope/", "/topics/nope/"]:
        assert client.get(url).status_code == 404


def test_meeting_page_links_the_meetings_of_the_same_countries_just_before_and_after(client):
    import datetime

    japan, india, france = (
        make_leader(country_code="JP"),
        make_leader(country_code="IN"),
        make_leader(country_code="FR"),
    )
    day = datetime.date(2020, 1, 1)

    def on(days, title, participants, publish=True):
        maker = make_published_meeting if publish else make_meeting
        return maker(title, participants=participants, date=day + datetime.timedelta(days=days))

    on(-30, "Earlier bilateral", [japan, india])
    on(-20, "Closest before, with France too", [japan, india, france])
    on(-10, "Japan and France only", [japan, france])  # lacks India: not a neighbour
    on(-5, "A draft in between", [japan, india], publish=False)  # drafts are never linked
    meeting = on(0, "This meeting", [japan, india])
    on(5, "Another draft", [japan, india], publish=False)
    on(10, "India and France only", [india, france])
    on(20, "Closest after", [india, japan])
    on(40, "Later bilateral", [japan, india])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Previous: <a" in html and "Closest before, with France too</a>" in html
    assert "Next: <a" in html and "Closest after</a>" in html
    for title in (
        "Earlier bilateral",
        "Japan and France only",
        "A draft in between",
        "Another draft",
        "Later bilateral",
    ):
        assert title not in html


def test_neighbours_same_day_is_neither_and_ties_go_by_id():
    """Meeting.neighbours (the meeting page's previous and next): a meeting on the same day is neither; of two on the
    closest day before, the one with the higher id; after, the lower. On PostgreSQL in one statement."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Meeting

    japan, india = make_leader(country_code="JP"), make_leader(country_code="IN")
    day = datetime.date(2020, 1, 1)

    def on(days, title):
        return make_published_meeting(title, participants=[japan, india], date=day + datetime.timedelta(days=days))

    on(-3, "Before, first made")
    before = on(-3, "Before, made second")
    meeting = on(0, "This meeting")
    on(0, "Same day")
    after = on(4, "After, first made")
    on(4, "After, made second")
    countries = {japan.country_id, india.country_id}
    with CaptureQueriesContext(connection) as queries:
        previous, following = Meeting.objects.neighbours(meeting, countries)
    assert (previous.pk, following.pk) == (before.pk, after.pk)
    assert (previous.title, previous.date, following.slug) == ("Before, made second", before.date, after.slug)
    assert len(queries) == (1 if connection.vendor == "postgresql" else 2)
    # The only meeting of its pair: no neighbours, whatever meetings are around it.
    france = make_leader(country_code="FR")
    alone = make_published_meeting("Alone", participants=[france, japan], date=day)
    assert Meeting.objects.neighbours(alone, {france.country_id, japan.country_id}) == (None, None)


def test_pair_page_summits_newest_first_and_years_from_its_published_meetings(client):
    """A pair page reads its summits and its chart's years from its own meetings: published ones only, summits once
    each, newest first."""
    import datetime

    japan, india, france = (make_leader(country_code=c) for c in ("JP", "IN", "FR"))
    older = make_summit("Older summit", start=datetime.date(2019, 6, 28), end=datetime.date(2019, 6, 29))
    newer = make_summit("Newer summit", start=datetime.date(2023, 9, 9), end=datetime.date(2023, 9, 10))
    hidden = make_summit("Draft-only summit", start=datetime.date(2024, 1, 1), end=datetime.date(2024, 1, 2))
    make_published_meeting("At the older", participants=[japan, india], date=datetime.date(2019, 6, 28), summit=older)
    make_published_meeting("Again there", participants=[india, japan], date=datetime.date(2019, 6, 29), summit=older)
    make_published_meeting("Three of them", participants=[japan, india, france], date=datetime.date(2023, 9, 9),
                           summit=newer)  # fmt: skip
    make_meeting("A draft", participants=[japan, india], date=datetime.date(2024, 1, 1), summit=hidden)
    make_published_meeting("Without India", participants=[japan, france], date=datetime.date(2021, 1, 1))
    html = client.get("/countries/in/jp/").content.decode()
    summits = html.split('<ul class="plain">', 1)[1].split("</ul>", 1)[0]
    assert summits.index("Newer summit") < summits.index("Older summit")
    assert summits.count("Older summit") == 1 and "Draft-only summit" not in html
    assert "A draft" not in html and "Without India" not in html
    # The chart: two meetings in 2019, one in 2023, nothing in 2021 or 2024.
    assert 'aria-label="2019: 2 meetings' in html and 'aria-label="2023: 1 meeting' in html
    assert "2021: " not in html and "2024: " not in html


def test_a_meeting_page_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    """Statements with their leaders and sources, topics with their parents, revisions: the same queries whatever
    their number (the revisions counted in the meeting's own query); the statements and the corrections read only
    when there are some."""
    import datetime

    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Correction, Source, Statement

    leaders = [make_leader("Sanae Takaichi"), make_leader("Narendra Modi", country_code="IN")]
    bare = make_published_meeting("Bare", participants=leaders)
    full = make_published_meeting("Full", participants=leaders, areas=[make_area("AI", parent=make_area("Tech"))])
    for n in range(3):
        source = Source.objects.create(meeting=full, publisher=f"Publisher {n}", title=f"Report {n}")
        Statement.objects.create(meeting=full, leader=leaders[n % 2], text=f"Said {n}", kind="quote", source=source)
        Correction.objects.create(meeting=full, note=f"Fixed {n}", corrected_on=datetime.date(2025, 12, n + 1))
        full.summary = f"Summary {n}"
        full.save()

    def queries(meeting):
        caches["pages"].clear()
        caches["default"].clear()
        with CaptureQueriesContext(connection) as done:
            page = client.get(meeting.get_absolute_url()).content.decode()
        return done.captured_queries, page

    few, _ = queries(bare)
    many, page = queries(full)
    # The same queries, and the statements' and the corrections' own when there are some.
    assert len(many) == len(few) + 2
    for table in ("meetings_statement", "meetings_correction"):
        assert len([q for q in many if q["sql"].startswith(f'SELECT "{table}"')]) == 1
        assert not [q for q in few if q["sql"].startswith(f'SELECT "{table}"')]
    assert "Tech › AI" in page and "Said 2" in page and "Publisher 2" in page
    assert page.count("<li>Corrected on") == 3 and "Fixed 2" in page
    assert f"{full.history.count()} revisions" in page and full.history.count() >= 4
    assert bare.history.count() == 2 and "· 2 revisions (every change is kept)" in queries(bare)[1]
