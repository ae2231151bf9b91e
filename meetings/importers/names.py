"""Reading people out of text ("Prime Minister Narendra Modi") and telling when two mentions are one person."""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

# Offices as they precede a name, longest first so that "Prime Minister" wins over "Minister".
TITLES = sorted(
    {
        "President", "Vice President", "Interim President", "Acting President", "Provisional President",
        "President-elect", "President-Elect", "Prime Minister", "Prime Minister-elect", "Prime Minister-designate",
        "Deputy Prime Minister", "First Deputy Prime Minister", "Crown Prince-Prime Minister",
        "Deputy Prime Minister and Foreign Minister", "Premier", "Vice Premier", "Chancellor", "Chancellor-elect",
        "Federal Chancellor", "Taoiseach", "King", "Queen", "Emperor", "Empress", "Crown Prince", "Crown Princess",
        "Prince", "Princess", "Grand Duke", "Grand Duchess", "Sultan", "Amir", "Emir", "Shah", "Pope", "Regent",
        "Chairman", "General Secretary", "Secretary General", "Secretary-General", "Foreign Minister", "Foreign Secretary",
        "Minister of Foreign Affairs",
        "Foreign Affairs Minister", "External Affairs Minister", "Defense Minister", "Defence Minister",
        "Governor General", "Governor-General", "Supreme Leader", "Chief Executive", "High Representative",
        "State Counselor", "State Councilor", "Head of State", "Chief of State", "Junta President",
        "Royal Counselor", "Quartet Representative", "Interim Prime Minister", "Acting Prime Minister",
        "Brigadier General", "Prime Minister and Foreign Minister", "President of the European Commission",
        "President of the European Council", "Crown Prince and Prime Minister",
    },
    key=len,
    reverse=True,
)  # fmt: skip
TITLE_RE = re.compile(r"^(?:the\s+)?(?P<title>" + "|".join(re.escape(t) for t in TITLES) + r")\b\.?\s*(?P<rest>.*)$")

