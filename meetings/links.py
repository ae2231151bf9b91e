"""The addresses of the public pages of a meeting, leader, summit or topic, reversed once per URL pattern.

``reverse()`` costs about 30 µs a call; a list page of 25 meetings calls it a hundred times (each row links its
meeting, summit and participants). The address of a page named by a slug is its pattern's address with the slug in
place: ``slug_url`` reverses each pattern once (per URL configuration and script prefix) and puts the slug in. A
slug that ``reverse`` might quote or refuse (anything but ASCII letters, digits, ``-`` and ``_``) goes through
``reverse`` itself, so the result is always what ``reverse`` gives.
"""

import re
from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

PLACEHOLDER = "slug-placeholder"
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


@lru_cache(maxsize=64)
def _around(viewname, script_prefix, resolver):
    """(text before the slug, text after it) of ``viewname``'s address; the prefix and resolver key the cache."""
    before, after = reverse(viewname, args=[PLACEHOLDER]).split(PLACEHOLDER)
    return before, after


def slug_url(viewname, slug):
    """``reverse(viewname, args=[slug])`` for a view of ``<slug:slug>``."""
    if not PLAIN_SLUG.match(slug):
        return reverse(viewname, args=[slug])
    before, after = _around(viewname, get_script_prefix(), get_resolver(get_urlconf()))
    return f"{before}{slug}{after}"
