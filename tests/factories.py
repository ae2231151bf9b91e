"""Plain helpers that make test data: make_leader(), make_meeting(), make_published_meeting()…"""

import datetime
import itertools

from meetings.models import (
    CooperationArea,
    Country,
    Leader,
    Meeting,
    MeetingArea,
    Participation,
    Source,
    Summit,
)

_counter = itertools.count(1)


def country(code):
    """A reference country (the migration loads every ISO country)."""
    return Country.objects.get(code=code.upper())


def make_leader(name=None, *, country_code="JP", office="Prime Minister", **fields):
    name = name or f"Leader {next(_counter)}"
    return Leader.objects.create(name=name, country=country(country_code), office=office, **fields)


def make_summit(name=None, *, start=datetime.date(2025, 11, 22), end=datetime.date(2025, 11, 23), **fields):
    name = name or f"Summit {next(_counter)}"
    fields.setdefault("host_country", country("ZA"))
    return Summit.objects.create(name=name, start_date=start, end_date=end, **fields)


def clear_vocabulary():
    """An archive without the topic vocabulary the migrations load: for tests that build their own topics."""
    CooperationArea.objects.filter(parent__isnull=False).delete()
    CooperationArea.objects.all().delete()


def make_area(name=None, *, parent=None, **fields):
    name = name or f"Area {next(_counter)}"
    return CooperationArea.objects.create(name=name, parent=parent, **fields)


def make_meeting(title=None, *, date=datetime.date(2025, 11, 23), participants=(), areas=(), sources=0, **fields):
    """A draft meeting with the given leaders, areas and number of sources."""
    title = f"Meeting {next(_counter)}" if title is None else title
    meeting = Meeting.objects.create(title=title, date=date, **fields)
    for order, leader in enumerate(participants):
        Participation.objects.create(meeting=meeting, leader=leader, order=order)
    for area in areas:
        MeetingArea.objects.create(meeting=meeting, area=area)
    for n in range(sources):
        Source.objects.create(meeting=meeting, publisher=f"Publisher {n + 1}")
    return meeting


def make_published_meeting(title=None, *, participants=None, **fields):
    """A meeting complete enough to publish, published."""
    if participants is None:
        participants = [make_leader(country_code="JP"), make_leader(country_code="IN")]
    meeting = make_meeting(title, participants=participants, sources=1, **fields)
    meeting.publish()
    return meeting


def sitemap_text(client):
    """Every page of the sitemap: the index at /sitemap.xml and each sitemap it lists."""
    import re
    from urllib.parse import urlsplit

    index = client.get("/sitemap.xml").content.decode()
    parts = [index]
    for location in re.findall(r"<loc>([^<]+)</loc>", index):
        address = urlsplit(location.replace("&amp;", "&"))
        parts.append(client.get(address.path + (f"?{address.query}" if address.query else "")).content.decode())
    return "\n".join(parts)
