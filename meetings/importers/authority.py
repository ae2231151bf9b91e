"""A reader for the U.S. Office of the Historian's authority file of persons (HistoryAtState/people).

The file holds one XML document per person (``people/data/<buckets>/<id>.xml``): a preferred name stored as
"Surname, Given names", alternates, every original spelling met in the Office's publications with the pages where
it was met, titles found in those names, birth and death years, a VIAF id for some, and remarks describing the
person's offices as each source put it ("Chancellor of the Federal Republic of Germany, 1949–1963").

``PeopleAuthority.load(folder)`` reads it all into plain dataclasses: names in display order ("Konrad Adenauer"),
the other forms of each name, the names the *Visits by Foreign Leaders* pages use ("Chancellor Adenauer" on
/departmenthistory/visits/germany) and the terms of office whose years a remark states outright. It knows nothing
of the archive's models: the history import decides what to do with what it finds.

Terms are read for precision, not recall. A term is read only where a remark dates an office outright: a span
("1949–1963", "from 1949 until 1963", "(1949–1963)", "January 21–March 22, 1953"), a start ("from 1970": no end),
an end ("until October 17, 1963": no start, kept because it says who held the office in that year) or a single
year after a comma or "in" ("Ambassador to Italy, 1971": start and end that year). Left out on purpose: offices
whose years are not stated (no term is guessed from a FRUS volume's years), offices written after their dates
("Chancellor and, from March 1951, Foreign Minister"), remarks about appointments, candidacies and the like, and
the span of visits the visits pages give ("Visited U.S. 9 times, 1953–1962"), which is no term of office. The
same term read from several remarks is kept once, with the first remark.
"""

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET

VISITS_URL = "https://history.state.gov/departmenthistory/visits/"


@dataclass
class Term:
    """An office held over years a remark states: "Prime Minister of India, 1947–1964"."""

    office: str
    country: str
    start_year: int | None
    end_year: int | None
    text: str
    source_url: str


@dataclass
class AuthorityPerson:
    """One person of the authority file: ``name`` in display order, ``sort_name`` as stored, ``forms`` the other
    names it is known by (display order, no titles), ``visit_names`` the (country slug, name) pairs of the visits
    pages, ``terms`` the offices whose years a remark states."""

    id: str
    name: str
    sort_name: str
    forms: list[str] = field(default_factory=list)
    viaf: str = ""
    birth_year: int | None = None
    death_year: int | None = None
    terms: list[Term] = field(default_factory=list)
    visit_names: list[tuple[str, str]] = field(default_factory=list)
    visit_remarks: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


# --- Names -------------------------------------------------------------------------------------------------------

# "Jr." and the like close a name after a second comma ("Marcos, Ferdinand, Jr.") and are shown at its end.
SUFFIX_RE = re.compile(r"^(?:Jr|Sr|Jnr|Snr|II|III|IV|V|VI|2nd|3rd|4th)\.?$", re.I)
# A life span written into a name ("King, Rufus, 1755-1827"): not part of it.
YEARS_PART_RE = re.compile(r"^\d{4}\s*[-–]?\s*(?:\d{4})?$")
# Ranks, honorifics and nobility written before the given names ("Hains, Colonel Peter C."). The person's own
# titles-from-name list adds to these. Amir, Sultan and Shah are left alone: they are given names too (Amir
# Abbas Hoveyda). Each is removed only when a name is left.
GIVEN_TITLES = sorted(
    {
        "Dr.", "Dr", "Mr.", "Sir", "Pandit", "Rt. Hon.", "Hon.", "Prof.", "Professor", "Count", "Countess", "Baron",
        "Baroness", "Viscount", "Marquis", "Jonkheer", "Jonkeer", "Dato", "Datuk", "Tun", "Qadi", "Sheikh", "Sheik",
        "Shaikh", "Shaykh", "Prince", "Princess", "Archbishop", "Cardinal", "Monsignor", "Father", "Reverend",
        "General", "Lieutenant General", "Major General", "Brigadier General", "Brigadier", "Colonel",
        "Lieutenant Colonel", "Major", "Captain", "Lieutenant", "Admiral", "Vice Admiral", "Rear Admiral",
        "Commander", "Lieutenant Commander", "Field Marshal", "Marshal", "Air Marshal", "Gen.", "Col.", "Lt.",
        "Maj.", "Adm.", "Capt.", "Lt. Gen.", "Maj. Gen.", "Brig. Gen.", "Lt. Col.",
    },
    key=len,
    reverse=True,
)  # fmt: skip
# Words of the offices the visits pages put before a name ("Prime Minister-Prince Norodom Kantol", "Head of State
# Samuel Kanyon Doe", "President Archbishop Makarios III"); compared in lower case, each part of a hyphenated word.
OFFICE_WORDS = {
    "president", "vice", "prime", "minister", "premier", "chancellor", "federal", "chairman", "chairperson",
    "king", "queen", "emperor", "empress", "crown", "prince", "princess", "grand", "duke", "duchess", "sultan",
    "emir", "amir", "shah", "sheikh", "sheik", "shaikh", "pope", "regent", "general", "secretary", "foreign",
    "deputy", "first", "acting", "interim", "provisional", "elect", "designate", "head", "chief", "of", "state",
    "government", "governor", "supreme", "leader", "archbishop", "cardinal", "patriarch", "marshal", "field",
    "colonel", "major", "lieutenant", "brigadier", "admiral", "generalissimo", "lt", "gen", "col", "dr", "dr.",
    "mr", "mr.", "mrs", "mrs.", "sir", "lord", "lady", "his", "her", "majesty", "highness", "excellency", "the",
    "and", "junta", "member", "council", "military", "executive", "transitional", "national", "revolutionary",
    "commander", "chairman-elect", "speaker", "senate", "assembly", "party", "secretary-general", "taoiseach",
    "comandante", "heir", "apparent", "royal", "counselor", "state-counselor", "presidium", "minster",
}  # fmt: skip
# Honorifics a name asked for may carry besides GIVEN_TITLES.
HONORIFICS = ("Lord", "Lady", "Dame", "Mrs.", "Mrs", "Madame", "Mme.", "Pandit", "Haji")
GIVEN_TITLE_RE = re.compile("(?:" + "|".join(re.escape(t) for t in GIVEN_TITLES) + r")\s+")
PARTICLE_WORDS = {
    "al", "el", "de", "da", "do", "dos", "das", "du", "van", "von", "der", "den", "la", "le", "y", "del", "della",
    "di", "ter", "ten", "bin", "ibn", "bint", "ben", "arap", "zu", "af", "st", "saint", "e", "des", "ould", "ap",
}  # fmt: skip
PAREN_RE = re.compile(r"\s*\(([^()]*)\)")
HYPHEN_RE = re.compile(r"[-–]")
# A regnal number after a name ("Elizabeth II"), folded.
ROMAN_RE = re.compile(r"(?:x{1,3})?(?:i{1,3}|iv|v|vi{1,3}|ix)|x{1,3}")
SPACE_HYPHEN_RE = re.compile(r"[\s-]+")
QUOTED_RE = re.compile(r"(?<!\()[“\"]\s*([^”“\"()]+?)\s*[”\"](?!\))")
WORD_RE = re.compile(r"\w+")
# Letters that carry no accent to strip (NFKD leaves them whole): "Przykład" is written "Przyklad" too.
UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "ı": "i",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
    }
)
QUOTE_PAIRS = [("’", "'"), ("‘", "'"), ("`", "'"), ("´", "'"), ("“", '"'), ("”", '"'), ("„", '"')]


