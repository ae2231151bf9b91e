"""Hardening (issue 13): database trouble is a 503, draft-only names and former slugs answer as unknown ones,
addresses are links only when they are web addresses."""

import pytest
from django.db import OperationalError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetings import errors
from meetings.models import OldSlug, Source, Summit

from .factories import make_leader, make_meeting, make_published_meeting, make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_client():
    return Client(raise_request_exception=False)


class TestDatabaseTrouble:
    @pytest.mark.urls("tests.urls_slow")
    def test_a_database_that_does_not_answer_is_a_503_with_retry_after(self, quiet_client):
        response = quiet_client.get("/refused/")
        assert response.status_code == 503 and response["Retry-After"] == "30"
        assert response["Cache-Control"] == "no-store" and "try again" in response.content.decode()

    def test_trouble_in_a_middleware_is_a_503_too(self, quiet_client, monkeypatch):
        def refused(request):
            raise OperationalError("connection failed: server closed the connection unexpectedly")

        monkeypatch.setattr("meetings.middleware.request_state", refused)
        response = quiet_client.get("/meetings/")
        assert response.status_code == 503 and response["Retry-After"] == "30"
        assert "try again" in response.content.decode()

    def test_a_bug_is_still_a_500(self, quiet_client, monkeypatch):
        def broken(request):
            raise ValueError("a bug")

        monkeypatch.setattr("meetings.middleware.request_state", broken)
        assert quiet_client.get("/meetings/").status_code == 500

    @pytest.mark.urls("tests.urls_slow")
    @pytest.mark.django_db(transaction=True)  # as in production: autocommit, no test transaction to abort
    def test_a_statement_past_the_public_timeout_is_a_503(self, quiet_client, settings):
        if connection.vendor != "postgresql":
            pytest.skip("the statement timeout is PostgreSQL's")
        settings.PUBLIC_STATEMENT_TIMEOUT_MS = 100
        response = quiet_client.get("/slow/")
        assert response.status_code == 503 and response["Retry-After"]
        assert quiet_client.get("/meetings/").status_code == 200


