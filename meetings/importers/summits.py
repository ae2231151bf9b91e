"""Recognising leaders' summits in free text and grouping the mentions into one Summit per edition."""

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .names import clean_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
# The reference table of editions (see read_reference_editions); a missing file is an empty table.
REFERENCE_EDITIONS_CSV = FIXTURES / "summit_editions.csv"
# A reference row is an edition's when its first day is within this many days of the edition's dates.
# A mention fits a reference edition when its days and the edition's overlap, give or take this many days: a visit
# or trip record often covers the days before and after the summit, or starts on the morrow of an evening arrival.
REFERENCE_SLACK_DAYS = 2

# (series, pattern). Ministerial meetings (foreign ministers of the G7, APEC ministerials…), forums and business
# meetings on the side are not summits.
NOT_LEADERS = r"(?!(?:\s+[\w'’-]+){0,2}?\s+(?:Foreign|Finance|Trade|Ministers?|Ministerial|Development|Sherpas?)\b)"
SUMMIT_PATTERNS = [
    ("nss", re.compile(r"Nuclear Security Summit", re.I)),
    ("g20", re.compile(r"\bG-?20\b" + NOT_LEADERS, re.I)),
    ("g8", re.compile(r"\bG-?8\b" + NOT_LEADERS, re.I)),
    ("g7", re.compile(r"\bG-?7\b" + NOT_LEADERS + r"(?=(?:\s+[\w'’-]+){0,3}?\s+(?:Summit|Leaders|meetings?)\b)", re.I)),
    # Before the "G-7" name was usual the records call it the Economic Summit.
    ("g7", re.compile(r"(?<!APEC )(?<!Cooperation )(?<!Africa )\bEconomic Summit\b", re.I)),
    (
        "nato",
        re.compile(
            r"\b(?:NATO|North Atlantic (?:Alliance|Treaty|Council))\b(?:(?!Minister)[^.;])*?\bSummit\b"
            # "meeting of NATO Heads of Government" (Paris 1957, Brussels 1974), "the NATO Leaders Meeting" (2019)
            r"|\bNATO\s+(?:Heads\s+of\s+(?:State\s+and\s+)?Government|Leaders['’]?\s+Meeting)\b",
            re.I,
        ),
    ),
    (
        "apec",
        re.compile(
            r"\b(?:APEC|Asia[- ]Pacific Economic (?:and )?Cooperation)\b(?:['’]s)?"
            # The CEO Summit is held in the leaders' week: a traveller at it was at the edition (Beijing 2014), which
            # the reference table's dates check.
            r"(?!(?:\s+\(APEC\))?(?:\s+[\w'’-]+){0,3}?\s+(?:Forum|Women)\b)"
            r"(?!(?:\s+\(APEC\))?(?:\s+[\w'’-]+){0,3}?\s+Ministerials?\b(?!\s+and\s+(?:Summit|Leaders)))",
            re.I,
        ),
    ),
    ("unga", re.compile(r"\b(?:U\.?N\.?|United Nations)\s+General Assembly\b", re.I)),
    ("quad", re.compile(r"\bQuad Leaders", re.I)),
]

# The series recognised since the reference table of editions (fixtures/summit_editions.csv). clean_text has made
# every dash "-" and every apostrophe "'" by then.
US = r"(?:U\.?S\.?|United States)"
ASEAN = r"(?:ASEAN|Association of Southeast Asian Na+tions(?:\s+\(ASEAN\))?)"  # "Naations" in travels 3428
CSCE = r"(?:CSCE|OSCE|(?:Conference|Organi[sz]ation)\s+(?:on|for)\s+Security\s+and\s+Co-?operation\s+in\s+Europe)"
# What follows a summit's name when the meeting is another, held by ministers, officials or business people on the
# side: "the East Asia Summit Foreign Ministers' Meeting", "U.S.-ASEAN and East Asia Summit Ministerial Meetings",
# "United States-Africa Business Summit", "Summit of the Americas preparatory meeting". Up to three words in
# between, but no "and" nor "with": "the East Asia Summit and the U.S.-ASEAN Leaders Meeting" is two summits,
# "Casablanca Conference with British Prime Minister Churchill" (travels 2712) one.
NOT_SUMMIT_AFTER = (
    r"(?!(?:\s+(?!and\b|with\b)[\w'-]+){0,3}?\s+(?:Foreign|Finance|Trade|Economic|(?<!Prime\s)Ministers?|Ministerial"
    r"|Sherpas?|Business|CEO|Preparatory|Implementation|Senior Officials)\b)"
)