def unify_quotes(text):
    # str.translate looks every character up in a dict: ten times slower than this on mostly ASCII names.
    if text.isascii():
        return text
    for curly, straight in QUOTE_PAIRS:
        text = text.replace(curly, straight)
    return text


@dataclass
class ReadName:
    """A stored name read: shown in display order, with its family name (when the name says which) and the other
    names its brackets give ("Gusmao, Jose Alexander (Xanana)" -> "Xanana Gusmao")."""

    display: str
    family: str
    variants: list
    other_families: list = field(default_factory=list)  # "Iryan" of "El-Erian (Iryan), Abdallah"


def squeeze(text):
    return " ".join((text or "").split())


def fold(text):
    """Lower case, no accents, no apostrophes or full stops: what two spellings of a name must share."""
    text = unify_quotes(text or "")
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        text = text.translate(UNDECOMPOSED)
    return " ".join(WORD_RE.findall(text.casefold().replace("'", "").replace(".", "")))


def strip_given_titles(given, titles=()):
    """'Lieutenant General Adolf E.' -> 'Adolf E.', as long as a name is left ('Moran, Lord' stays). ``titles`` are
    the person's own, longest first; the common ones are always known."""
    while True:
        match = GIVEN_TITLE_RE.match(given)
        cut = match.end() if match else next((len(t) + 1 for t in titles if given.startswith(t + " ")), 0)
        if not cut or not given[cut:].strip(" ,"):
            return given
        given = given[cut:].lstrip(" ,")


def strip_leading_offices(text, titles=()):
    """'Prime Minister-Prince Norodom Kantol' -> 'Norodom Kantol': the office words a visits page puts first.
    One word is always left."""
    text = strip_given_titles(text, titles)
    words = text.split()
    while len(words) > 1 and all(part in OFFICE_WORDS for part in HYPHEN_RE.split(words[0].lower()) if part):
        words.pop(0)
    return " ".join(words)


def join_name(given, family, suffix=""):
    # A particle written with its hyphen ("al-") belongs to the family name: "Mahmud Sulayman al-Maghribi".
    text = f"{given}{'' if given.endswith('-') else ' '}{family}" if given else family
    return f"{text} {suffix}" if suffix else text


def is_title(text, titles=()):
    """A part of a stored name that is only a title: "General" in "Chiang Kai-shek, General", "Colonel and later
    General" (a titles-from-name entry)."""
    text = text.strip()
    if text in titles or GIVEN_TITLE_RE.fullmatch(text + " "):
        return True
    return all(word in OFFICE_WORDS for word in SPACE_HYPHEN_RE.split(text.lower()) if word)


def first_comma(text):
    """Where the first comma outside brackets is, or -1."""
    if "(" not in text:
        return text.find(",")
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth <= 0:
            return index
    return -1


