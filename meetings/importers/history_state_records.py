"""Reading the Office of the Historian's XML records, and the text rules that find people and places in them."""

import csv
import datetime
import re
from pathlib import Path

from defusedxml import ElementTree as ET
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ..models import Country, Meeting
from .names import TITLES, clean_office, clean_text

COUNTRY_MAP_CSV = Path(__file__).resolve().parents[2] / "fixtures" / "history_state_countries.csv"

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
ITEM_SPLIT_RE = re.compile(r",\s*(?:and\s+)?(?:with\s+)?|\s+and\s+(?:with\s+)?|\s*&\s*")
ITEM_TITLE_RE = re.compile(
    r"^(?P<pre>.*?)\b(?P<title>" + "|".join(re.escape(t) for t in TITLES) + r")\b\.?\s*(?P<name>.*)$"
)
US_OFFICIAL_RE = re.compile(
    r"\b(?:U\.S\.|American|Secretary of (?:State|Defense|the Treasury|Commerce)|Ambassador|Gen|General|Admiral|"
    r"Senator|Congress|Governor)\b"
)
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


def read_visits(folder):
    for path in sorted((folder / "visits" / "data").glob("*.xml")):
        for visit in ET.parse(path).getroot().iter("visit"):
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
        for trip in ET.parse(path).getroot().iter("trip"):
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


def read_presidents(folder):
    path = folder / "travels" / "presidents" / "presidents.xml"
    if not path.exists():
        return []
    presidents = []
    for president in ET.parse(path).getroot().iter("president"):
        presidents.append(
            (
                _text(president, "name"),
                record_date(_text(president, "took-office-date")),
                record_date(_text(president, "left-office-date")),
            )
        )
    return presidents


# --- Countries --------------------------------------------------------------------------------


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

    def in_text(self, text):
        """The first country or organisation named in a phrase ("Iraqi", "NATO", "of Cambodia")."""
        match = self.name_re.search(text or "")
        return self.names[match.group(1)] if match else None


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
    """'President A and Prime Minister B' -> two people; 'Queen Elizabeth II' -> one."""
    parts = re.split(r"\s+and\s+(?=(?:" + "|".join(re.escape(t) for t in TITLES) + r")\b)", clean_text(text))
    return [part for part in parts if part]


def met_with_items(remarks):
    """The phrases naming whom a traveller met: 'Met with King X and Prime Minister Y.' -> two phrases."""
    text = ABBREVIATIONS_RE.sub(r"\1", clean_text(remarks))
    text = re.sub(r",\s*(Jr|Sr|3rd|II|III)\b", r" \1", text)
    items = []
    for match in MET_WITH_RE.finditer(text):
        rest = text[match.end() :]
        end = CLAUSE_END_RE.search(rest)
        segment = rest[: end.start()] if end else rest
        segment = re.sub(r"\([^)]*\)", "", segment)
        items.extend(item.strip(" ,.") for item in ITEM_SPLIT_RE.split(segment) if item.strip(" ,."))
    return items


def parse_item(item, countries):
    """A 'Met with' phrase -> (office, name, country hint) or None when it names no office."""
    match = ITEM_TITLE_RE.match(item)
    if not match:
        return None
    pre, office, name = match.group("pre"), clean_office(match.group("title")), match.group("name").strip(" ,.")
    hint = countries.in_text(pre) if pre.strip() else None
    of_country = re.search(r"\s*\bof\s+(?:the\s+)?(.+)$", name)
    if of_country:
        hint = countries.in_text(of_country.group(1)) or hint
        name = name[: of_country.start()].strip()
    if name.lower().startswith(("the ", "of ")):
        name = ""
    return office, name, hint
