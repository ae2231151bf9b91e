"""The researchers' read-only JSON API (/api/v1/): serializers, views and urls over the public archive.

It reads what the public pages read (published meetings, public leaders and summits) and parses meeting filters
with the one ``MeetingFilter`` (meetings/filters.py) through django-filter's DRF backend.
"""
