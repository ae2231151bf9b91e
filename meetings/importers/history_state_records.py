"""Reading the Office of the Historian's XML records, and the text rules that find people and places in them."""

import csv
import datetime
import re
from pathlib import Path
from typing import NamedTuple

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as ET
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ..models import Country, ImportedRecord, Meeting
from .names import GROUP_WORDS, TITLES, clean_name, clean_office, clean_text, is_name_word, looks_like_name

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
COUNTRY_MAP_CSV = FIXTURES / "history_state_countries.csv"
PRESIDENTS_CSV = FIXTURES / "us_presidents.csv"
PEOPLE_CSV = FIXTURES / "history_state_people.csv"

MET_WITH_RE = re.compile(r"\bmet(?:\s+(?:separately|briefly|jointly|privately|again))?\s+with\b", re.I)
# Where the list of people met ends: a new verb or a preposition that starts the circumstances.
CLAUSE_END_RE = re.compile(
    r"(?:;|:|(?<!\s[A-Z])\.\s|\.$|\s+(?:and\s+|to\s+|,\s*)?(?:addressed|attended|visited|signed|delivered|participated|laid|"
    r"held|dedicated|discussed|toured|announced|hosted|received|opened|co-chaired|paid|spoke|gave|made|"
    r"launched|joined|accompanied|concerning|regarding|about|on|in|at|during|for|while|before|after|"
    r"following|who|to|concluded|reviewed|witnessed|observed|inaugurated|agreed|issued|urged|went|"
    r"returned|traveled|travelled|celebrated|commemorated|marked|presented|conferred|initialed|crossed|"
    r"where|as|alongside|regarding|under|prior|en\s+route)\b)",
    re.I,
)
ABBREVIATIONS_RE = re.compile(r"\b(Gen|Lt|Col|Dr|Mr|Mrs|Ms|Jr|Sr|St|Sen|Rep|Adm|Amb|Gov|Maj|Capt|Brig)\.")
UNESCO_RE = re.compile(r"\bEducational,\s*Scientific,?\s*and\s+Cultural\s+Organi[sz]ation\b")
ITEM_SPLIT_RE = re.compile(r"(,\s*(?:and\s+)?(?:with\s+)?|\s+and\s+(?:with\s+)?|\s*&\s*)")
ITEM_TITLE_RE = re.compile(r"\b(?P<title>" + "|".join(re.escape(t) for t in TITLES) + r")\b")
# Americans the traveller met, not counterparts. The President, Vice President and Secretary of State are told
# by name (the Holy See has a Secretary of State too); generals and governors-general are not necessarily American.
US_OFFICIAL_RE = re.compile(
    r"\b(?:U\.?S\b|American|Senators?|Sen|Congress(?:man|woman|ional)|Ambassador|Secretary of (?:Defense|the Treasury|"
    r"Commerce|Agriculture|Energy|Labor|Homeland Security|the Army|the Navy|War))\b"
)
US_OFFICES = {"President", "Vice President", "Secretary of State"}
US_REFERENCE_RE = re.compile(r"\b(?P<office>Vice President|Secretary of State)\s+(?P<name>[A-Z][\w'’-]+)")


# --- Reading the XML --------------------------------------------------------------------------


def _text(element, tag):
    return clean_text(element.findtext(tag) or "")


def record_date(value):
    try:
        return parse_date(value) if value else None
    except ValueError:
        return None


def _datetime(value):
    try:
        parsed = parse_datetime(value) if value else None
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed


class DataError(Exception):
    """A data file that cannot be read; the message names the file."""


def parse_xml(path):
    try:
        return ET.parse(path).getroot()
    except (ET.ParseError, DefusedXmlException, OSError, UnicodeDecodeError) as error:
        raise DataError(f"{path}: cannot be read as XML ({error})") from error