def bracket_kind(text, match, comma, inner, titles):
    """What a bracketed part of a stored name is, or "" when it is no name: "family" (another spelling of the
    family name: "El-Erian (Iryan), Abdallah"), "first" (a first name not used: "More, (James) Bolard"),
    "nickname" ("Gusmao, Jose Alexander (Xanana)"), "whole" (a full name of its own), "word" (another spelling
    of the word before, in a name without a comma: "Alexander (Aleksandar) I")."""
    glued = match.start() > 0 and text[match.start()] == "(" and text[match.start() - 1] not in " ,"
    words = [w for w in re.split(r"[\s,]+", inner) if w]
    if (
        glued  # "Idris(s)", "R(obert)"
        or not words
        or re.search(r"\d", inner)
        or re.fullmatch(r"[A-Z]{2,}|Senior|Junior|Mrs?\..*", inner)  # "(FDP)", "(Senior)"
        or is_title(inner, titles)  # "(Prince)"
        or not all(w[0].isupper() or w.split("-")[0].lower() in PARTICLE_WORDS for w in words)  # "(then ...)"
    ):
        return ""
    before, after = text[: match.start()], text[match.end() :].lstrip()
    if re.fullmatch(r"\(\s*[“\"].*[”\"]\s*\)", match.group(0).strip()):
        return "nickname"  # "(“Bud”)"
    if comma < 0:
        return "whole" if len(words) > 1 and not after else "word"
    if match.start() < comma or (not before[comma + 1 :].strip() and after.startswith(",")):
        return "family"
    if "," in inner or len(words) >= 3:
        return "whole"  # "Wilson, Huntington (Francis Mairs Huntington-Wilson)", "Birgi, Nuri (Nuri-Birgi, M.)"
    return "first" if not before[comma + 1 :].strip() else "nickname"


def read_name(stored, titles=(), *, office_first=False, keep_title=True):
    """A stored name in display order. ``titles`` are the person's titles-from-name; ``office_first`` says the name
    comes from a visits page, where an office always comes first ("Chancellor Adenauer"); without ``keep_title`` a
    name that is only a family name and a title ("Haig, Colonel") is read as the family name."""
    text = squeeze((stored or "").replace("\u00a0", " "))
    # A nickname in quotes outside brackets ("Henry M. “Scoop” Jackson") is read as one in brackets.
    text = squeeze(QUOTED_RE.sub(r" (“\1”) ", text)) if "“" in text or '"' in text else text
    titles = sorted({squeeze(t) for t in titles if t and squeeze(t)}, key=len, reverse=True)
    comma = first_comma(text)
    brackets, pieces, last = [], [], 0
    for match in PAREN_RE.finditer(text):
        pieces.append(text[last : match.start()])
        last = match.end()
        inner = squeeze(unify_quotes(match.group(1)).strip("\"' "))
        kind = bracket_kind(text, match, comma, inner, titles)
        if kind:
            brackets.append((kind, inner, len(pieces)))
    pieces.append(text[last:])
    main = squeeze(" ".join(pieces))
    parts = [p.strip() for p in main.split(",")]
    parts = [p for p in parts if p and not YEARS_PART_RE.match(p)]
    if not parts:
        return ReadName(main, "", [])
    suffix = " ".join(p for p in parts[1:] if SUFFIX_RE.match(p))
    rest = [p for p in parts[1:] if not SUFFIX_RE.match(p)]
    if not keep_title or len(rest) > 1:
        # "Chiang Kai-shek, General", "Daley, John, Brigadier General": the title is no part of the name.
        rest = [p for p in rest if not is_title(p, titles)]
    if not rest:
        strip = strip_leading_offices if office_first else strip_given_titles
        display = join_name("", strip(parts[0], titles), suffix)
        variants = []
        for kind, inner, index in brackets:
            if kind == "whole":
                variants.append(strip(read_name(inner).display if "," in inner else inner, titles))
            elif kind == "nickname":
                variants.append(join_name(inner, display.split()[-1]))
            elif kind == "word":
                # The word before the brackets spelled otherwise.
                head = squeeze(" ".join(pieces[:index])).split()
                tail = squeeze(" ".join(pieces[index:]))
                if head:
                    variants.append(strip(squeeze(" ".join([*head[:-1], inner, tail])), titles))
        return ReadName(display, "", variants)
    family, given = parts[0], " ".join(rest)
    words = given.split()
    # "Podgorny, Nikolai V.": a letter with its dot is an initial, not a king's number.
    if not suffix and len(words) > 1 and SUFFIX_RE.match(words[-1]) and not re.fullmatch(r"[IVX]\.", words[-1]):
        # "Denney, George C. Jr.": the suffix written without its comma.
        suffix, given = words[-1], " ".join(words[:-1])
    given = strip_given_titles(given, titles)
    if not keep_title and is_title(given, titles):
        given = ""
    display = join_name(given, family, suffix)
    variants, other_families = [], []
    for kind, inner, _ in brackets:
        if kind == "family":
            other_families.extend(spelling.strip() for spelling in inner.split(","))
            variants.extend(join_name(given, spelling, suffix) for spelling in other_families)
        elif kind == "whole":
            variants.append(strip_given_titles(read_name(inner).display if "," in inner else inner, titles))
        elif kind == "first":
            variants.append(join_name(f"{inner} {given}", family, suffix))
        elif kind == "nickname":
            variants.append(join_name(inner, family, suffix))
    return ReadName(display, family, variants, other_families)


