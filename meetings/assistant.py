"""The article assistant: a news report in, suggestions for a meeting out (participants, countries, summit, date,
place, kind, topics, quotes, a title and summary, the source).

Deterministic, offline and fast: the archive's names (leaders and their aliases, countries and their demonyms,
summit series, topic keywords) are indexed once per state of the archive in an Aho-Corasick automaton
(pyahocorasick), so reading a report costs one pass over its text whatever the size of the archive. Nothing is
written here: the admin page (`/admin/meetings/meeting/from-report/`) and the command `suggest_meeting` call
``suggest`` and the editor decides what to keep.
"""

import dataclasses
import datetime
import re
from collections import Counter

import ahocorasick
from django.db import transaction
from django.db.models import Count, Max

from .models import (
    CooperationArea,
    Country,
    Leader,
    Meeting,
    MeetingArea,
    Participation,
    Source,
    Statement,
    Summit,
    Term,
)

# Offices that make a named person a leader who may take part, longest first ("Prime Minister" before "Minister").
OFFICES = sorted(
    [
        "President", "Vice President", "Prime Minister", "Premier", "Chancellor", "King", "Queen", "Emperor",
        "Crown Prince", "Emir", "Amir", "Sultan", "Foreign Minister", "Foreign Secretary", "Secretary of State",
        "Defence Minister", "Defense Minister", "Defense Secretary", "Secretary-General", "Secretary General",
        "Taoiseach", "Pope", "Governor-General", "Chairman", "Chairperson", "Supreme Leader", "State Counsellor",
        "External Affairs Minister", "Minister for Foreign Affairs", "Minister of Foreign Affairs", "PM",
        "President-elect", "Prime Minister-elect", "leader", "Leader",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
OFFICE_RE = "|".join(re.escape(office) for office in OFFICES)
NAME_WORD = r"(?:[A-Z][\w'’-]*[a-z\u00e0-\u024f][\w'’-]*|[A-Z]\.)"
# "President Cyril Ramaphosa", "Prime Minister Sanae Takaichi": an office, then two to four name words.
TITLED_NAME_RE = re.compile(
    rf"\b(?P<office>{OFFICE_RE})\s+(?P<name>{NAME_WORD}(?:\s+(?:{NAME_WORD}|de|da|van|von|bin|al-\w+)){{1,3}}"
    # or a monarch's name and number: "King Charles III", "Pope Leo XIV".
    r"|[A-Z][a-z]+\s+[IVX]+\b)"
)
# "his Japanese counterpart Sanae Takaichi": a counterpart is a leader of the same rank.
COUNTERPART_RE = re.compile(rf"\bcounterpart,?\s+(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}})")
# What says a person named in the text did not take part.
NOT_TAKING_PART_RE = re.compile(
    r"\b(?:analysts?|researchers?|professor|expert|scholar|fellow|economist|director of|head of research|"
    r"spokes(?:man|woman|person)|recalled|remembered|former|late|predecessor|also attended|who attended|"
    r"according to|think[- ]tank|university|institute)\b",
    re.I,
)
MEETING_VERBS_RE = re.compile(
    r"\b(?:met|meet|meets|meeting|talks?|held|hold|holds|hosted|hosts|welcomed|welcomes|received|receives|spoke|"
    r"speak|speaks|call(?:ed|s)?|discussed|discuss|agreed|agree|agrees|signed|sign|sat down|visit(?:s|ed|ing)?|"
    r"joined|greeted|embraced|shook hands)\b",
    re.I,
)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
]  # fmt: skip
MONTH_RE = "|".join(m.capitalize() for m in MONTHS) + r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
DAY_MONTH_RE = re.compile(
    rf"\b(?:(?P<month1>{MONTH_RE})\s+(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year1>\d{{4}}))?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>{MONTH_RE})(?:,?\s+(?P<year2>\d{{4}}))?)\b"
)
WEEKDAY_RE = re.compile(r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
KIND_RULES = [
    (re.compile(r"\b(?:phone|telephone|video)\s+(?:call|conversation|talks?)|\bspoke\s+(?:by|over\s+the|on\s+the)"
                r"\s+(?:tele)?phone\b|\bcalled\b(?!\s+(?:off|for|on|it|a|an|the)\b)|\bphone call\b"
                r"|\bvideo ?conference\b", re.I), Meeting.Kind.CALL),
    (re.compile(r"\bstate visit\b", re.I), Meeting.Kind.STATE_VISIT),
    (re.compile(r"\bofficial (?:working )?visit\b", re.I), Meeting.Kind.OFFICIAL_VISIT),
    (re.compile(r"\bworking visit\b", re.I), Meeting.Kind.WORKING_VISIT),
    (re.compile(r"\bprivate visit\b", re.I), Meeting.Kind.PRIVATE_VISIT),
    (re.compile(r"\b(?:trilateral|quadrilateral|three-way|four-way)\b", re.I), Meeting.Kind.MULTILATERAL),
]  # fmt: skip
# A place the report names: "in Johannesburg", the dateline "NEW DELHI (Wire) —".
IN_PLACE_RE = re.compile(rf"\b(?:in|at)\s+(?P<place>{NAME_WORD}(?:\s+{NAME_WORD})?)(?:,\s*(?P<country>{NAME_WORD}"
                         rf"(?:\s+{NAME_WORD})?))?")  # fmt: skip
DATELINE_RE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'/-]{2,40}?)(?:,\s*(?P<country>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*))?"
    rf"(?:,\s*(?:{MONTH_RE}|[A-Z][a-z]{{2,4}}\.?)\s+\d{{1,2}})?\s*(?:\([^)]*\)\s*)?(?:—|–|-)\s+"
)
# A sentence about another time or an event that did not happen is no evidence of who met: "who was not part of the
# conversation", "was called off", "will then be joined by", "in 2016, when…", "two days after Biden held talks".
OTHER_TIME_RE = re.compile(
    r"\b(?:not part|was not|were not|called off|cancel(?:l)?ed|postponed|will|would|is due|are due|plans? to|"
    r"planned|last time|previous|(?:days?|weeks?|months?|years?) (?:after|before|earlier|ago)|"
    r"(?:earlier|later) (?:that|the same|in the) day|earlier this (?:week|month|year)|"
    r"also (?:held|met|spoke|had|saw))\b",
    re.I,
)


def other_time(sentence):
    """A sentence about another time or an event that did not happen (OTHER_TIME_RE, or "last month" unless it dates
    the background: "since Russia invaded Ukraine in February last year")."""
    if OTHER_TIME_RE.search(sentence):
        return True
    last = re.search(r"\blast (?:week|month|year)\b", sentence)
    return bool(last) and not re.search(r"\bsince\b[^.]{0,40}$", sentence[: last.start()])


HEAD_OFFICES = {"President", "Prime Minister", "PM", "Premier", "Chancellor", "King", "Queen", "Emperor", "Emir",
                "Amir", "Sultan", "Taoiseach", "Pope", "Crown Prince", "Supreme Leader", "leader", "Leader",
                "President-elect", "Prime Minister-elect"}  # fmt: skip
# "the Russia-Africa summit": a summit's own name before the word (capitalised words, a hyphenated pair).
NAMED_SUMMIT_RE = re.compile(
    r"\bthe\s+(?:(?:first|second|third|inaugural|annual|\d+(?:st|nd|rd|th))\s+)?(?P<name>(?:[A-Z][\w'’.]*(?:-[A-Z][\w'’.]*)?\s+){0,3}[A-Z][\w'’.]*(?:-[A-Z][\w'’.]*)?)"
    r"\s+[Ss]ummit\b"
)
QUOTE_RE = re.compile(r"[“\"](?P<text>[^”\"]{12,600})[”\"]")
MAX_CHARACTERS = 12_000
EARLIEST, LATEST = datetime.date(1800, 1, 1), datetime.date(2200, 12, 31)
SPEAKER_VERBS = r"(?:said|says|told|added|stated|noted|declared|wrote|stressed|remarked)"


@dataclasses.dataclass
class Found:
    """A suggestion and the words of the text that caused it."""

    value: object
    evidence: str


def sentences(text):
    """(start, sentence) pairs: split after . ? ! followed by a capital, not after an initial or a title."""
    spans, start = [], 0
    for match in re.finditer(r"(?<=[.?!”\"])\s+(?=[A-Z“\"])", text):
        before = text[max(0, match.start() - 4) : match.start()]
        if re.search(r"\b(?:[A-Z]|Mr|Ms|Dr|St|Mrs)\.$", before):
            continue
        spans.append((start, text[start : match.start()]))
        start = match.end()
    spans.append((start, text[start:]))
    return [(s, t) for s, t in spans if t.strip()]


def whole_word(text, start, end):
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "-") and not (after.isalnum())


