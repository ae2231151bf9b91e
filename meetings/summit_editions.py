"""The reference table of summit editions (fixtures/summit_editions.csv), loaded by a migration.

Every edition of the series the archive follows, from the first to 2025, has a page before any meeting of it is
recorded; the history import attaches what the records say to these editions.
"""

import datetime

from .importers.history_state_write import edition_slug, free_slug
from .importers.summits import read_reference_editions

# Days by which two datings of one edition may differ (a record's dates often include the days of travel).
SAME_EDITION_SLACK = datetime.timedelta(days=3)
DESCRIPTION = "An edition of the archive's reference table of summits (fixtures/summit_editions.csv)."
UNSURE = "Its dates (or place) are not certain: the table's note says what is unsure."


def load_summit_editions(summit_model, country_model, editions=None):
    """Add the reference editions the archive lacks. An edition already there (same series, overlapping days)
    keeps what editors wrote, gaining only a city or host country it lacks. Returns the number added."""
    editions = read_reference_editions() if editions is None else editions
    countries = dict(country_model.objects.values_list("code", "pk"))
    # Only editions already in the archive are matched: two editions of the table may lie days apart (the Cairo
    # and Tehran conferences of 1943).
    existing = list(summit_model.objects.all())
    used = {summit.slug for summit in existing}
    new, completed = [], []
    for edition in editions:
        match = next(
            (
                summit
                for summit in existing
                if summit.series == edition.series
                and summit.start_date - SAME_EDITION_SLACK <= edition.end
                and edition.start <= summit.end_date + SAME_EDITION_SLACK
            ),
            None,
        )
        host = countries.get(edition.host)
        if match is not None:
            if (not match.city and edition.city) or (not match.host_country_id and host):
                match.city = match.city or edition.city
                match.host_country_id = match.host_country_id or host
                completed.append(match)
            continue
        slug = free_slug(edition_slug(edition.series, edition.city, edition.start.year), used)
        summit = summit_model(
            name=edition.name[:200],
            slug=slug,
            series=edition.series,
            host_country_id=host,
            city=edition.city[:100],
            start_date=edition.start,
            end_date=edition.end,
            description=DESCRIPTION if edition.certain else f"{DESCRIPTION} {UNSURE}",
        )
        new.append(summit)
    summit_model.objects.bulk_create(new)
    summit_model.objects.bulk_update(completed, ["city", "host_country"])
    return len(new)
