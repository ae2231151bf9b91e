"""The read replica (issue 12, scaling out), with Django's test mirror: the replica alias is a second connection to
the test database. Runs when DATABASE_REPLICA_URL is set (``make test`` runs this file again with
``DATABASE_REPLICA_URL=mirror``); skipped otherwise."""

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from meetings.routers import ReplicaRouter, reading_replica

from .factories import make_leader, make_published_meeting

pytestmark = [
    pytest.mark.skipif("replica" not in settings.DATABASES, reason="no DATABASE_REPLICA_URL (make test sets it)"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.fixture(autouse=True)
def reference_countries():
    from meetings.countries import load_countries
    from meetings.models import Country

    load_countries(Country)


def queries_on_each(client, url, **extra):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url, **extra)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(primary.captured_queries), len(replica.captured_queries)


def test_the_router_sends_reads_to_the_replica_only_inside_a_visitors_request():
    router = ReplicaRouter()
    assert router.db_for_read(None) == "default" and router.db_for_write(None) == "default"
    token = reading_replica.set(True)
    try:
        assert router.db_for_read(None) == "replica" and router.db_for_write(None) == "default"
    finally:
        reading_replica.reset(token)
    assert router.allow_migrate("default", "meetings") and not router.allow_migrate("replica", "meetings")


@pytest.mark.parametrize("url", ["/meetings/", "/", "/countries/jp/", "/meetings/export.csv", "/sitemap.xml"])
def test_visitors_pages_and_exports_read_the_replica(client, url):
    make_published_meeting("Talks", participants=[make_leader(), make_leader(country_code="IN")])
    primary, replica = queries_on_each(client, url)
    assert replica > 0 and primary == 0, (url, primary, replica)


def test_the_admin_and_a_signed_in_editor_read_the_primary(client, editor):
    meeting = make_published_meeting("Talks", participants=[make_leader(), make_leader(country_code="IN")])
    client.force_login(editor)
    for url in ["/admin/meetings/meeting/", meeting.get_absolute_url(), "/meetings/"]:
        primary, replica = queries_on_each(client, url)
        assert primary > 0 and replica == 0, (url, primary, replica)


def test_a_page_just_saved_by_an_editor_is_read_from_the_primary(client, editor):
    meeting = make_published_meeting("Talks", participants=[make_leader(), make_leader(country_code="IN")])
    client.force_login(editor)
    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    assert page.status_code == 200
    meeting.title = "Talks, corrected"
    meeting.save()
    primary, replica = queries_on_each(client, meeting.get_absolute_url())
    assert replica == 0 and "Talks, corrected" in client.get(meeting.get_absolute_url()).content.decode()