class Knowledge:
    """What the archive knows, indexed for reading text. Built once per state of the archive (``current``)."""

    _cached = None

    def __init__(self):
        self.automaton = ahocorasick.Automaton()
        entries = {}

        def add(key, kind, value):
            key = key.strip()
            if len(key) < 2:
                return
            entries.setdefault(key.lower(), []).append((kind, value, key))

        self.leaders = {}
        for leader in Leader.objects.select_related("country").only(
            "id", "name", "aliases", "office", "country__code", "country__name"
        ):
            self.leaders[leader.pk] = leader
            add(leader.name, "leader", leader.pk)
            for alias in leader.alias_list:
                add(alias, "leader", leader.pk)
        self.countries = {}
        for country in Country.objects.all():
            self.countries[country.code] = country
            for name in [country.name, *country.alias_list]:
                add(name, "country", country.code)
        for series, names in Summit.SERIES_NAMES.items():
            for name in names:
                add(name, "series", series)
                if name.lower().endswith("summit"):
                    add(name + "s", "series", series)  # "the ASEAN summits"
        self.areas = {}
        for area in CooperationArea.objects.select_related("parent"):
            self.areas[area.pk] = area
            for keyword in area.keyword_list:
                add(keyword, "area", area.pk)
        for key, values in entries.items():
            self.automaton.add_word(key, values)
        if entries:
            self.automaton.make_automaton()
        self.has_words = bool(entries)
        # Where the archive's meetings were held: a city's country.
        self.city_countries = {}
        for city, code, _ in (
            Meeting.objects.exclude(city="")
            .exclude(country=None)
            .values_list("city", "country__code")
            .annotate(n=Count("id"))
            .order_by("city", "-n")
        ):
            self.city_countries.setdefault(city.lower(), code)
        for summit in Summit.objects.exclude(city="").exclude(host_country=None).select_related("host_country"):
            self.city_countries.setdefault(summit.city.lower(), summit.host_country.code)

    @classmethod
    def current(cls):
        """The index for the archive as it is now: rebuilt when leaders, countries, areas or summits change."""
        stamp = (
            Leader.objects.count(),
            Leader.objects.aggregate(m=Max("id"))["m"],
            Country.objects.count(),
            CooperationArea.objects.count(),
            Summit.objects.count(),
            Meeting.objects.aggregate(m=Max("updated_at"))["m"],
        )
        if cls._cached is None or cls._cached[0] != stamp:
            cls._cached = (stamp, cls())
        return cls._cached[1]

    def find(self, text):
        """[(start, end, kind, value, key)] of every whole-word occurrence, longest match first at each place."""
        if not self.has_words:
            return []
        found = []
        lowered = text.lower()
        for end, values in self.automaton.iter(lowered):
            start = end - len(values[0][2]) + 1
            if not whole_word(lowered, start, end + 1):
                continue
            for kind, value, key in values:
                # An abbreviation in capitals is read in capitals only: "AI", "SCO", "COP", not "ai" or "cop".
                if key.isupper() and text[start : end + 1] != key:
                    continue
                found.append((start, end + 1, kind, value, key))
        # Drop what lies inside a longer match ("India" inside "Indian Ocean"… or "Modi" inside "Narendra Modi").
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        kept, reach = [], -1
        for item in found:
            if item[0] >= reach or item[1] <= reach and any(k[0] == item[0] and k[1] == item[1] for k in kept):
                kept.append(item)
                reach = max(reach, item[1])
        return kept


