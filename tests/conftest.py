import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run there
# unless told it is safe (it is: the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = [
    os.environ.get("CHROMIUM", ""),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
]


def find_chromium():
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium_browser():
    executable = find_chromium()
    if not executable:
        reason = "no Chromium found (install Debian's 'chromium' or set CHROMIUM=/path/to/chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements-dev.txt
        pytest.skip("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context()
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def editor(django_user_model):
    """A staff user with the right to edit the archive (a superuser until roles arrive)."""
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "correct-horse-battery")


@pytest.fixture(autouse=True)
def no_statement_timeout_left(request):
    """A visitor's statement timeout stays on the connection after the request (meetings/errors.py): a transactional
    test's flush, after the test, must not run under a limit a test set (settings.PUBLIC_STATEMENT_TIMEOUT_MS)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("_django_db_helper")  # set up before this fixture, so flushed after its end
    yield
    from django.db import connections

    from meetings.errors import set_timeout

    for connection in connections.all(initialized_only=True):
        if connection.vendor == "postgresql" and connection.connection is not None:
            set_timeout(connection, 0)


@pytest.fixture(autouse=True)
def fresh_cache():
    """The archive's cached counts are keyed by its version, which each test's rollback resets: start empty."""
    from django.core.cache import caches

    for name in ("default", "pages"):
        caches[name].clear()
    yield
    for name in ("default", "pages"):
        caches[name].clear()
