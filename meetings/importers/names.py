"""Reading people out of text ("Prime Minister Narendra Modi") and telling when two mentions are one person."""

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass, field

# Offices as they precede a name, longest first so that "Prime Minister" wins over "Minister".
TITLES = sorted(
    {
        "President", "Vice President", "Interim President", "Acting President", "Provisional President",
        "President-elect", "President-Elect", "President-designate", "Prime Minister", "Prime Minister-elect",
        "Prime Minister-designate",
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
        "Secretary of State",
        "Brigadier General", "Prime Minster",
        "Prime Minister and Foreign Minister", "President of the European Commission",
        "President of the European Council", "Crown Prince and Prime Minister",
        "First Secretary", "Generalissimo", "Marshal", "Field Marshal", "Cardinal", "Speaker", "First Minister",
        "Deputy First Minister", "Chief Justice", "Special Envoy", "Director General", "Chairperson",
        "Heir Apparent", "Comandante", "Junta Member",
        "Lieutenant General", "Major General", "General", "Colonel", "Admiral",
        # Offices of people met who are no head of government: "the UN Administrator for Kosovo", "the Chief
        # Prosecutor of the International War Crimes Tribunal", "UN High Commissioner for Refugees Filippo Grandi",
        # "Patriarch of the Georgian Orthodox Church".
        "Administrator", "Chief Prosecutor", "High Commissioner", "Patriarch", "Ecumenical Patriarch",
    },
    key=len,
    reverse=True,
)  # fmt: skip
TITLE_RE = re.compile(r"^(?:the\s+)?(?P<title>" + "|".join(re.escape(t) for t in TITLES) + r")\b\.?\s*(?P<rest>.*)$")
# Words of offices ("Deputy Prime Minister and Minister of Foreign Affairs and Expatriates"): a name is the run of
# other capitalised words at the end of a phrase.
OFFICE_WORDS = {
    "acting", "adviser", "advisor", "affairs", "and", "archbishop", "army", "assembly", "authority", "bishop",
    "cabinet", "cardinal", "chair", "chairman", "chairperson", "chancellor", "chief", "commander", "commission",
    "commissioner", "committee", "colonel", "brigadier", "admiral", "gen", "adm", "lt", "col", "maj",
    "capt", "brig", "amb", "gov", "comandante", "junta",
    "council", "counselor", "councilor", "crown", "defence", "defense", "deputy",
    "designate", "director", "duke", "economy", "elect", "emir", "amir", "emperor", "empress", "envoy",
    "executive", "expatriates", "external", "federal", "field", "finance", "first", "for", "foreign", "general",
    "generalissimo", "governor", "grand", "heir", "apparent", "head", "high", "interim", "interior", "justice",
    "king", "leader",
    "league", "lieutenant", "marshal", "mayor", "minister", "ministers", "minster", "national", "of", "party",
    "patriarch", "pope", "premier", "presidency", "president", "prime", "prince", "princess", "provisional",
    "queen", "regent", "representative", "royal", "secretary", "security", "shah", "special", "speaker", "state",
    "sultan", "supreme", "taoiseach", "the", "trade", "union", "vice", "war", "senior",
    # Not "major": a name ("Prime Minister Major"); "Major General" is a title of its own.
    # Portfolios and bodies named in offices ("Minister of Foreign Affairs and International Cooperation",
    # "Minister for Energy", "Knesset Speaker"): never part of a name.
    "agriculture", "commerce", "cooperation", "culture", "development", "education", "energy", "environment",
    "health", "industry", "information", "international", "knesset", "planning", "tourism", "transport",
    "relations", "refugees", "human", "rights", "policy",
    # Bodies, events and honorifics that end a phrase naming nobody ("attends OSCE Ministerial Meeting", "Governors
    # of several Mexican States", "the Presidential Triumvirate", "the International War Crimes Tribunal", "Hi[s]
    # Holiness Ilia II"), and offices that are no title ("Ambassador", "chief negotiator").
    "administrator", "ambassador", "meeting", "ministerial", "summit", "conference", "church", "tribunal", "court",
    "organization", "organisation", "agency", "programme", "program", "states", "triumvirate", "prosecutor",
    "holiness", "majesty", "highness", "excellency", "candidate", "candidates", "negotiator",
}  # fmt: skip