@dataclasses.dataclass
class Participant:
    name: str
    country: str = ""
    office: str = ""
    known: bool = False
    leader_id: int | None = None
    evidence: str = ""
    certain: bool = True
    mentions: int = 0


def office_on(leader, day):
    """The office the leader held on ``day``: a stated term covering it, else the latest office."""
    if day:
        for term in Term.objects.filter(leader=leader).select_related("country"):
            if term.covers(day):
                return term.office, term.country.code if term.country_id else leader.country.code
    return leader.office, leader.country.code


def resolve_day(text_match, published):
    """A date a report names, resolved against its publication date."""
    groups = text_match.groupdict()
    month = groups.get("month1") or groups.get("month2")
    day = int(groups.get("day1") or groups.get("day2"))
    year = groups.get("year1") or groups.get("year2")
    number = next(i for i, m in enumerate(MONTHS, 1) if m.startswith(month.lower().rstrip(".")[:3]))
    # Without a year: the nearest such day on or before publication (a report tells of what happened).
    candidate_years = [int(year)] if year else [published.year, published.year - 1, published.year + 1]
    options = []
    for y in candidate_years:
        try:
            options.append(datetime.date(y, number, day))
        except ValueError:
            continue
    if not options:
        return None
    before = [d for d in options if d <= published + datetime.timedelta(days=7)]
    return max(before) if before else min(options)


def known_summit(edition, evidence):
    """The suggestion of an edition the archive has."""
    return {
        "name": edition.name,
        "series": edition.series,
        "known": True,
        "id": edition.pk,
        "city": edition.city,
        "country": edition.host_country.code if edition.host_country_id else "",
        "start_date": edition.start_date.isoformat(),
        "end_date": edition.end_date.isoformat(),
        "evidence": evidence,
    }


def new_summit(label, series, city, country, published, evidence):
    """The suggestion of an edition the archive lacks, named as far as the report says ("BRICS summit, Kazan 2024")."""
    return {
        "name": f"{label} summit{', ' + city if city else ''} {published.year}",
        "series": series,
        "known": False,
        "id": None,
        "city": city,
        "country": country,
        "start_date": None,
        "end_date": None,
        "evidence": evidence,
    }


def weekday_before(name, published):
    """The last ``name`` (Sunday…) on or before the publication date: wire copy's "on Sunday"."""
    target = WEEKDAYS.index(name.lower())
    return published - datetime.timedelta(days=(published.weekday() - target) % 7)