def read_visits(folder):
    for path in sorted((folder / "visits" / "data").glob("*.xml")):
        for visit in parse_xml(path).iter("visit"):
            origin = visit.find("from")
            yield {
                "id": _text(visit, "id"),
                "start": record_date(_text(visit, "start-date")),
                "end": record_date(_text(visit, "end-date")),
                "visitor": _text(visit, "visitor"),
                "from_id": origin.get("id", "") if origin is not None else "",
                "from": clean_text(origin.text if origin is not None else ""),
                "description": _text(visit, "description"),
                "created": _datetime(_text(visit, "created-datetime")),
                "modified": _datetime(_text(visit, "last-modified-datetime")),
            }


def read_travels(folder):
    for path in sorted((folder / "travels").glob("*-travels/*.xml")):
        for trip in parse_xml(path).iter("trip"):
            country = trip.find("country")
            yield {
                "id": _text(trip, "id"),
                "role": trip.get("role") or _text(trip, "role"),
                "who": trip.get("who", ""),
                "name": _text(trip, "name"),
                "start": record_date(_text(trip, "start-date")),
                "end": record_date(_text(trip, "end-date")),
                "country_id": country.get("id", "") if country is not None else "",
                "country": clean_text(country.text if country is not None else ""),
                "locale": _text(trip, "locale"),
                "remarks": _text(trip, "remarks"),
                "created": _datetime(_text(trip, "created-datetime")),
                "modified": _datetime(_text(trip, "last-modified-datetime")),
            }