def summit_re(pattern):
    return re.compile(f"(?:{pattern}){NOT_SUMMIT_AFTER}", re.I)


NEW_SUMMIT_PATTERNS = [
    # "Attended the Summit of the Americas in Miami, Florida." (visits 1083), "the Special Summit of the Americas"
    # (travels 2430). Not the "Council of the Americas" (visits 1969) nor the Americas Partnership for Economic
    # Prosperity (visits 3187), nor the "Pathways to Prosperity in the Americas Ministerial" (travels 3056).
    ("americas", summit_re(r"\bSummit\s+of\s+the\s+Americas\b|\bAmericas\s+Summit\b")),
    # "the U.S.-Africa Leaders Summit" (visits 2726, 2014), "the U.S.-Africa Leaders' Summit" (visits 3062, 2022).
    # Not the "United States-Africa Business Summit" (visits 1636) nor the "African Leaders Summit" of four
    # Presidents at the White House (visits 2676).
    ("us_africa", summit_re(US + r"\s?-\s?Africa(?:n)?\s+Leaders'?\s+Summits?\b")),
    # "the U.S.-ASEAN Summit" (visits 3083), "a U.S.-ASEAN Leaders' meeting" (travels 3209), "the East Asia Summit
    # and the U.S.-ASEAN Leaders Meeting" (travels 3194), "a United States-Association of Southeast Asian Naations
    # Summit Meeting" (travels 3428), "the U.S.-ASEAN and East Asia Summits" (travels 4111). Not "the U.S.-ASEAN
    # Ministerial Meeting" (travels 3750) nor "the annual ASEAN-U.S. Post Ministerial Conference" (travels 4243).
    (
        "us_asean",
        summit_re(
            r"\b" + US + r"\s?-\s?" + ASEAN + r"(?:\s+and\s+East\s+Asian?)?\s+(?:Special\s+)?(?:Leaders'?|Summits?)\b"
            r"|\bASEAN\s?-\s?" + US + r"\s+(?:Special\s+)?(?:Leaders'?|Summits?)\b"
        ),
    ),
    # "the ASEAN Leaders Summit at Sunnylands" (visits 2820), "ASEAN Summit Meeting" (travels 3443), "the 31st ASEAN
    # Summit Meeting" (travels 3899), "the ASEAN and East Asia Summit Meetings" (travels 3055), "ASEAN Leaders'
    # Special Meeting on Tsunami Relief" (travels 1441). The ASEAN Regional Forum, the Post-Ministerial Conference,
    # "ASEAN Foreign Ministers" and "ASEAN discussions" are ministers' meetings (travels 31, 297, 869, 1993).
    (
        "asean",
        summit_re(
            r"(?<![-\w])(?<!-\s)" + ASEAN + r"(?!\s?-\s?" + US + r")"
            r"(?:\s+and\s+East\s+Asian?)?\s+(?:Leaders'?|Summits?)\b"
        ),
    ),
    # "the East Asia Summit" (travels 3087), "an East Asia Summit Meeting" (travels 3629); not "the East Asia Summit
    # Foreign Ministers' Meeting" (travels 4081) nor "the East Asian Summit Foreign Ministers' Meeting" (travels 3691).
    ("eas", summit_re(r"\bEast\s+Asian?\s+Summits?\b")),
    # "CSCE Summit Meeting" (travels 2345, 2547), "Organization for Security and Cooperation in Europe Summit meeting
    # in Istanbul" (travels 2627), "OSCE Summit meeting" (travels 184). The CSCE's stage of heads of state in 1975:
    # "opening session of the Conference on Security and Cooperation in Europe" (travels 2873, President Ford), "the
    # signing ceremony for the Final Act of the Conference…" (travels 1119). The Astana summit of 2010: "Led the
    # U.S. delegation to the OSCE" (travels 3095). Not the ministerial councils, follow-up meetings, "the first
    # phase of the Conference…" of foreign ministers (travels 1784) nor the tenth anniversary of the Final Act.
    (
        "osce",
        summit_re(
            r"\b" + CSCE + r"(?:\s+\((?:CSCE|OSCE)\))?\s+Summits?\b"
            r"|\b(?:opening\s+session|signing\s+ceremony\s+for\s+the\s+Final\s+Act)\s+of\s+the\s+"
            + CSCE
            + r"|\bled\s+the\s+U\.?S\.?\s+delegation\s+to\s+the\s+OSCE\b(?!\s+Ministerial)"
        ),
    ),
    # "the UN Climate Change Conference" (travels 2984, Copenhagen), "the 2022 United Nations Climate Change
    # Conference" (travels 4110), "the UN Climate Conference, COP28" (travels 4187), "the UN Climate Change Summit"
    # (travels 3605), "the 22nd Conference of the Parties to the UN Framework Convention on Climate Change" (travels
    # 3715). Not the "Climate and Clean Air Coalition" (travels 3233) nor an address on climate change.
    (
        "cop",
        summit_re(
            r"\b(?:U\.?N\.?|United Nations)\s+Climate(?:\s+Change)?\s+(?:Conference|Summit)\b"
            r"|\bConference\s+of\s+the\s+Parties\b|\b(?-i:COP)\s?-?\d{1,2}\b"
        ),
    ),
    # "the U.S.-Pacific Island Country Summit" (visits, 2022), "the Pacific Islands Countries Summit" (visits, 2023),
    # "Pacific Island Nations-United States Summit in Honolulu" (visits, 1990), "Pacific Islands Forum leaders"
    # (travels 4140). Not the Forum itself (travels 3263), "other Pacific Island leaders" met on a stop in Fiji
    # (travels 4051) nor the "Leaders of the Freely Associated States" at the White House.
    (
        "pacific",
        summit_re(
            r"\bPacific\s+Islands?\s+(?:Nations?|Countr(?:y|ies))(?:\s?-\s?" + US + r")?\s+Summits?\b"
            r"|\bPacific\s+Islands?\s+Forum\s+Leaders\b"
        ),
    ),
    # "U.S.-EU Summit meeting" (visits 1138), "U.S.-European Union Summit Meeting" (visits 1196), "the EU-US Summit
    # Meeting" (travels 2508), "the NATO and U.S.-European Union Summits" (travels 3094). The President's "European
    # Community Summit Meeting" at The Hague (travels 2367), "European Union Summit Meeting" at Madrid (travels 2557)
    # and "NATO and EU Summit Meetings" (travels 2439) were his summits with the Community's or the Union's
    # leaders too. Not the "U.S.-EU Ministerial meeting" (travels 1293) nor the "U.S.-EU Energy Council".
    (
        "us_eu",
        summit_re(
            r"\b(?:" + US + r"\s?-\s?)?(?:EU|European\s+(?:Union|Community))(?:\s?-\s?" + US + r")?\s+Summits?\b"
        ),
    ),
    # "the UN Millenium Summit in New York City" (visits 1424, spelt so), "a U.N. Security Council Summit" (visits
    # 902), "the UN Ecology Summit" (visits 1240), "the Earth Summit Meeting" (travels 2373), "the World Summit on
    # Sustainable Development" (travels 1319), "the UN Conference on Sustainable Development" (travels 3239, Rio+20),
    # "the International Conference on Financing for Development" (travels 2395, Monterrey). Not the Millennium
    # Challenge Corporation (visits 1915).
    (
        "un_summit",
        summit_re(
            r"\bMillen+ium\s+Summit\b|\bWorld\s+Summit\b|\bEarth\s+Summit\b"
            r"|\b(?:U\.?N\.?|United\s+Nations)\s+(?:Security\s+Council\s+|Ecology\s+)?Summit\b"
            r"|\b(?:U\.?N\.?|United\s+Nations)\s+Conference\s+on\s+(?:Sustainable\s+Development|Environment\s+and"
            r"\s+Development)\b|\bInternational\s+Conference\s+on\s+Financing\s+for\s+Development\b"
        ),
    ),
    # The sessions of the General Assembly called special: "U.N. Special Session on Disarmament" (visits 343, 1978;
    # 465, 1982), which the reference table lists among the General Assembly's.
    (
        "unga",
        summit_re(r"\b(?:U\.?N\.?|United\s+Nations)\s+(?:General\s+Assembly\s+)?(?:Emergency\s+)?Special\s+Session\b"),
    ),
    # The one-off conferences of leaders the reference table lists under "other": "Attended Tehran Conference with
    # Soviet Premier Stalin" (travels 2722), "the Tripartite Conference of Berlin (Potsdam Conference)" (travels
    # 488), "the Heads of Government Conference" and "Summit conference with British Prime Minister Eden…" (travels
    # 794, 2743: Geneva, 1955). Only the table makes an edition of them (see group_editions).
    (
        "other",
        summit_re(
            r"\b(?:Casablanca|(?:First\s+|Second\s+)?Quebec|(?:First\s+|Second\s+)?Cairo|Tehe?ran|Malta|Yalta|Potsdam"
            r"|Trident|Bermuda|Second\s+Washington)\s+Conferences?\b|\bTripartite\s+Conference\s+of\s+Berlin\b"
            r"|\bHeads\s+of\s+Government\s+Conference\b|(?<!Economic\s)(?<!Alliance\s)\bSummit\s+conference\s+with\b"
            # "Attended a Heads of Government meeting in White Sulphur Springs" (visits 2342, 2343, 1956), "Attended
            # the U.S.- Nordic Leaders Summit" (visits 2866–2870, 2016).
            r"|\bHeads\s+of\s+Government\s+meeting\b|\bU\.?S\.?-?\s*Nordic\s+Leaders['’]?\s+Summit\b"
            # "Conference with President De Gaulle, … Macmillan, and Soviet Premier Khrushchev" (travels 2770, the
            # Paris summit of 1960); "Attended Middle East Summit Meeting" (visits 1214, 1215; Washington, 1996).
            r"|(?:^|[.;]\s+)Conference\s+with\b|\bMiddle\s+East\s+Summit\b"
            # "Participated in C5+1 Presidential Summit Meeting with President Biden" (visits 3219–3223, 2023).
            r"|\bC5\s*\+\s*1\s+(?:Presidential\s+)?Summit\b"
            # "Attended Trilateral Summit at Camp David, MD." (visits 3166, 3167: Japan, Korea and the U.S., 2023).
            r"|\bTrilateral\s+Summit\b"
        ),
    ),
    # No record names these yet: the President has never attended them.
    ("brics", summit_re(r"\b(?-i:BRICS)\b(?:\s+[\w'-]+){0,2}?\s+(?:Summits?|Leaders)\b")),
    (
        "sco",
        summit_re(
            r"\b(?:(?-i:SCO)|Shanghai\s+Cooperation\s+Organi[sz]ation)\b(?:\s+\(SCO\))?(?:\s+[\w'-]+){0,2}?"
            r"\s+(?:Summits?|Heads\s+of\s+State)\b"
        ),
    ),
]
SUMMIT_PATTERNS += NEW_SUMMIT_PATTERNS
# The old series keep their reading (the General Assembly's special sessions are one of the UNGA's).
NEW_SERIES = {series for series, _ in NEW_SUMMIT_PATTERNS if series != "unga"}
# A summit talked about, or passed on the way, not attended: "consulted on the forthcoming Economic Summit",
# "Private visit en route to U.N. General Assembly" (visits 442).
NOT_ATTENDED_RE = re.compile(
    r"\b(?:forthcoming|upcoming|next|preparations?|prepare|preparatory|on the|en\s+route\s+(?:to|from)(?:\s+the)?)"
    r"\s+(?:[\w'’.-]+\s+)?$",
    re.I,
)
# The same for the series recognised since the reference table, a few words further: "Preparations for the Malta
# and Yalta Conferences" (travels 2188), "Disembarked en route to the Potsdam Conference" (travels 487).
NEW_NOT_ATTENDED_RE = re.compile(
    r"\b(?:(?:forthcoming|upcoming|next|preparations?|prepare|preparatory|en\s+route\s+(?:to|from))\s+"
    r"(?:[\w'-]+\s+){0,4}|on\s+the\s+(?:[\w'-]+\s+)?)$",
    re.I,
)

