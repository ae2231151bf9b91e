"""Cached aggregates of the public archive, and the version that keys them.

Counts, facets and per-year charts of a filter set cost most of a list page at 100,000 meetings and change only
when the archive does. They are kept in Django's cache (Redis through django-redis when ``REDIS_URL`` is set,
shared by every server; local memory otherwise) under keys that carry the archive's version
(``ArchiveState.version``). Every write to the public archive bumps the version in the same transaction
(``bump()``: the signals of meetings/signals.py, and the imports and generators that write in bulk call it
themselves), so a newly published meeting is counted at once, and a reader who sees the new version sees the new
data. Old keys are never read again and expire.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import router
from django.db.models import F
from django.utils import timezone

from .models import ArchiveState

TIMEOUT = 60 * 60 * 24
# computed_once(): how long a server waits for another computing the same value, and how long a claim lasts (a server
# that dies computing frees it then).
WAIT_FOR_OTHER = 3.0
COMPUTING_SECONDS = 30


def state():
    """(version, changed_at) as stored now: one small query."""
    row = ArchiveState.objects.order_by("pk").values_list("version", "changed_at").first()
    return row if row is not None else (0, None)


def request_state(request):
    """The archive's state, read once per request."""
    if not hasattr(request, "_archive_state"):
        request._archive_state = state()
    return request._archive_state


def bump():
    """A new version: the caller's transaction makes it visible together with its own changes."""
    database = router.db_for_write(ArchiveState)
    updated = ArchiveState.objects.using(database).update(version=F("version") + 1, changed_at=timezone.now())
    if not updated:
        ArchiveState.objects.using(database).create(version=1)


def key(version, name, params=None):
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:32] if params is not None else ""
    return f"archive:{version}:{name}:{digest}"


def cached(request, name, params, compute, timeout=TIMEOUT):
    """``compute()``'s value for this version of the archive and these parameters, computed once."""
    version = request_state(request)[0]
    found_key = key(version, name, params)
    value = cache.get(found_key)
    if value is None:
        value = computed_once(found_key, compute, timeout)
    return value


def computed_once(found_key, compute, timeout=TIMEOUT):
    """``compute()``'s value, stored under ``found_key``, computed by one server at a time: one that finds another
    computing it waits up to WAIT_FOR_OTHER seconds for that value. Just after a change to the archive, or when a
    server starts, many visitors ask for the same cold page at once (a common search word: 300 ms of PostgreSQL
    each), and every server computing it would slow them all."""
    computing = f"{found_key}:computing"
    claimed = cache.add(computing, 1, COMPUTING_SECONDS)
    if claimed is False:  # another server is computing it (None: the cache is unreachable, so nobody can tell)
        deadline = time.monotonic() + WAIT_FOR_OTHER
        while time.monotonic() < deadline:
            time.sleep(0.01)
            value = cache.get(found_key)
            if value is not None:
                return value
            if cache.get(computing) is None:  # it gave up (failed): this one computes
                break
    try:
        value = compute()
        cache.set(found_key, value, timeout)
    finally:
        if claimed:
            cache.delete(computing)
    return value
