"""sitemap.xml: published meetings and the pages that have published meetings; never a draft."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q

from .models import CooperationArea, Country, Leader, Meeting, Summit


class MeetingSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Meeting.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, meeting):
        return meeting.updated_at


class RelatedSitemap(Sitemap):
    """Pages of objects that appear in at least one published meeting."""

    changefreq = "weekly"
    limit = 5000
    queryset = None
    path = ""

    def items(self):
        return (
            self.queryset.filter(**{self.path: "published"})
            .annotate(lastmod=Max(self.path.replace("__status", "__updated_at")))
            .order_by("pk")
        )

    def lastmod(self, obj):
        return obj.lastmod


class CountrySitemap(RelatedSitemap):
    queryset = Country.objects.all()
    path = "participations__meeting__status"


class LeaderSitemap(RelatedSitemap):
    queryset = Leader.objects.all()
    path = "participations__meeting__status"


class SummitSitemap(RelatedSitemap):
    """Every public edition: those of the reference table have a page before any meeting is recorded."""

    queryset = Summit.objects.all()
    path = "meetings__status"

    def items(self):
        return (
            Summit.objects.public()
            .annotate(lastmod=Max("meetings__updated_at", filter=Q(meetings__status="published")))
            .order_by("pk")
        )


class TopicSitemap(RelatedSitemap):
    queryset = CooperationArea.objects.all()
    path = "meeting_links__meeting__status"


SITEMAPS = {
    "meetings": MeetingSitemap,
    "countries": CountrySitemap,
    "leaders": LeaderSitemap,
    "summits": SummitSitemap,
    "topics": TopicSitemap,
}


def cached_sitemap(view):
    """A sitemap view whose XML is kept per version of the archive (meetings/caching.py): the index and each of its
    pages are built once after a change, not on every crawl."""
    from django.http import HttpResponse

    from .caching import cached

    def wrapped(request, **kwargs):
        def render():
            response = view(request, sitemaps=SITEMAPS, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response.status_code, response.content, response["Content-Type"]

        status, content, content_type = cached(request, "sitemap", (kwargs, request.GET.get("p")), render)
        return HttpResponse(content, status=status, content_type=content_type)

    return wrapped