SERIES_LABELS = {
    "nss": "Nuclear Security Summit",
    "g20": "G20 Summit",
    "g8": "G8 Summit",
    "g7": "G7 Summit",
    "nato": "NATO Summit",
    "apec": "APEC Leaders' Meeting",
    "unga": "UN General Assembly",
    "quad": "Quad Leaders' Summit",
    "americas": "Summit of the Americas",
    "us_africa": "U.S.-Africa Leaders Summit",
    "us_asean": "U.S.-ASEAN Summit",
    "asean": "ASEAN Summit",
    "eas": "East Asia Summit",
    "osce": "OSCE Summit",
    "cop": "UN Climate Change Conference",
    "pacific": "U.S.-Pacific Islands Summit",
    "us_eu": "U.S.-EU Summit",
    "un_summit": "UN Summit",
    "brics": "BRICS Summit",
    "sco": "SCO Summit",
    "other": "Conference",
}
# Labels under the older names: the CSCE became the OSCE on 1 January 1995, the European Community the European
# Union on 1 November 1993.
OLD_LABELS = {
    "osce": (datetime.date(1995, 1, 1), "CSCE Summit"),
    "us_eu": (datetime.date(1993, 11, 1), "U.S.-EC Summit"),
}
# The G7 took Russia in as the G8 from 1997 (Denver) and left it out again from 2014.
G8_YEARS = range(1997, 2014)
# Mentions of one series this many days apart or less are one edition.
EDITION_GAP_DAYS = 6


