"""What a server process would otherwise load on its first visitors' requests, loaded before them.

gunicorn calls ``warm()`` in each worker once it has loaded the application (gunicorn.conf.py, post_worker_init):
the world map's shapes, parsed from pygal's SVG (a quarter of a second: the first country page of each worker paid
for it), the URL patterns, every template of the site's own compiled into the cached loader, and the caches' clients
(django-redis and redis-py are imported when a cache is first used: 40–110 ms of a worker's first request, and its
connection to Redis). Measured in a new process at 100,000 meetings: the first leader page took 464 ms, later ones
about 50 ms; then, with the rest warmed, 136 ms against 26 ms until the caches were too. A worker spends about 1 s
on this before it takes its first request. Nothing here reads the database.
"""

from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template.loader import get_template
from django.urls import get_resolver


def site_templates():
    """The names of the templates under the project's own template folders, the admin's overrides aside."""
    names = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        root = Path(folder)
        names += sorted(
            path.relative_to(root).as_posix()
            for path in root.rglob("*.html")
            if path.relative_to(root).parts[0] != "admin"
        )
    return names


def warm():
    from . import maps

    maps.shapes()
    get_resolver().resolve("/")
    for name in site_templates():
        get_template(name)
    for alias in settings.CACHES:
        caches[alias].get("warm-up")  # a key never set: opens the client and its connection, reads nothing
