"""Issue 12's mechanisms, as behaviour (speed itself is measured by `make bench`, never here): what the search finds
and how it ranks, the version-keyed cache of counts and facets (a newly published meeting counts at once), ETags
and 304s, the sitemap index, and query counts that do not grow with the archive."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.caching import state
from meetings.models import Meeting, Statement
from meetings.search import ensure_sqlite_index, fts5_query

from .factories import make_area, make_leader, make_meeting, make_published_meeting, make_summit, sitemap_text

pytestmark = pytest.mark.django_db


def found(client, query):
    response = client.get("/meetings/", {"q": query})
    assert response.status_code == 200
    return [meeting.title for meeting in response.context["page"].object_list]


class TestSearch:
    @pytest.fixture
    def demo(self):
        call_command("loaddata", "demo", verbosity=0)  # raw saves, as a fixture loads them

    def test_meetings_loaded_by_loaddata_are_found(self, demo, client):
        title = "Takaichi and Modi hold first in-person talks at the G20 in Johannesburg"
        assert found(client, "Johannesburg") == [title]

    @pytest.mark.parametrize(
        "query",
        [
            "Narendra Modi",  # a participant
            "semiconductors",  # a topic, or words of the report
            "India's artificial-intelligence summit",  # a statement (words of it)
            "G20 Johannesburg",  # the summit and place
        ],
    )
    def test_participants_statements_topics_summit_and_place_are_searched(self, demo, client, query):
        assert "Takaichi and Modi hold first in-person talks at the G20 in Johannesburg" in found(client, query)

    def test_what_is_found_by_each_part(self, client):
        modi = make_leader("Narendra Modi", country_code="IN", aliases="नरेंद्र मोदी")
        summit = make_summit("Quayside Summit 2031", city="Valletta")
        area = make_area("Fisheries cooperation")
        meeting = make_meeting("Talks", participants=[modi, make_leader()], areas=[area], sources=1, summit=summit)
        Statement.objects.create(meeting=meeting, leader=modi, kind="quote", text="We will build lighthouses.")
        meeting.city = "Marsaxlokk"
        meeting.save()
        meeting.publish()
        for query in ["lighthouses", "Quayside", "Fisheries", "Marsaxlokk", "मोदी", "Prime Minister"]:
            assert found(client, query) == ["Talks"], query

    def test_a_renamed_leader_is_found_under_the_new_name_at_once(self, client):
        leader = make_leader("Old Name")
        make_published_meeting("Talks", participants=[leader, make_leader()])
        assert found(client, "Renamed") == []
        leader.name = "Renamed Person"
        leader.save()
        assert found(client, "Renamed") == ["Talks"]

    def test_whole_stemmed_words_and_a_better_match_first(self, client):
        make_published_meeting("Trade talks", summary="Trade, trade and more trade: trading rules.")
        make_published_meeting("Energy talks", summary="Energy first; trade was mentioned once.")
        make_published_meeting("Tradecraft seminar", summary="Nothing about commerce.")
        assert found(client, "trade") == ["Trade talks", "Energy talks"]  # ranked; "Tradecraft" is another word
        assert found(client, "trades") == ["Trade talks", "Energy talks"]  # stemmed, as PostgreSQL's English

    def test_websearch_syntax(self, client):
        make_published_meeting("Free and open Indo-Pacific", summary="They spoke of a free and open region.")
        make_published_meeting("Open markets", summary="Free trade, and markets open to all.")
        assert sorted(found(client, '"free and open"')) == ["Free and open Indo-Pacific"]
        assert sorted(found(client, "markets or Indo-Pacific")) == ["Free and open Indo-Pacific", "Open markets"]
        assert found(client, "open -markets") == ["Free and open Indo-Pacific"]

    @pytest.mark.parametrize("query", ['"', "NEAR(", "a* OR", "-", "col:x", "'; DROP TABLE x;--", "the of and"])
    def test_no_text_is_search_syntax_of_its_own(self, client, query):
        make_published_meeting("Talks")
        assert client.get("/meetings/", {"q": query}).status_code == 200

    def test_the_visitors_words_are_quoted_strings(self):
        expected = '"ai" AND ("free and open" OR "chips") AND "near" NOT "war"'
        assert fts5_query('ai "free and open" or chips -war NEAR') == expected
        assert fts5_query("the of") is None

    def test_sqlite_puts_back_the_index_a_table_rebuild_dropped(self):
        if connection.vendor != "sqlite":
            pytest.skip("the FTS5 index is SQLite's; PostgreSQL keeps a generated tsvector")
        make_published_meeting("Lighthouse talks")
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER meetings_meeting_fts_insert")
        assert ensure_sqlite_index() is True and ensure_sqlite_index() is False
        make_published_meeting("Harbour talks")
        assert found(Client(), "harbour") == ["Harbour talks"] and found(Client(), "lighthouse") == ["Lighthouse talks"]


def Client():  # noqa: N802 — a fresh test client, as the tests' own fixture
    from django.test import Client as DjangoClient

    return DjangoClient()


class TestCachedAggregates:
    def test_counts_and_facets_are_computed_once_per_version(self, client):
        make_published_meeting("Talks", participants=[make_leader(), make_leader(country_code="IN")])
        with CaptureQueriesContext(connection) as first:
            client.get("/meetings/")
        with CaptureQueriesContext(connection) as second:
            client.get("/meetings/")
        assert any("COUNT(" in q["sql"] for q in first.captured_queries)
        assert not any("COUNT(" in q["sql"] for q in second.captured_queries)
        assert len(second.captured_queries) < len(first.captured_queries)

    def test_a_newly_published_meeting_appears_at_once(self, client):
        india, japan = make_leader(country_code="IN"), make_leader()
        make_published_meeting("First", participants=[india, japan])
        for url in ["/meetings/", "/", "/countries/in/", "/meetings/?country=in"]:
            client.get(url)  # cached now
        version = state()[0]
        draft = make_meeting("Second", participants=[india, japan], sources=1)
        draft.publish()
        assert state()[0] > version
        page = client.get("/meetings/")
        assert page.context["count"] == 2
        assert {v.value: v.count for v in page.context["facets"]["Countries"]}["in"] == 2
        assert "2 published meetings" in client.get("/").content.decode()
        assert client.get("/meetings/?country=in").context["count"] == 2
        assert "Second" in client.get("/countries/in/").content.decode()

    def test_a_deep_page_does_not_count_again(self, client):
        for n in range(30):
            make_published_meeting(f"Row {n}")
        client.get("/meetings/")
        with CaptureQueriesContext(connection) as deep:
            assert client.get("/meetings/", {"page": "2"}).status_code == 200
        assert not any("COUNT(" in q["sql"] for q in deep.captured_queries)

    def test_bulk_writes_bump_the_version(self):
        from meetings.maintenance import after_bulk_write

        version = state()[0]
        after_bulk_write([])
        assert state()[0] == version + 1


class TestComputedOnce:
    """A value many servers ask for at once is computed by one of them; the others wait for it (caching.computed_once),
    but never for long, and never when the cache cannot tell."""

    def test_a_server_finding_another_computing_waits_for_its_value(self, settings):
        import threading

        from django.core.cache import cache

        from meetings import caching

        cache.add("k:computing", 1, 30)  # another server's claim

        def the_other_server():
            cache.set("k", "theirs", 60)
            cache.delete("k:computing")

        threading.Timer(0.05, the_other_server).start()
        assert caching.computed_once("k", lambda: pytest.fail("computed twice")) == "theirs"

    def test_a_claim_nobody_fulfils_is_waited_for_briefly(self, monkeypatch):
        from django.core.cache import cache

        from meetings import caching

        monkeypatch.setattr(caching, "WAIT_FOR_OTHER", 0.05)
        cache.add("k2:computing", 1, 30)
        assert caching.computed_once("k2", lambda: "mine") == "mine"
        assert cache.get("k2") == "mine"

    def test_a_claim_given_up_without_a_value_ends_the_wait(self, monkeypatch):
        import threading
        import time

        from django.core.cache import cache

        from meetings import caching

        monkeypatch.setattr(caching, "WAIT_FOR_OTHER", 30)
        cache.add("k5:computing", 1, 30)
        threading.Timer(0.05, lambda: cache.delete("k5:computing")).start()
        started = time.monotonic()
        assert caching.computed_once("k5", lambda: "mine") == "mine"
        assert time.monotonic() - started < 5

    def test_the_claim_is_given_back_even_when_computing_fails(self):
        from django.core.cache import cache

        from meetings import caching

        def failing():
            raise ValueError("no")

        with pytest.raises(ValueError):
            caching.computed_once("k3", failing)
        assert cache.get("k3:computing") is None
        assert caching.computed_once("k3", lambda: "then") == "then"

    def test_an_unreachable_cache_computes_at_once(self, monkeypatch):
        import time

        from meetings import caching

        monkeypatch.setattr(caching.cache, "add", lambda *args, **kwargs: None)  # django-redis, Redis away
        monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail("waited"))
        assert caching.computed_once("k4", lambda: "at once") == "at once"


class TestConditionalRequests:
    def test_an_unchanged_page_is_a_304(self, client):
        make_published_meeting("Talks")
        first = client.get("/meetings/")
        assert first["ETag"] and first["Last-Modified"] and "must-revalidate" in first["Cache-Control"]
        again = client.get("/meetings/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""
        export = client.get("/meetings/export.csv")
        assert export["ETag"]
        assert client.get("/meetings/export.csv", HTTP_IF_NONE_MATCH=export["ETag"]).status_code == 304

    def test_a_change_gives_a_new_etag(self, client):
        make_published_meeting("Talks")
        etag = client.get("/meetings/")["ETag"]
        make_published_meeting("More talks")
        response = client.get("/meetings/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200 and response["ETag"] != etag and "More talks" in response.content.decode()

    def test_each_address_has_its_own_etag(self, client):
        make_published_meeting("Talks")
        assert client.get("/meetings/")["ETag"] != client.get("/meetings/?kind=bilateral")["ETag"]

    def test_editors_forms_and_errors_get_no_validators(self, client, editor):
        meeting = make_published_meeting("Talks")
        assert not client.get(f"{meeting.get_absolute_url()}correct/").has_header("ETag")  # a CSRF token
        assert not client.get("/meetings/", {"country": "zz"}).has_header("ETag")  # a 400
        client.force_login(editor)
        assert not client.get("/meetings/").has_header("ETag")  # drafts and banners for editors


class TestSitemapIndex:
    def test_an_index_of_paginated_sitemaps(self, client, monkeypatch):
        from meetings import sitemaps

        monkeypatch.setattr(sitemaps.MeetingSitemap, "limit", 2)
        meetings = [make_published_meeting(f"Talks {n}") for n in range(5)]
        make_meeting("Secret draft")
        index = client.get("/sitemap.xml").content.decode()
        assert "<sitemapindex" in index and index.count("/sitemap-meetings.xml") == 3  # pages of two
        assert client.get("/sitemap-meetings.xml", {"p": "3"}).status_code == 200
        everything = sitemap_text(client)
        assert all(meeting.get_absolute_url() in everything for meeting in meetings)
        assert "secret-draft" not in everything


def redis_url():
    import socket

    url = "redis://127.0.0.1:6379/15"
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return None
    return url


class TestRedisCache:
    """The shared cache of several app servers: skipped, with the reason, where no Redis answers."""

    @pytest.fixture
    def redis_cache(self, settings):
        url = redis_url()
        if url is None:
            pytest.skip("no Redis at 127.0.0.1:6379 (the shared cache is optional: local memory otherwise)")
        redis = {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
        }
        settings.CACHES = {
            "default": {**redis, "KEY_PREFIX": "meetings-test"},
            "pages": {**redis, "KEY_PREFIX": "meetings-test-pages"},
        }
        from django.core.cache import caches

        for name in settings.CACHES:
            caches[name].clear()
        yield caches["default"]
        for name in settings.CACHES:
            caches[name].clear()

    def test_counts_are_shared_through_redis_and_follow_the_version(self, client, redis_cache):
        make_published_meeting("First", participants=[make_leader(), make_leader(country_code="IN")])
        assert client.get("/meetings/").context["count"] == 1
        assert any(key.startswith("archive:") for key in redis_cache.keys("archive:*"))
        make_published_meeting("Second", participants=[make_leader(), make_leader(country_code="IN")])
        assert client.get("/meetings/").context["count"] == 2

    def test_a_redis_that_does_not_answer_is_a_miss_not_an_error(self, client, settings):
        nowhere = {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2, "IGNORE_EXCEPTIONS": True},
        }
        settings.CACHES = {"default": nowhere, "pages": nowhere}
        make_published_meeting("First")
        assert client.get("/meetings/").status_code == 200


class TestBoundedFilters:
    CODES = ["jp", "in", "us", "gb", "fr", "de", "it", "ca", "au", "br", "mx"]

    def test_ten_countries_cost_what_two_do(self, client):
        from django.http import QueryDict

        from meetings.filters import MeetingFilter

        def sql(codes):
            params = QueryDict(mutable=True)
            params.setlist("country", codes)
            return str(MeetingFilter(params, queryset=Meeting.objects.published()).qs.query)

        two, ten = sql(self.CODES[:2]), sql(self.CODES[:10])
        assert two.count("JOIN") == ten.count("JOIN")  # one grouped subquery, not a join per country
        make_published_meeting("Talks", participants=[make_leader(country_code=code) for code in self.CODES[:10]])
        client.get("/meetings/")  # what every list page shares (the form's topics) is cached by the first
        with CaptureQueriesContext(connection) as few:
            client.get("/meetings/", {"country": self.CODES[:2]})
        with CaptureQueriesContext(connection) as many:
            client.get("/meetings/", {"country": self.CODES[:10]})
        assert len(few.captured_queries) == len(many.captured_queries)

    @pytest.mark.parametrize("url", ["/meetings/", "/meetings/feed/", "/meetings/export.csv"])
    def test_more_than_ten_countries_or_leaders_or_twenty_topics_is_a_400(self, client, url):
        response = client.get(url, {"country": self.CODES})
        assert response.status_code == 400 and "At most 10 countries" in response.content.decode()
        leaders = [f"leader-{n}" for n in range(11)]
        assert client.get(url, {"leader": leaders}).status_code == 400
        assert client.get(url, {"topic": [f"topic-{n}" for n in range(21)]}).status_code == 400

    def test_all_of_several_countries_and_leaders_must_take_part(self, client):
        japan, india, usa = make_leader(), make_leader(country_code="IN"), make_leader(country_code="US")
        make_published_meeting("Japan and India", participants=[japan, india])
        make_published_meeting("All three", participants=[japan, india, usa])
        assert sorted(found_list(client, {"country": ["jp", "in"]})) == ["All three", "Japan and India"]
        assert found_list(client, {"country": ["jp", "in", "us"]}) == ["All three"]
        assert found_list(client, {"leader": [japan.slug, usa.slug]}) == ["All three"]


def found_list(client, params):
    return [meeting.title for meeting in client.get("/meetings/", params).context["page"].object_list]


class TestWholePages:
    def test_a_page_is_built_once_per_version_and_built_again_after_a_change(self, client):
        make_published_meeting("Talks")
        client.get("/meetings/")
        with CaptureQueriesContext(connection) as again:
            second = client.get("/meetings/")
        # The archive's version only (and, on PostgreSQL, setting and resetting the public statement timeout).
        assert [q["sql"] for q in again.captured_queries if "statement_timeout" not in q["sql"]][1:] == []
        assert "Talks" in second.content.decode() and second["Content-Security-Policy"] and second["ETag"]
        make_published_meeting("More talks")
        assert "More talks" in client.get("/meetings/").content.decode()

    def test_editors_and_exports_are_never_served_a_kept_page(self, client, editor):
        make_published_meeting("Talks")
        client.get("/meetings/")
        client.force_login(editor)
        with CaptureQueriesContext(connection) as signed_in:
            client.get("/meetings/")
        assert len(signed_in.captured_queries) > 1


class TestGunicornSettings:
    """gunicorn.conf.py as the server reads it: one thread per worker unless GUNICORN_THREADS says otherwise (the
    threads of a process take turns on its interpreter lock: see the file), and a timeout long enough for exports."""

    def read(self, monkeypatch, **environ):
        import runpy
        from pathlib import Path

        for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_TIMEOUT"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))

    def test_one_request_at_a_time_a_worker_by_default(self, monkeypatch):
        import multiprocessing

        conf = self.read(monkeypatch)
        # A sync worker accepts a connection only when it is free (a gthread worker queues them behind its thread).
        assert conf["worker_class"] == "sync"
        assert conf["threads"] == 1
        assert conf["workers"] == multiprocessing.cpu_count() * 2 + 1
        assert conf["timeout"] >= 600

    def test_the_environment_decides(self, monkeypatch):
        conf = self.read(monkeypatch, GUNICORN_WORKERS="3", GUNICORN_THREADS="4", GUNICORN_TIMEOUT="900")
        assert (conf["workers"], conf["threads"], conf["timeout"]) == (3, 4, 900)
        assert conf["worker_class"] == "gthread"


class TestWarmup:
    """Each gunicorn worker loads before its first request what the first visitors would otherwise wait for."""

    def test_the_worker_hook_parses_the_map_and_compiles_every_template(self, monkeypatch):
        import runpy
        from pathlib import Path

        from django.template import engines

        from meetings import maps, warmup

        monkeypatch.setattr(maps, "_SHAPES", None)
        loader = engines["django"].engine.template_loaders[0]
        loader.reset()
        conf = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
        conf["post_worker_init"](worker=None)
        assert maps._SHAPES is not None and "fr" in maps._SHAPES
        names = warmup.site_templates()
        assert {"base.html", "meetings/meeting_list.html", "includes/_year_chart.html"} <= set(names)
        assert not [name for name in names if name.startswith("admin/")]
        compiled = {key.split("-")[0] for key in loader.get_template_cache}
        assert set(names) <= compiled

    def test_nothing_read_from_the_database(self, django_assert_num_queries):
        from meetings.warmup import warm

        with django_assert_num_queries(0):
            warm()

    def test_every_cache_client_is_made_before_the_first_request(self, monkeypatch, settings):
        from django.core.cache import caches

        from meetings.warmup import warm

        made = []
        create = caches.create_connection
        monkeypatch.setattr(caches, "create_connection", lambda alias: made.append(alias) or create(alias))
        for alias in settings.CACHES:  # as in a new process: no client made yet (the handler's own per-thread store)
            if hasattr(caches._connections, alias):
                monkeypatch.delattr(caches._connections, alias)
        warm()
        assert sorted(made) == sorted(settings.CACHES)


class TestFilterCopies:
    """Each MeetingFilter works on copies of the class's filters (django-filter's contract), made without
    deep-copying their querysets (filters.CopiedFilters)."""

    def test_each_filter_set_has_its_own_filters_bound_to_it(self):
        from django.http import QueryDict

        from meetings.filters import MeetingFilter

        japan = make_published_meeting("Japan and India")
        make_published_meeting(
            "Elsewhere", participants=[make_leader(country_code="US"), make_leader(country_code="GB")]
        )
        first = MeetingFilter(QueryDict("country=jp"), queryset=Meeting.objects.published())
        second = MeetingFilter(QueryDict("country=us"), queryset=Meeting.objects.published())
        for name, found in first.filters.items():
            assert found is not second.filters[name] and found is not MeetingFilter.base_filters[name]
            assert found.parent is first and second.filters[name].parent is second
            assert found.extra is not MeetingFilter.base_filters[name].extra
        # A method filter calls its own filter set (`country` is filtered by MeetingFilter.filter_countries).
        assert list(first.qs) == [japan]
        assert [m.title for m in second.qs] == ["Elsewhere"]
        assert not hasattr(MeetingFilter.base_filters["country"], "parent")

    def test_the_querysets_are_shared_not_cloned(self):
        from django.http import QueryDict

        from meetings.filters import MeetingFilter

        made = MeetingFilter(QueryDict(), queryset=Meeting.objects.published())
        assert made.filters["country"].extra["queryset"] is MeetingFilter.base_filters["country"].extra["queryset"]