def plausible_form(form):
    """A name, not a description ("The King of Greece", "and later General Jani"): no digits or commas, every
    word capitalised but the particles."""
    if not form or re.search(r"[\d,()]", form):
        return False
    for word in form.split():
        letters = re.sub(r"^\W+", "", word)
        lower = letters and not letters[0].isupper() and letters.split("-")[0].lower() not in PARTICLE_WORDS
        if lower and not re.match(r"[dl]'", letters):  # "d'Estaing" is a name
            return False
    return True


def family_keys(read):
    """The folded words a lone surname may take to mean this name: the family name, the family name without its
    particles ("Maghribi" for "al-Maghribi") and each of its words ("Lula", "Silva"). Names without a comma do not
    say which word is the family's ("Deng Xiaoping", "Hassan bin Talal"): their first and last words count."""
    keys = set()
    if read.family:
        for family in [read.family, *read.other_families]:
            whole = fold(family)
            keys.add(whole)
            keys.update(w for w in whole.split() if w not in PARTICLE_WORDS and len(w) > 1)
    else:
        words = [w for w in fold(read.display).split() if w not in PARTICLE_WORDS and not SUFFIX_RE.match(w)]
        if len(words) > 1 and ROMAN_RE.fullmatch(words[-1]):
            words.pop()  # "Elizabeth II"; but "Xi Jinping" keeps his "Xi"
        if words:
            keys.update({words[0], words[-1]})
    return {key for key in keys if key}


# --- Terms of office ---------------------------------------------------------------------------------------------

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
YEAR = r"(?:1[6-9]\d\d|20\d\d)(?!\d)"
SEASON = r"(?:(?:early|late|mid|end of|the end of|spring|summer|fall|autumn|winter)(?: of)?[\s-]+)?"
DAY_MONTH = rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+{MONTH}|{MONTH})"
DATE = rf"{SEASON}(?:{DAY_MONTH},?\s*)?{YEAR}"
TO = r"(?:\s*[–—-]\s*|,?\s+(?:to|until|till|through|thru)\s+)"
STARTS = {"from", "after", "since", "beginning", "starting"}
# A date as remarks write one, with what stands before it: a keyword ("from", "until"), a comma or "in" (a
# "single" year: held then), or nothing, which dates no office ("the Geneva Conference of 1954") unless it is a
# span. One pattern, case-sensitive, each match starting only where a date or its keyword can: twice as fast as
# an alternative per shape, which matters over the 22,000 remarks with years.
DATE_EXPR = re.compile(
    r"(?:\b(?P<keyword>[Ff]rom|[Aa]fter|[Ss]ince|beginning|starting|[Uu]ntil|till|to|through|thru|up to)\s+"
    r"(?:in\s+|(?:his|her)\s+(?:death|assassination)\s+(?:in|on)\s+)?"
    rf"|(?P<marked>(?<=,)|(?<=\bin))\s+|(?<![\w,])(?=\d|{MONTH}|[a-z]))"
    rf"(?:(?P<first>{DATE})(?:{TO}(?P<second>{DATE}|\d\d(?!\d)))?"
    # "January 21–March 22, 1953", "March-October 1965": one year for both.
    rf"|{SEASON}{DAY_MONTH}{TO}(?P<same>{DATE}))"
)
# Where a remark is about something other than holding an office: the span of visits, an appointment.
NOT_A_TERM_RE = re.compile(
    r"\b(?:visited|visits?|appointed|elected|became|served|resigned|nominated|died|retired|presented|returned|"
    r"assumed|named|succeeded|replaced|arrived|left|born|graduated|confirmed|sworn|designated|announced|"
    r"during|until|from|since|after|before|between|also|candidate|nominee|arrested|exiled)\b|\d",
    re.I,
)
LEADING_WORDS_RE = re.compile(
    r"^(?:and|then|thereafter|also|later|subsequently|in\s+addition|former|formerly|previously|concurrently|"
    r"simultaneously|as)\b[\s,]*",
    re.I,
)
# A lower-case start is a sentence's, not an office's, unless the office is one of these ("member, National
# Security Council Staff", "head of the CDU").
LOWER_OFFICES = {
    "member", "head", "chief", "chairman", "director", "deputy", "adviser", "advisor", "assistant", "ambassador",
    "minister", "secretary", "president", "leader", "representative", "counselor", "officer", "consul",
    "delegate", "spokesman", "commander", "governor", "prime", "foreign", "vice",
}  # fmt: skip
# Words that begin an office: what stands before the first of them is a country's adjective ("Iranian", "West
# German", "U.S.").
OFFICE_HEADS = {
    "president", "vice", "prime", "premier", "chancellor", "minister", "foreign", "secretary", "chairman", "king",
    "queen", "emperor", "ambassador", "deputy", "acting", "interim", "provisional", "federal", "director", "head",
    "chief", "general", "governor", "sultan", "emir", "amir", "shah", "crown", "prince", "regent", "leader",
    "member", "permanent", "representative", "delegate", "consul", "counselor", "envoy", "special", "senior",
    "assistant", "under", "commander", "high", "lord", "home", "defense", "defence", "finance", "first",
    "second", "third", "executive", "principal", "political", "economic", "military", "naval", "air", "army",
    "chargé", "charge", "minister-counselor", "secretary-general", "former", "supreme",
    "foreign-minister", "marshal", "lieutenant", "colonel", "major", "admiral", "officer", "attaché", "attache",
}  # fmt: skip
NOT_COUNTRY_WORDS = {"a", "an", "his", "her", "and", "former"}
BODY_WORDS = {"office", "bureau", "department", "division", "ministry", "staff", "section", "branch", "directorate"}
PARTIES = {"republican", "democratic", "democrat", "liberal", "conservative", "labor", "labour"}
# The first word after "of" that makes "of" part of the office ("Minister of Foreign Affairs", "Secretary of State
# for ...", "Chief of Staff") rather than the start of a country.
PORTFOLIO_WORDS = {
    "foreign", "external", "state", "defense", "defence", "national", "finance", "financial", "economy",
    "economic", "economics", "interior", "internal", "home", "justice", "commerce", "trade", "industry",
    "agriculture", "labor", "labour", "education", "health", "information", "culture", "planning", "public",
    "war", "navy", "army", "air", "naval", "marine", "marines", "staff", "treasury", "exchequer", "mines",
    "communications", "transport", "transportation", "energy", "housing", "development", "social", "welfare",
    "overseas", "colonies", "commonwealth", "cooperation", "co-operation", "security", "general", "joint",
    "supply", "supplies", "production", "munitions", "aviation", "posts", "works", "reconstruction", "youth",
    "religious", "legal", "political", "military", "armed", "intelligence", "operations", "protocol",
    "affairs", "relations", "budget", "mission", "missions", "government",
}  # fmt: skip
# Offices that carry their own "of" ("Chairman of the Council of Ministers of the USSR").
OF_OFFICES = [
    "chairman of the council of ministers", "president of the council of ministers", "president of the council",
    "chairman of the presidium of the supreme soviet", "chairman of the presidium", "chairman of the state council",
    "chairman of the council of state", "president of the council of state", "president of the government",
    "president of the executive council", "chairman of the revolutionary council", "head of state",
    "head of government", "chief of state", "chief of staff", "chief of the general staff",
    "chancellor of the exchequer", "minister of state", "secretary of state", "chairman of the joint chiefs of staff",
    "chief of the imperial general staff", "leader of the opposition",
]  # fmt: skip
# Words that name an office: a part of a remark without one names none ("Policy Planning Staff", "USMC").
OFFICE_NOUNS = {
    "president", "premier", "chancellor", "minister", "secretary", "chair", "chairman", "chairwoman",
    "chairperson", "king", "queen", "emperor", "empress", "sultan", "emir", "amir", "shah", "prince", "princess",
    "regent", "ambassador", "director", "chief", "head", "leader", "member", "representative", "delegate",
    "consul", "counsel", "counselor", "counsellor", "envoy", "officer", "assistant", "adviser", "advisor",
    "commander", "commandant", "governor", "mayor", "general", "admiral", "marshal", "colonel", "major", "captain",
    "lieutenant", "attaché", "attache", "chargé", "charge", "administrator", "coordinator", "commissioner",
    "deputy", "spokesman", "spokeswoman", "spokesperson", "speaker", "senator", "congressman", "congresswoman",
    "justice", "judge", "aide", "negotiator", "observer", "inspector", "comptroller", "controller", "treasurer",
    "pope", "patriarch", "archbishop", "cardinal", "bishop", "taoiseach", "whip", "lord", "rapporteur", "mediator",
    "manager", "official", "economist", "specialist", "analyst", "agent", "attorney", "solicitor",
    "auditor", "superintendent", "provost", "dean", "rector", "monarch", "dictator", "generalissimo", "caliph",
    "imam", "mufti", "duke", "prefect", "governor-general", "viceroy", "secretary-general", "vice-president",
    "minister-counselor", "vice-chancellor", "officer-in-charge", "chief-of-staff", "vice-premier",
}  # fmt: skip
NAME_WORD_RE = re.compile(r"[\w’']+")


