import datetime
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from meetings.cooperation_areas import load_areas, read_areas
from meetings.models import CooperationArea, Leader, Meeting, Participation, Source, Statement, Summit

pytestmark = pytest.mark.django_db

SEED_SLUG = "takaichi-modi-g20-johannesburg-2025"


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_seed_meeting_is_complete_and_faithful(demo):
    meeting = Meeting.objects.get(slug=SEED_SLUG)
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.date == datetime.date(2025, 11, 23)
    assert meeting.kind == Meeting.Kind.BILATERAL
    assert meeting.city == "Johannesburg"
    assert meeting.country.code == "ZA"

    summit = meeting.summit
    assert summit.series == "g20"
    assert summit.host_country.code == "ZA"
    assert summit.city == "Johannesburg"
    assert (summit.start_date, summit.end_date) == (datetime.date(2025, 11, 22), datetime.date(2025, 11, 23))

    people = [(p.leader.name, p.country.code, p.office) for p in meeting.participations.all()]
    assert people == [("Sanae Takaichi", "JP", "Prime Minister"), ("Narendra Modi", "IN", "Prime Minister")]

    areas = set(meeting.areas.values_list("slug", flat=True))
    assert {
        "artificial-intelligence",
        "semiconductors",
        "critical-and-emerging-technologies",
        "economic-security",
        "innovation-and-growth",
        "free-and-open-indo-pacific",
    } <= areas

    statements = list(meeting.statements.all())
    speakers = {s.leader.name if s.leader else None for s in statements}
    assert {"Sanae Takaichi", "Narendra Modi"} <= speakers
    assert any("February 2026" in s.text for s in statements)
    assert all(s.source is not None and s.source.meeting_id == meeting.pk for s in statements)
    assert meeting.sources.exists()
    assert "first" in meeting.summary.lower()
    assert meeting.publishing_problems() == []


def test_every_published_demo_meeting_meets_the_publishing_rule(demo):
    published = Meeting.objects.published()
    assert published.count() >= 5
    for meeting in published:
        assert meeting.publishing_problems() == [], meeting.slug
        for participation in meeting.participations.all():
            assert participation.office, meeting.slug


def test_demo_sources_invent_no_url(demo):
    # Only the Office of the Historian's pages that list the records are linked (by year for visits, by traveller
    # for travels, as its own site links them); the news report has no known URL.
    urls = set(Source.objects.exclude(url="").values_list("url", flat=True))
    assert urls == {
        "https://history.state.gov/departmenthistory/visits/2021",
        "https://history.state.gov/departmenthistory/visits/2023",
        "https://history.state.gov/departmenthistory/visits/2024",
        "https://history.state.gov/departmenthistory/travels/president/biden-joseph-r",
    }
    assert not Source.objects.filter(meeting__slug=SEED_SLUG).exclude(url="").exists()


def test_the_topic_vocabulary_comes_with_the_migrations_not_the_demo(db):
    # No demo loaded: the migrations alone give every area, in two levels, with keywords.
    areas = CooperationArea.objects.all()
    assert 30 <= areas.count() <= 45
    assert all(area.keyword_list for area in areas)
    assert CooperationArea.objects.get(slug="artificial-intelligence").parent.slug == "technology"
    assert "AI" in CooperationArea.objects.get(slug="artificial-intelligence").keyword_list
    for slug in ["ukraine", "middle-east", "migration", "energy-security", "climate-change", "health", "development"]:
        assert CooperationArea.objects.filter(slug=slug).exists(), slug
    assert not CooperationArea.objects.filter(parent__parent__isnull=False).exists()  # two levels


def test_the_demo_adds_meetings_not_areas(demo):
    assert CooperationArea.objects.count() == len(read_areas())
    assert Meeting.objects.get(slug=SEED_SLUG).areas.filter(slug="semiconductors").exists()


def test_loading_the_vocabulary_again_keeps_editors_work(db):
    area = CooperationArea.objects.get(slug="semiconductors")
    area.keywords = "chips"
    area.save()
    assert load_areas(CooperationArea) == 0
    area.refresh_from_db()
    assert area.keywords == "chips"


def test_loading_again_keeps_editors_work_and_duplicates_nothing(demo):
    meeting = Meeting.objects.get(slug=SEED_SLUG)
    meeting.title = "Edited by an editor"
    meeting.save()
    counts = [model.objects.count() for model in (Meeting, Leader, Participation, Source, Statement)]
    call_command("load_demo", verbosity=0)
    assert Meeting.objects.get(slug=SEED_SLUG).title == "Edited by an editor"
    assert [model.objects.count() for model in (Meeting, Leader, Participation, Source, Statement)] == counts


def test_an_archive_with_leaders_but_no_meetings_is_left_alone():
    from .factories import make_leader

    modi = make_leader("Narendra Modi", country_code="IN", office="Chief Minister", slug="narendra-modi")
    call_command("load_demo", verbosity=0)
    modi.refresh_from_db()
    assert modi.office == "Chief Minister"
    assert not Meeting.objects.exists()


SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def _phrases(text, n=7):
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed reports are not beside the project")
def test_the_demo_says_it_in_its_own_words(demo):
    """Facts carry over from the seed report, sentences do not: no seven words in a row are the report's."""
    seed = set().union(*(_phrases(path.read_text(encoding="utf-8")) for path in SEEDS.glob("*.txt")))
    meeting = Meeting.objects.get(slug=SEED_SLUG)
    texts = [meeting.title, meeting.summary, meeting.report, *meeting.statements.values_list("text", flat=True)]
    for text in texts:
        assert not _phrases(text) & seed, text


def test_the_demo_completes_the_reference_editions_without_doubling_them(demo):
    # The migrations load the reference table of editions; the demo's summits bear those editions' slugs.
    for series, start in [("g20", datetime.date(2025, 11, 22)), ("quad", datetime.date(2021, 9, 24))]:
        assert Summit.objects.filter(series=series, start_date=start).count() == 1
    assert Meeting.objects.get(slug=SEED_SLUG).summit.slug == "g20-johannesburg-2025"
    for meeting in Meeting.objects.filter(summit__series="quad"):
        assert meeting.summit.meetings.count() >= 1
        assert Summit.objects.filter(series="quad", start_date=meeting.summit.start_date).count() == 1
