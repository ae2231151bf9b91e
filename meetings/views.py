"""Public pages. Small function views; drafts are visible only to staff (with a banner)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import CooperationArea, Country, Leader, Meeting, Participation, Summit

MEETING_LIST_RELATED = [
    Prefetch("participations", queryset=Participation.objects.select_related("leader", "country")),
]


def listed_meetings(queryset):
    return queryset.published().select_related("summit", "country").prefetch_related(*MEETING_LIST_RELATED)


@require_GET
def home(request):
    published = Meeting.objects.published()
    context = {
        "latest": listed_meetings(Meeting.objects.all())[:10],
        "meeting_count": published.count(),
        "leader_count": Leader.objects.filter(meetings__status=Meeting.Status.PUBLISHED).distinct().count(),
        "country_count": Country.objects.filter(participations__meeting__status=Meeting.Status.PUBLISHED)
        .distinct()
        .count(),
    }
    return render(request, "home.html", context)


@require_GET
def meeting_detail(request, slug):
    meetings = Meeting.objects.select_related("summit", "country").prefetch_related(
        *MEETING_LIST_RELATED, "areas__parent", "statements__leader", "statements__source", "sources"
    )
    if not request.user.is_staff:
        meetings = meetings.published()
    meeting = get_object_or_404(meetings, slug=slug)
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting})


def _related_page(request, template, obj, meetings):
    return render(request, template, {"object": obj, "meetings": listed_meetings(meetings)[:100]})


@require_GET
def country_detail(request, code):
    country = get_object_or_404(Country, code=code.upper())
    return _related_page(request, "meetings/country_detail.html", country, Meeting.objects.involving(country))


@require_GET
def leader_detail(request, slug):
    leader = get_object_or_404(Leader, slug=slug)
    return _related_page(request, "meetings/leader_detail.html", leader, leader.meetings.all())


@require_GET
def summit_detail(request, slug):
    summit = get_object_or_404(Summit.objects.select_related("host_country"), slug=slug)
    return _related_page(request, "meetings/summit_detail.html", summit, summit.meetings.all())


@require_GET
def topic_detail(request, slug):
    area = get_object_or_404(CooperationArea.objects.select_related("parent"), slug=slug)
    return _related_page(request, "meetings/topic_detail.html", area, Meeting.objects.on_topic(area))