def suggest(text, published=None, url="", publisher=""):
    """Suggestions for a meeting from a report (plain text); ``published`` is the report's date (default today)."""
    published = published or datetime.date.today()
    # Dates read against publication stay within the calendar (a report of year 1 or 9999 is no report).
    published = min(max(published, EARLIEST), LATEST)
    # A report is a few thousand characters; the rest of a longer paste is not read (bounded time per request).
    text = (text or "").replace("\r\n", "\n").replace("\x00", "")[:MAX_CHARACTERS]
    knowledge = Knowledge.current()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    # A headline or a line without a full stop ends a sentence all the same.
    lines = [line if line[-1] in ".?!:;”\"'" else line + "." for line in lines]
    headline = lines[0].rstrip(".") if lines else ""
    # A dateline ("KAZAN, Russia, Oct 23 (Wire) - ") says where the report was filed and when; it is no date of the
    # meeting, and is read apart.
    dateline = DATELINE_RE.match(lines[1]) if len(lines) > 1 else None
    if dateline:
        lines[1] = lines[1][dateline.end() :]
    spans = sentences(" ".join(lines))
    body = " ".join(lines)
    found = knowledge.find(body)

    def sentence_at(position):
        for start, sentence in reversed(spans):
            if start <= position:
                return sentence
        return body

    # --- Summit -----------------------------------------------------------------------------------------------
    series_found = [(s, e, value, key) for s, e, kind, value, key in found if kind == "series"]
    # A summit named for another time ("will then be joined … for a first three-way summit") is not this one's.
    series_found = [f for f in series_found if not other_time(sentence_at(f[0]))] or [
        f for f in series_found if "summit" in headline.lower() or "sidelines" in sentence_at(f[0]).lower()
    ]
    summit_suggestion = None
    summit_obj = None
    if series_found:
        series_counts = Counter(value for _, _, value, _ in series_found)
        series = series_counts.most_common(1)[0][0]
        evidence = next(sentence_at(s) for s, _, value, _ in series_found if value == series)
        window = datetime.timedelta(days=10)
        candidates = list(
            Summit.objects.filter(
                series=series, start_date__lte=published + window, end_date__gte=published - window
            ).select_related("host_country")
        )
        mentioned_cities = {c.lower() for c in re.findall(rf"{NAME_WORD}(?:\s+{NAME_WORD})?", body)}
        candidates.sort(key=lambda s: (s.city.lower() not in mentioned_cities, abs((s.start_date - published).days)))
        if candidates:
            summit_obj = candidates[0]
            summit_suggestion = known_summit(summit_obj, evidence)
        else:
            place = place_of_text(evidence, knowledge) or place_of_text(body, knowledge)
            label = Summit.Series(series).label
            city = place[0] if place else ""
            summit_suggestion = new_summit(label, series, city, place[1] if place else "", published, evidence)

    if summit_suggestion is None and re.search(r"\bsummit\b", body, re.I):
        # A summit named by its city alone ("the Johannesburg summit"): an edition held there at the time.
        window = datetime.timedelta(days=10)
        for edition in (
            Summit.objects.filter(start_date__lte=published + window, end_date__gte=published - window)
            .exclude(city="")
            .select_related("host_country")
        ):
            found_city = next(
                (
                    m
                    for m in re.finditer(rf"\b{re.escape(edition.city)}\b", body)
                    if re.search(r"\bsummit\b", sentence_at(m.start()), re.I) and not other_time(sentence_at(m.start()))
                ),
                None,
            )
            if found_city:
                summit_obj = edition
                summit_suggestion = known_summit(edition, sentence_at(found_city.start()))
                break

    if summit_suggestion is None:
        # A summit of no series the archive follows, named in the report: "the Russia-Africa summit in Sochi",
        # proposed as a new edition of "other conferences of leaders".
        for match in NAMED_SUMMIT_RE.finditer(body):
            sentence = sentence_at(match.start())
            if other_time(sentence):
                continue
            name = match.group("name").strip()
            if name.lower() in {"the", "a", "this", "that"} or re.fullmatch(r"(?:First|Second|Historic)", name):
                continue
            place = place_of_text(body[match.start() : match.end() + 60], knowledge, unknown=True)
            city, code = place if place else ("", "")
            summit_suggestion = new_summit(name, Summit.Series.OTHER.value, city, code, published, sentence)
            break

    # --- Date ---------------------------------------------------------------------------------------------------
    # The first day a sentence telling of the meeting names, at the time of the report (a sentence about another
    # time, "Truss also met Macron on Tuesday… earlier that day", comes after).
    dates = []
    for start, sentence in spans:
        telling = bool(MEETING_VERBS_RE.search(sentence)) and not other_time(sentence)
        rank = 0 if telling else 2
        for match in DAY_MONTH_RE.finditer(sentence):
            day = resolve_day(match, published)
            if day:
                dates.append((rank, start + match.start(), day, sentence))
        for match in WEEKDAY_RE.finditer(sentence):
            dates.append((rank, start + match.start(), weekday_before(match.group(1), published), sentence))
        if re.search(r"\b(?:today|this morning|this afternoon|this evening)\b", sentence, re.I):
            dates.append((rank, start, published, sentence))
        if re.search(r"\byesterday\b", sentence, re.I):
            dates.append((rank, start, published - datetime.timedelta(days=1), sentence))
    if summit_obj is not None:
        ended = re.search(r"\b(?:that|which)\s+(?:ended|concluded|closed)\s+(?:the same day|that day|on the same day)",
                          body)  # fmt: skip
        if ended:
            dates.append((0, ended.start(), summit_obj.end_date, sentence_at(ended.start())))
        dates.append((4, 0, summit_obj.start_date, "the summit's first day"))
    dates.sort(key=lambda d: (d[0], d[1]))
    chosen = dates[0][2] if dates else published
    alternatives = list(dict.fromkeys(d[2] for d in dates if d[2] != chosen))[:5]
    date_evidence = dates[0][3] if dates else "the report's publication date"

    def another_day(sentence):
        """A sentence naming a day other than the meeting's tells of another event."""
        for match in WEEKDAY_RE.finditer(sentence):
            if weekday_before(match.group(1), published) != chosen:
                return True
        for match in DAY_MONTH_RE.finditer(sentence):
            day = resolve_day(match, published)
            if day and day != chosen:
                return True
        return False

    # --- People -----------------------------------------------------------------------------------------------
    participants = {}

    def country_before(position):
        """A country named just before an office: "Japanese Prime Minister", "India's Prime Minister"."""
        window = body[max(0, position - 40) : position]
        hits = [f for f in found if f[2] == "country" and position - 40 <= f[0] and f[1] <= position]
        if hits and re.search(r"^[\s\w'’-]*$", body[hits[-1][1] : position]):
            return hits[-1][3]
        return "" if window is None else ""

    def excluded(position, name_end):
        """Words around a mention that say the person did not take part."""
        sentence = sentence_at(position)
        near = body[max(0, position - 60) : min(len(body), name_end + 60)]
        return (
            bool(NOT_TAKING_PART_RE.search(near))
            and not MEETING_VERBS_RE.search(body[max(0, position - 30) : min(len(body), name_end + 30)])
            or bool(re.search(r"\b(?:former|late)\s+$", body[max(0, position - 30) : position], re.I))
            and bool(sentence)
        )

    for start, end, kind, value, key in found:
        if kind != "leader":
            continue
        leader = knowledge.leaders[value]
        single = len(key.split()) == 1
        if single and re.match(r"[ \t]+[A-Z][a-z]", body[end : end + 4]):
            continue  # "Kim" of "Kim Jong Un": another, longer name the archive does not know
        if single:
            # A surname alone counts where the full name or an office precedes it in the report.
            titled = re.search(rf"(?:{OFFICE_RE})\s+$", body[max(0, start - 25) : start])
            if not titled and value not in participants:
                continue
        entry = participants.get(value)
        if entry is None:
            office, code = office_on(leader, chosen)  # the office of the meeting's day, read above
            entry = participants[value] = Participant(
                name=leader.name, country=code, office=office, known=True, leader_id=leader.pk,
                evidence=sentence_at(start),
            )  # fmt: skip
            entry.certain = not excluded(start, end)
        entry.mentions += 1

    known_names = {p.name.lower() for p in participants.values()}
    for match in TITLED_NAME_RE.finditer(body):
        name = match.group("name").strip(" .,")
        name = re.sub(r"\s+(?:of|on|and|in|at|said|says)$", "", name)
        if name.lower() in known_names or any(name.lower() in n or n.endswith(name.lower()) for n in known_names):
            continue
        code = country_before(match.start())
        after = re.match(r"\s+of\s+(?:the\s+)?([A-Z][\w' -]+)", body[match.end() :])
        if not code and after:
            hits = [f for f in knowledge.find(after.group(1)) if f[2] == "country"]
            code = hits[0][3] if hits else ""
        office = "Prime Minister" if match.group("office") == "PM" else match.group("office")
        key = ("new", name.lower())
        if key in participants:
            participants[key].mentions += 1
            continue
        participants[key] = Participant(
            name=name, country=code, office=office, known=False, evidence=sentence_at(match.start()),
            certain=not excluded(match.start(), match.end()),
        )  # fmt: skip
        known_names.add(name.lower())
    for match in COUNTERPART_RE.finditer(body):
        name = match.group("name").strip(" .,")
        if name.lower() in known_names:
            continue
        code = country_before(match.start("name") - len("counterpart "))
        participants[("new", name.lower())] = Participant(
            name=name, country=code, known=False, evidence=sentence_at(match.start())
        )
        known_names.add(name.lower())
    # A new person whose surname alone appears later is the same person ("Ramaphosa said").
    for participant in participants.values():
        if not participant.known:
            surname = participant.name.split()[-1]
            participant.mentions += len(re.findall(rf"\b{re.escape(surname)}\b", body)) - 1

    # Who took part: a person named with another in a sentence (or the headline) that tells of a meeting, a call or
    # an agreement ("Modi and Xi held talks"). Who is only named alone ("Putin is hosting the summit") or is quoted as
    # an analyst is mentioned, not a participant: kept as an uncertain suggestion.
    def named_in(sentence, person):
        words = {person.name, person.name.split()[-1]}
        if person.leader_id:
            words |= {alias for alias in knowledge.leaders[person.leader_id].alias_list if len(alias) > 2}
        return any(re.search(rf"\b{re.escape(word)}\b", sentence, re.I) for word in words)

    together, in_headline = Counter(), set()
    for index, sentence in enumerate([headline, *(sentence for _, sentence in spans)]):
        if not MEETING_VERBS_RE.search(sentence) or other_time(sentence) or another_day(sentence):
            continue
        if re.search(r"\bin (?:19|20)\d\d,? when\b", sentence):
            continue  # "in 2016, when Juan Manuel Santos met Maduro"
        present = [key for key, person in participants.items() if named_in(sentence, person)]
        if len(present) > 1 or (present and re.search(r"\bcounterpart|\bwith (?:his|her|the)\b", sentence)):
            together.update(present)
            if index == 0:
                in_headline.update(present)
    for key, person in participants.items():
        head = person.office in HEAD_OFFICES or (
            person.leader_id and knowledge.leaders[person.leader_id].office in HEAD_OFFICES
        )
        enough = key in in_headline or together[key] >= 2 or (head and together[key] >= 1)
        person.certain = person.certain and enough
    ordered = sorted(participants.values(), key=lambda p: (not p.certain, body.find(p.name.split()[-1])))
    taking_part = [p for p in ordered if p.certain]

    # --- Countries ----------------------------------------------------------------------------------------------
    countries = list(dict.fromkeys(p.country for p in taking_part if p.country))

    # --- Place ------------------------------------------------------------------------------------------------
    city, place_country, place_evidence = "", "", ""
    if summit_suggestion and summit_suggestion["city"]:
        city, place_country = summit_suggestion["city"], summit_suggestion["country"]
        place_evidence = summit_suggestion["evidence"]
    else:
        place = None
        # The sentence that names the people who met first, then any other telling of a meeting or visit at the
        # time of the report ("he was hosted in Berlin" on an earlier trip is not this meeting's place).
        telling = [
            sentence
            for _, sentence in spans
            if (MEETING_VERBS_RE.search(sentence) or re.search(r"\bvisit", sentence, re.I)) and not other_time(sentence)
        ]
        both = [sentence for sentence in telling if sum(named_in(sentence, p) for p in taking_part) > 1]
        for sentence, unknown in [*((b, True) for b in both[:1]), *((b, False) for b in both + telling[:2])]:
            # The sentence that names the participants may name a city the archive does not know yet ("in Pyongyang").
            place = place_of_text(sentence, knowledge, unknown=unknown)
            if place:
                place_evidence = sentence
                break
        if place is None and dateline and "/" not in dateline.group("place"):
            # Where the report was filed, when no sentence names a place the archive knows.
            named = dateline.group("place").strip().title()
            known = place_of_name(named, knowledge)
            code = ""
            if dateline.group("country"):
                hits = [f for f in knowledge.find(dateline.group("country")) if f[2] == "country"]
                code = hits[0][3] if hits else ""
            if known and known[0]:
                place = (known[0], code or known[1])
            elif not known:
                named_in_text = re.search(rf"\b{re.escape(named)}\b", body)
                place = (named, code) if (code or named_in_text) else None
            place_evidence = dateline.group(0)
        if place:
            city, place_country = place
        visit = re.search(r"\bvisit(?:s|ing)?\s+to\s+(?P<country>[A-Z][\w' -]+)", body)
        if not place_country and visit:
            hits = [f for f in knowledge.find(visit.group("country")) if f[2] == "country"]
            place_country = hits[0][3] if hits else ""

    # --- Kind ---------------------------------------------------------------------------------------------------
    kind, kind_evidence = Meeting.Kind.BILATERAL, ""
    for pattern, rule_kind in KIND_RULES:
        match = pattern.search(body)
        if match:
            kind, kind_evidence = rule_kind, sentence_at(match.start())
            break
    if kind == Meeting.Kind.BILATERAL and len(set(countries)) > 2:
        kind, kind_evidence = Meeting.Kind.MULTILATERAL, "more than two countries take part"
    if kind == Meeting.Kind.CALL:
        city, place_country = "", ""
    city = re.sub(r",?\s+D\.?\s*C\.?$", "", city).strip(" ,")  # "Washington, D.C."

    # --- Topics ---------------------------------------------------------------------------------------------------
    area_hits = {}
    for start, _end, kind_found, value, _key in found:
        if kind_found == "area":
            area_hits.setdefault(value, sentence_at(start))
    areas = [knowledge.areas[pk] for pk in area_hits]
    with_children = {a.parent_id for a in areas if a.parent_id}
    areas = [a for a in areas if a.pk not in with_children]  # the specific area says it: "Semiconductors"

    # --- Statements ---------------------------------------------------------------------------------------------
    statements = []
    people = taking_part
    for match in QUOTE_RE.finditer(body):
        quote = match.group("text").strip()
        if len(quote.split()) < 4:
            continue
        speaker = speaker_of(body, match, people + [p for p in ordered if not p.certain])
        if speaker:
            statements.append({"speaker": speaker.name, "leader_id": speaker.leader_id, "text": quote,
                               "evidence": sentence_at(match.start())})  # fmt: skip

    # --- Title, summary, source -----------------------------------------------------------------------------------
    names = [p.name for p in taking_part]
    title = make_title(names, kind, summit_suggestion, city, knowledge.countries.get(place_country))
    summary = make_summary(names, kind, chosen, summit_suggestion, city, areas)
    return {
        "participants": [
            {
                "name": p.name,
                "country": p.country,
                "office": p.office,
                "known": p.known,
                "leader_id": p.leader_id,
                "certain": p.certain,
                "evidence": p.evidence,
            }
            for p in ordered
        ],
        "countries": countries,
        "summit": summit_suggestion,
        "city": city,
        "country": place_country,
        "place_evidence": place_evidence,
        "date": chosen.isoformat(),
        "date_evidence": date_evidence,
        "date_alternatives": [d.isoformat() for d in alternatives],
        "kind": str(kind),
        "kind_evidence": kind_evidence,
        "areas": [area.name for area in areas],
        "area_ids": [area.pk for area in areas],
        "area_evidence": {area.name: area_hits[area.pk] for area in areas},
        "statements": statements,
        "title": title,
        "summary": summary,
        "source": {
            "publisher": publisher.strip() or "publisher unknown",
            "title": headline[:300],
            "url": url.strip(),
            "published_on": published.isoformat(),
        },
    }


