"""Atom feed of newly published meetings; it takes the same filters as the list (/meetings/feed/?country=jp) and is
titled by them ("Meetings — Japan, India, 2020–2025"). Every page of meetings links the feed of its own filters."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .filters import MeetingFilter
from .models import Meeting
from .views import feed_title

ITEMS = 50


class MeetingFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "Meetings between world leaders, as they are published."

    def get_object(self, request, filterset):
        return filterset

    def title(self, filterset):
        return feed_title(filterset.description(), untitled="Diplomatic Meetings Archive: new meetings")

    def link(self, filterset):
        query = filterset.data.urlencode()
        return reverse("meeting_list") + (f"?{query}" if query else "")

    def items(self, filterset):
        # Newest publications first; among meetings published at once (an import publishes thousands in one
        # moment), the latest meetings first.
        return (
            filterset.qs.select_related("summit", "country")
            .with_participants()
            .order_by("-published_at", "-date", "-id")[:ITEMS]
        )

    def item_title(self, meeting):
        return meeting.title

    def item_description(self, meeting):
        return meeting.summary or meeting.title

    def item_pubdate(self, meeting):
        return meeting.published_at  # a published meeting always has it (constraint meeting_published_complete)

    def item_updateddate(self, meeting):
        return meeting.updated_at


def meeting_feed(request):
    """The feed, or a 400 with the reason when a filter value is bad."""
    filterset = MeetingFilter(request.GET, queryset=Meeting.objects.published())
    if not filterset.form.is_valid():
        reasons = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in filterset.form.errors.items())
        return HttpResponseBadRequest(f"Bad filter value: {reasons}", content_type="text/plain; charset=utf-8")
    return MeetingFeed()(request, filterset=filterset)
