from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("countries/<str:code>/", views.country_detail, name="country_detail"),
    path("leaders/<slug:slug>/", views.leader_detail, name="leader_detail"),
    path("summits/<slug:slug>/", views.summit_detail, name="summit_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
]