@pytest.mark.urls("tests.urls_slow")
@pytest.mark.django_db(transaction=True)  # as in production: autocommit, the setting kept by the session
class TestStatementTimeoutPerConnection:
    """The public limit is set on a connection when a request needs another than the one it has, not around every
    request: a visitor after a visitor sends no statement for it; an editor is never limited."""

    @pytest.fixture(autouse=True)
    def postgresql(self, settings):
        if connection.vendor != "postgresql":
            pytest.skip("the statement timeout is PostgreSQL's")
        settings.PUBLIC_STATEMENT_TIMEOUT_MS = 1500

    def timeout_statements(self, client, path="/timeout/"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        return response.content.decode(), sum("statement_timeout', " in q["sql"] for q in queries.captured_queries)

    def test_a_visitor_after_a_visitor_sends_no_statement_for_it(self, client):
        connection.close()
        assert self.timeout_statements(client) == ("1500ms", 1)
        assert self.timeout_statements(client) == ("1500ms", 0)
        assert self.timeout_statements(client, "/meetings/")[1] == 0

    def test_an_editor_after_a_visitor_is_not_limited_and_the_next_visitor_is(self, client, django_user_model):
        assert self.timeout_statements(client) == ("1500ms", 1)
        editor = Client()
        editor.force_login(django_user_model.objects.create_user("editor", password="x"))
        assert self.timeout_statements(editor) == ("0", 1)
        assert self.timeout_statements(editor) == ("0", 0)
        assert self.timeout_statements(client) == ("1500ms", 1)
        with connection.cursor() as cursor:  # between requests the session keeps the last request's
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "1500ms"

    def test_a_connection_opened_during_a_request_gets_its_limit(self, client):
        assert self.timeout_statements(client)[0] == "1500ms"
        assert self.timeout_statements(client, "/timeout/?reconnect=1")[0] == "1500ms"
        assert self.timeout_statements(client)[0] == "1500ms"

    def test_a_setting_undone_by_a_rollback_is_set_again(self, client, django_user_model):
        assert self.timeout_statements(client)[0] == "1500ms"
        with transaction.atomic():
            errors.ensure_timeout(connection, 0)  # inside a transaction: set, but not taken as the session's
            transaction.set_rollback(True)
        editor = Client()
        editor.force_login(django_user_model.objects.create_user("editor", password="x"))
        assert self.timeout_statements(editor) == ("0", 1)


class TestNothingLeaksFromDrafts:
    def answers(self, client, params):
        response = client.get("/meetings/", params)
        return response.status_code, response.content.decode()

    def test_a_name_known_only_from_a_draft_is_answered_as_an_unknown_one(self, client):
        hidden = make_leader("Hidden Person", country_code="FR")
        make_meeting("Secret draft", participants=[hidden, make_leader()])
        status, page = self.answers(client, {"leader": "Hidden Person"})
        unknown_status, unknown_page = self.answers(client, {"leader": "Nobody Known"})
        assert status == unknown_status == 400
        assert "There is no leader “Hidden Person”" in page and hidden.slug not in page
        same = page.replace("Hidden Person", "X").replace("Hidden+Person", "X")
        assert same == unknown_page.replace("Nobody Known", "X").replace("Nobody+Known", "X")

    def test_a_draft_only_leaders_former_slug_does_not_redirect(self, client):
        hidden = make_leader("Hidden Person", country_code="FR")
        make_meeting("Secret draft", participants=[hidden, make_leader()])
        OldSlug.objects.create(model="leader", slug="former-person-xyz", object_id=hidden.pk)
        for url in ["/leaders/former-person-xyz/", f"/leaders/{hidden.slug}/", "/leaders/never-existed/"]:
            response = client.get(url)
            assert response.status_code == 404, url
        assert client.get("/leaders/former-person-xyz/").content == client.get("/leaders/never-existed/").content
        status, page = self.answers(client, {"leader": "former-person-xyz"})
        assert status == 400 and hidden.slug not in page

    def test_a_draft_only_summits_former_slug_does_not_redirect(self, client):
        summit = make_summit("Secret summit", series="other")
        make_meeting(participants=[make_leader(), make_leader(country_code="IN")], summit=summit)
        OldSlug.objects.create(model="summit", slug="former-name-xyz", object_id=summit.pk)
        assert client.get("/summits/former-name-xyz/").status_code == 404
        assert client.get(f"/summits/{summit.slug}/").status_code == 404
        status, page = self.answers(client, {"summit": "former-name-xyz"})
        assert status == 400 and summit.slug not in page

    def test_a_public_leaders_former_slug_still_redirects(self, client):
        leader = make_leader("Known Person")
        make_published_meeting(participants=[leader, make_leader(country_code="IN")])
        OldSlug.objects.create(model="leader", slug="old-known-name", object_id=leader.pk)
        response = client.get("/leaders/old-known-name/")
        assert response.status_code == 301 and response["Location"] == f"/leaders/{leader.slug}/"


class TestOnlyWebAddressesAreLinks:
    HOSTILE = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.org/"]

    def test_the_model_refuses_other_schemes(self):
        from django.core.exceptions import ValidationError

        meeting = make_published_meeting()
        for url in self.HOSTILE:
            with pytest.raises(ValidationError):
                Source(meeting=meeting, publisher="X", url=url).full_clean()
            with pytest.raises(ValidationError):
                Summit(name="S", slug="s", series="other", website=url).full_clean(exclude=["start_date", "end_date"])

    @pytest.mark.parametrize("url", HOSTILE)
    def test_an_address_written_around_the_forms_is_no_link(self, client, url):
        meeting = make_published_meeting("Talks")
        Source.objects.filter(meeting=meeting).update(url=url)  # as an import or a shell could write it
        summit = make_summit("Linked summit", series="other")
        Summit.objects.filter(pk=summit.pk).update(website=url)
        make_published_meeting("At the summit", summit=summit)
        for page in (client.get(meeting.get_absolute_url()), client.get(summit.get_absolute_url())):
            html = page.content.decode()
            assert 'href="javascript' not in html.lower() and 'href="data:' not in html and 'href="ftp' not in html


class TestLoginThrottling:
    LOGIN = "/admin/login/?next=/admin/"

    def attempt(self, client, username, password, address="192.0.2.10"):
        return client.post(self.LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)

    def test_a_user_name_is_locked_after_five_wrong_passwords_even_with_the_right_one(self, client, editor):
        for _ in range(4):
            assert self.attempt(client, "editor", "wrong").status_code == 200  # the form again, with its error
        assert self.attempt(client, "editor", "wrong").status_code == 429  # the fifth failure locks
        locked = self.attempt(client, "editor", "correct-horse-battery")
        assert locked.status_code == 429 and "locked" in locked.content.decode()
        elsewhere = self.attempt(Client(), "editor", "correct-horse-battery", address="198.51.100.5")
        assert elsewhere.status_code == 429  # per user name, from any address

    def test_an_address_is_locked_after_five_failures_whatever_the_user_names(self, client, editor):
        for n in range(5):
            self.attempt(client, f"guess-{n}", "wrong")
        assert self.attempt(client, "editor", "correct-horse-battery").status_code == 429
        other = self.attempt(Client(), "editor", "correct-horse-battery", address="198.51.100.5")
        assert other.status_code == 302  # another address, the right password: signed in

    def test_an_administrator_unlocks(self, client, editor):
        from django.core.management import call_command

        for _ in range(5):
            self.attempt(client, "editor", "wrong")
        call_command("axes_reset_username", "editor", verbosity=0)
        call_command("axes_reset_ip", "192.0.2.10", verbosity=0)
        assert self.attempt(client, "editor", "correct-horse-battery").status_code == 302

    def test_behind_a_proxy_the_client_address_counts(self, client, editor, settings):
        settings.BEHIND_PROXY = True
        for n in range(5):
            client.post(
                self.LOGIN, {"username": f"guess-{n}", "password": "x"}, REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR="203.0.113.7",
            )  # fmt: skip
        blocked = client.post(
            self.LOGIN, {"username": "editor", "password": "correct-horse-battery"}, REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )  # fmt: skip
        assert blocked.status_code == 429
        through_the_same_proxy = Client().post(
            self.LOGIN, {"username": "editor", "password": "correct-horse-battery"}, REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.99",
        )  # fmt: skip
        assert through_the_same_proxy.status_code == 302


class TestContentSecurityPolicy:
    @pytest.mark.parametrize("url", ["/", "/meetings/", "/admin/login/"])
    def test_every_page_has_a_policy_without_inline_scripts(self, client, url):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'" and "unsafe" not in directives["script-src"]
        assert directives["object-src"] == "'none'" and directives["default-src"] == "'self'"

    def test_no_template_writes_an_inline_script_or_handler(self):
        import re
        from pathlib import Path

        for path in Path("templates").rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
            assert not re.search(r"\son[a-z]+\s*=", text), path