def place_of_name(name, knowledge):
    """(city, country code) for a place name the archive knows, or a country's name: (name, code)/("", code)."""
    lowered = name.lower()
    if lowered in knowledge.city_countries:
        return name, knowledge.city_countries[lowered]
    hits = [f for f in knowledge.find(name) if f[2] == "country" and f[1] - f[0] == len(name)]
    if hits:
        return "", hits[0][3]
    return None


def place_of_text(sentence, knowledge, unknown=False):
    """The first place a sentence names: "in Johannesburg, South Africa", "in New Delhi"; with ``unknown``, also a
    place the archive does not know ("in Pyongyang")."""
    for match in IN_PLACE_RE.finditer(sentence):
        place = match.group("place")
        if place.lower() in WEEKDAYS or place.split()[0].lower() in MONTHS:
            continue
        country_name = match.group("country")
        code = ""
        if country_name:
            hits = [f for f in knowledge.find(country_name) if f[2] == "country"]
            code = hits[0][3] if hits else ""
        known = place_of_name(place, knowledge)
        if known and known[0]:
            return known[0], code or known[1]
        if known and not known[0]:
            continue  # "in India": a country, not a city
        building = re.search(
            r"\b(?:House|Office|Palace|Hall|Kremlin|Building|Castle|Residence|Centre|Center|Hotel|Room|Garden|Villa)\b"
            r"|'s$",
            place,
        )
        if code or (unknown and not known and not building and not re.search(rf"{re.escape(place)}\s+said", sentence)):
            return place, code
    return None


