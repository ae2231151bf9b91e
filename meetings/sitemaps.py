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