def find_summits(text):
    """[(series, position)] of every leaders' summit the text mentions, in order, each series once."""
    text = clean_text(text)
    found = {}
    for series, pattern in SUMMIT_PATTERNS:
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 40) : match.start()]
            if NOT_ATTENDED_RE.search(before) or (series == "g7" and re.search(r"\bG-?\d+\s*$", before)):
                continue  # talked about, not attended; or "G-20 Economic Summit", read as the G20
            if series in NEW_SERIES and NEW_NOT_ATTENDED_RE.search(before):
                continue

            found[series] = min(found.get(series, match.start()), match.start())
    return sorted(found.items(), key=lambda item: item[1])


def find_leaders_summits(text, date):
    """find_summits, less the series that held no leaders' meeting yet on ``date`` (APEC before 1993)."""
    return [
        (series, at)
        for series, at in find_summits(text)
        if not (series == "apec" and date and date.year < FIRST_APEC_LEADERS_MEETING)
    ]


def find_summit_series(text):
    """The series of the first leaders' summit the text mentions, or None."""
    found = find_summits(text)
    return found[0][0] if found else None


# Secretary Baker's APEC ministerial conferences (Canberra 1989, Singapore 1990, Seoul 1991) are no leaders'
# meeting: the first was held at Blake Island in 1993.
FIRST_APEC_LEADERS_MEETING = 1993