def names_office(text, first_only=False):
    """True when the text has a word naming an office (at its start, with ``first_only``)."""
    words = NAME_WORD_RE.findall(text.lower())
    for word in words[:1] if first_only else words:
        if word in OFFICE_NOUNS or (word.endswith("s") and word[:-1] in OFFICE_NOUNS):
            return True
    return False


# Country adjectives: most end so; the rest are listed.
DEMONYM_RE = re.compile(r"(?:an|ese|ish|i|ch|ic|ss)$")
DEMONYMS = {
    "Soviet", "Greek", "Thai", "Lao", "Czech", "Czechoslovak", "Yugoslav", "Philippine", "Cypriot", "Malagasy",
    "Welsh", "Scots", "Basotho", "Vatican", "Allied", "Communist", "Netherlands",
}  # fmt: skip
OF_OFFICE_RE = re.compile(
    "(?:" + "|".join(re.escape(o) for o in sorted(OF_OFFICES, key=len, reverse=True)) + r")\b", re.I
)
HAS_YEAR_RE = re.compile(r"\d{4}")
VISITED_RE = re.compile(r"\bVisited U\.?S\.?\b")
# What may follow a date that dates the office before it: the end, punctuation, or "and" another.
AFTER_DATE_RE = re.compile(r"\s*(?:[,.:]|and\b)")
DANGLING_RE = re.compile(r"\b(?:and|or|with|as|of|to|in|for|the|by|at|on|under)$", re.I)
OF_RE = re.compile(r"\s+of\s+")
LEADING_THE_RE = re.compile(r"^the\s+", re.I)
SEQUENCE_RE = re.compile(r",?\s*\b(?:then|later|thereafter|subsequently|afterwards|(?:and\s+)?former)\b", re.I)
AGAIN_RE = re.compile(r"[\s,]*(?:and\s+)?(?:again\s+)?[\s,]*")
# "Minister of Atomic Energy" has a portfolio after "of"; "Prime Minister of India" a country.
NAMED_MINISTERS = {"prime", "foreign", "first", "chief", "defense", "defence", "finance"}
PAREN_ANY_RE = re.compile(r"\(([^()]*)\)")
FULL_DATE_RE = re.compile(rf"\s*(?:{DATE_EXPR.pattern}|{DATE})\s*")


