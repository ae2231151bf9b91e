from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import export_views, views
from .corrections import suggest_correction
from .feeds import meeting_feed
from .sitemaps import cached_sitemap

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/feed/", meeting_feed, name="meeting_feed"),
    path("meetings/export.csv", export_views.export_csv, name="export_csv"),
    path("meetings/export.json", export_views.export_json, name="export_json"),
    path("data/", export_views.data_page, name="data_page"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<slug:slug>/correct/", suggest_correction, name="meeting_correct"),
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:code>/", views.country_detail, name="country_detail"),
    path("countries/<str:code>/<str:other>/", views.country_pair, name="country_pair"),
    path("leaders/", views.leader_list, name="leader_list"),
    path("leaders/search.json", views.leader_search, name="leader_search"),
    path("leaders/<slug:slug>/", views.leader_detail, name="leader_detail"),
    path("summits/", views.summit_list, name="summit_list"),
    path("summits/<slug:slug>/", views.summit_detail, name="summit_detail"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    # A sitemap index and its pages of at most 5,000 addresses each (the protocol allows 50,000 a file).
    path(
        "sitemap.xml",
        cached_sitemap(sitemap_views.index),
        {"sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path("sitemap-<section>.xml", cached_sitemap(sitemap_views.sitemap), name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
]