def normalise_series(series, date, host=""):
    """G7 and G8 are one series under two names: use the name of that year. ASEAN never met in the United States
    but with the President: an ASEAN summit there ("the ASEAN Leaders Summit at Sunnylands", visits 2820) is a
    U.S.-ASEAN one, when the caller gives the host country."""
    if series in {"g7", "g8"} and date is not None:
        return "g8" if date.year in G8_YEARS else "g7"
    if series == "asean" and host == "US":
        return "us_asean"
    return series


CITY_RE = re.compile(r"\b(?:in|at)\s+(?P<city>[A-Z][\w.' -]+?)(?:,|\.|$| and\b| on\b)")


def city_from_text(text):
    """'Attended the NATO Summit Meeting in Chicago, IL.' -> 'Chicago'."""
    match = CITY_RE.search(text or "")
    if not match:
        return ""
    city = match.group("city").strip()
    return "" if city.lower().startswith(("the ", "u.s", "washington's")) else city


@dataclass
class SummitMention:
    series: str
    start: datetime.date
    end: datetime.date
    host: str  # country code
    city: str
    key: object  # the record's key, to link the edition back
    # The city is only the place in the rank of the summit among those the record names.
    city_by_rank: bool = False


class ReferenceEdition(NamedTuple):
    """One row of the reference table of editions (fixtures/summit_editions.csv)."""

    series: str
    name: str
    start: datetime.date
    end: datetime.date
    city: str
    host: str  # ISO country code ("US", "SUHH"), or "" when the table does not say
    certain: bool  # the table's editors are sure of the dates and place


