"""/api/v1/: the researchers' JSON API, its OpenAPI schema and its documentation page."""

from django.urls import path

from . import docs, views

app_name = "api"

urlpatterns = [
    path("", docs.api_root, name="root"),
    path("meetings/", views.MeetingList.as_view(), name="meeting_list"),
    path("meetings/<slug:slug>/", views.MeetingDetail.as_view(), name="meeting_detail"),
    path("facets/", views.Facets.as_view(), name="facets"),
    path("leaders/", views.LeaderList.as_view(), name="leader_list"),
    path("leaders/<slug:slug>/", views.LeaderDetail.as_view(), name="leader_detail"),
    path("countries/", views.CountryList.as_view(), name="country_list"),
    path("countries/<str:code>/", views.CountryDetail.as_view(), name="country_detail"),
    path("countries/<str:code>/partners/", views.CountryPartners.as_view(), name="country_partners"),
    path("countries/<str:code>/<str:other>/meetings/", views.PairMeetings.as_view(), name="pair_meetings"),
    path("summits/", views.SummitList.as_view(), name="summit_list"),
    path("topics/", views.TopicList.as_view(), name="topic_list"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.documentation, name="docs"),
]