def first_word(text):
    word = text.split()[0] if text.split() else ""
    return word.strip(",.;:'\"").lower()


def country_before(words):
    """The words before an office, when they name a country or body: "Iranian", "West German", "U.S.", "Republic of
    Korea", "CDU"; not "Associate" or "Country" (of "Country Director")."""
    if not words or not words[0][0].isupper() or not words[-1][0].isupper():
        return ""
    if any(w.lower() in NOT_COUNTRY_WORDS for w in words) or names_office(" ".join(words)):
        return ""
    if len(words) == 1 and words[0].lower() in PARTIES:
        return ""  # "Democratic Representative for Ohio"
    if any(w.lower() in OFFICE_HEADS - {"federal"} for w in words) or words[0].lower() in BODY_WORDS:
        return ""  # "Office of the Special Assistant": all of it is the office
    if any(not w[0].isupper() and w not in {"of", "the"} for w in words):
        return ""
    last = words[-1].strip(",")
    if (
        "of" in words
        or DEMONYM_RE.search(last)
        or last in DEMONYMS
        or re.fullmatch(r"(?:[A-Z]\.)+|[A-Z]{2,}", last)  # "U.S.", "UN", "CDU"
    ):
        return re.sub(r"['’]s$", "", " ".join(words))  # "Democratic Republic of Vietnam's Delegate General"
    return ""


def split_office(text):
    """(office, country) of an office as a remark writes it, or ("", "") when no office is named:
    'Chancellor of the Federal Republic of Germany' -> ('Chancellor', 'Federal Republic of Germany'); 'Iranian
    Minister of Foreign Affairs' -> ('Minister of Foreign Affairs', 'Iranian'); 'Director, Office of X' ->
    ('Director', 'Office of X'). The country is as written: a country, its adjective or an organisation."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    # The first part naming an office ("USMC, Assistant Commandant of the Marine Corps"), with the portfolios that
    # commas continue ("Secretary of Health, Education, and Welfare").
    index = next((i for i, part in enumerate(parts) if names_office(part)), None)
    if index is None:
        return "", ""
    head, rest = parts[index], parts[index + 1 :]
    while rest and (first_word(rest[0]) in PORTFOLIO_WORDS or first_word(rest[0]) == "and") and " of " in head:
        head = f"{head}, {rest.pop(0)}"
    country = ""
    words = head.split()
    # The first word that can begin an office with a country before it: "Federal" begins "Federal Chancellor" but
    # not "Federal Republic of Germany Ambassador".
    for i, word in enumerate(words[:7]):
        bare = word.strip(",.").lower()
        if bare in OFFICE_HEADS or bare.split("-")[0] in OFFICE_HEADS:
            country = country_before(words[:i])
            if country:
                head = " ".join(words[i:])
                break
    own_of = OF_OFFICE_RE.match(head)
    skip = own_of.end() if own_of else 0
    for match in OF_RE.finditer(head):
        if match.start() < skip:
            continue
        right = LEADING_THE_RE.sub("", head[match.end() :])
        word = first_word(right)
        if not right or not right[0].isupper() or word in PORTFOLIO_WORDS or names_office(right, first_only=True):
            continue  # "Minister of Foreign Affairs of …", "in the government of Premier Papagos"
        left = head[: match.start()].split()
        if not names_office(" ".join(left)):
            break  # "Republic of Korea Ambassador": the "of" is the country's
        if left[-1] == "Minister" and (len(left) < 2 or left[-2].lower() not in NAMED_MINISTERS):
            continue
        return capitalise(head[: match.start()].strip()), right.strip()
    if not country and rest and rest[0][0].isupper() and not names_office(" ".join(rest[0].split()[:2])):
        # "Director, Office of General Scientific Affairs, Department of State": the rest says where.
        country = ", ".join(rest)
    return capitalise(head), country


def capitalise(office):
    # "member, National Security Council Staff", "head of the CDU": an office starts with a capital.
    return office[:1].upper() + office[1:]


def office_text(text):
    """The office written before a date, cleaned, or "" when it does not read as one."""
    # "Cambodian Deputy Prime Minister, then member of the High Political Council until 1974": the date is the
    # last office's.
    text = SEQUENCE_RE.split(text)[-1].strip(" ,.:")
    previous = None
    while previous != text:
        previous = text
        text = LEADING_WORDS_RE.sub("", text).strip(" ,.:")
    if not text or NOT_A_TERM_RE.search(text) or len(text.split()) > 20:
        return ""
    if DANGLING_RE.search(text) or text.endswith(("-", "–")):
        return ""  # "Chancellor and, from March 1951, Foreign Minister": the date is another office's
    if not text[0].isupper() and first_word(text) not in LOWER_OFFICES:
        return ""
    return text


def years_of(match):
    """(start, end) the match dates an office with, or None when it dates none."""

    def year(text):
        return int(HAS_YEAR_RE.findall(text)[-1])

    keyword = (match["keyword"] or "").lower()
    if match["same"]:
        years = (year(match["same"]),) * 2
    elif match["second"]:
        start = year(match["first"])
        second = match["second"]
        end = start // 100 * 100 + int(second) if len(second) == 2 else year(second)  # "1953–54"
        # A span after "until" says nothing clear ("until 1950–1955").
        years = (start, end) if keyword in STARTS or not keyword else None
    elif keyword in STARTS:
        years = (year(match["first"]), None)
    elif keyword:
        years = (None, year(match["first"]))
    elif match["marked"] is not None:
        years = (year(match["first"]),) * 2
    else:
        return None
    if years and years[0] and years[1] and not 0 <= years[1] - years[0] <= 60:
        return None
    return years


def unwrap_brackets(text):
    """'(1949–1963)' becomes ', 1949–1963'; other brackets ("(R–Illinois)", "(CDU)") go, with any years in them."""

    def replace(match):
        inner = match.group(1)
        return f", {inner}" if FULL_DATE_RE.fullmatch(inner) else " "

    previous = None
    while previous != text:
        previous, text = text, PAREN_ANY_RE.sub(replace, text)
    return squeeze(text.replace(" ,", ","))


def read_terms(remark, source_url=""):
    """The offices a remark dates outright, one Term each. Each ";"-part is read as "office, date[, office, date…]";
    a part whose dates do not all fit that shape gives nothing from where they stop fitting."""
    text = squeeze(unify_quotes(remark))
    if not HAS_YEAR_RE.search(text) or VISITED_RE.search(text):
        return []
    terms = []
    for part in unwrap_brackets(text).split(";"):
        position, office, country = 0, "", ""
        for match in DATE_EXPR.finditer(part):
            after = part[match.end() :]
            if after.strip() and not AFTER_DATE_RE.match(after):
                break  # "July 3, 1955–new September 23, 1956", "from 1949 as Chancellor"
            between = part[position : match.start()]
            position = match.end()
            found = office_text(between)
            if found:
                office, country = split_office(found)
            elif not (office and AGAIN_RE.fullmatch(between)):
                # Nothing new before the date: it is the last office's again only when nothing at all stands
                # between ("Foreign Minister of Italy until June 1958 and February 1959–February 1960").
                break
            years = years_of(match)
            if years is None or not office:
                break
            terms.append(Term(office, country, years[0], years[1], remark, source_url))
    return terms


# --- Reading the files -------------------------------------------------------------------------------------------


def _year(text):
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"\d{3,4}", text) else None


def _urls(element):
    # One source-url may hold two addresses ("…/visits/czechoslovakia …/visits/czech-republic").
    return [url for node in element.findall("source-url") for url in (node.text or "").split()]


def visit_key(text):
    """A visits page's name as compared: quotes, dashes and white space unified, case kept."""
    text = unify_quotes(unicodedata.normalize("NFC", text or ""))
    return squeeze(re.sub(r"[\u2010-\u2015\u2212]", "-", text))