@dataclass
class Edition:
    series: str
    mentions: list = field(default_factory=list)
    # The row of the reference table the mentions fit, which names, dates and places the edition; None for an
    # edition of a series the table has no rows for, grouped from its records alone.
    reference: ReferenceEdition | None = None

    @property
    def start(self):
        if self.reference:
            return self.reference.start
        starts = sorted(m.start for m in self.mentions)
        ends = sorted(m.end for m in self.mentions)
        # Most attendance records cover the summit days; their overlap is the summit, when there is one.
        return max(starts) if max(starts) <= min(ends) else min(starts)

    @property
    def end(self):
        if self.reference:
            return self.reference.end
        starts = sorted(m.start for m in self.mentions)
        ends = sorted(m.end for m in self.mentions)
        return min(ends) if max(starts) <= min(ends) else max(ends)

    def _most_common(self, attribute):
        values = [getattr(m, attribute) for m in self.mentions if getattr(m, attribute)]
        # The first named of the most common, so that a re-run names the edition alike.
        return max(dict.fromkeys(values), key=values.count) if values else ""

    @property
    def host(self):
        return (self.reference and self.reference.host) or self._most_common("host")

    @property
    def city(self):
        if self.reference and self.reference.city:
            return self.reference.city
        sure = [m.city for m in self.mentions if m.city and not m.city_by_rank]
        found = max(dict.fromkeys(sure), key=sure.count) if sure else self._most_common("city")
        return found

    @property
    def name(self):
        if self.reference and self.reference.name:
            return self.reference.name
        year = self.start.year
        since, old_label = OLD_LABELS.get(self.series, (None, ""))
        label = old_label if since and self.start < since else SERIES_LABELS.get(self.series, self.series)
        if self.series == "unga":
            return f"{label} {year}"
        return f"{label}, {self.city} {year}" if self.city else f"{label} {year}"


class Editions(list):
    """What group_editions returns: a list of Edition, and in ``unplaced`` the mentions of a series the reference
    table lists that fit none of its editions (wrong days, or a summit held in another country than the record's),
    which belong to no edition: the import leaves their meetings without a summit."""

    def __init__(self, editions=(), unplaced=()):
        super().__init__(editions)
        self.unplaced = list(unplaced)


def read_reference_editions(path=REFERENCE_EDITIONS_CSV):
    """[ReferenceEdition] of the reference table of editions, a CSV with the columns series, name, start_date,
    end_date (ISO dates; an empty end is the start), city, host (country code), certain (yes/no), note, source.
    A missing file is an empty table; a row that cannot be read is a ValueError naming its line."""
    path = Path(path)
    if not path.exists():
        return []
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if not any((value or "").strip() for value in row.values()):
                continue  # a blank line left by a merge
            try:
                start = datetime.date.fromisoformat(row["start_date"].strip())
                end = datetime.date.fromisoformat(row["end_date"].strip()) if (row["end_date"] or "").strip() else start
                series = row["series"].strip().lower()
                if not series:
                    raise ValueError("no series")
                if end < start:
                    raise ValueError(f"ends ({end}) before it starts ({start})")
            except (KeyError, AttributeError, ValueError) as error:
                raise ValueError(f"{path}, line {line}: {error}") from error
            rows.append(
                ReferenceEdition(
                    series=series,
                    name=(row.get("name") or "").strip(),
                    start=start,
                    end=end,
                    city=(row.get("city") or "").strip(),
                    host=(row.get("host") or "").strip().upper(),
                    certain=(row.get("certain") or "").strip().lower() in {"yes", "y", "true", "1"},
                )
            )
    return rows


