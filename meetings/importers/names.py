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
        "Chairman", "General Secretary", "Secretary General", "Secretary-General", "Foreign Minister",
        "Foreign Secretary",
        "Minister of Foreign Affairs",
        "Foreign Affairs Minister", "External Affairs Minister", "Defense Minister", "Defence Minister",
        "Governor General", "Governor-General", "Supreme Leader", "Chief Executive", "High Representative",
        "State Counselor", "State Councilor", "Head of State", "Chief of State", "Junta President",
        "Royal Counselor", "Quartet Representative", "Interim Prime Minister", "Acting Prime Minister",
        "Brigadier General", "Prime Minster",
        "Prime Minister and Foreign Minister", "President of the European Commission",
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
HONORIFICS = {
    "sheikh", "sheik", "shaikh", "dato", "datuk", "seri", "sri", "daw", "haji", "hajji", "tun", "lord", "sir", "dr",
}  # fmt: skip
PATRONYMIC_WORDS = {"bin", "bint", "ibn"}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
SPELLINGS = {"abdel": "abd", "abdul": "abd", "abdal": "abd", "abdol": "abd", "mohammed": "muhammad",
             "mohammad": "muhammad", "mohamed": "muhammad", "muhammed": "muhammad", "mohamad": "muhammad"}  # fmt: skip


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def clean_text(text):
    """Collapse white space, unify quotes, and part an office run into a name ("Prime MinisterHaidar")."""
    text = (text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\b(Minister|President)(?=[A-Z][a-z])", r"\1 ", text)
    return " ".join(text.split())


def clean_name(name):
    """A name as it should be shown: no nickname in brackets, no "Dr.", no trailing date ("Begin May 24")."""
    text = clean_text(re.sub(r"\([^)]*\)", " ", name or ""))
    text = re.sub(r"^(?:Dr|Mr|Mrs)\.?\s+", "", text)
    text = re.sub(rf"\s+(?:on\s+)?(?:{MONTHS})(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?$", "", text)
    return text.strip(" ,;.")


def name_tokens(name):
    """The words that identify a person, in order: lower case, no accents, particles, honorifics or Jr."""
    text = strip_accents(clean_name(name)).lower()
    text = re.sub(r"['.]", "", text)
    words = []
    for word in re.split(r"[^a-z0-9]+", text):
        # "Abdulaziz" is "Abdul Aziz" is "Abd al-Aziz".
        compound = re.match(r"^(abdul|abdel|abdal|abd)(\w{3,})$", word)
        words.extend(["abd", compound.group(2)] if compound else [SPELLINGS.get(word, word)])
    return tuple(w for w in words if w and w not in NAME_SUFFIXES | PARTICLES | HONORIFICS)


def key_tokens(tokens):
    return frozenset(tokens)


def words_alike(a, b):
    """The same word, or a long word spelled nearly alike ("Mahmoud"/"Mohamud", "Enrico"/"Enrique")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    # The same start ("Chan"/"Chandrikapersad", "Enrico"/"Enrique"), or nearly the same spelling.
    return a[:4] == b[:4] or (a[0] == b[0] and difflib.SequenceMatcher(None, a, b).ratio() >= 0.75)


def covered(small, large):
    """Every word of one name is (nearly) a word of the other."""
    return all(any(words_alike(word, other) for other in large) for word in small)


# Misspellings in the records, and capitalisation variants, of offices.
OFFICE_SPELLINGS = {"Prime Minster": "Prime Minister", "President-Elect": "President-elect"}


def clean_office(office):
    return OFFICE_SPELLINGS.get(office, office)


def same_office(first, second):
    """Offices alike enough to be one career step: equal, or either unknown."""
    return not first or not second or first.lower() == second.lower()


def split_title(text):
    """'Prime Minister Narendra Modi' -> ('Prime Minister', 'Narendra Modi'); no title -> ('', text)."""
    text = clean_text(text).strip(" ,;.")
    match = TITLE_RE.match(text)
    if not match:
        return "", text
    return clean_office(match.group("title")), match.group("rest").strip(" ,;")


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
    family: str = ""
    is_patronymic: bool = False

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
            family=tokens[-1] if tokens else "",
            is_patronymic=bool(PATRONYMIC_WORDS & set(re.split(r"[^a-z]+", strip_accents(name or "").lower()))),
            **fields,
        )

    @property
    def is_surname_only(self):
        return len(self.tokens) < 2

    def same_person_as(self, other):
        """One full name within the other, with the same first name ("Ivan Duque" / "Ivan Duque Marquez") or the
        same family name outside Arabic patronymic chains ("Yahya Khan" / "Agha Muhammad Yahya Khan"): "Hamad
        bin Isa al-Khalifa" is not his son "Salman bin Hamad bin Isa al-Khalifa"."""
        small, large = sorted([self.tokens, other.tokens], key=len)
        if not covered(small, large):
            return False
        if words_alike(self.given, other.given):
            return True
        return not (self.is_patronymic or other.is_patronymic) and words_alike(self.family, other.family)

    def take_name(self, name):
        """Keep the fuller of two spellings as the name and the other as an alias; True when the name changed."""
        candidate = Person.named(name, self.country, self.office)
        if self.is_new and len(candidate.tokens) > len(self.tokens):
            self.add_alias(self.name)
            self.name, self.tokens = candidate.name, candidate.tokens
            self.given, self.family, self.is_patronymic = candidate.given, candidate.family, candidate.is_patronymic
            return True
        self.add_alias(candidate.name)
        return False

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

    A full name matches a person of the same country with the same words (in any order: "Kishida Fumio" is
    "Fumio Kishida"), an alias, or a name one holds within the other (see Person.same_person_as). A lone
    surname ("President Jiang") matches a person of that country with that name who was active within twenty
    years of the date (four when the office differs); when several were, the one closest in time, and if that
    is a tie, nobody.
    """

    SURNAME_WINDOW_DAYS = 365 * 20
    # A lone surname in another office is someone else sooner: "President Traore" (to 1991) is not
    # "Foreign Minister Traore" (1996), while "Foreign Minister Obuchi" (1997) is "Prime Minister Obuchi" (1999).
    OTHER_OFFICE_WINDOW_DAYS = 365 * 4

    def __init__(self):
        self.people = []
        self._by_country_token = {}

    def add(self, person):
        self.people.append(person)
        self.add_tokens(person)
        return person

    def add_tokens(self, person):
        for token in person.tokens:
            bucket = self._by_country_token.setdefault((person.country, token), [])
            if person not in bucket:
                bucket.append(person)

    def _candidates(self, country, tokens):
        seen = {}
        for token in tokens:
            for person in self._by_country_token.get((country, token), []):
                seen[id(person)] = person
        return list(seen.values())

    @staticmethod
    def _distance_days(person, date):
        if person.first is None or date is None or person.first <= date <= person.last:
            return 0
        return min(abs((date - person.first).days), abs((date - person.last).days))

    def _closest(self, people, date, name):
        """The one of several people closest in time to ``date``; a tie is ambiguous."""
        people = sorted(people, key=lambda p: self._distance_days(p, date))
        if len(people) == 1 or self._distance_days(people[0], date) < self._distance_days(people[1], date):
            return people[0], ""
        return None, f"“{name}” could be several people"

    def namesake(self, name, country, date):
        """A person known only by this same surname, within twenty years whatever the office: with no full name
        to tell them apart, "Premier Spaak" (1948) and "Foreign Minister Spaak" (1964) are read as one."""
        probe = Person.named(name, country, "")
        found = [
            p
            for p in self._candidates(country, probe.tokens)
            if p.is_surname_only
            and p.tokens == probe.tokens
            and self._distance_days(p, date) <= self.SURNAME_WINDOW_DAYS
        ]
        return self._closest(found, date, name)[0] if found else None

    def find(self, name, country, date, *, exact=False, office=""):
        """(person or None, problem or ''): the person this mention means (``exact``: same words only)."""
        probe = Person.named(name, country, "")
        if not probe.tokens:
            return None, "no name"
        if not probe.is_surname_only:
            candidates = [p for p in self._candidates(country, probe.tokens) if not p.is_surname_only]
            same = [p for p in candidates if p.tokens == probe.tokens or probe.tokens in p.alias_tokens]
            near = same or ([] if exact else [p for p in candidates if probe.same_person_as(p)])
            return self._closest(near, date, name) if near else (None, "")
        candidates = [
            p
            for p in self._candidates(country, probe.tokens)
            if self._distance_days(p, date)
            <= (self.SURNAME_WINDOW_DAYS if same_office(p.office, office) else self.OTHER_OFFICE_WINDOW_DAYS)
        ]
        if not candidates:
            return None, ""
        # Prefer someone known by a full name.
        return self._closest([p for p in candidates if not p.is_surname_only] or candidates, date, name)
