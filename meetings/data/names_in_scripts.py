"""Other names of leaders, countries and places, in other scripts (毛泽东, Горбачёв, नरेन्द्र मोदी) and spellings
(Wade–Giles Mao Tse-tung, Peking), kept in names_in_scripts.csv beside this module, one name a row:

==========  ========================================================================================================
kind        ``leader``, ``country`` or ``place``
country     ISO code of the leader's country as the archive has it, of the country, or of the place's country
name        the leader's name as the archive writes it, the country's or the place's English name
identifier  a leader's identifier, optional: ``hsg-person:108483`` (the Office of the Historian's person id, as the
            history import stores it), ``viaf:…`` or ``wikidata:Q…``
alias       the other name
language    its language and script (BCP 47: zh-Hans, zh-Hant, zh-Latn-wadegile, ja, ko, ru, uk, hi, ar, he…)
==========  ========================================================================================================

Only names the curators are sure of belong here: the official or usual form in the person's or country's own
language. A leader is found by its identifier, else by its exact name and country when one leader alone has them;
a row whose leader the archive does not hold is left aside (a later history import may bring the leader).
Applying the file adds the names the leaders' and countries' aliases lack and never removes one, so it runs any
number of times: after the history import writes its leaders, by ``manage.py load_names_in_scripts``, and, for
countries, by migration 0026. Places have no table: the search reads their names from this file (search.compose).
"""

import csv
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Q

CSV_PATH = Path(__file__).with_name("names_in_scripts.csv")
COLUMNS = ["kind", "country", "name", "identifier", "alias", "language"]
KINDS = ("leader", "country", "place")
SCHEMES = ("hsg-person", "viaf", "wikidata")
HISTORY_REASON = "Names in other scripts (meetings/data/names_in_scripts.csv)"


@dataclass(frozen=True)
class Entry:
    """A leader, country or place of the file with its other names, in the file's order."""

    kind: str
    country: str
    name: str
    identifier: str
    aliases: tuple


def read_entries(path=None):
    """The file's entries (CSV_PATH unless told), one per leader, country or place; a malformed row raises
    ValueError with its line."""
    path = Path(path or CSV_PATH)
    names = {}
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise ValueError(f"{path.name}: the header must be {','.join(COLUMNS)}")
        for line, row in enumerate(reader, start=2):
            kind, code, name, identifier, alias = (
                (row[column] or "").strip() for column in ("kind", "country", "name", "identifier", "alias")
            )
            problem = _problem(kind, code, name, identifier, alias)
            if problem:
                raise ValueError(f"{path.name}, line {line}: {problem}")
            names.setdefault((kind, code.upper(), name, identifier), []).append(alias)
    return [Entry(*key, tuple(dict.fromkeys(aliases))) for key, aliases in names.items()]


def _problem(kind, code, name, identifier, alias):
    if kind not in KINDS:
        return f"kind “{kind}” is not one of {', '.join(KINDS)}"
    if not (code and name and alias):
        return "country, name and alias are required"
    scheme, _, value = identifier.partition(":")
    if identifier and (kind != "leader" or scheme not in SCHEMES or not value):
        return f"identifier “{identifier}” is not scheme:value for a leader ({', '.join(SCHEMES)})"
    return ""


def place_names(path=None):
    """{each name of a place, folded: every name of that place} (Peking → Beijing, Peking, 北京)."""
    return _place_names(Path(path or CSV_PATH))


@functools.cache
def _place_names(path):
    from ..search import fold

    names = {}
    for entry in read_entries(path):
        if entry.kind == "place":
            every = (entry.name, *entry.aliases)
            names.update(dict.fromkeys((fold(name) for name in every), every))
    return names


def with_aliases(current, wanted, name):
    """(aliases text, True when it grew): ``current`` (one per line) followed by the ``wanted`` names it lacks."""
    have = [line.strip() for line in (current or "").splitlines() if line.strip()]
    new = [alias for alias in wanted if alias not in have and alias != name]
    return "\n".join([*have, *new]), bool(new)


