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
from .names import (
    GROUP_WORDS,
    MONTHS,
    TITLES,
    clean_name,
    clean_office,
    clean_text,
    is_name_word,
    looks_like_name,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
COUNTRY_MAP_CSV = FIXTURES / "history_state_countries.csv"
PRESIDENTS_CSV = FIXTURES / "us_presidents.csv"
PEOPLE_CSV = FIXTURES / "history_state_people.csv"
NAMES_AT_TIME_CSV = FIXTURES / "country_names_at_time.csv"

# The phrasings of a meeting in the travels' remarks, each naming whom the traveller met after "with":
# - "met": "Met with", "Met separately with", "Met also with", "Met afterward (February 11-14) with", "Met May 11
#   with";
# - "together": a summit or conference the people named attended together ("Attended Yalta Conference with Soviet
#   Premier Stalin and British Prime Minister Churchill", "Summit meeting (October 10-11) with…", "Trilateral
#   meeting with…", "Attended a meeting with Prime Minister Netanyahu and Chairman Arafat"): one meeting of all;
# - "talks": "Audience with Pope Paul VI", "Informal meeting with…", "Conferred with…", "Held talks with…";
# - "discussed": "Discussed the Persian Gulf crisis with President Mubarak";
# - "briefed": "Briefed King Hussein and Prime Minister Rifai on the Middle East peace process", "Received by Queen
#   Elizabeth II".
# A conference is only one when it is the sentence's subject or was attended or held: "Discussed a Middle East peace
# conference with President Assad" names a conference to come.
_DATE_BETWEEN = rf"(?:,?\s+(?:on\s+)?(?:{MONTHS})\s+\d{{1,2}}(?:-\d{{1,2}})?,?)"
_PARENS = r"(?:\s*\([^)]*\))"
MET_WITH_RE = re.compile(
    r"(?P<met>\bmet(?:\s+(?:separately|briefly|jointly|privately|again|also|afterwards?|later|first|then|"
    r"informally|subsequently|further))*" + _PARENS + "?" + _DATE_BETWEEN + r"?\s+with\b)"
    r"|(?P<together>(?:(?<![\w-])|(?<=\bPre-))(?:(?:summit\s+(?:meeting|conference|talks)|summit|conference|"
    r"(?:trilateral|quadrilateral|tripartite|four-power)\s+(?:meeting|talks|summit))"
    r"|(?<=attended\s)(?:a\s+|the\s+)?meeting)" + _PARENS + r"?\s+with\b)"
    r"|(?P<talks>\b(?:(?:(?:informal|bilateral|private|separate|further)\s+)?(?:meetings?|talks|audiences?|"
    r"conversations|consultations?|visits?)|conferred(?:\s+(?:informally|separately|privately))?)"
    + _PARENS
    + "?"
    + _DATE_BETWEEN
    + r"?\s+with\b)"
    r"|(?P<discussed>\bdiscussed\b(?:[^.;:]|\.(?=\S))*?\swith\b)"
    r"|(?P<briefed>\b(?:briefed|received\s+by)\s+(?=[A-Z]|(?:the|his|her)\s))",
    re.I,
)
# What makes a summit, a conference or a meeting named in a sentence no meeting of the traveller's: the President's
# meeting that the Secretary accompanied (the President's record holds it), one briefed on, or one prepared.
NOT_OWN_MEETING_RE = re.compile(
    r"\b(?:accompanied|accoompanied|joined|participated\s+in\s+(?:the\s+)?President(?:'s)?|briefed|discussed|"
    r"preparations?|prepared|preparatory|reported|consulted)\b[^.;]*$",
    re.I,
)
# "President Finnbogadottir October 10": the day met, no part of the name.
TRAILING_DATE_RE = re.compile(rf"\s+(?:on\s+)?(?:{MONTHS})\s+\d{{1,2}}(?:-\d{{1,2}})?(?:,?\s+\d{{4}})?$")
# "met with met with King Abdullah II": the words written twice.
REPEATED_MET_WITH_RE = re.compile(r"\b(met\s+with)\s+met\s+with\b", re.I)
# Where the list of people met ends: a new verb or a preposition that starts the circumstances. "for" before a
# capital belongs to an office ("UN Special Envoy for Syria Geir Pederson", "UN High Commissioner for Refugees
# Filippo Grandi"); "along with" brings in the traveller's own party ("along with National Security Advisor Mike
# Waltz", travels 4288).
CLAUSE_END_RE = re.compile(
    r"(?:;|:|(?<![\s.][A-Z])\.\s|\.$|\s+(?:and\s+|to\s+|,\s*)?(?:addressed|attended|visited|signed|delivered|participated|laid|"
    r"held|dedicated|discussed|toured|announced|hosted|received|opened|co-chaired|paid|spoke|gave|made|"
    r"launched|joined|accompanied|concerning|regarding|about|on|in|at|during|for(?!\s+(?-i:[A-Z]))|while|before|after|"
    r"following|who|to|concluded|reviewed|witnessed|observed|inaugurated|agreed|issued|urged|went|"
    r"returned|traveled|travelled|celebrated|commemorated|marked|presented|conferred|initialed|crossed|"
    r"where|as|alongside|along\s+with|regarding|under|prior|en\s+route|across|aboard|near|attends|visits|meets|"
    r"signs|holds)\b)",
    re.I,
)
ABBREVIATIONS_RE = re.compile(r"\b(Gen|Lt|Col|Dr|Mr|Mrs|Ms|Jr|Sr|St|Sen|Rep|Adm|Amb|Gov|Maj|Capt|Brig)\.")
UNESCO_RE = re.compile(r"\bEducational,\s*Scientific,?\s*and\s+Cultural\s+Organi[sz]ation\b")
ITEM_SPLIT_RE = re.compile(r"(,\s*(?:and\s+)?(?:with\s+)?|\s+and\s+(?:with\s+)?|\s*&\s*)")
ITEM_TITLE_RE = re.compile(r"\b(?P<title>" + "|".join(re.escape(t) for t in TITLES) + r")\b")
# Americans the traveller met, not counterparts. The President, Vice President and Secretary of State are told
# by name (the Holy See has a Secretary of State too); generals and governors-general are not necessarily American
# ("General Musharraf", "General Gowon"), so a general is only by a US command named with him or by name.
US_OFFICIAL_RE = re.compile(
    # Words that say so: "senior U.S. officials", "Senator Kerry", "Secretary of Defense Gates", a US command.
    r"\b(?:U\.?S\b|American|Senators?|Congress(?:man|woman|ional)|Secretary of (?:Defense|the Treasury|Commerce|"
    r"Agriculture|Energy|Labor|Homeland Security|the Army|the Navy|War)|(?:CENT|EU|AFRI|SOUTH|NORTH|INDOPA|PA)COM|"
    r"Multi-National (?:Force|Corps)|MNF-I|Coalition Provisional Authority|Combined Joint Task Force)\b"
    # Offices named without a country at the head of the phrase: the US ambassador, envoy or presidential adviser
    # the traveller met abroad ("Ambassador Crocker", travels 2491; "Special Envoy Mitchell", 3028; "Presidential
    # adviser Harry Hopkins", 2189). "Sen" is a senator only before a name: Hun Sen is Cambodian.
    r"|^(?:the\s+)?(?:Ambassador|Amb|Sen|Special\s+(?:Envoy|Representative|Coordinator)|Presidential\s+(?:[Ee]nvoy|"
    r"[Aa]dvis[eo]r|[Aa]ide)|Commanding\s+General)\b(?=\s+(?:to\s+|for\s+)?[A-Z])"
    # US generals the records name without a command, each checked in the record: General David Petraeus,
    # commanding the Multi-National Force-Iraq (travels 2487 in Baghdad, 2491 at Camp Arifjan with Ambassador
    # Crocker); General Dwight D. Eisenhower, commanding the Allied forces in North Africa (travels 967 in Algiers,
    # 2724 in Tunisia, 1943).
    r"|\b(?:Gen|General|Generals)\s+(?:David\s+(?:H\s+)?)?Petraeus\b|\b(?:Gen|General|Generals)\s+(?:Dwight\s+(?:D\s+)?)?"
    r"Eisenhower\b"
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
# The Turkish Cypriots' leader is a Cypriot, not a Turk (travels 3609: "Turkish Cypriot leader Akinci").
EXTRA_NAMES = {
    "PLO": "PS",
    "Palestine Liberation Organization": "PS",
    "Turkish Cypriot": "CY",
    "Greek Cypriot": "CY",
}


class CountryResolver:
    """Dataset country ids (and names as written) to archive codes, plus demonyms found in text."""

    def __init__(self, map_path=COUNTRY_MAP_CSV, names_path=NAMES_AT_TIME_CSV):
        self.known = dict(Country.objects.values_list("code", "name"))
        self.names_at_time = []
        if Path(names_path).exists():
            with open(names_path, newline="", encoding="utf-8") as handle:
                self.names_at_time = [
                    (row["code"], row["name"], record_date(row["first_day"]), record_date(row["last_day"]))
                    for row in csv.DictReader(handle)
                ]
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

    def resolve(self, dataset_id, written, date=None):
        """(code, name at the time) or (None, '') when unknown. A country the records write alike whatever the year
        takes the name it bore on ``date`` from fixtures/country_names_at_time.csv (Zaire, 1971–1997)."""
        code, name_at_time = self.by_pair.get((dataset_id, written)) or self.by_id.get(dataset_id) or (None, "")
        if code is None:
            code = self.names.get(written)
        if code not in self.known:
            return None, ""
        return code, self.name_at(code, date) or name_at_time

    def name_at(self, code, date):
        """The name ``code`` bore on ``date`` by fixtures/country_names_at_time.csv (no last day: still), or ''."""
        for named_code, name, first, last in self.names_at_time:
            if date and named_code == code and first <= date and (last is None or date <= last):
                return name
        return ""

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


# A state whose government moved: the Republic of China, filed under China before 1949 and under Taiwan after
# ("President Chiang Kai-shek" in Taipei, travels 774, is the Generalissimo of the Cairo Conference).
MOVED_STATES = [("CN", "TW")]


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
    for one, other in MOVED_STATES:
        if one in codes and other in codes:
            related.setdefault(one, []).append(other)
            related.setdefault(other, []).append(one)
    return related


# --- Parsing the records ------------------------------------------------------------------------


# The kinds of visit, by whole words: "Unofficial visit" is no official visit (visits 2259…), an "official working
# visit" is a working visit, and "Offical Visit" is the records' misspelling (visits 3229-3233, 3239).
KIND_PATTERNS = [
    (re.compile(r"\bstate\s+visit\b", re.I), Meeting.Kind.STATE_VISIT),
    (re.compile(r"\bworking\s+(?:visit|lunch|luncheon|dinner|breakfast)\b", re.I), Meeting.Kind.WORKING_VISIT),
    (re.compile(r"\boffici?al\s+visit\b", re.I), Meeting.Kind.OFFICIAL_VISIT),
    # "Luncheon (social visit)" (visits 2432): a visit of courtesy, on the visitor's own account.
    (re.compile(r"\b(?:unofficial|private|informal|social)\s+visit\b", re.I), Meeting.Kind.PRIVATE_VISIT),
]


def kind_from_text(text, default):
    """The kind of visit a record names first ("Official visit. Private visit to New York City afterwards." is an
    official visit), else ``default``. An unofficial visit is a private one: the visitor came on his own account,
    not at the President's invitation."""
    # Not the kind of a later leg: "At the invitation of the President. … Private visit to New York City from
    # November 24." (visits 2309) was a state visit, its private stay a month later.
    text = " ".join(sentence for sentence in re.split(r"(?<=[.;])\s+", text or "") if not LATER_LEG_RE.search(sentence))
    found = [
        (match.start(), rank, kind)
        for rank, (pattern, kind) in enumerate(KIND_PATTERNS)
        if (match := pattern.search(text))
    ]
    return min(found)[2] if found else default


LATER_LEG_RE = re.compile(r"\b(?:afterwards?|later|thereafter|subsequently)\b|\bfrom\s+(?:" + MONTHS + r")\s+\d", re.I)


# A meeting or visit that did not take place: "Meeting scheduled November 19 with President Reagan cancelled."
# (visits 486). Only the meeting, visit or trip itself: a dinner or a press conference called off is no matter.
CANCELLED_RE = re.compile(
    r"\b(?:meeting|meetings|visit|trip|talks|summit|call)\b[^.;]*?\b(?:was\s+|were\s+)?(?:cancell?ed|postponed|"
    r"called\s+off|did\s+not\s+take\s+place|not\s+held)\b"
    r"|\b(?:cancell?ed|postponed|called\s+off)\s+(?:(?:his|her|the|a|its|their)\s+)?(?:[\w-]+\s+)?"
    r"(?:meeting|meetings|visit|trip|talks|summit)\b",
    re.I,
)


def is_cancelled(text):
    """True when a visit's description (or a trip's remarks) says its meeting did not take place (cancelled,
    postponed, called off) and tells of no other meeting held: the record then makes no meeting."""
    text = clean_text(text)
    sentences = re.split(r"(?<=[.;])\s+", text)
    cancelled = [sentence for sentence in sentences if CANCELLED_RE.search(sentence)]
    if not cancelled:
        return False
    held = [s for s in sentences if s not in cancelled and (MET_WITH_RE.search(s) or US_SIDE_RE.search(s))]
    return not held


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


MEETING_PHRASINGS = frozenset({"met", "together", "talks", "discussed", "briefed"})


def met_with_clauses(remarks, phrasings=MEETING_PHRASINGS):
    """(the remarks as read, [(phrase, where its clause starts)]) for every person a traveller met.

    An office without a name joins the next phrase ("Deputy Prime Minister and Minister of Foreign Affairs and
    Expatriates Ayman Safadi" is one person); after a group ("the leaders of Jamaica, St. Lucia…") only phrases
    naming an office are kept. The people of one clause share its position: ``clause_is_multilateral(text,
    position)`` tells whether they met the traveller together (a summit, a conference). ``phrasings`` are the
    groups of MET_WITH_RE read (all by default; {"met"} reads "Met with" alone)."""
    text = normalise_remarks(remarks)
    items, seen = [], set()
    for match in MET_WITH_RE.finditer(text):
        if not any(match.group(phrasing) for phrasing in phrasings):
            continue
        if (match.group("together") or match.group("talks")) and not is_own_meeting(text, match):
            continue
        position = match.start()
        rest = text[match.end() :]
        end = CLAUSE_END_RE.search(rest)
        segment = re.sub(r"\([^)]*\)", "", rest[: end.start()] if end else rest)
        pieces = ITEM_SPLIT_RE.split(segment)
        joined = [pieces[0]]
        for separator, piece in zip(pieces[1::2], pieces[2::2], strict=False):
            previous = joined[-1].strip(" ,.")
            # Not across "and with": "South Korea's Foreign Minister and Minister of National Defense and with
            # President Lee Myung-bak" (travels 3077) are three people.
            if (
                _is_office_only(previous)
                and "with" not in separator
                and not re.match(r"(?:the|a|an|his|her)\b", previous, re.I)
            ):
                joined[-1] = f"{joined[-1]}{separator}{piece}"
            else:
                joined.append(piece)
        after_group = False
        for piece in joined:
            # "Discussed the Iraq crisis with Foreign Secretary Cook, and the peace process with Prime Minister
            # Netanyahu": the person is after the last "with", met on his own (his clause starts after the first
            # "with": "the summit with Kim Jong-un and bilateral events with Prime Minister Lee", travels 3814);
            # "President Finnbogadottir October 10": the day is no part of the name.
            item, at = piece.strip(" ,."), position
            if item[:1].islower() and " with " in item:
                item, at = item.rsplit(" with ", 1)[-1], match.end()
            item = TRAILING_DATE_RE.sub("", item).strip(" ,.")
            if not item or re.fullmatch(r"(?:[A-Z]\.?){2,}", item):
                continue  # nothing, or honours after a name: "Admiral Sir Ralph Leatham, K.C.B." (travels 3202)
            if GROUP_WORDS.search(item):
                after_group = True
                continue
            if after_group and not ITEM_TITLE_RE.search(item):
                continue
            if item in seen:
                continue  # "Audience with Pope Francis and a meeting with Secretary of State Cardinal Parolin"
            seen.add(item)
            items.append((item, at))
    return text, items


def normalise_remarks(remarks):
    """The remarks as ``met_with_clauses`` reads them (its positions are in this text)."""
    text = ABBREVIATIONS_RE.sub(r"\1", clean_text(remarks))
    # The commas inside an organisation's name do not separate people: "UN Educational, Scientific, and Cultural
    # Organization Director General Audrey Azoulay".
    text = UNESCO_RE.sub("UNESCO", text)
    text = re.sub(r",\s*(Jr|Sr|3rd|II|III)\b", r" \1", text)
    text = REPEATED_MET_WITH_RE.sub(r"\1", text)
    return distribute_plural_offices(text)


def is_own_meeting(text, match):
    """A summit, conference or meeting named in a sentence is the traveller's own, not the President's that the
    Secretary accompanied, one briefed on or one in preparation."""
    start = max(text.rfind(". ", 0, match.start()), text.rfind("; ", 0, match.start())) + 1
    before = text[start : match.start()]
    return not NOT_OWN_MEETING_RE.search(before)


def clause_is_multilateral(text, position):
    """True when the clause that ``met_with_clauses`` found at ``position`` of ``text`` is a summit or a conference
    that the people it names attended together ("Attended Yalta Conference with Soviet Premier Stalin and British
    Prime Minister Churchill"): one multilateral meeting of them all, not one meeting each. A summit with one
    counterpart ("Summit meeting with General Secretary Gorbachev") is that one meeting."""
    match = MET_WITH_RE.match(text, position)
    return bool(match and match.group("together"))


def group_clauses(text, clauses):
    """The phrases of ``met_with_clauses`` by meeting: [[phrase, …]], the people of a summit or conference in one
    list (one meeting of them all), everyone else alone."""
    groups, together = [], {}
    for item, position in clauses:
        if clause_is_multilateral(text, position):
            if position not in together:
                together[position] = []
                groups.append(together[position])
            together[position].append((item, position))
        else:
            groups.append([(item, position)])
    return groups


# "British Prime Ministers Churchill and Attlee", "former Presidents Mandela and de Klerk": one office for each name.
_PARTICLE = r"(?:(?:de|da|del|la|le|van|von|der|di|du|dos|bin|al|el)\s+)"
_NAME = rf"(?:{_PARTICLE}*[A-Z][\w'.-]*(?:\s+{_PARTICLE}*[A-Z][\w'.-]*)*)"
PLURAL_OFFICE_RE = re.compile(
    r"\b(?P<pre>(?:(?:former|[A-Z][a-z]+)\s+)?)(?P<office>"
    + "|".join(re.escape(t) for t in TITLES if " of " not in t and not t.endswith(("-elect", "-designate")))
    + r")s\s+(?P<names>"
    + _NAME
    + r"(?:(?:,\s*|,?\s+and\s+)"
    + _NAME
    + r")+)"
)


def distribute_plural_offices(text):
    """Give each name its office: "British Prime Ministers Churchill and Attlee" -> "British Prime Minister
    Churchill, and British Prime Minister Attlee" (a plural office reads as a group, and the names without it as
    nobody)."""

    def one_each(match):
        pre, office = match.group("pre"), match.group("office")
        kept = "" if pre.strip() in {"Met", "Also", "With", "The", "And", "Conferred", "Attended"} else pre
        parts = re.split(r"(,\s*(?:and\s+)?|\s+and\s+)", match.group("names"))
        people, rest = [], ""
        for index in range(0, len(parts), 2):
            if ITEM_TITLE_RE.search(parts[index]):  # "… and Attlee and Soviet Premier Stalin": another office
                rest = "".join(parts[index - 1 :])
                break
            people.append(f"{kept}{office} {parts[index]}")
        if len(people) < 2:
            return match.group(0)
        return pre[: len(pre) - len(kept)] + ", and ".join(people) + rest

    return PLURAL_OFFICE_RE.sub(one_each, text)


# Styles before a name ("His Holiness Pope Francis"; "Hi Holiness Ilia II" in travels 3981): no part of the office.
STYLE_RE = re.compile(
    r"\b(?:His|Her|Hi|Their)\s+(?:All\s+|Royal\s+|Imperial\s+|Serene\s+)?(?:Holiness|Majesty|Highness|Excellency|"
    r"Beatitude|Eminence)\b,?\s*"
)
SINGLE_WORD_TITLES = {title for title in TITLES if " " not in title and "-" not in title}
# Kin of a person, met in his stead.
KIN_RE = re.compile(
    r"(?:the\s+)?(?:wife|husband|widow|widower|son|daughter|mother|father|family|brother|sister)\s+of\b", re.I
)
# Words before an office that say when it was held: "former President Mandela" is no sitting President, nor is
# "former South African President Mandela" (travels 2646).
OFFICE_TIME_RE = re.compile(r"\b(former|ex-|acting|interim|caretaker|outgoing)(?:\s+(?-i:[A-Z])[\w'-]*){0,3}\s*$", re.I)


def parse_item(item, countries):
    """A 'Met with' phrase -> (office, name, country hint), with name '' when only an office is named; None when
    the phrase names nobody (a country in a list, a fragment).

    The office keeps what tells when it was held ("Former President" for "former President Mandela", as
    "President-elect" keeps "-elect"); the hint is the organisation or country the phrase names nearest the office
    ("UN UNESCO Director General Audrey Azoulay" -> UNESCO, not the UN)."""
    text = re.sub(r"^(?:also|then|separately|later)\s+", "", clean_text(item).strip(" ,."), flags=re.I)
    text = STYLE_RE.sub("", text).strip(" ,")
    if KIN_RE.match(text):
        return None  # "the wife of former Deputy Prime Minister Anwar Ibrahim" (travels 124) is not he
    hint = None
    # "King Hussein of Jordan", "the Amir of Kuwait": the country closes the phrase ("the International Committee
    # of the Red Cross President Peter Maurer" is no one "of" the Red Cross).
    of_country = re.search(r"\s+of\s+(?:the\s+)?([A-Z][\w'. -]*)$", text)
    if of_country and countries.is_country(of_country.group(1)):
        hint = countries.in_text(of_country.group(1))
        text = text[: of_country.start()]
    words = text.split()
    # "Prime Minister Mackenzie King": a title word after a name, the office before it, is the name's last word.
    last_is_name = (
        len(words) > 2
        and words[-1] in SINGLE_WORD_TITLES
        and is_name_word(words[-2])
        and not countries.in_text(words[-2])
        and ITEM_TITLE_RE.search(" ".join(words[:-2]))
    )
    start = len(words) - 1 if last_is_name else len(words)
    # "e" joins Portuguese family names: "Ulisses Correia e Silva".
    while start > 0 and (
        is_name_word(words[start - 1])
        or re.fullmatch(r"[A-Z](?:\.[A-Z])*\.?", words[start - 1])  # initials: "F.W. de Klerk"
        or (words[start - 1] == "e" and start < len(words))
    ):
        start -= 1
    # "UN Special Envoy for Syria Geir Pederson": the place after "for" belongs to the office.
    if 0 < start < len(words) - 1 and words[start - 1].lower() == "for":
        start += 1
    office_text, name = " ".join(words[:start]), " ".join(words[start:]).strip(" ,.")
    if words[:start] and words[start - 1].lower() == "of":
        name = ""  # "the Duke of Windsor", "the Governor of Bermuda": a place, not a name
    if countries.is_country(name):
        office_text, name = " ".join(words), ""  # "the UN Administrator for Kosovo": the place is the office's
    elif not looks_like_name(name):
        name = ""
    title = ITEM_TITLE_RE.search(office_text)
    pre = office_text[: title.start()] if title else office_text
    if not title and name and office_text and office_text == office_text.lower() and len(name.split()) < 2:
        return None  # "senior Korean [and Japanese officials]" (travels 3799): a word of a group, not a name
    office = clean_office(office_text[title.start() :]) if title else office_text
    body = re.search(r"(?:^|\s)((?:[A-Z][\w'’-]*\s+)+(?:Commission|Council|Parliament|Court|Secretariat))\s*$", pre)
    if title and body:
        office = f"{body.group(1).strip()} {office}"  # "African Union Commission Chairperson" (travels 3787)
    office = re.sub(r"^(?:the|a|an|his|her)\s+|\s+(?:and|of)$", "", office.strip(" ,/-"), flags=re.I)
    # A rank or style between the office and the name is no office: "Secretary of State Cardinal Pietro Parolin",
    # "Foreign Minister Prince Saud al-Faisal" (travels 2211).
    office = re.sub(r"(?<=\w)(?<!Crown)\s+(?:Cardinal|Archbishop|Sheikh|Prince|Princess)$", "", office)
    when = OFFICE_TIME_RE.search(pre) if title else None
    if when and not office.lower().startswith(when.group(1).lower()):
        office = f"{when.group(1).capitalize()} {office}"
    # The organisation the office names, the one nearest the title first ("UN UNESCO Director General", "UN High
    # Commissioner for Refugees", "UN Special Representative for Syria"), else the first country named before the
    # title ("Turkish Cypriot leader": Cyprus, by EXTRA_NAMES).
    organisations = [
        countries.names[found]
        for found in countries.name_re.findall(office_text)
        if countries.is_organisation(countries.names[found])
    ]
    hint = hint or (organisations[-1] if organisations else countries.in_text(pre) if pre.strip() else None)
    if not hint and title and " of " in office:
        hint = countries.in_text(office)  # "Patriarch of the Georgian Orthodox Church"
    if not name and not title:
        return None
    if not hint and office == "Pope" and countries.is_country("Vatican City"):
        hint = "VA"  # the Pope is the Holy See's, wherever he is met (Pius XII in Rome, travels 797)
    return office, name, hint


# --- Where a visit's meeting took place ---------------------------------------------------------

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia", "PR": "Puerto Rico", "GU": "Guam",
}  # fmt: skip
# The older abbreviations the records use ("Glassboro (N.J.)", "Key Biscayne (Fla.)", "Shepherdstown, W.Va.").
OLD_STATE_ABBREVIATIONS = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO", "conn": "CT", "del": "DE",
    "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS", "kans": "KS", "ky": "KY", "la": "LA",
    "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO", "mont": "MT", "neb": "NE",
    "nev": "NV", "nh": "NH", "nj": "NJ", "nm": "NM", "ny": "NY", "nc": "NC", "nd": "ND", "okla": "OK",
    "ore": "OR", "pa": "PA", "ri": "RI", "sc": "SC", "sd": "SD", "tenn": "TN", "tex": "TX", "va": "VA",
    "vt": "VT", "wash": "WA", "wva": "WV", "wis": "WI", "wyo": "WY", "me": "ME", "dc": "DC",
}  # fmt: skip
STATE_NAMES = {name.lower(): name for name in US_STATES.values()}