# Words that say a phrase is a group or an unnamed official, not a person.
GROUP_WORDS = re.compile(
    r"\b(officials|leaders|leadership|ministers|representatives|members|delegation|delegations|heads|"
    r"presidents|premiers|chiefs|counterparts|partners|government|governments|parliament|students|"
    r"troops|personnel|staff|families|family|society|community|opposition|figures|others|group|council|"
    r"allies|aides?|advisers|advisors|negotiators|signatories)\b",
    re.IGNORECASE,
)
# Generations are part of who someone is: Ferdinand Marcos Jr is not his father. "Sr" only tells the father apart
# once the son is known, so it is no part of the name.
GENERATIONS = {"jr": "jr", "2nd": "ii", "ii": "ii", "3rd": "iii", "iii": "iii", "iv": "iv"}
DROPPED_SUFFIXES = {"sr"}
# Too common to tell people apart: particles, and honorifics or titles written as part of a name.
PARTICLES = {
    "bin", "bint", "ibn", "al", "el", "de", "da", "do", "dos", "du", "van", "von", "der", "den", "la", "le", "y",
    "del", "della", "di", "das", "ter", "ten",
    # Faroese and Scandinavian "of": "Jenis av Rana".
    "av", "af",
}  # fmt: skip
HONORIFICS = {
    "sheikh", "sheik", "shaikh", "dato", "datuk", "seri", "sri", "daw", "haji", "hajji", "tun", "lord", "sir", "dr",
    "lady", "dame",
    # Titles are no part of a name: "Prince Saud al-Faisal" and "Prince Faisal bin Farhan" share no name word.
    "prince", "princess", "king", "queen", "crown", "emir", "amir", "sultan", "general", "cardinal", "marshal",
}  # fmt: skip
PATRONYMIC_WORDS = {"bin", "bint", "ibn"}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
SPELLINGS = {"abdel": "abd", "abdul": "abd", "abdal": "abd", "abdol": "abd", "mohammed": "muhammad",
             "mohammad": "muhammad", "mohamed": "muhammad", "muhammed": "muhammad", "mohamad": "muhammad",
             # One-off transliterations too far apart for the spelling rule: the Thai family name.
             "chinnawat": "shinawatra"}  # fmt: skip
