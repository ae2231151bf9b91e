"""sitemap.xml: published meetings and the pages that have published meetings; never a draft."""

from django.contrib.sitemaps import Sitemap

from .models import CooperationArea, Country, Leader, Meeting, Summit


class MeetingSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Meeting.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, meeting):
        return meeting.updated_at


class RelatedSitemap(Sitemap):
    """Pages of objects that appear in at least one published meeting (no lastmod: a page changes with any of its
    meetings, and finding the latest over every participation would cost more than the sitemap is worth)."""

    changefreq = "weekly"
    limit = 5000
    model = None
    link = ""  # the link table's field to the object

    def items(self):
        from .models import Participation

        published = Participation.objects.filter(meeting__status="published").values(self.link)
        return self.model.objects.filter(pk__in=published).order_by("pk")


class CountrySitemap(RelatedSitemap):
    model = Country
    link = "country_id"


class LeaderSitemap(RelatedSitemap):
    model = Leader
    link = "leader_id"


class SummitSitemap(Sitemap):
    """Every public edition: those of the reference table have a page before any meeting is recorded."""

    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Summit.objects.public().order_by("pk")


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        from .models import MeetingArea

        published = MeetingArea.objects.filter(meeting__status="published").values("area_id")
        return CooperationArea.objects.filter(pk__in=published).order_by("pk")


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