class Place(NamedTuple):
    """Where a meeting took place: the city (or estate: "Camp David") and the US state, as the record names them."""

    city: str
    state: str = ""


def us_state(text):
    """'N.J.', 'NJ', 'New Jersey', 'Calif' -> 'New Jersey', 'California'; '' when no US state."""
    bare = re.sub(r"[.\s]", "", text or "").lower()
    if bare.upper() in US_STATES and len(bare) == 2:
        return US_STATES[bare.upper()]
    if bare in OLD_STATE_ABBREVIATIONS:
        return US_STATES[OLD_STATE_ABBREVIATIONS[bare]]
    return STATE_NAMES.get(" ".join((text or "").split()).strip(" .").lower(), "")


def place_of_event(words):
    """Where an event the record names was held, when its words say so with a US state or a place the records
    know: "Drug Summit in San Antonio, Texas" -> Place("San Antonio", "Texas"); "AUKUS Summit at Point Loma, CA";
    "Summit at Camp David, MD"; else None. "in Washington and in Doral, Florida" names two places: None."""
    found = []
    for match in VISIT_PLACE_RE.finditer(words):
        city = match.group("city").rstrip(".")
        state = us_state(match.group("paren") or match.group("comma") or "") or KNOWN_STATES.get(city, "")
        if state and not NOT_A_PLACE_RE.search(city) and (city in KNOWN_STATES or not us_state(city)):
            found.append(Place(city, state))
        elif not NOT_A_PLACE_RE.search(city):
            found.append(None)  # a place without its state: too unsure to name one city
    return found[0] if len(found) == 1 else None