def speaker_of(body, match, people):
    """Who says a quote: the person the sentence names with a verb of saying, else the last person named before."""
    before = body[max(0, match.start() - 200) : match.start()]
    after = body[match.end() : match.end() + 120]
    candidates = []
    for person in people:
        surname = person.name.split()[-1]
        for m in re.finditer(rf"\b{re.escape(surname)}\b", before):
            candidates.append((m.start() - len(before), person))
        # "…," said Modi / "…," Modi said / "…," Russian President Vladimir Putin said.
        m = re.match(
            rf"[,.]?\s*{SPEAKER_VERBS}\s+(?:[\w'’-]+\s+){{0,4}}{re.escape(surname)}\b"
            rf"|[,.]?\s*(?:[\w'’-]+\s+){{0,4}}{re.escape(surname)}\s+{SPEAKER_VERBS}",
            after,
        )
        if m:
            return person
    if candidates:
        return max(candidates, key=lambda c: c[0])[1]
    return None


def make_title(names, kind, summit, city, place_country):
    if not names:
        return ""
    who = " and ".join(names[:2]) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]
    if kind == Meeting.Kind.CALL:
        return f"{who} speak by phone"
    if kind in (Meeting.Kind.STATE_VISIT, Meeting.Kind.OFFICIAL_VISIT, Meeting.Kind.WORKING_VISIT) and place_country:
        return f"{names[0]} visits {place_country.name}" + (f": talks with {names[1]}" if len(names) > 1 else "")
    if summit:
        return f"{who} meet at the {Summit.Series(summit['series']).label} summit"
    return f"{who} meet" + (f" in {city}" if city else "")