def add_country_names(country_model, entries=None):
    """Give the countries the file's names they lack (``country_model``: the model, or a migration's). Returns the
    codes of the countries changed."""
    entries = [entry for entry in (entries or read_entries()) if entry.kind == "country"]
    countries = country_model.objects.in_bulk([entry.country for entry in entries], field_name="code")
    changed = []
    for entry in entries:
        country = countries.get(entry.country)
        if country is None:
            continue
        country.aliases, grew = with_aliases(country.aliases, [entry.name, *entry.aliases], country.name)
        if grew:
            changed.append(country)
    country_model.objects.bulk_update(changed, ["aliases"])
    return [country.code for country in changed]


def find_leaders(entries):
    """({entry: leader id} for the leader entries the archive holds, [the entries it does not])."""
    from ..models import Leader, LeaderIdentifier

    entries = [entry for entry in entries if entry.kind == "leader"]
    wanted = defaultdict(set)
    for entry in entries:
        if entry.identifier:
            scheme, _, value = entry.identifier.partition(":")
            wanted[scheme].add(value)
    by_identifier = {}
    for scheme, values in wanted.items():
        if scheme == "wikidata":
            pairs = Leader.objects.filter(wikidata_id__in=values).values_list("wikidata_id", "pk")
        else:
            pairs = LeaderIdentifier.objects.filter(scheme=scheme, value__in=values).values_list("value", "leader_id")
        by_identifier.update((f"{scheme}:{value}", pk) for value, pk in pairs)
    named = defaultdict(list)
    for pk, name, code in Leader.objects.filter(name__in={entry.name for entry in entries}).values_list(
        "pk", "name", "country__code"
    ):
        named[name, code].append(pk)
    found, missing = {}, []
    for entry in entries:
        namesakes = named.get((entry.name, entry.country), [])
        pk = by_identifier.get(entry.identifier) or (namesakes[0] if len(namesakes) == 1 else None)
        if pk is None:
            missing.append(entry)
        else:
            found[entry] = pk
    return found, missing


@dataclass
class Applied:
    """What apply_names() changed."""

    leaders: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    meetings: int = 0
    missing: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.leaders or self.countries or self.meetings)


def apply_names(path=None):
    """Give the archive's leaders and countries the file's names they lack, recorded in the leaders' history, then
    write the searched text of the meetings concerned (theirs, and those in the file's places) and, when anything
    changed, a new version of the archive (its cached counts and lists). Idempotent."""
    from ..caching import bump
    from ..history import record_bulk
    from ..models import Country, Leader, Meeting
    from ..search import refresh_search_text

    entries = read_entries(path)
    applied = Applied()
    found, applied.missing = find_leaders(entries)
    leaders = Leader.objects.in_bulk(set(found.values()))
    changed = {}
    for entry, pk in found.items():
        leader = leaders[pk]
        # The file's name too, when the archive writes the leader otherwise (Mao Tse-tung found by his id).
        leader.aliases, grew = with_aliases(leader.aliases, [entry.name, *entry.aliases], leader.name)
        if grew:
            changed[pk] = leader
    for leader in changed.values():
        leader.edit_version += 1  # a form an editor opened before is refused, not saved over these names
    Leader.objects.bulk_update(changed.values(), ["aliases", "edit_version"])
    record_bulk(Leader, list(changed.values()), "~", HISTORY_REASON)
    applied.leaders = sorted(leader.name for leader in changed.values())
    applied.countries = add_country_names(Country, entries)
    places = [name for entry in entries if entry.kind == "place" for name in (entry.name, *entry.aliases)]
    concerned = Meeting.objects.filter(
        Q(participations__leader__in=list(changed))
        | Q(participations__country__code__in=applied.countries)
        | Q(country__code__in=applied.countries)
        | Q(city__in=places)
    )
    applied.meetings = refresh_search_text(set(concerned.values_list("pk", flat=True)))
    if applied.changed:
        bump()
    return applied