# The G7 and the G8 are one series: a table may file an edition under either name.
SERIES_FAMILY = {"g8": "g7"}
# Series the records confuse: "ASEAN Summit Meeting" for the U.S.-ASEAN summit the President attended beside it
# (travels 3443), "U.S.-ASEAN Leaders' meeting" for one held during an ASEAN summit; "met with President Bush at the
# UN General Assembly" (visits 1802) during the 2005 World Summit, a plenary of the Assembly the table files under
# un_summit. A mention that fits no edition of its own series may go to an edition of the neighbour one.
NEIGHBOUR_SERIES = {"asean": "us_asean", "us_asean": "asean", "unga": "un_summit", "un_summit": "unga"}
# Not a series but the one-off conferences: only an edition of the reference table names one.
ONE_OFF = "other"


def _family(series):
    return SERIES_FAMILY.get(series, series)


def _days_apart(mention, reference):
    """0 when the mention's days and the edition's overlap, else the days between them."""
    return max((reference.start - mention.end).days, (mention.start - reference.end).days, 0)


def _fits_place(mention, reference):
    # A record filed under another country than the summit's is about a meeting elsewhere (a stop on the way, a
    # visit to Washington after a summit abroad). Visits are all filed under "US": that fits the summits held in
    # the United States, the UN's in New York among them.
    return not (mention.host and reference.host and mention.host != reference.host)


def place_mention(mention, references, slack_days=REFERENCE_SLACK_DAYS):
    """The ReferenceEdition a mention belongs to: of its series (or, failing that, of the neighbour series), held in
    the mention's country, whose days overlap the mention's give or take ``slack_days``; the closest in time of
    several. None when none fits."""
    for series_fit in (
        lambda row: _family(row.series) == _family(mention.series),
        lambda row: row.series == NEIGHBOUR_SERIES.get(mention.series),
    ):
        fitting = [
            row
            for row in references
            if series_fit(row) and _days_apart(mention, row) <= slack_days and _fits_place(mention, row)
        ]
        if fitting:
            return min(fitting, key=lambda row: (_days_apart(mention, row), abs((row.start - mention.start).days)))
    return None


def group_editions(mentions, references=()):
    """Mentions grouped into editions; an Editions list (see there), with the mentions that fit no edition in
    ``unplaced``.

    ``references`` is the reference table (read_reference_editions). A mention goes to the edition it fits
    (place_mention), which takes its name, days, city and host from the row. A mention of a series the table has
    rows for that fits none is unplaced: the table lists every edition of its series, so it is no attendance of one
    (a visit months away from the session of the General Assembly, a trip to Canada during a summit in the United
    States).

    The other mentions, of series the table lacks, are grouped as before the table: same series, dates within a
    few days (UNGA: one a year); but the one-off conferences ("other") are unplaced without their row."""
    references = list(references)
    listed = {_family(row.series) for row in references}

    editions, unplaced, by_reference, by_series = [], [], {}, {}
    for mention in mentions:
        reference = place_mention(mention, references)
        if reference is None:
            if _family(mention.series) in listed or mention.series == ONE_OFF:
                unplaced.append(mention)
            else:
                by_series.setdefault(mention.series, []).append(mention)
            continue
        if reference not in by_reference:
            by_reference[reference] = Edition(series=reference.series, reference=reference)
            editions.append(by_reference[reference])
        by_reference[reference].mentions.append(mention)

    for series, items in by_series.items():
        items.sort(key=lambda m: m.start)
        current = None
        for mention in items:
            if current is not None:
                last_end = max(m.end for m in current.mentions)
                same = (
                    mention.start.year == current.mentions[0].start.year
                    if series == "unga"
                    else (mention.start - last_end).days <= EDITION_GAP_DAYS
                )
                if same:
                    current.mentions.append(mention)
                    continue
            current = Edition(series=series, mentions=[mention])
            editions.append(current)
    return Editions(editions, unplaced)