# Words that say a phrase is a group or an unnamed official, not a person.
GROUP_WORDS = re.compile(
    r"\b(officials|leaders|leadership|ministers|representatives|members|delegation|delegations|heads|"
    r"presidents|premiers|chiefs|counterparts|partners|government|governments|parliament|students|"
    r"troops|personnel|staff|families|family|society|community|opposition|figures|others|group|council)\b",
    re.IGNORECASE,
)
NAME_SUFFIXES = {"jr", "sr", "3rd", "2nd"}
# Too common to tell people apart: particles, and honorifics written as part of a name.
PARTICLES = {
    "bin",
    "bint",
    "ibn",
    "al",
    "el",
    "de",
    "da",
    "do",
    "dos",
    "du",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "y",
}
HONORIFICS = {"sheikh", "sheik", "shaikh", "dato", "datuk", "seri", "sri", "daw", "haji", "hajji", "tun", "lord", "sir"}
SPELLINGS = {"abdel": "abd", "abdul": "abd", "abdal": "abd", "abdol": "abd", "mohammed": "muhammad",
             "mohammad": "muhammad", "mohamed": "muhammad", "muhammed": "muhammad", "mohamad": "muhammad"}  # fmt: skip


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def clean_text(text):
    """Collapse white space and unify quotes."""
    return " ".join((text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split())


def clean_name(name):
    """A name as it should be shown: no parenthesised nicknames or stray spaces ("Ruud" in brackets)."""
    return clean_text(re.sub(r"\([^)]*\)", " ", name or "")).strip(" ,;.")


def name_tokens(name):
    """The words that identify a person, in order: lower case, no accents, particles, honorifics or Jr."""
    text = strip_accents(clean_name(name)).lower()
    text = re.sub(r"['.]", "", text)
    tokens = (SPELLINGS.get(t, t) for t in re.split(r"[^a-z0-9]+", text) if t)
    return tuple(t for t in tokens if t not in NAME_SUFFIXES | PARTICLES | HONORIFICS)


def key_tokens(tokens):
    return frozenset(tokens)


def spelled_alike(first, second):
    """Two names of the same length whose differing words are long and nearly the same ("Mahmoud"/"Mohamud")."""
    if len(first) != len(second):
        return False
    left, right = sorted(first - second), sorted(second - first)
    if len(left) != 1 or len(right) != 1:
        return False
    a, b = left[0], right[0]
    return min(len(a), len(b)) >= 4 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.7


def split_title(text):
    """'Prime Minister Narendra Modi' -> ('Prime Minister', 'Narendra Modi'); no title -> ('', text)."""
    text = clean_text(text).strip(" ,;.")
    match = TITLE_RE.match(text)
    if not match:
        return "", text
    return match.group("title"), match.group("rest").strip(" ,;")


def looks_like_name(text):
    """A personal name: starts with a capital letter, a few words, no group words."""
    if not text or GROUP_WORDS.search(text):
        return False
    return text[0].isupper() and len(text.split()) <= 7


@dataclass
class Person:
    """One person found in the records, possibly a leader already in the archive."""

    name: str
    country: str
    office: str
    tokens: frozenset
    first: object
    last: object
    aliases: set = field(default_factory=set)
    alias_tokens: set = field(default_factory=set)
    leader_id: int | None = None
    is_new: bool = True

    given: str = ""

    @classmethod
    def named(cls, name, country, office, first=None, last=None, **fields):
        tokens = name_tokens(name)
        return cls(
            name=clean_name(name),
            country=country,
            office=office,
            tokens=frozenset(tokens),
            first=first,
            last=last if last is not None else first,
            given=tokens[0] if tokens else "",
            **fields,
        )

    @property
    def is_surname_only(self):
        return len(self.tokens) < 2

    def add_alias(self, text):
        if text and text != self.name:
            self.aliases.add(text)
            self.alias_tokens.add(key_tokens(name_tokens(text)))

    def seen_on(self, date):
        if date is None:
            return
        self.first = date if self.first is None else min(self.first, date)
        self.last = date if self.last is None else max(self.last, date)


class PersonIndex:
    """Finds the one person a mention refers to, or says it is ambiguous.

    Full names match a person of the same country whose name holds the same key tokens (word order and
    extra middle names aside: "Kishida Fumio" is "Fumio Kishida", "Ivan Duque" is "Ivan Duque Marquez"), or
    spelled nearly alike. A lone surname ("President Jiang") matches a person of that country with that
    name who was active within a few years of the date.
    """

    SURNAME_WINDOW_DAYS = 365 * 8

    def __init__(self):
        self.people = []
        self._by_country_token = {}

    def add(self, person):
        self.people.append(person)
        for token in person.tokens:
            self._by_country_token.setdefault((person.country, token), []).append(person)
        return person

    def _candidates(self, country, tokens):
        seen = {}
        for token in tokens:
            for person in self._by_country_token.get((country, token), []):
                seen[id(person)] = person
        return list(seen.values())

    @staticmethod
    def _distance_days(person, date):
        if person.first is None or date is None:
            return 0
        if person.first <= date <= person.last:
            return 0
        return min(abs((date - person.first).days), abs((date - person.last).days))

    def find(self, name, country, date):
        """(person or None, problem or ''): the person this mention means."""
        tokens = key_tokens(name_tokens(name))
        if not tokens:
            return None, "no name"
        if len(tokens) >= 2:
            candidates = [p for p in self._candidates(country, tokens) if not p.is_surname_only]
            exact = [p for p in candidates if p.tokens == tokens or tokens in p.alias_tokens]
            if len(exact) == 1:
                return exact[0], ""
            # One name inside the other, with the same first word: "Ivan Duque" is "Ivan Duque Marquez", but
            # "Hamad bin Isa al-Khalifa" is not his son "Salman bin Hamad bin Isa al-Khalifa".
            given = name_tokens(name)[0]
            near = [p for p in candidates if (p.tokens <= tokens or tokens <= p.tokens) and p.given == given]
            if not near:
                near = [p for p in candidates if spelled_alike(tokens, p.tokens)]
            near = exact or near
            if len(near) > 1:
                near.sort(key=lambda p: self._distance_days(p, date))
                if self._distance_days(near[0], date) < self._distance_days(near[1], date):
                    near = near[:1]
            if len(near) == 1:
                return near[0], ""
            if len(near) > 1:
                return None, f"“{name}” could be several people"
            return None, ""
        candidates = [
            p for p in self._candidates(country, tokens) if self._distance_days(p, date) <= self.SURNAME_WINDOW_DAYS
        ]
        if len(candidates) > 1:
            # Prefer someone with a full name, then whoever was active closest to the date.
            full = [p for p in candidates if not p.is_surname_only] or candidates
            full.sort(key=lambda p: self._distance_days(p, date))
            if len(full) == 1 or self._distance_days(full[0], date) < self._distance_days(full[1], date):
                return full[0], ""
            return None, f"“{name}” could be several people"
        return (candidates[0], "") if candidates else (None, "")