def read_presidents(folder, fixture=PRESIDENTS_CSV):
    """(name, took office, left office) of the Presidents: the dataset's file, completed with the terms it lacks
    from ``fixtures/us_presidents.csv`` (a term is known by the day it began)."""
    path = folder / "travels" / "presidents" / "presidents.xml"
    presidents = []
    if path.exists():
        for president in parse_xml(path).iter("president"):
            presidents.append(
                (
                    _text(president, "name"),
                    record_date(_text(president, "took-office-date")),
                    record_date(_text(president, "left-office-date")),
                )
            )
    known = {took for _, took, _ in presidents}
    with open(fixture, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            took = record_date(row["took_office"])
            if took not in known:
                presidents.append((row["name"], took, record_date(row["left_office"])))
    return sorted(presidents, key=lambda president: president[1] or datetime.date.min)


class Variant(NamedTuple):
    """How ``fixtures/history_state_people.csv`` reads one name in one record."""

    canonical: str
    person_country: str = ""  # the person's own country when not the record's ("US": an American, no counterpart)
    reading: str = ""  # "group": names no person; "ambiguous": could be several people


def read_name_variants(path=PEOPLE_CSV):
    """{(dataset, record id, country code, name, office): Variant}: the curated readings of
    ``fixtures/history_state_people.csv`` (a misspelt name, another form of it, a person filed under the wrong
    country, a group read as a name) that no rule can safely make, each for the records listed ("travels 151",
    "visits 3025 3050"). The office, in lower case, is empty unless the row gives one: it tells apart two people
    one record calls by one name ("Prime Minister Sabah, and Foreign Minister Sabah")."""
    datasets = {
        "visits": ImportedRecord.Dataset.HISTORY_STATE_VISITS,
        "travels": ImportedRecord.Dataset.HISTORY_STATE_TRAVELS,
    }
    variants = {}
    if not Path(path).exists():
        return variants
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            variant = Variant(row["canonical"], row.get("person_country") or "", row.get("reading") or "")
            dataset = None
            for word in row["record_ids"].split():
                if word in datasets:
                    dataset = datasets[word]
                elif dataset is not None:
                    office = (row.get("office") or "").strip().lower()
                    variants[(dataset, word, row["country"], clean_name(row["variant"]), office)] = variant
    return variants


# --- Countries --------------------------------------------------------------------------------


# Names the records give to a country that the countries table does not hold.
EXTRA_NAMES = {"PLO": "PS", "Palestine Liberation Organization": "PS"}


class CountryResolver:
    """Dataset country ids (and names as written) to archive codes, plus demonyms found in text."""

    def __init__(self, map_path=COUNTRY_MAP_CSV):
        self.known = dict(Country.objects.values_list("code", "name"))
        self.by_pair = {}
        self.by_id = {}
        if Path(map_path).exists():
            with open(map_path, newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    value = (row["code"], row["name_at_time"])
                    self.by_pair[(row["dataset_id"], clean_text(row["name_as_written"]))] = value
                    self.by_id.setdefault(row["dataset_id"], value)
        # Names and demonyms, longest first, for "Iraqi Prime Minister al-Maliki" or "King Hussein of Jordan".
        names = {}
        for country in Country.objects.all():
            for text in [country.name, *country.alias_list]:
                names.setdefault(text.removesuffix("'s").removesuffix("'"), country.code)
        names.update({name: code for name, code in EXTRA_NAMES.items() if code in self.known})
        self.names = names
        self.name_re = re.compile(
            r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if len(n) > 1) + r")\b"
        )

    def resolve(self, dataset_id, written):
        """(code, name at the time) or (None, '') when unknown."""
        code, name_at_time = self.by_pair.get((dataset_id, written)) or self.by_id.get(dataset_id) or (None, "")
        if code is None:
            code = self.names.get(written)
        if code not in self.known:
            return None, ""
        return code, name_at_time

    @staticmethod
    def is_organisation(code):
        return bool(code) and code.startswith("X") and len(code) > 2

    def is_country(self, text):
        """The phrase is only a country's name ("Jordan", "the Philippines")."""
        return re.sub(r"^the\s+", "", text or "", flags=re.I).strip(" ,.") in self.names

    def in_text(self, text):
        """The first country or organisation named in a phrase ("Iraqi", "NATO", "of Cambodia")."""
        match = self.name_re.search(text or "")
        return self.names[match.group(1)] if match else None


# States that ended, and those that followed them: a name is read across them (Vaclav Havel was President of
# Czechoslovakia, then of the Czech Republic). An ISO 3166-3 code ends with its single successor's code
# (BUMM -> MM, DDDE -> DE); the states that split are listed.
SUCCESSORS = {
    "CSHH": ["CZ", "SK"],
    "SUHH": ["RU", "UA", "BY", "MD", "EE", "LV", "LT", "GE", "AM", "AZ", "KZ", "KG", "TJ", "TM", "UZ"],
    "YUCS": ["CSXX", "RS", "ME", "HR", "SI", "BA", "MK", "XK"],
    "CSXX": ["RS", "ME"],
    "BYAA": ["BY"],
}


def related_countries(codes):
    """{code: [codes of the states before or after it]} for the given country codes."""
    codes = set(codes)
    related = {}
    for former in codes:
        if len(former) != 4 or former.startswith("X"):
            continue
        for successor in SUCCESSORS.get(former, [former[2:]]):
            if successor in codes:
                related.setdefault(former, []).append(successor)
                related.setdefault(successor, []).append(former)
    return related


# --- Parsing the records ------------------------------------------------------------------------


def kind_from_text(text, default):
    lowered = (text or "").lower()
    if "state visit" in lowered:
        return Meeting.Kind.STATE_VISIT
    if "working visit" in lowered or "working lunch" in lowered or "working dinner" in lowered:
        return Meeting.Kind.WORKING_VISIT
    if "official visit" in lowered:
        return Meeting.Kind.OFFICIAL_VISIT
    if "private visit" in lowered or "informal visit" in lowered:
        return Meeting.Kind.PRIVATE_VISIT
    return default


def split_visitors(text):
    """'President A and Prime Minister B' or 'President A, Prime Minister B' -> two people; 'Queen Elizabeth II'
    -> one."""
    titles = "|".join(re.escape(t) for t in TITLES)
    parts = re.split(r"(?:\s+and|,)\s+(?=(?:" + titles + r")\b)", clean_text(text))
    return [part.strip(" ,") for part in parts if part.strip(" ,")]


def _is_office_only(piece):
    words = piece.split()
    return bool(words) and not is_name_word(words[-1]) and bool(ITEM_TITLE_RE.search(piece))


def met_with_items(remarks):
    """The phrases naming whom a traveller met: 'Met with King X and Prime Minister Y.' -> two phrases."""
    return [item for item, _ in met_with_clauses(remarks)[1]]


def met_with_clauses(remarks):
    """(the remarks as read, [(phrase, where its clause starts)]) for every person a traveller met.

    An office without a name joins the next phrase ("Deputy Prime Minister and Minister of Foreign Affairs and
    Expatriates Ayman Safadi" is one person); after a group ("the leaders of Jamaica, St. Lucia…") only phrases
    naming an office are kept."""
    text = ABBREVIATIONS_RE.sub(r"\1", clean_text(remarks))
    # The commas inside an organisation's name do not separate people: "UN Educational, Scientific, and Cultural
    # Organization Director General Audrey Azoulay".
    text = UNESCO_RE.sub("UNESCO", text)
    text = re.sub(r",\s*(Jr|Sr|3rd|II|III)\b", r" \1", text)
    items = []
    for match in MET_WITH_RE.finditer(text):
        position = match.start()
        rest = text[match.end() :]
        end = CLAUSE_END_RE.search(rest)
        segment = re.sub(r"\([^)]*\)", "", rest[: end.start()] if end else rest)
        pieces = ITEM_SPLIT_RE.split(segment)
        joined = [pieces[0]]
        for separator, piece in zip(pieces[1::2], pieces[2::2], strict=False):
            previous = joined[-1].strip(" ,.")
            if _is_office_only(previous) and not re.match(r"(?:the|a|an|his|her)\b", previous, re.I):
                joined[-1] = f"{joined[-1]}{separator}{piece}"
            else:
                joined.append(piece)
        after_group = False
        for item in (piece.strip(" ,.") for piece in joined):
            if not item:
                continue
            if GROUP_WORDS.search(item):
                after_group = True
                continue
            if after_group and not ITEM_TITLE_RE.search(item):
                continue
            items.append((item, position))
    return text, items


def parse_item(item, countries):
    """A 'Met with' phrase -> (office, name, country hint), with name '' when only an office is named; None when
    the phrase names nobody (a country in a list, a fragment)."""
    text = re.sub(r"^(?:also|then|separately|later)\s+", "", clean_text(item).strip(" ,."), flags=re.I)
    hint = None
    of_country = re.search(r"\s+of\s+(?:the\s+)?([A-Z][\w'. -]*)$", text)
    if of_country and countries.in_text(of_country.group(1)):
        hint = countries.in_text(of_country.group(1))
        text = text[: of_country.start()]
    words = text.split()
    start = len(words)
    # "e" joins Portuguese family names: "Ulisses Correia e Silva".
    while start > 0 and (
        is_name_word(words[start - 1])
        or re.fullmatch(r"[A-Z]\.?", words[start - 1])
        or (words[start - 1] == "e" and start < len(words))
    ):
        start -= 1
    office_text, name = " ".join(words[:start]), " ".join(words[start:]).strip(" ,.")
    if words[:start] and words[start - 1].lower() == "of":
        name = ""  # "the Duke of Windsor", "the Governor of Bermuda": a place, not a name
    if countries.is_country(name) or not looks_like_name(name):
        name = ""
    title = ITEM_TITLE_RE.search(office_text)
    pre = office_text[: title.start()] if title else office_text
    office = clean_office(office_text[title.start() :]) if title else office_text
    office = re.sub(r"^(?:the|a|an|his|her)\s+|\s+(?:and|of)$", "", office.strip(" ,/-"), flags=re.I)
    hint = hint or (countries.in_text(pre) if pre.strip() else None)
    if not name and not title:
        return None
    return office, name, hint
