"""Recognising leaders' summits in free text and grouping the mentions into one Summit per edition."""

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from .names import clean_text

# Host cities of editions whose records name no city (a trip to several places, a visit to Washington).
HOST_CITIES_CSV = Path(__file__).resolve().parents[2] / "fixtures" / "summit_host_cities.csv"
# A reference row is an edition's when its first day is within this many days of the edition's dates.
HOST_CITY_SLACK_DAYS = 7

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
        re.compile(r"\b(?:NATO|North Atlantic (?:Alliance|Treaty|Council))\b(?:(?!Minister)[^.;])*?\bSummit\b", re.I),
    ),
    (
        "apec",
        re.compile(
            r"\b(?:APEC|Asia[- ]Pacific Economic (?:and )?Cooperation)\b(?:['’]s)?"
            r"(?!(?:\s+\(APEC\))?(?:\s+[\w'’-]+){0,3}?\s+(?:CEO|Forum|Women)\b)"
            r"(?!(?:\s+\(APEC\))?(?:\s+[\w'’-]+){0,3}?\s+Ministerials?\b(?!\s+and\s+(?:Summit|Leaders)))",
            re.I,
        ),
    ),
    ("unga", re.compile(r"\b(?:U\.?N\.?|United Nations)\s+General Assembly\b", re.I)),
    ("quad", re.compile(r"\bQuad Leaders", re.I)),
]
# A summit talked about, not attended: "consulted on the forthcoming Economic Summit".
NOT_ATTENDED_RE = re.compile(
    r"\b(?:forthcoming|upcoming|next|preparations?|prepare|preparatory|on the)\s+(?:[\w'’-]+\s+)?$", re.I
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


def normalise_series(series, date):
    """G7 and G8 are one series under two names: use the name of that year."""
    if series in {"g7", "g8"} and date is not None:
        return "g8" if date.year in G8_YEARS else "g7"
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


@dataclass
class Edition:
    series: str
    mentions: list = field(default_factory=list)
    # From fixtures/summit_host_cities.csv, for an edition whose records name no city.
    reference_city: str = ""

    @property
    def start(self):
        starts = sorted(m.start for m in self.mentions)
        ends = sorted(m.end for m in self.mentions)
        # Most attendance records cover the summit days; their overlap is the summit, when there is one.
        return max(starts) if max(starts) <= min(ends) else min(starts)

    @property
    def end(self):
        starts = sorted(m.start for m in self.mentions)
        ends = sorted(m.end for m in self.mentions)
        return min(ends) if max(starts) <= min(ends) else max(ends)

    def _most_common(self, attribute):
        values = [getattr(m, attribute) for m in self.mentions if getattr(m, attribute)]
        # The first named of the most common, so that a re-run names the edition alike.
        return max(dict.fromkeys(values), key=values.count) if values else ""

    @property
    def host(self):
        return self._most_common("host")

    @property
    def city(self):
        sure = [m.city for m in self.mentions if m.city and not m.city_by_rank]
        found = max(dict.fromkeys(sure), key=sure.count) if sure else self._most_common("city")
        return found or self.reference_city

    @property
    def name(self):
        label = SERIES_LABELS[self.series]
        year = self.start.year
        if self.series == "unga":
            return f"{label} {year}"
        return f"{label}, {self.city} {year}" if self.city else f"{label} {year}"


def read_host_cities(path=HOST_CITIES_CSV):
    """[(series, first day, city)]: the reference table of summits' host cities."""
    if not Path(path).exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            (row["series"], datetime.date.fromisoformat(row["first_day"]), row["city"])
            for row in csv.DictReader(handle)
        ]


def group_editions(mentions, host_cities=()):
    """Mentions grouped into editions: same series, dates within a few days (UNGA: one a year). An edition
    whose records name no city takes the one of ``host_cities`` (see read_host_cities) held in those days."""
    editions = []
    by_series = {}
    for mention in mentions:
        by_series.setdefault(mention.series, []).append(mention)
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
    slack = datetime.timedelta(days=HOST_CITY_SLACK_DAYS)
    for edition in editions:
        edition.reference_city = next(
            (
                city
                for series, first_day, city in host_cities
                if series == edition.series and edition.start - slack <= first_day <= edition.end + slack
            ),
            "",
        )
    return editions