# Styles before a name, and the records' misspelling of one: "His Holiness Pope Francis", "Hi Holiness Ilia II"
# (travels 3981).
HONORIFIC_STYLE_RE = re.compile(
    r"^(?:(?:His|Her|Hi|Their)\s+(?:All\s+|Royal\s+|Imperial\s+|Serene\s+)?(?:Holiness|Majesty|Highness|Excellency|"
    r"Beatitude|Eminence)),?\s+"
)
LEADING_TITLE_RE = re.compile(
    r"^(?:(?:Crown\s+)?Prince|Princess|King|Queen|(?:(?:Lieutenant|Major|Brigadier)\s+)?General|Colonel|"
    r"Admiral|(?:Field\s+)?Marshal|Cardinal|(?:Emir|Amir)(?=\s+\S+\s+\S))\s+(?=[A-Z])"
)  # "Amir" is a given name too: "Amir Peretz" keeps it, "Amir Tamim bin Hamad" does not


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def clean_text(text):
    """Collapse white space, unify quotes and dashes, and part an office run into a name ("Prime MinisterHaidar")."""
    text = (text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\b(Minister|President)(?=[A-Z][a-z])", r"\1 ", text)
    # "President- elect Ernesto Zedillo" (visits 1082), "President- designate Roberto E. Viola" (visits 427).
    text = re.sub(r"(?<=\w)-\s+(elect|designate)\b", r"-\1", text)
    # The records' misspellings of "Minister": "Prime MInister Barak" (travels 192), "Foreign Ministe Adel
    # al-Jubeir" (travels 3635), "Foreign Minster Sharaa" (travels 586; "Prime Minster" is read by TITLES).
    text = re.sub(r"\bMInister\b|\bMiniste\b|(?<=Foreign )Minster\b", "Minister", text)
    return " ".join(text.split())


def clean_name(name):
    """A name as it should be shown: no nickname in brackets, no "Dr.", no title, no trailing date."""
    text = clean_text(re.sub(r"\([^)]*\)", " ", name or ""))
    text = re.sub(r"^(?:Dr|Mr|Mrs)\.?\s+", "", text)
    # "Lady Catherine Ashton" is Catherine Ashton; a peer's title alone is the name he went by ("Lord Carrington").
    text = re.sub(r"^(?:Lady|Dame|Sir)\s+(?=\S+\s+\S)", "", text)
    # The Gulf's style "Sheikh" is no part of a name ("Sheikh Sabah Khalid al-Sabah", travels 3363), but it is
    # the family name of Bangladesh's Sheikh Hasina and her father Sheikh Mujibur Rahman.
    text = re.sub(r"^(?:Sheikh|Sheik|Shaikh|Sheikha)\s+(?!Hasina\b|Mujib)(?=\S+\s+\S)", "", text)
    text = HONORIFIC_STYLE_RE.sub("", text)
    text = LEADING_TITLE_RE.sub("", text)
    # A trailing date ("President Tito July 9"), not a name that ends like a month: "Theresa May".
    text = re.sub(rf"\s+(?:on\s+(?:{MONTHS})(?:\s+\d{{1,2}})?|(?:{MONTHS})\s+\d{{1,2}})(?:,?\s+\d{{4}})?$", "", text)
    return text.strip(" ,;.")


def _words(name):
    text = strip_accents(clean_name(name)).lower()
    return [w for w in re.split(r"[^a-z0-9]+", re.sub(r"['.]", "", text)) if w]


def name_tokens(name):
    """The words that identify a person, in order: lower case, no accents, particles, honorifics or Jr."""
    words = []
    for word in _words(name):
        # "Abdulaziz" is "Abdul Aziz" is "Abd al-Aziz".
        compound = re.match(r"^(abdul|abdel|abdal|abd)(\w{3,})$", word)
        words.extend(["abd", compound.group(2)] if compound else [SPELLINGS.get(word, word)])
    skipped = PARTICLES | HONORIFICS | DROPPED_SUFFIXES | set(GENERATIONS)
    return tuple(w for w in words if w not in skipped)


def generation(name):
    """'jr', 'ii'… when the name ends with one, else ''."""
    words = _words(name)
    return GENERATIONS.get(words[-1], "") if len(words) > 1 else ""


def name_key(name):
    """What two spellings of one name share: its words in any order ("Kishida Fumio"), its generation, and in a
    chain of fathers' names its first name ("Sabah al-Ahmad al-Jabir al-Sabah" is not "Jabir al-Ahmad al-Sabah")."""
    tokens, suffix = name_tokens(name), generation(name)
    first = {f"^{tokens[0]}"} if tokens and is_patronymic(name) else set()
    return frozenset(tokens) | ({f"#{suffix}"} if suffix else set()) | first


def key_tokens(tokens):
    return frozenset(tokens)


def edit_distance(a, b):
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def words_alike(a, b):
    """The same word, or a long word spelled nearly alike ("Mahmoud"/"Mohamud", "Enrico"/"Enrique")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    # One the start of the other ("Chan"/"Chandrikapersad"), the same start and nearly the same spelling
    # ("Enrico"/"Enrique"; not "Papadopoulos"/"Papandreou"), or nearly the same spelling.
    if a.startswith(b) or b.startswith(a):
        return True
    if a[:4] == b[:4] and edit_distance(a, b) * 7 <= max(len(a), len(b)) * 3:
        return True
    return a[0] == b[0] and edit_distance(a, b) <= max(len(a), len(b)) // 4


def words_close(a, b):
    """Two transliterations of one word: one or two letters apart ("Serz"/"Serzh", "Heydar"/"Geidar",
    "Tamim"/"Tameem"), or the article glued on ("Elsisi"/"Sisi")."""
    if (
        a == b
        or (len(a) > 5 and a[2:] == b and a[:2] in {"al", "el"})
        or (len(b) > 5 and b[2:] == a and b[:2] in {"al", "el"})
    ):
        return True
    shortest = min(len(a), len(b))
    return shortest >= 3 and edit_distance(a, b) <= (2 if shortest >= 5 else 1)


def skeleton(word):
    """The consonants of a word, doubled letters once: "Essa" and "Isa" are both "s"."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", word)) or word


def covered(small, large):
    """Every word of one name is (nearly) a word of the other."""
    return all(any(words_alike(word, other) for other in large) for word in small)


# Misspellings in the records, and capitalisation variants, of offices.
OFFICE_SPELLINGS = {"Prime Minster": "Prime Minister", "President-Elect": "President-elect"}


def clean_office(office):
    return OFFICE_SPELLINGS.get(office, office)


# Royal titles are one office for telling people apart: Crown Prince Abdullah became King Abdullah.
ROYAL_TITLES = {
    "king", "queen", "emperor", "empress", "sultan", "emir", "amir", "shah", "prince", "princess", "crown prince",
    "crown princess", "grand duke", "grand duchess", "heir apparent",
}  # fmt: skip
OFFICE_FORMS = {
    "premier": "prime minister", "federal chancellor": "chancellor", "secretary-general": "secretary general",
    "governor-general": "governor general", "prime minster": "prime minister", "chairperson": "chairman",
}  # fmt: skip


