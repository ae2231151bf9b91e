"""A list's rows read as values (meetings/rows.py) and written in Python ({% meeting_rows %}), and the slug addresses
reversed once (meetings/links.py)."""

import datetime
import html
import re

import pytest
from django.core.cache import caches
from django.http import QueryDict
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from meetings.links import slug_url
from meetings.models import Meeting
from meetings.rows import rows_of, rows_with_ids
from meetings.templatetags.meetings_tags import meeting_rows, select_options, topics_table

from .factories import country, make_area, make_leader, make_meeting, make_published_meeting, make_summit

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(\"x\")</script> & 'quoted'"


class TestSlugUrl:
    @pytest.mark.parametrize("view", ["meeting_detail", "leader_detail", "summit_detail", "topic_detail"])
    @pytest.mark.parametrize("slug", ["takaichi-modi-2025", "a_b", "x", "A-9"])
    def test_same_as_reverse(self, view, slug):
        assert slug_url(view, slug) == reverse(view, args=[slug])

    @pytest.mark.parametrize("slug", ["ünïcode-slug", "with space", "50%", "a/b", ""])
    def test_what_reverse_refuses_is_refused(self, slug):
        with pytest.raises(NoReverseMatch):
            reverse("meeting_detail", args=[slug])
        with pytest.raises(NoReverseMatch):
            slug_url("meeting_detail", slug)

    def test_follows_the_script_prefix(self):
        try:
            set_script_prefix("/archive/")
            assert slug_url("meeting_detail", "a-meeting") == "/archive/meetings/a-meeting/"
        finally:
            set_script_prefix("/")
        assert slug_url("meeting_detail", "a-meeting") == "/meetings/a-meeting/"

    def test_follows_the_url_configuration(self):
        assert slug_url("meeting_detail", "m") == "/meetings/m/"
        with override_settings(ROOT_URLCONF="tests.urls_slow"):
            assert slug_url("meeting_detail", "m") == reverse("meeting_detail", args=["m"])


class TestMeetingRows:
    def rows(self, *meetings):
        return str(meeting_rows(rows_with_ids(Meeting.objects.all(), [meeting.pk for meeting in meetings])))

    def test_a_row_links_the_meeting_its_summit_and_who_took_part(self):
        takaichi = make_leader("Sanae Takaichi")
        modi = make_leader("Narendra Modi", country_code="IN")
        summit = make_summit("G20 Johannesburg Summit 2025")
        meeting = make_published_meeting(
            "Takaichi and Modi meet",
            participants=[takaichi, modi],
            city="Johannesburg",
            summit=summit,
            date=datetime.date(2025, 11, 23),
        )
        row = self.rows(meeting)
        assert row.startswith('<li class="meeting-row">\n  <a class="meeting-title" href="/meetings/')
        assert f'href="{meeting.get_absolute_url()}">Takaichi and Modi meet</a>' in row
        assert '<time datetime="2025-11-23">23 Nov 2025</time>\n' in row
        assert f'· <a href="{summit.get_absolute_url()}">G20 Johannesburg Summit 2025</a>' in row
        assert "· Johannesburg" in row
        people = re.search(r'<div class="participants">(.*)</div>', row).group(1)
        assert people == (
            f'<a href="{takaichi.get_absolute_url()}">Sanae Takaichi</a> <abbr class="code" title="Japan">JP</abbr>, '
            f'<a href="{modi.get_absolute_url()}">Narendra Modi</a> <abbr class="code" title="India">IN</abbr>'
        )
        assert row.endswith("</div>\n</li>\n")

    def test_a_range_of_days_and_no_summit(self):
        meeting = make_published_meeting(
            "State visit", date=datetime.date(2024, 1, 30), end_date=datetime.date(2024, 2, 2), kind="state_visit"
        )
        row = self.rows(meeting)
        assert '<time datetime="2024-01-30">30 Jan 2024</time>–<time datetime="2024-02-02">2 Feb 2024</time>' in row
        assert "· State visit" in row
        assert '<a href="/summits/' not in row

    def test_dates_as_the_date_filter_writes_them(self):
        from django.utils.dateformat import format as date_format

        for day in (datetime.date(800, 1, 5), datetime.date(1945, 12, 31), datetime.date(2025, 11, 23)):
            meeting = make_published_meeting(f"On {day}", date=day)
            expected = f'<time datetime="{date_format(day, "Y-m-d")}">{date_format(day, "j M Y")}</time>'
            assert expected in self.rows(meeting)

    def test_every_text_is_escaped(self):
        leader = make_leader(HOSTILE)
        meeting = make_published_meeting(HOSTILE, participants=[leader, make_leader(country_code="IN")], city=HOSTILE)
        row = self.rows(meeting)
        assert "<script>" not in row
        escaped = html.escape(HOSTILE)
        assert f">{escaped}</a>\n  <div" in row  # the title
        assert f"\n    · {html.escape(meeting.place)}\n" in row and meeting.place.startswith(HOSTILE)  # the place
        assert f">{escaped}</a> <abbr" in row  # the participant
        assert html.unescape(re.search(r'class="meeting-title" href="([^"]+)"', row).group(1)).startswith("/meetings/")

    def test_rows_keep_the_order_given(self):
        first, second = make_published_meeting("First"), make_published_meeting("Second")
        row = self.rows(second, first)
        assert row.index(">Second</a>") < row.index(">First</a>")


class TestRowsOf:
    """rows_of reads what a row shows as values: the same as the model's own properties, in two queries."""

    def meetings(self):
        ussr = country("SUHH")
        gorbachev = make_leader("Mikhail Gorbachev", country_code="SUHH")
        reagan = make_leader("Ronald Reagan", country_code="US")
        held = [
            make_published_meeting(
                "Geneva Summit", participants=[reagan, gorbachev], city="Geneva", date=datetime.date(1985, 11, 19)
            ),
            make_meeting("No one named yet", city="", date=None),  # a draft: rows_of reads what it is given
            make_published_meeting("At a summit", participants=[make_leader(), reagan], summit=make_summit("G7 1987")),
        ]
        # The country as named at the time, for the place and for a participant.
        held[0].participations.filter(leader=gorbachev).update(country_name="U.S.S.R.")
        Meeting.objects.filter(pk=held[0].pk).update(country=ussr, country_name="")
        Meeting.objects.filter(pk=held[1].pk).update(country=ussr, country_name="U.S.S.R.")
        return held, ussr

    def test_the_same_as_the_models(self):
        held, _ = self.meetings()
        found = rows_of(Meeting.objects.filter(pk__in=[m.pk for m in held]).order_by("pk"))
        assert [row.pk for row in found] == [m.pk for m in held]
        for row, meeting in zip(found, Meeting.objects.filter(pk__in=[m.pk for m in held]).order_by("pk"), strict=True):
            assert (row.title, row.slug, row.date, row.end_date, row.kind) == (
                meeting.title,
                meeting.slug,
                meeting.date,
                meeting.end_date,
                meeting.kind,
            )
            assert row.place == meeting.place
            assert row.get_kind_display() == meeting.get_kind_display()
            assert row.get_absolute_url() == meeting.get_absolute_url()
            assert row.summit_id == meeting.summit_id
            if meeting.summit:
                assert (row.summit.name, row.summit.start_date) == (meeting.summit.name, meeting.summit.start_date)
                assert row.summit.get_absolute_url() == meeting.summit.get_absolute_url()
            people = [
                (p.leader.name, p.leader.get_absolute_url(), p.country.code, p.country_label)
                for p in meeting.participations.all()
            ]
            assert [(p.name, p.get_absolute_url(), p.country_code, p.country_label) for p in row.people] == people
        assert found[0].place == "Geneva, Soviet Union"
        assert found[1].place == "U.S.S.R."
        assert [p.country_label for p in found[0].people] == ["United States", "U.S.S.R."]

    def test_two_queries_whatever_the_rows(self, django_assert_num_queries):
        held, _ = self.meetings()
        with django_assert_num_queries(2):
            found = rows_of(Meeting.objects.order_by("pk"))
        assert len(found) == len(held)
        with django_assert_num_queries(0):  # no meeting, and so no participant, to read
            assert rows_of(Meeting.objects.none()) == []

    def test_a_page_of_a_list_shows_no_draft(self):
        draft = make_meeting(title="A draft", status="draft")
        published = make_published_meeting("Published")
        assert [row.pk for row in rows_with_ids(Meeting.objects.published(), [draft.pk, published.pk])] == [
            published.pk
        ]


# The table as the template loop wrote it (templates/includes/_topics_by_year.html until {% topics_table %}).
TOPICS_TEMPLATE = (
    "{% if topics_by_year %}\n"
    "<h2>Topics over time</h2>\n"
    '<table class="topics-table">\n'
    '  <caption class="visually-hidden">Meetings per topic and year</caption>\n'
    '  <thead><tr><th scope="col">Topic</th><th scope="col">Meetings by year</th></tr></thead>\n'
    "  <tbody>\n"
    "  {% for name, slug, years in topics_by_year %}\n"
    """    <tr><th scope="row"><a href="{% url 'topic_detail' slug %}">{{ name }}</a></th><td>"""
    "{% for year, n in years %}{{ year }} ({{ n }}){% if not forloop.last %}, {% endif %}{% endfor %}</td></tr>\n"
    "  {% endfor %}\n"
    "  </tbody>\n"
    "</table>\n"
    "{% endif %}\n"
)


class TestTopicsTable:
    @pytest.mark.parametrize(
        "rows",
        [
            [],
            [("AI", "ai", [(2024, 1)])],
            [("Trade", "trade", [(1999, 3), (2000, 1), (2025, 12)]), (HOSTILE, "odd-slug", [(2001, 2)])],
            [("Ünïcode › Sub", "a_b-9", [(2020, 1), (2021, 2)])],
        ],
    )
    def test_the_same_bytes_as_the_template_loop(self, rows):
        reference = Template(TOPICS_TEMPLATE).render(Context({"topics_by_year": rows}))
        assert topics_table(rows) == reference

    def test_the_country_and_pair_pages_show_it(self, client):
        modi = make_leader("Narendra Modi", country_code="IN")
        takaichi = make_leader("Sanae Takaichi", country_code="JP")
        meeting = make_published_meeting("Modi and Takaichi", participants=[modi, takaichi])
        meeting.areas.add(make_area(HOSTILE))
        for path in ["/countries/in/", "/countries/in/jp/"]:
            page = client.get(path).content.decode()
            assert "Topics over time" in page and html.escape(HOSTILE) in page and HOSTILE not in page


class TestDeepPages:
    """A page past views.DEEP_PAGE_ROWS rows reads its ids first, then those meetings: the same page as the OFFSET
    over whole rows gives, on the list (each sort), a filtered list, and the leader and country pages."""

    @pytest.fixture
    def archive(self):
        modi = make_leader("Narendra Modi", country_code="IN")
        others = [make_leader(country_code="JP") for _ in range(3)]
        for n in range(11):
            # Some meetings share a date: the order of the ids then decides.
            make_published_meeting(
                f"Meeting {n:02d}", participants=[modi, others[n % 3]], date=datetime.date(2020, 1 + n % 4, 1)
            )
        return modi

    def pages(self, client, monkeypatch, paths, deep_from):
        import meetings.views as views

        monkeypatch.setattr(views, "PAGE_SIZE", 3)
        monkeypatch.setattr(views, "DEEP_PAGE_ROWS", deep_from)
        for cache in caches.all():  # built again, not read from the page cache
            cache.clear()
        return {path: client.get(path).content for path in paths}

    def paths(self, leader):
        paths = [f"/meetings/?page={n}" for n in range(1, 5)]
        paths += [f"/meetings/?sort=oldest&page={n}" for n in (2, 4)] + ["/meetings/?q=meeting&sort=newest&page=3"]
        paths += ["/meetings/?country=jp&page=3", f"{leader.get_absolute_url()}?page=3", "/countries/in/?page=4"]
        return paths

    def test_same_pages_as_the_offset(self, client, monkeypatch, archive):
        paths = self.paths(archive)
        by_offset = self.pages(client, monkeypatch, paths, deep_from=10**9)
        by_ids = self.pages(client, monkeypatch, paths, deep_from=3)
        for path in paths:
            assert b"Meeting " in by_ids[path], path
            assert by_ids[path] == by_offset[path], path

    def test_a_deep_page_reads_its_ids_first(self, client, monkeypatch, archive):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.pages(client, monkeypatch, [], deep_from=3)
        ids_only = re.compile(r'^SELECT "meetings_meeting"\."id"( AS "pk")? FROM .* LIMIT 3 OFFSET 6$', re.DOTALL)
        with CaptureQueriesContext(connection) as deep:
            assert client.get("/meetings/?page=3").status_code == 200
        with CaptureQueriesContext(connection) as first:
            assert client.get("/meetings/?page=1").status_code == 200
        assert any(ids_only.match(q["sql"]) for q in deep.captured_queries)
        assert not any(ids_only.match(q["sql"]) for q in first.captured_queries)


# The filter form's options as the template loops wrote them (templates/meetings/meeting_list.html until
# {% select_options %}): the topics from the form's queryset, the series and kinds from the choices.
OPTION_LOOPS = {
    "topic": '{% for area in areas %}<option value="{{ area.slug }}"{% if area.slug in chosen %} selected{% endif %}>'
    "{{ area }}</option>{% endfor %}",
    "choice": '{% for value, label in choices %}{% if value %}<option value="{{ value }}"'
    "{% if chosen == value %} selected{% endif %}>{{ label }}</option>{% endif %}{% endfor %}",
}


class TestSelectOptions:
    def test_topics_as_the_template_wrote_them(self):
        technology = make_area("Technology")
        make_area("AI", parent=technology)
        make_area(HOSTILE)
        from meetings.models import CooperationArea

        areas = CooperationArea.objects.select_related("parent").order_by("name")
        choices = [(area.slug, str(area)) for area in areas]
        assert any(" › " in label for _, label in choices) and any("<script>" in label for _, label in choices)
        for chosen in ([], [technology.slug], [slug for slug, _ in choices], ["no-such-topic"]):
            expected = Template(OPTION_LOOPS["topic"]).render(Context({"areas": areas, "chosen": chosen}))
            assert str(select_options(choices, chosen)) == expected

    @pytest.mark.parametrize("chosen", ["", "g20", "other", "G20", "no-such", HOSTILE])
    def test_series_and_kinds_as_the_template_wrote_them(self, chosen):
        from meetings.filters import MeetingFilter

        form = MeetingFilter(QueryDict()).form
        for field in ("series", "kind"):
            choices = list(form.fields[field].choices)
            expected = Template(OPTION_LOOPS["choice"]).render(Context({"choices": choices, "chosen": chosen}))
            assert str(select_options(choices, chosen)) == expected
        hostile = [("", "Any"), (HOSTILE, HOSTILE)]
        expected = Template(OPTION_LOOPS["choice"]).render(Context({"choices": hostile, "chosen": HOSTILE}))
        assert str(select_options(hostile, HOSTILE)) == expected and "<script>" not in expected