class DocumentTypeForbidden(DefusedXmlException):
    def __str__(self):
        return "document type declarations are not accepted"


def parse_document(path):
    """The root of an XML file, as safely as defusedxml reads it but twice as fast over 16,000 files: defusedxml
    parses with the pure-Python XMLParser so as to refuse entity declarations and external references, which can
    only come in a document type declaration. A file in an ASCII-compatible encoding without "<!DOCTYPE" has
    neither, and the C parser reads it; any other file (UTF-16, say, where a byte search proves nothing) goes to
    defusedxml."""
    with open(path, "rb") as handle:
        data = handle.read()
    if b"\0" in data or data.startswith((b"\xfe\xff", b"\xff\xfe")):
        return DefusedET.fromstring(data)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DocumentTypeForbidden()
    return ElementTree.fromstring(data)  # noqa: S314 -- no document type declaration, checked above


def read_person(root):
    """An AuthorityPerson from a parsed <person> document."""
    names = root.find("names")
    preferred = squeeze(root.findtext("names/preferred/name") or "")
    titles = [node.findtext("name") or "" for node in root.findall("names/titles-from-name/*")]
    read = read_name(preferred, titles)
    forms = list(read.variants)
    families = family_keys(read)
    visit_names = []
    for node in names.findall("alternates/name") if names is not None else []:
        alternate = read_name(node.text or "", titles, keep_title=False)
        forms.extend([alternate.display, *alternate.variants])
    for node in root.findall("names/originals/original"):
        written = squeeze(node.findtext("name") or "")
        urls = _urls(node)
        slugs = [url[len(VISITS_URL) :].strip("/") for url in urls if url.startswith(VISITS_URL)]
        visit_names.extend((slug, written) for slug in slugs if slug)
        original = read_name(written, titles, office_first=bool(slugs), keep_title=False)
        forms.extend([original.display, *original.variants])
        if original.family:
            families |= family_keys(original)
    # The name's own words alone say nothing new ("Adenauer" from "Chancellor Adenauer").
    own = {fold(read.display)} | set(fold(read.display).split())
    seen, kept = set(own), []
    for form in forms:
        key = fold(form)
        # A lone word of the name with its particles ("de Gaulle") is the surname, not another name.
        lone = [word for word in key.split() if word not in PARTICLE_WORDS]
        if len(lone) == 1 and lone[0] in own:
            continue
        if key and key not in seen and plausible_form(form):
            seen.add(key)
            kept.append(form)
    remarks, visit_remarks, terms, term_keys = [], [], [], set()
    for node in root.findall("remarks/remark"):
        text = squeeze("".join(node.find("p").itertext()) if node.find("p") is not None else "")
        if not text:
            continue
        urls = _urls(node)
        remarks.append(text)
        if any(url.startswith(VISITS_URL) for url in urls):
            visit_remarks.append(text)
            continue
        for term in read_terms(text, urls[0] if urls else ""):
            key = (fold(term.office), fold(term.country), term.start_year, term.end_year)
            if key not in term_keys:
                term_keys.add(key)
                terms.append(term)
    viaf = next(
        (squeeze(node.text) for node in root.findall("authorities/authority") if node.get("service") == "viaf"), ""
    )
    person = AuthorityPerson(
        id=squeeze(root.findtext("id") or ""),
        name=read.display,
        sort_name=preferred,
        forms=kept,
        viaf=viaf if viaf and viaf.isdigit() else "",
        birth_year=_year(root.findtext("birth-year")),
        death_year=_year(root.findtext("death-year")),
        terms=terms,
        visit_names=visit_names,
        visit_remarks=visit_remarks,
        remarks=remarks,
    )
    return person, families