# "at Glassboro (N.J.)", "at Hyde Park, New York", "in Chicago, IL", "at Camp David": a place, then its state.
_PLACE_WORD = r"(?:[A-Z][\w'.-]*|de|del|la|los|las)"
VISIT_PLACE_RE = re.compile(
    rf"\b(?:at|in)\s+(?P<city>[A-Z][\w'.-]*(?:\s+{_PLACE_WORD})*)"
    r"(?:\s*\((?P<paren>[^)]*)\)|,\s*(?P<comma>(?:[A-Z][\w.]*)(?:\s+[A-Z][\w.]*)?))?"
    r"(?=[\s.,;:)]|$)"
)
# Words that make a phrase no city: an institution, an event, a building; or the country as a whole.
NOT_A_PLACE_RE = re.compile(
    r"\b(?:University|College|School|Hospital|Clinic|Stadium|Assembly|Congress|Session|Summit|Conference|"
    r"Meeting|House|Center|Centre|Hall|Forum|Council|Nations|U\.?S\.?|US|U\.?N\.?|UN|America|United States|"
    r"Africa|Europe|"
    r"Asia|Korea|Vietnam|Canada|Mexico)\b"
)
# The US side met, as a visit's description names it: "with President Johnson", "with Vice President Gore",
# "Visited President Taft in Beverly (Mass.)" (visit 2144).
US_SIDE_RE = re.compile(
    r"\b(?:with|[Vv]isited|called\s+on)\s+(?:the\s+)?"
    r"(?:President|Vice President|Secretary(?:\s+of\s+State)?)(?:-elect)?"
    r"(?:\s+(?:[A-Z][\w.'-]*|de|la))*"
)
# What between the person met and "at"/"in" ties the place to another event: "Met with President Truman after a NATO
# meeting in Ottawa", "…while returning from a Commonwealth conference in London".
OTHER_EVENT_RE = re.compile(
    r"\b(?:while|en route|returning|after|before|following|during|prior|conference|meetings?|summit|session|"
    r"visit(?:ed|ing)?|attend(?:ed|ing)?|and|also)\b",
    re.I,
)
# The state of places the records name without one.
KNOWN_STATES = {
    "Washington": "District of Columbia", "New York City": "New York", "New York": "New York",
    "Camp David": "Maryland", "LBJ Ranch": "Texas", "Crawford": "Texas", "Honolulu": "Hawaii", "Kennebunkport": "Maine",
    "Hyde Park": "New York", "Sea Island": "Georgia", "San Clemente": "California", "Key Biscayne": "Florida",
    "Miami": "Florida", "Houston": "Texas", "Boston": "Massachusetts", "Chicago": "Illinois",
}  # fmt: skip