@functools.lru_cache(maxsize=4096)
def office_parts(office):
    """The offices an office text names, in one spelling: "Prime Minister/Foreign Minister" -> {"prime
    minister", "foreign minister"}; "Minister of Foreign Affairs" -> {"foreign minister"}; "Crown Prince" and
    "King" -> {"royal"}. Acting, interim, elect and former are no different office."""
    text = re.sub(r"\b(?:the|acting|interim|provisional|former|elect|designate)\b|-", " ", (office or "").lower())
    parts = set()
    for part in re.split(r"\s*/\s*|\s+and\s+", text):
        part = " ".join(part.split())
        if part not in ROYAL_TITLES:
            part = re.sub(r"\s+(?:prince|princess|sheikh|sheik)$", "", part)
        if not part:
            continue
        if re.search(r"\bforeign\b|\bexternal affairs\b", part) and "deputy" not in part and "vice" not in part:
            part = "foreign minister"
        part = OFFICE_FORMS.get(part, part)
        parts.add("royal" if part in ROYAL_TITLES else part)
    return frozenset(parts)


def split_title(text):
    """'Prime Minister Narendra Modi' -> ('Prime Minister', 'Narendra Modi'); no title -> ('', text)."""
    text = clean_text(text).strip(" ,;.")
    match = TITLE_RE.match(text)
    if not match:
        return "", text
    return clean_office(match.group("title")), match.group("rest").strip(" ,;")


def is_name_word(word, *, office_words=OFFICE_WORDS):
    """A word that can be part of a personal name: capitalised, or a particle ("al-Maliki", "van der Stoel"), not
    an acronym ("NATO") and, at the end of a phrase, not a word of an office."""
    bare = word.strip(",.;:")
    # "Minister", and the records' misspellings of it ("Foreign Ministe Adel al-Jubeir", travels 3635).
    if not bare or any(part in office_words for part in bare.lower().split("-")) or bare.lower().startswith("minist"):
        return False
    if bare.isupper() and len(bare) > 1 and not re.fullmatch(r"[IVX]+|[A-Z](?:\.[A-Z])+", bare):
        return False  # an acronym: "NATO", "UN", "ECOMOG"; not initials: "F.W. de Klerk"
    first = bare.split("-")[0].lower()
    # "Giscard d'Estaing", "dell'Alba": an elided particle before a capital.
    elided = re.match(r"(?:d|l|dall|dell|degli)'[A-Z]", bare)
    return bare[0].isupper() or first in PARTICLES or bare.lower() in PARTICLES or bool(elided)


def looks_like_name(text):
    """A personal name: begins with a capital or a particle ("dos Anjos"), a few words, no group words."""
    if not text or GROUP_WORDS.search(text) or re.match(rf"(?:{MONTHS})\b", text):
        return False
    words = re.sub(r"\([^)]*\)", " ", text).split()
    if not words or len(words) > 9 or not is_name_word(words[0], office_words=()):
        return False
    return any(len(t) > 1 for t in name_tokens(text))