def query_keys(text):
    """The folded forms a name asked for is looked up by: as written, and without the titles before it ("Lord
    Carrington", "Dr. Lorenz Oberbach")."""
    keys = [fold(text)]
    bare = strip_given_titles(squeeze(text), HONORIFICS)
    if bare != squeeze(text):
        keys.append(fold(bare))
    return keys


def surname_keys(text):
    """query_keys, and for a regnal name or one with a generation ("Makarios III", "Marcos Jr.") its name alone:
    the surname index holds no numbers."""
    keys = query_keys(text)
    for key in list(keys):
        words = key.split()
        if len(words) > 1 and (ROMAN_RE.fullmatch(words[-1]) or SUFFIX_RE.match(words[-1])):
            keys.append(" ".join(words[:-1]))
    return keys


class PeopleAuthority:
    """The authority file in memory, with look-ups by id, by a visits page's name, by full name and by surname."""

    def __init__(self, people=()):
        self.people = {}
        self.problems = []  # "path: reason" for each file that could not be read
        self._visits, self._names, self._surnames = {}, {}, {}
        for person in people:
            self.add(person)

    def add(self, person, families=None):
        """Index a person; ``families`` are its surname keys (``family_keys``), read from its sort name if not
        given."""
        if families is None:
            families = family_keys(read_name(person.sort_name))
        self.people[person.id] = person
        for slug, written in person.visit_names:
            self._visits.setdefault((slug.lower(), visit_key(written)), []).append(person)
        # Compared by identity: two records may read alike and still be two persons.
        for form in [person.name, *person.forms]:
            bucket = self._names.setdefault(fold(form), [])
            if all(other is not person for other in bucket):
                bucket.append(person)
        for key in families:
            self._surnames.setdefault(key, []).append(person)

    @classmethod
    def load(cls, folder):
        """Every person under ``folder``/people (its data/ folder when there is one); None without people/."""
        root = Path(folder) / "people"
        if not root.is_dir():
            return None
        if (root / "data").is_dir():
            root = root / "data"
        paths = []
        for directory, _, files in os.walk(root):
            paths.extend(os.path.join(directory, name) for name in files if name.endswith(".xml"))
        authority = cls()
        for path in sorted(paths, key=lambda p: (len(os.path.basename(p)), os.path.basename(p))):
            try:
                document = parse_document(path)
            except (ElementTree.ParseError, DefusedXmlException, OSError, UnicodeDecodeError) as error:
                authority.problems.append(f"{path}: {error}")
                continue
            if document.tag != "person":
                authority.problems.append(f"{path}: not a <person> document")
                continue
            person, families = read_person(document)
            if person.id:
                authority.add(person, families)
        return authority

    def __len__(self):
        return len(self.people)

    def __iter__(self):
        return iter(self.people.values())

    def get(self, person_id):
        return self.people.get(str(person_id).strip())

    def by_visit(self, country_slug, visitor_text):
        """The person a visits page names so, on that country's page: ("germany", "Chancellor Adenauer"). None
        when no one, or more than one, is."""
        found = self._visits.get(((country_slug or "").strip().lower(), visit_key(visitor_text)), [])
        return found[0] if len(found) == 1 else None

    def named(self, name):
        """Persons whose name or a form of it is this full name, in any case and with or without accents;
        "Adenauer, Konrad" is read as "Konrad Adenauer"."""
        keys = query_keys(name)
        if "," in (name or ""):
            keys.append(fold(read_name(name).display))
        found = []
        for key in keys:
            found.extend(p for p in self._names.get(key, []) if all(p is not other for other in found))
        return found

    def with_surname(self, surname):
        """Persons whose family name (or a form's) is this word: "Adenauer", "Maghribi" or "al-Maghribi"; a title
        before it is no part of it ("Lord Carrington")."""
        found = []
        for key in surname_keys(surname):
            found.extend(p for p in self._surnames.get(key, []) if all(p is not other for other in found))
        return found