def make_summary(names, kind, day, summit, city, areas):
    if not names:
        return ""
    who = " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]
    verb = "spoke by phone" if kind == Meeting.Kind.CALL else "met"
    where = f" in {city}" if city and kind != Meeting.Kind.CALL else ""
    sidelines = f" on the sidelines of the {summit['name']}" if summit and kind != Meeting.Kind.CALL else ""
    topics = ""
    if areas:
        listed = [a.name[0].lower() + a.name[1:] if not a.name[:2].isupper() else a.name for a in areas[:4]]
        topics = "; they discussed " + (", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else listed[0])
    return f"{who} {verb}{where} on {day.day} {day.strftime('%B %Y')}{sidelines}{topics}."


def public_shape(result):
    """The suggestions as the command prints them (and as the tests measure them): the documented keys only."""
    return {
        "participants": [
            {
                "name": p["name"],
                "country": p["country"],
                "office": p["office"],
                "known": p["known"],
                "evidence": p["evidence"],
                **({} if p["certain"] else {"uncertain": True}),
            }
            for p in result["participants"]
        ],
        "countries": result["countries"],
        "summit": (
            {key: result["summit"][key] for key in ("name", "series", "known", "city", "country")}
            if result["summit"]
            else None
        ),
        "city": result["city"],
        "country": result["country"],
        "date": result["date"],
        "date_alternatives": result["date_alternatives"],
        "kind": result["kind"],
        "areas": result["areas"],
        "statements": [{"speaker": s["speaker"], "text": s["text"]} for s in result["statements"]],
        "title": result["title"],
        "summary": result["summary"],
        "source": result["source"],
    }


@dataclasses.dataclass
class Choices:
    """What the editor kept of the suggestions (indexes into the suggestion lists), and what was typed over them."""

    participants: list
    summit: bool
    date: datetime.date | None
    kind: str
    city: str
    country: str
    title: str
    summary: str
    area_ids: list
    statements: list


class NotCreated(Exception):
    """The choices cannot make a draft; the message says why, for the editor."""


def create_draft(result, choices, user=None):
    """A draft meeting from the suggestions the editor kept, all in one transaction: the participants (a person the
    archive lacks becomes a leader only because the editor kept them), the summit (an edition the archive lacks is
    added), the topics, the quotes and the report as the source. Returns the meeting."""
    indexes = dict.fromkeys(i for i in choices.participants if 0 <= i < len(result["participants"]))
    kept = [result["participants"][i] for i in indexes]
    countries = {c.code: c for c in Country.objects.filter(code__in={p["country"] for p in kept} | {choices.country})}
    for person in kept:
        if not person["known"] and person["country"] not in countries:
            raise NotCreated(f"“{person['name']}” has no country: add the leader first, then choose them.")
    if choices.country and choices.country not in countries:
        raise NotCreated(f"Unknown country code “{choices.country}”.")
    with transaction.atomic():
        leaders = []
        for person in kept:
            if person["known"] and Leader.objects.filter(pk=person["leader_id"]).exists():
                leader = Leader.objects.get(pk=person["leader_id"])
            else:
                leader = Leader.objects.create(
                    name=person["name"][:200], country=countries[person["country"]], office=person["office"][:200]
                )
            if all(leader.pk != other.pk for other, _ in leaders):
                leaders.append((leader, person))
        summit = None
        suggestion = result["summit"]
        if choices.summit and suggestion:
            if suggestion["known"] and Summit.objects.filter(pk=suggestion["id"]).exists():
                summit = Summit.objects.get(pk=suggestion["id"])
            else:
                day = choices.date or datetime.date.fromisoformat(result["date"])
                host = Country.objects.filter(code=suggestion["country"]).first()
                summit = Summit.objects.create(
                    name=suggestion["name"][:200], series=suggestion["series"], city=suggestion["city"][:100],
                    host_country=host, start_date=day, end_date=day,
                )  # fmt: skip
        meeting = Meeting(
            title=choices.title[:300],
            date=choices.date,
            kind=choices.kind if choices.kind in Meeting.Kind.values else Meeting.Kind.BILATERAL,
            summit=summit,
            city=choices.city[:100],
            country=countries.get(choices.country),
            summary=choices.summary,
            status=Meeting.Status.DRAFT,
            created_by=user,
            updated_by=user,
        )
        meeting.full_clean(exclude=["slug"])
        meeting.save()
        for order, (leader, person) in enumerate(leaders):
            Participation.objects.create(
                meeting=meeting,
                leader=leader,
                office=person["office"][:200],
                country=countries.get(person["country"]) or leader.country,
                order=order,
            )
        for area in CooperationArea.objects.filter(pk__in=choices.area_ids):
            MeetingArea.objects.create(meeting=meeting, area=area)
        source_data = result["source"]
        source = Source.objects.create(
            meeting=meeting,
            publisher=source_data["publisher"][:200],
            title=source_data["title"][:300],
            url=source_data["url"][:500],
            published_on=datetime.date.fromisoformat(source_data["published_on"]),
        )
        by_name = {person["name"]: leader for leader, person in leaders}
        for order, index in enumerate(choices.statements):
            if 0 <= index < len(result["statements"]):
                quote = result["statements"][index]
                if quote["speaker"] not in by_name:
                    continue  # a quote of someone who is not kept as a participant is no joint position
                Statement.objects.create(
                    meeting=meeting,
                    leader=by_name.get(quote["speaker"]),
                    text=quote["text"],
                    kind=Statement.Kind.QUOTE,
                    source=source,
                    order=order,
                )
        meeting.refresh_search_text()
    return meeting