def is_patronymic(name):
    """A chain of fathers' names: "Hamad bin Isa", or "Sabah al-Ahmad al-Jaber al-Sabah" (Sabah, son of Ahmad, son
    of Jaber, of the Sabah family), where only the first name tells the person."""
    words = re.split(r"[^a-z]+", strip_accents(name or "").lower())
    return bool(PATRONYMIC_WORDS & set(words)) or sum(word in {"al", "el"} for word in words) >= 2


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
    generation: str = ""
    offices: set = field(default_factory=set)

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
            is_patronymic=is_patronymic(name),
            generation=generation(name),
            offices={office.lower()} if office else set(),
            **fields,
        )

    @property
    def key(self):
        first = {f"^{self.given}"} if self.is_patronymic and self.given else set()
        return self.tokens | ({f"#{self.generation}"} if self.generation else set()) | first

    @property
    def is_surname_only(self):
        return len(self.tokens) < 2

    def same_person_as(self, other):
        """One full name within the other, with the same first name ("Ivan Duque" / "Ivan Duque Marquez") or the
        same family name outside Arabic patronymic chains ("Yahya Khan" / "Agha Muhammad Yahya Khan"): "Hamad
        bin Isa al-Khalifa" is not his son "Salman bin Hamad bin Isa al-Khalifa". Generations must agree."""
        if self.generation != other.generation:
            return False
        small, large = sorted([self.tokens, other.tokens], key=len)
        if not covered(small, large):
            return False
        if words_alike(self.given, other.given):
            return True
        return not (self.is_patronymic or other.is_patronymic) and words_alike(self.family, other.family)

    def spelled_like(self, other):
        """Two transliterations of one name ("Serz Sargsian"/"Serzh Sargsyan", "Kin Dae-Jung"/"Kim Dae-jung",
        "Wim Kok"/"Willem Kok"): family names close, first names close (or, outside patronymic chains and for
        names of as many words, with the same initial), and every other word close to one of the other name.
        Initials are skipped."""
        if self.generation != other.generation or self.is_surname_only or other.is_surname_only:
            return False
        if not words_close(self.family, other.family):
            return False
        if not words_close(self.given, other.given):
            if self.given[0] != other.given[0] or self.is_patronymic or other.is_patronymic:
                return False
            words = [[t for t in p.tokens if len(t) > 1] for p in (self, other)]
            if len(words[0]) != len(words[1]) and min(len(self.given), len(other.given)) > 1:
                return False  # "Ayub Khan" is not "Agha Muhammad Yahya Khan"; "S. Jaishankar" is Subrahmanyam
        small, large = sorted([self.tokens - {self.given}, other.tokens - {other.given}], key=len)
        # Middle words (patronymics) may differ in their vowels: "Hamad bin Isa"/"Hamad bin Essa".
        return all(
            any(words_close(word, o) or skeleton(word) == skeleton(o) for o in large) for word in small if len(word) > 1
        )

    def forms(self):
        """The person under each full name known: "Serge Sarkisian", also written "Serz Sargsian"."""
        yield self
        for alias in sorted(self.aliases):
            form = Person.named(alias, self.country, "")
            if not form.is_surname_only:
                yield form

    def take_name(self, name):
        """Keep the fuller of two spellings as the name and the other as an alias; True when the name changed."""
        candidate = Person.named(name, self.country, self.office)
        if self.is_new and len(candidate.tokens) > len(self.tokens):
            old = self.name
            self.name, self.tokens = candidate.name, candidate.tokens
            self.add_alias(old)
            self.given, self.family, self.is_patronymic = candidate.given, candidate.family, candidate.is_patronymic
            return True
        self.add_alias(candidate.name)
        return False

    def add_alias(self, text):
        if text and text != self.name:
            self.aliases.add(text)
            self.alias_tokens.add(name_key(text))

    def seen_on(self, date):
        if date is None:
            return
        self.first = date if self.first is None else min(self.first, date)
        self.last = date if self.last is None else max(self.last, date)

    def held(self, office):
        """True when this person held the office (or either office is unknown)."""
        wanted = office_parts(office)
        if not wanted or not self.offices:
            return True
        return any(wanted & office_parts(held) for held in self.offices)

    def conflicts_with(self, other):
        """Two full names of three words or more, neither within the other: two people, whatever shorter name
        could stand for both ("Hamad bin Khalifa al-Thani" and "Hamad bin Jassim al-Thani" are both "Hamad
        al-Thani")."""
        if len(self.tokens) < 3 or len(other.tokens) < 3 or self.spelled_like(other):
            return False
        return not (covered(self.tokens, other.tokens) or covered(other.tokens, self.tokens))


# The title an office bears in English for a country or organisation, from a day on (None: always), where the
# records write it otherwise. Britain's Foreign Minister is the Foreign Secretary. Since the monarchy's return in
# November 1975 Spain's head of state is the King, so the records' "President" of Spain is the President of the
# Government, in English the Prime Minister (visits 2061, 3310). The African Union's "Chairperson" filed under the
# Union is the Chairperson of its Commission (Jean Ping, travels 3174); the Union's own chair is a head of state,
# filed under his country. Franco, whom the records call "Generalissimo" (a rank), was Spain's Head of State.
# Austria's head of government is its Federal Chancellor (visit 1348 calls Viktor Klima "Prime Minister").
OWN_TITLES = {
    ("GB", "Foreign Minister"): ("Foreign Secretary", None),
    ("ES", "President"): ("Prime Minister", datetime.date(1975, 11, 22)),
    ("ES", "Generalissimo"): ("Head of State", None),
    ("AT", "Prime Minister"): ("Chancellor", datetime.date(1920, 11, 10)),
    ("XAU", "Chairperson"): ("African Union Commission Chairperson", None),
    ("XAU", "AU Chair-Designate"): ("African Union Commission Chairperson-designate", None),
}


def own_title(country, office, date):
    """The English title of ``office`` for ``country`` on ``date`` by OWN_TITLES, else ``office``."""
    title, since = OWN_TITLES.get((country, office), (office, None))
    return title if since is None or (date is not None and date >= since) else office