# Where a sentence of a record ends: not after an initial ("Gerald R. Ford").
SENTENCE_END_RE = re.compile(r"(?<=[.;])(?<!\s[A-Z]\.)\s+(?=[A-Z])")


def place_from_visit(description):
    """The place of a visit's meeting when its description names it right after the President (or Vice President,
    or Secretary) met: "Informal meetings with President Johnson at Glassboro (N.J.)" -> Place("Glassboro", "New
    Jersey"); else None. A place tied to another event is not the meeting's ("Met with President Truman after a
    NATO meeting in Ottawa"), nor one in another sentence (a visitor who "addressed the UN General Assembly in New
    York" may have met the President in Washington): the meeting is then left unplaced, not guessed. The state is
    the one the record names ("N.J.", "Maryland", "CA"), or that of a place known to the records ("Camp David")."""
    # "U.N.", "U.S." and "U.S.S." end no sentence ("at the U.S.S. Intrepid Museum in New York City", visits 2958).
    text = re.sub(r"\b(?:[A-Z]\.){2,}", lambda m: m.group(0).replace(".", ""), clean_text(description))
    for sentence in SENTENCE_END_RE.split(text):
        for side in US_SIDE_RE.finditer(sentence):
            for match in VISIT_PLACE_RE.finditer(sentence, side.end()):
                between = sentence[side.end() : match.start()]
                # The dots of "U.N." end no sentence: "at the U.N. General Assembly in New York City".
                plain_between = re.sub(r"\b(?:[A-Z]\.)+", "X", between)
                if OTHER_EVENT_RE.search(between) or re.search(r"[.;]\s", plain_between):
                    break
                city = re.sub(
                    rf"\s+(?:(?:{MONTHS})\b|Jan\.|Feb\.|Sept?\.|Oct\.|Nov\.|Dec\.).*$", "", match.group("city")
                ).rstrip(".")
                if NOT_A_PLACE_RE.search(city) or re.match(rf"(?:{MONTHS})\b", city):
                    continue  # "at U.N. General Assembly reception in New York City": the next place
                state = us_state(match.group("paren") or match.group("comma") or "")
                if not state and us_state(city) and city not in KNOWN_STATES:
                    break  # "in Texas": a state, no city
                return Place(city, state or KNOWN_STATES.get(city, ""))
    # A retreat of the President's, named in a sentence that tells of talks: "Discussed the war with Iraq at Camp
    # David, Maryland" (visit 1609) names no President, but nobody else met visitors there; the LBJ Ranch likewise.
    # A stay there is a meeting there too: "Working visit at Camp David, MD" (visit 1595), "(Camp David summit
    # talks)" (visit 360), "Second Camp David Summit." (visit 375).
    for sentence in SENTENCE_END_RE.split(text):
        if re.search(r"\b(?:met|meetings?|talks|discussed|conferred|consultations?|visit|summit)\b", sentence, re.I):
            retreat = re.search(r"\b(Camp David|LBJ Ranch|Kennebunkport|Crawford)\b", sentence)
            if retreat:
                return Place(retreat.group(1), KNOWN_STATES[retreat.group(1)])
    # A sentence telling of the meeting that names one place with its state: "Informal meeting at the dedication of
    # the Gerald R. Ford Presidential Museum and Library, Grand Rapids (Mich.)" (visit 440).
    for sentence in SENTENCE_END_RE.split(text):
        if US_SIDE_RE.search(sentence) or not re.search(r"\b(?:met|meetings?|talks)\b", sentence, re.I):
            continue
        places = [
            (match.group(1), us_state(match.group(2)))
            for match in re.finditer(r"\b([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2})\s*\(([^)]*)\)", sentence)
            if us_state(match.group(2)) and not NOT_A_PLACE_RE.search(match.group(1))
        ]
        # Or with its state after a comma: "Took part in Israeli-Palestinian peace talks at Wye Plantation,
        # Maryland" (visit 1299).
        places += [
            (match.group("city"), us_state(match.group("comma")))
            for match in VISIT_PLACE_RE.finditer(sentence)
            if match.group("comma")
            and us_state(match.group("comma"))
            and not NOT_A_PLACE_RE.search(match.group("city"))
        ]
        if len(places) == 1:
            return Place(*places[0])
    # The one place the visit went to, or where the meeting was held: "during a private visit to Kennebunkport
    # (Me.)" (visit 728), "Informal visit to Washington." (2315), "Visited Washington." (2173), "a Heads of
    # Government meeting in White Sulphur Springs (West Virginia)" (2342); not a tour of several places.
    sentences = SENTENCE_END_RE.split(text)
    for sentence in sentences:
        if any(US_SIDE_RE.search(other) for other in sentences if other is not sentence):
            break  # the President met elsewhere in the record: the visit's place need not be the meeting's
        telling = re.search(r"\b(?:met|meetings?|talks|discussed|conferred)\b", sentence, re.I)
        if not telling and len(sentences) > 1:
            continue  # one leg of a longer visit ("Private visit to New York City from November 24", visit 2309)
        # "Visited Washington." only as the whole record: "State visit; visited New York City." went there after.
        whole = len(sentences) == 1 and ";" not in sentence
        lead_re = r"\b(?:visit\s+to|meeting\s+(?:at|in))\s+(?=[A-Z])" + (r"|^Visited\s+(?=[A-Z])" if whole else "")
        for lead in re.finditer(lead_re, sentence):
            match = VISIT_PLACE_RE.match("in " + sentence[lead.end() :])
            if match is None:
                continue
            rest = sentence[lead.end() + match.end() - 3 :]
            city = match.group("city").rstrip(".")
            if NOT_A_PLACE_RE.search(city) or re.match(r"\s*(?:,\s*[A-Z][a-z]+\s+[A-Z]|and\b)", rest):
                continue
            # A place in the United States (the record names its state, or the records know it): "a NATO meeting
            # in Ottawa, Canada" is no visit's.
            state = us_state(match.group("paren") or match.group("comma") or "") or KNOWN_STATES.get(city, "")
            if state and (city in KNOWN_STATES or not us_state(city)):
                return Place(city, state)
    # The President's house is in Washington: "Attended White House dinner on 25th Anniversary of the U.N." (visit
    # 140), "Met with President Nixon at White House" (visit 212), when no rule above found the meeting's place.
    if re.search(r"\bWhite\s+House\b", text):
        return Place("Washington", KNOWN_STATES["Washington"])
    return None
