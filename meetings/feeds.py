"""Atom feed of newly published meetings; it takes the same filters as the list (/meetings/feed/?country=jp)."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.utils.feedgenerator import Atom1Feed

from .filters import MeetingFilter
from .models import Meeting
from .views import MEETING_ROW_RELATED


class MeetingFeed(Feed):
    feed_type = Atom1Feed
    title = "Diplomatic Meetings Archive: new meetings"
    subtitle = "Meetings between world leaders, as they are published."

    def get_object(self, request):
        return request

    def link(self, request):
        query = request.GET.urlencode()
        return "/meetings/" + (f"?{query}" if query else "")

    def items(self, request):
        meetings = MeetingFilter(request.GET, queryset=Meeting.objects.published()).qs
        return (
            meetings.select_related("summit", "country")
            .prefetch_related(*MEETING_ROW_RELATED)
            .order_by("-published_at", "-id")[:50]
        )

    def item_title(self, meeting):
        return meeting.title

    def item_description(self, meeting):
        return meeting.summary or meeting.title

    def item_pubdate(self, meeting):
        return meeting.published_at

    def item_updateddate(self, meeting):
        return meeting.updated_at


def meeting_feed(request):
    """The feed, or a 400 with the reason when a filter value is bad."""
    filterset = MeetingFilter(request.GET, queryset=Meeting.objects.none())
    if not filterset.form.is_valid():
        reasons = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in filterset.form.errors.items())
        return HttpResponseBadRequest(f"Bad filter value: {reasons}", content_type="text/plain; charset=utf-8")
    return MeetingFeed()(request)
