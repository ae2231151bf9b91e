"""Import the US Office of the Historian's public-domain (CC0) datasets of visits and travels.

Two datasets, read from a folder holding ``visits/`` and ``travels/`` as published on GitHub
(HistoryAtState/visits, HistoryAtState/travels):

- *Visits by foreign leaders*: one meeting per visit, between the visitor(s) and the sitting President (or
  the Vice President or Secretary of State the description names).
- *Travels of the President and the Secretary of State*: one meeting per counterpart named in the remarks
  ("Met with Prime Minister Narendra Modi"), in the trip's country and city.

Everything is planned in memory first (people, summits, meetings) and written in bulk in one transaction:
this module plans, history_state_people.py tells who is who, history_state_write.py writes. Each meeting keeps
its record as provenance (ImportedRecord), so a second run changes nothing. Records that cannot be read
completely become drafts with the reason in ``Meeting.review_reason``.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from ..models import ImportedRecord, Meeting
from .authority import PeopleAuthority
from .history_state_identity import IdentityResolver
from .history_state_people import PeopleResolver
from .history_state_records import (
    SENTENCE_END_RE,
    US_OFFICES,
    US_OFFICIAL_RE,
    US_REFERENCE_RE,
    CountryResolver,
    DataError,
    group_clauses,
    is_cancelled,
    kind_from_text,
    met_with_clauses,
    parse_item,
    place_from_visit,
    place_of_event,
    read_name_variants,
    read_presidents,
    read_travels,
    read_visits,
    related_countries,
    split_visitors,
)
from .history_state_summits import SummitPlanner
from .history_state_write import VISIT_KINDS, MeetingWriter, Report
from .names import Person, clean_name, looks_like_name, name_tokens, split_title
from .person_index import PersonIndex
from .summits import SummitMention, city_from_text, find_leaders_summits, normalise_series

__all__ = ["DataError", "HistoryStateImport"]

VISITS = ImportedRecord.Dataset.HISTORY_STATE_VISITS
TRAVELS = ImportedRecord.Dataset.HISTORY_STATE_TRAVELS


@dataclass
class Mention:
    """A person named by a record, to be resolved to one Person."""

    office: str
    name: str
    country: str
    date: datetime.date
    # The country is the trip's, the remark giving none: the person may come from anywhere.
    guessed: bool = False
    at_summit: bool = False
    among_several: bool = False
    # Named as an organisation's officer ("NATO Secretary General Stoltenberg"): the person has a country too.
    for_organisation: bool = False
    # Read through fixtures/history_state_people.csv: the name is the person's own, whatever the years between.
    curated: bool = False
    # The authority file's person a visits page names so (see IdentityResolver.by_visit), and the name as the
    # record wrote it when the file's replaced it.
    authority: object = None
    written: str = ""
    person: Person | None = None
    problem: str = ""


@dataclass
class Plan:
    """The meeting one record (or one counterpart of a record) becomes."""

    dataset: str
    record_id: str
    part: str
    date: datetime.date
    end_date: datetime.date | None
    kind: str
    city: str
    country: str
    note: str
    record_created: datetime.datetime | None
    record_modified: datetime.datetime | None
    source: tuple = ("", "")  # (title, url)
    mentions: list = field(default_factory=list)  # [(Mention, country_name_at_time)]
    us_side: list = field(default_factory=list)  # [(Person, office)]
    summit_key: object = None
    problems: list = field(default_factory=list)
    unnamed: str = ""
    is_named_counterpart: bool = False
    # A visit that was only attendance at a summit: its visitors join the edition's plenary, no meeting of its own.
    attendance_only: bool = False
    # The trip's places where a summit its record names may have been held, and whether the meeting's sentence
    # names the summit (see trip_plan).
    summit_places: list = field(default_factory=list)
    summit_in_sentence: bool = False
    # More sources than the record's own (a plenary lists every record that places someone there).
    more_sources: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    # The place's country as the record names it at the time ("Turkey" in 2013), when it differs from today's.
    country_name: str = ""
    # An event several visitors attended together ("Funeral of President Kennedy"): the meeting's title.
    event: str = ""
    # How many other visits' records the event's meeting stands for (see group_shared_events).
    merged: int = 0
    # The summit its sentence names belongs to another act: no sidelines link (see summit_apart).
    summit_apart: bool = False

    @property
    def key(self):
        return (self.dataset, self.record_id, self.part)


HSG = "https://history.state.gov/departmenthistory"
# Summits held at the UN in New York, whatever city the record names for the visit.
NEW_YORK = {"unga", "un_summit"}
PRESIDENT_ELECT_RE = re.compile(r"\bPresident[- ]elect\s+(?P<name>(?:[A-Z][\w.]*\s+)*[A-Z][\w-]+)")
MONTH_NUMBERS = {month: number for number, month in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
     "December"], 1)}  # fmt: skip
# The records abbreviate some months: "Met with President Bush Sept. 18–19" (visits 1648).
MONTH_NUMBERS |= {"Jan.": 1, "Feb.": 2, "Aug.": 8, "Sept.": 9, "Sep.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12}
# The day of a meeting with the President, not of an address ("Addressed joint Meeting of Congress June 10", visit
# 1273): the words of a meeting, then someone of the US side, then the day.
MEETING_DAY_RE = re.compile(
    r"\b(?:met|meetings?|talks|discussed|conferred|lunch(?:eon)?|dinner)\b[^.;]*?"
    r"\b(?:President|Vice\s+President|Secretary)\b[^.;]*?"
    # "l3": the records' typing of 13 with the letter l (visits 421).
    r"\b(?P<month>" + "|".join(re.escape(m) for m in MONTH_NUMBERS) + r")\s+(?P<day>\d{1,2}|l\d)\b(?!\s*[-–]\s*\d)",
    re.I,
)


DAYS_RE = re.compile(
    r"\b(?P<month>"
    + "|".join(re.escape(m) for m in MONTH_NUMBERS)
    + r")\s+(?P<first>\d{1,2})(?:\s*[-–]\s*(?P<last>\d{1,2}))?\b"
)


def meeting_days(sentence, start, end):
    """(first day, last day or None) the sentence of a trip's meeting gives within the trip, else None."""
    # Not a day that opens another clause: "…and Foreign Minister Segni, and, on August 10, with Chancellor
    # Adenauer" (travels 1807).
    match = next(
        (m for m in DAYS_RE.finditer(sentence or "") if not re.match(r",?\s+with\b", sentence[m.end() :])), None
    )
    if not match or start is None:
        return None
    month = MONTH_NUMBERS[match.group("month")]
    try:
        first = datetime.date(start.year, month, int(match.group("first")))
        last = datetime.date(start.year, month, int(match.group("last"))) if match.group("last") else None
    except ValueError:
        return None
    if not (start <= first <= (end or start)) or (last and not first < last <= (end or start)):
        return None
    return first, last


def meeting_day(text, start, end):
    """The day the record gives for the meeting, when it falls within the visit ("Met with President Carter June 12"
    on a visit of June 10–13), else None."""
    match = MEETING_DAY_RE.search(text or "")
    if not match or start is None:
        return None
    month, day = MONTH_NUMBERS[match.group("month").capitalize()], int(match.group("day").replace("l", "1"))
    for year in {start.year, (end or start).year}:
        try:
            found = datetime.date(year, month, day)
        except ValueError:
            continue
        if start <= found <= (end or start):
            return found
    return None


# A visit record that says the visitor met the President (or the Vice President or Secretary of State).
MET_US_SIDE_RE = re.compile(
    r"\b(?:met|meets|meetings?|talks|discussed|conferred|lunch(?:eon)?|dinner|consultations?|called on)\b[^.;]*?"
    r"\b(?:President|Vice President|Secretary)\b",
    re.I,
)


# What opens another clause of a trip's sentence, after the people met: "…, and with", "and attended".
LATER_CLAUSE = (
    r"(?:,|\band)\s+(?:with|attended|met|visited|addressed|participated|made|signed|delivered|dedicated|toured|held)\b"
)
# A visit's whole record telling of an event attended: "Attended funeral of President Kennedy." (visits 2496).
SHARED_EVENT_RE = re.compile(r"^\s*Attended\s+(?:the\s+|a\s+)?(?P<event>[^;]+?)\.?\s*$", re.I)


def visit_source(visit):
    """The Office of the Historian's page listing the visit: hsg-shell links a visit to its year's page."""
    year = visit["start"].year if visit["start"] else None
    url = f"{HSG}/visits/{year}" if year else f"{HSG}/visits"
    return f"Visits by Foreign Leaders{f', {year}' if year else ''} (record {visit['id']})", url


def trip_source(trip):
    """The traveller's page, as hsg-shell links a trip: /departmenthistory/travels/<role>/<who>."""
    role, who = trip["role"], trip["who"]
    traveller = "President" if role == "president" else "Secretary of State"
    if role in {"president", "secretary"} and re.fullmatch(r"[a-z0-9-]+", who or ""):
        return f"Travels of the {traveller}: {trip['name']} (record {trip['id']})", f"{HSG}/travels/{role}/{who}"
    return f"Foreign Travels of the President and Secretary of State (record {trip['id']})", f"{HSG}/travels"


def sentence_bounds(text, position):
    start = max(text.rfind(". ", 0, position), text.rfind("; ", 0, position)) + 1
    ends = [i for i in (text.find(". ", position), text.find("; ", position)) if i >= 0]
    return start, min(ends) if ends else len(text)


class HistoryStateImport(PeopleResolver, IdentityResolver, SummitPlanner, MeetingWriter):
    def __init__(self, folder, *, progress=None):
        self.folder = Path(folder)
        self.progress = progress or (lambda iterable, **kwargs: iterable)
        self.report = Report()
        self.countries = CountryResolver()
        self.index = PersonIndex(related=related_countries(self.countries.known))
        self.us_people = []  # (office, Person, took, left) of US Presidents, Vice Presidents and Secretaries
        self.plans = []
        self.summit_mentions = []
        self.variants = read_name_variants()
        # (summit key, visit plan or None, (traveller, office) or None): who the records place at a summit.
        self.attendances = []
        self.cancelled_records = set()
        self.trip_signatures = set()
        # The authority file of persons, when people/ lies beside visits/ and travels/.
        self.authority = PeopleAuthority.load(self.folder)
        self._countries, self._own_forms = {}, {}

    # Records -----------------------------------------------------------------------------------

    def plan_visit(self, visit):
        self.report.visits_read += 1
        if is_cancelled(visit["description"]):
            self.report.cancelled += 1  # a visit whose meeting was cancelled or postponed is no meeting
            self.cancelled_records.add((VISITS, visit["id"]))
            return
        code, name_at_time = self.countries.resolve(visit["from_id"], visit["from"], visit["start"])
        plan = Plan(
            dataset=VISITS,
            record_id=visit["id"],
            part="",
            date=visit["start"],
            end_date=visit["end"] if visit["end"] and visit["end"] != visit["start"] else None,
            kind=Meeting.Kind.BILATERAL,
            city="",
            country="US",
            note=visit["description"],
            record_created=visit["created"],
            record_modified=visit["modified"],
            source=visit_source(visit),
        )
        # Where the President met the visitor, when the record says ("at Glassboro (N.J.)"); else unplaced.
        place = place_from_visit(visit["description"])
        plan.city = place.city if place else ""
        if plan.date is None:
            plan.problems.append("no date in the record")
        if code is None:
            plan.problems.append(f"unknown country “{visit['from']}”")
        visitors = split_visitors(visit["visitor"])
        for text in visitors:
            entry = self.by_visit(visit["from_id"], text, visit["start"]) or (
                self.by_visit(visit["from_id"], visit["visitor"], visit["start"]) if len(visitors) == 1 else None
            )
            office, name = split_title(text)
            parsed = parse_item(text, self.countries) if not office else None
            if parsed and parsed[1]:
                office, name = parsed[:2]  # "Ukrainian President-elect Petro Poroshenko"
            if entry is not None and not self.names_entry(name, entry):
                entry = None  # the file lists another's name on the page (Haya Rashed al-Khalifa under King Hamad)
            if not looks_like_name(name):
                plan.problems.append(f"visitor not named: “{text}”")
                continue
            variant = self.curated(VISITS, plan.record_id, code, name, office)
            if variant and variant.reading == "absent":
                # The table knows the record names someone who was not there (an office that person had left).
                plan.problems.append(f"the record names “{name}”, who was not there ({variant.canonical})")
                continue
            if variant:
                name, code_of_person = variant.canonical, variant.person_country or code
            else:
                code_of_person = code
                if entry is not None:
                    # "Chancellor Adenauer" is Konrad Adenauer; "Kim Dae-jung" stays as the record writes it.
                    written, name = name, self.english_name(entry, name if len(name_tokens(name)) > 1 else "")
            mention = Mention(office, name, code_of_person or "", plan.date, curated=variant is not None)
            mention.authority = entry if variant is None else None
            if mention.authority is not None and written != name:
                mention.written = written  # kept as an alias of the leader
            plan.mentions.append((mention, name_at_time))
        if not plan.mentions and not any(p.startswith(("visitor", "the record names")) for p in plan.problems):
            plan.problems.append("no visitor in the record")
        summits = find_leaders_summits(visit["description"], visit["start"])
        plan.kind = kind_from_text(visit["description"], plan.kind)
        if plan.date:
            city = city_from_text(visit["description"])
            for series, _ in summits:
                key = self.add_summit_mention(
                    series, plan, visit["start"], visit["end"], "US", "New York" if series in NEW_YORK else city
                )
                plan.summit_key = plan.summit_key or key
                self.attendances.append((key, plan, None))
            # Attending a summit is no meeting with the President unless the record says they met.
            # "Summit Meeting with President Biden" (the C5+1, visits 3219–3223) is the summit itself, no meeting apart.
            met = [
                m
                for m in MET_US_SIDE_RE.finditer(visit["description"])
                if not re.search(r"\bSummit\s+$", visit["description"][max(0, m.start() - 12) : m.start()], re.I)
            ]
            plan.attendance_only = bool(summits) and not met
        # The day of the meeting, when the record gives it within the visit ("Met with President Carter June 12").
        day = meeting_day(visit["description"], plan.date, visit["end"])
        if day is not None:
            plan.date, plan.end_date = day, None
        else:
            # Or the days: "Met with President Bush Sept. 18–19" (visits 1648).
            for sentence in SENTENCE_END_RE.split(visit["description"]):
                telling = re.search(r"\b(?:met|meetings?|talks|discussed|conferred)\b", sentence, re.I) and re.search(
                    r"\b(?:President|Secretary)\b", sentence
                )
                days = telling and meeting_days(sentence, plan.date, visit["end"])
                if days:
                    plan.date, plan.end_date = days
                    break
        # The US side: the sitting President, unless the description names the Vice President, the Secretary or the
        # President-elect ("Met with President-elect Eisenhower", 1952).
        if plan.date:
            description = visit["description"]
            named = [(m.group("office"), m.group("name")) for m in US_REFERENCE_RE.finditer(description)]
            for office, surname in named:
                holder = self.us_holder(office, plan.date, surname)
                if holder:
                    plan.us_side.append((holder, office))
                else:
                    plan.problems.append(f"{office} {surname} not identified")
            elect = PRESIDENT_ELECT_RE.search(description)
            if elect and re.match(r"['’]s\b", description[elect.end() :]):
                elect = None  # "returned President-elect Hoover's visit" (1930): no one met as President-elect
            if elect:
                words = [w for w in elect.group("name").split() if w.capitalize() not in MONTH_NUMBERS]
                holder = self.president_elect(plan.date, words[-1])  # "President-elect Reagan November 20"
                if holder:
                    plan.us_side.append((holder, "President-elect"))
                else:
                    plan.problems.append(f"President-elect {elect.group('name')} not identified")
            mentions_president = re.search(r"\bPresident\s+(?!of\b)[A-Z]", description.replace("Vice President", ""))
            if not (named or elect) or mentions_president:
                president = self.us_holder("President", plan.date)
                if president:
                    plan.us_side.insert(0, (president, "President"))
                else:
                    plan.problems.append("no US President found for the date")
                abroad = None if mentions_president else self.president_abroad(plan.date, plan.end_date or plan.date)
                if abroad:
                    # The record names nobody met, and the President was away the whole time (Wilson in Paris, 1919).
                    plan.problems.append(f"the President was abroad for the whole visit (travels {abroad})")
        self.plans.append(plan)

    def president_elect(self, date, surname):
        """The President-elect on ``date``: the next President to take office, if the surname is his."""
        coming = [
            (took, person)
            for held, person, took, _ in self.us_people
            if held == "President" and took and took > date and took - date < datetime.timedelta(days=150)
        ]
        wanted = frozenset(name_tokens(surname))
        for _, person in sorted(coming, key=lambda item: item[0]):
            if wanted <= person.tokens or any(wanted <= alias for alias in person.alias_tokens):
                return person
        return None

    def president_abroad(self, first, last):
        """The id of a President's trip abroad that covers every day from ``first`` to ``last``, else None."""
        for start, end, record_id in self.president_trips:
            if start <= first and last <= end:
                return record_id
        return None

    def is_american(self, item, office, name, date):
        if US_OFFICIAL_RE.search(item):
            return True
        return bool(name and date and office in US_OFFICES and self.us_holder(office, date, name))

    def group_shared_events(self):
        """Visits whose records tell only that the visitor attended one event with others, in the same words and
        days ("Attended funeral of President Kennedy", 18 visits of November 1963; "Attended signing of the Panama
        Canal Treaty", 17 of September 1977), are one multilateral meeting of all of them and the President, named
        after the event, on the day they were all there: no bilateral talks the records do not tell of."""
        self.grouped_records = set()
        by_words = {}
        for plan in self.plans:
            if plan.dataset != VISITS or plan.attendance_only or plan.date is None or not plan.mentions:
                continue
            if plan.problems or len(SENTENCE_END_RE.split((plan.note or "").strip())) > 1:
                continue  # a visit told in more sentences, or in doubt, keeps its meeting
            match = SHARED_EVENT_RE.match(plan.note or "")
            if match and not re.search(r"\b(?:met|meetings?\s+with|talks|discussed|conferred)\b", plan.note, re.I):
                words = re.sub(r"[^a-z0-9]+", " ", match.group("event").lower()).strip()
                by_words.setdefault(words, []).append(plan)
        for plans in by_words.values():
            plans.sort(key=lambda p: (p.date, int(p.record_id) if p.record_id.isdigit() else 0))
            group = []
            for plan in plans + [None]:
                # Days that overlap, one after another: one event.
                if plan is not None and group and plan.date <= max((p.end_date or p.date) for p in group):
                    group.append(plan)
                    continue
                if len({p.mentions[0][0].country for p in group}) > 1:
                    self.merge_event(group)
                group = [plan]

    def merge_event(self, group):
        first, others = group[0], group[1:]
        starts, ends = [p.date for p in group], [p.end_date or p.date for p in group]
        if max(starts) <= min(ends):
            # The days they were all there.
            first.date, first.end_date = max(starts), (min(ends) if min(ends) > max(starts) else None)
        else:
            first.date, first.end_date = min(starts), max(ends)
        first.kind = Meeting.Kind.MULTILATERAL
        event = SHARED_EVENT_RE.match(first.note).group("event").strip()
        event = event + "." if re.search(r"\b(?:[A-Z]\.)+[A-Z]$", event) else event.rstrip(".")  # "the U.N."
        first.event = event[:1].upper() + event[1:]
        place = place_of_event(event)
        first.city = first.city or (place.city if place else "")
        listed = ", ".join(f"visits {p.record_id}" for p in group)
        first.note = (
            f"{first.event}: everyone the Office of the Historian's records place there (records: {listed}), "
            "and the President; the records tell of no talks."
        )
        for plan in others:
            first.mentions.extend(plan.mentions)
            first.more_sources.append(plan.source)
            first.city = first.city or plan.city
            self.grouped_records.add((plan.dataset, plan.record_id))
        first.merged = len(others)
        self.report.events += 1
        self.report.event_visits += len(group)
        grouped = {id(plan) for plan in others}
        self.plans = [plan for plan in self.plans if id(plan) not in grouped]

    def plan_trip(self, trip):
        self.report.trips_read += 1
        if is_cancelled(trip["remarks"]):
            self.report.cancelled += 1
            self.cancelled_records.add((TRAVELS, trip["id"]))
            return
        # The records list a few trips twice under two ids (Blinken in Tokyo, March 2021: travels 3992 and 4019):
        # the second is no second meeting.
        signature = (
            trip["role"],
            trip["name"],
            trip["start"],
            trip["end"],
            trip["country"],
            " ".join(trip["remarks"].split()),
        )
        if signature in self.trip_signatures:
            self.report.duplicate_trips += 1
            self.cancelled_records.add((TRAVELS, trip["id"]))
            return
        self.trip_signatures.add(signature)
        code, name_at_time = self.countries.resolve(trip["country_id"], trip["country"], trip["start"])
        # "Algiers (Algeria)" is Algiers; "Mexico, D.F." one place, Mexico City.
        locale = re.sub(r"\s*\([^)]*\)", "", re.sub(r"\bMexico,\s*D\.\s*F\.?", "Mexico City", trip["locale"]))
        city = locale.split(",")[0].strip()
        base = {
            "dataset": TRAVELS,
            "record_id": trip["id"],
            "date": trip["start"],
            "end_date": trip["end"] if trip["end"] and trip["end"] != trip["start"] else None,
            "city": city,
            "country": code or "",
            "country_name": name_at_time,
            "note": trip["remarks"],
            "record_created": trip["created"],
            "record_modified": trip["modified"],
            "source": trip_source(trip),
        }
        text, clauses = met_with_clauses(trip["remarks"])
        summits = []
        if trip["start"] and code:
            found = find_leaders_summits(text, trip["start"])
            places = [place.strip() for place in locale.split(",") if place.strip()]
            for index, (series, position) in enumerate(found):
                rank = index if len(found) == len(places) > 1 else None
                place, by_rank = self.summit_city(text, position, places, rank)
                key = self.add_summit_mention(series, base, trip["start"], trip["end"], code, place)
                self.summit_mentions[-1].city_by_rank = by_rank
                summits.append((key, position))
        office = "President" if trip["role"] == "president" else "Secretary of State"
        traveller = self.us_holder(office, trip["start"], trip["name"]) if trip["start"] else None
        if traveller is not None:
            for key, _ in summits:
                self.attendances.append((key, None, (traveller, office, base)))
        kind = kind_from_text(trip["remarks"], Meeting.Kind.BILATERAL)
        places = [place.strip() for place in locale.split(",") if place.strip()]
        if len(places) > 1:
            # A trip to several places: each meeting is placed where its sentence says, else nowhere.
            base["note"] = f"{trip['remarks']} (Trip to {', '.join(places)}.)".strip()
        seen_parts, first_plan = set(), len(self.plans)
        for group in group_clauses(text, clauses):
            # The people of a summit or conference met the traveller together: one multilateral meeting.
            together, plan = len(group) > 1, None
            for item, position in group:
                parsed = parse_item(item, self.countries)
                if parsed is None:
                    continue
                item_office, name, hint = parsed
                variant = self.curated(TRAVELS, trip["id"], hint or code, name, item_office) if name else None
                if variant and variant.reading in {"group", "absent"}:
                    continue  # the table says the phrase names a group, not a person, or someone not there
                if (
                    hint == "US"
                    or (variant and variant.person_country == "US")
                    or self.is_american(item, item_office, name, trip["start"])
                ):
                    continue  # an American the traveller met, not a counterpart
                part = slugify(item)[:200] or "counterpart"
                if part in seen_parts:
                    continue
                seen_parts.add(part)
                if plan is None or not together:
                    plan = self.trip_plan(trip, base, part, position, text, summits, places, traveller, office)
                    plan.kind = Meeting.Kind.MULTILATERAL if together else kind
                    if plan.kind in VISIT_KINDS and not plan.summit_in_sentence:
                        plan.summit_key = None  # a state visit's meeting (Pertini in Rome, travels 2905)
                country = hint or code
                if not country:
                    plan.problems.append(f"unknown country “{trip['country']}”")
                if name:
                    self.report.named_counterparts += 1
                    plan.is_named_counterpart = True
                if variant and variant.reading == "ambiguous":
                    plan.problems.append(f"“{name}” could be several people")
                elif name:
                    # A row of the table that gives the person's country settles where the person is looked for.
                    pinned = variant.person_country if variant else ""
                    country = pinned or country
                    at_time = name_at_time if country == code else ""
                    mention = Mention(
                        item_office,
                        variant.canonical if variant else name,
                        country or "",
                        plan.date,
                        guessed=not (hint or pinned),
                        at_summit=bool(summits),
                        among_several=len(clauses) > 1,
                        for_organisation=self.countries.is_organisation(hint or pinned),
                        curated=variant is not None,
                    )
                    plan.mentions.append((mention, at_time))
                else:
                    self.report.unnamed_counterparts += 1
                    plan.problems.append("counterpart named only by office")
                    plan.unnamed = item
        for plan in self.plans[first_plan:]:
            # The kind of visit the record names is the host country's: Carter's official visit to Japan was no
            # official visit with China's Premier met there (trip 2910).
            if plan.kind in VISIT_KINDS and any(m.country != code for m, _ in plan.mentions):
                plan.kind = Meeting.Kind.BILATERAL

    def trip_plan(self, trip, base, part, position, text, summits, places, traveller, office):
        """A meeting of a trip with the counterparts of one clause (added by the caller)."""
        plan = Plan(part=part, kind=Meeting.Kind.BILATERAL, summit_key=self.summit_for(text, position, summits), **base)
        # On a trip to several places, a summit named in a later clause may have been elsewhere (travels 2435).
        plan.summit_apart = len(places) > 1 and self.summit_apart(text, position, summits)
        if len(places) > 1:
            plan.city = self.sentence_place(text, position, places)
        start, end = sentence_bounds(text, position)
        # A place of the trip where a summit was held, for a meeting its sentence places nowhere else: the summit's
        # city, when the summit proves to be there (MeetingWriter.meeting_fields).
        sentence = text[start:end]
        named = [place for place in places if re.search(rf"\b{re.escape(place)}\b", sentence)]
        other = city_from_text(sentence)
        plan.summit_places = [] if named or (other and other not in places) else places
        # A summit its sentence does not name, for a meeting its sentence places elsewhere, is not its summit: the
        # Pope at Castel Gandolfo during the Genoa G8 (travels 2389).
        plan.summit_in_sentence = any(start <= at <= end for _, at in summits)
        if not plan.summit_in_sentence and (named or other):
            plan.summit_key = None
        # The days its sentence gives ("Pre-Summit meeting (October 10-11) with…", "Met with … October 10").
        days = meeting_days(text[start:end], plan.date, plan.end_date or plan.date)
        if days is not None:
            plan.date, plan.end_date = days
        plan.us_side = [(traveller, office)] if traveller else []
        if traveller is None:
            plan.problems.append(f"traveller “{trip['name']}” not identified")
        if plan.date is None:
            plan.problems.append("no date in the record")
        self.plans.append(plan)
        return plan

    def curated(self, dataset, record_id, country, name, office=""):
        """How ``fixtures/history_state_people.csv`` reads the name in this record (a Variant), else None: the row
        for this name in this office, else for this name."""
        key = (dataset, record_id, country, clean_name(name))
        return self.variants.get((*key, (office or "").lower())) or self.variants.get((*key, ""))

    @staticmethod
    def sentence_place(text, position, places):
        """The place of a trip that the sentence of a clause names ("Met with President Hu in Beijing" on a trip
        to "Shanghai, Beijing"), else ''."""
        start, end = sentence_bounds(text, position)
        sentence = text[start:end]
        named = [place for place in places if re.search(rf"\b{re.escape(place)}\b", sentence)]
        if len(named) != 1:
            return ""
        # A place after a later clause belongs to it: "Met with President Nouri al-Maliki …, and with Kurdistan
        # regional leaders in Erbil" (travels 3490) did not meet al-Maliki in Erbil; "Met with President Sezer …
        # and attended NATO Summit meeting in Istanbul" (travels 2435) names where the summit was.
        found = re.search(rf"\b{re.escape(named[0])}\b", sentence)
        between = text[position : start + found.start()] if start + found.start() > position else ""
        if re.search(LATER_CLAUSE, between):
            return ""
        return named[0]

    @staticmethod
    def summit_city(text, position, places, index=None):
        """(city, whether only by rank) where a trip's summit was held: the place of the trip its sentence names
        ("attended NATO Summit meeting in Istanbul" on a trip to "Ankara, Istanbul"); else the one place of the
        trip; else, for a record naming as many summits as places ("the G-8 and G-20 Summit Meetings" at
        "Muskoka, Toronto"), the place in that rank, which other records outweigh; else none: the trip's first
        place is often elsewhere (Manaus before the G20 at Rio de Janeiro)."""
        start, end = sentence_bounds(text, position)
        named = city_from_text(text[start:end])
        if named in places:
            return named, False
        if len(places) == 1:
            return places[0], False
        return (places[index], True) if index is not None else ("", False)

    @staticmethod
    def summit_for(text, position, summits):
        """The summit a meeting belongs to: the one named in its sentence, else the first the record names."""
        if not summits:
            return None
        start, end = sentence_bounds(text, position)
        in_sentence = [key for key, at in summits if start <= at <= end]
        return (in_sentence or [summits[0][0]])[0]

    @staticmethod
    def summit_apart(text, position, summits):
        """Whether the summits a meeting's sentence names are all another act's, in a later clause: "Met with
        President Sezer and Prime Minister Erdogan and attended NATO Summit meeting in Istanbul" (travels 2435:
        they met in Ankara the day before, on a trip to Ankara and Istanbul). The people met may still be at the
        summit (the hosts were)."""
        start, end = sentence_bounds(text, position)
        in_sentence = [at for _, at in summits if start <= at <= end]
        return bool(in_sentence) and all(re.search(LATER_CLAUSE, text[position:at]) for at in in_sentence)

    def add_summit_mention(self, series, holder, start, end, host, city):
        record = (
            (holder.dataset, holder.record_id) if isinstance(holder, Plan) else (holder["dataset"], holder["record_id"])
        )
        series = normalise_series(series, start, host)
        key = (*record, series)
        self.summit_mentions.append(SummitMention(series, start, end or start, host, city, key))
        return key

    def run(self, *, dry_run=False):
        visits = list(read_visits(self.folder)) if (self.folder / "visits").exists() else []
        trips = list(read_travels(self.folder)) if (self.folder / "travels").exists() else []
        if not visits and not trips:
            raise FileNotFoundError(f"No visits/ or travels/ data under {self.folder}")
        self.seed_existing_leaders()
        self.seed_us_people(read_presidents(self.folder), trips)
        self.president_trips = [
            (trip["start"], trip["end"] or trip["start"], trip["id"])
            for trip in trips
            if trip["role"] == "president" and trip["start"]
        ]
        for visit in self.progress(visits, desc="Visits", unit="record"):
            self.plan_visit(visit)
        for trip in self.progress(trips, desc="Travels", unit="record"):
            self.plan_trip(trip)
        self.group_shared_events()
        self.resolve_people()
        self.identify_people()
        self.gather_terms()
        self.attested = self.attested_offices()
        with transaction.atomic():
            for plan in self.plans:
                plan.rows = self.participants_of(plan)
            summit_for_key = self.write_summits()
            for plan in self.plans:
                if plan.attendance_only and not summit_for_key.get(plan.summit_key):
                    plan.problems.append("attended a summit that fits no edition of the reference table")
            # A visit whose visitor the record does not name stays a draft that says so. A trip's conference of
            # several counterparts at a summit ("Conference with President De Gaulle, … Macmillan, and … Khrushchev",
            # Paris 1960) is that summit's plenary, not a meeting of its own.
            attended = [p for p in self.plans if p.attendance_only and summit_for_key.get(p.summit_key) and p.mentions]
            attended += [
                p
                for p in self.plans
                if p.dataset == TRAVELS and p.kind == Meeting.Kind.MULTILATERAL and self.summit_of(p, summit_for_key)
            ]
            skipped = {id(p) for p in attended}
            plenaries = self.plenary_plans(summit_for_key, Plan)
            self.plans = [p for p in self.plans if id(p) not in skipped] + plenaries
            # After the plenaries are planned: a person met only at a summit takes back its leader too.
            self.reclaim_leaders()
            self.write_leaders()
            self.report.attendance_visits = sum(p.dataset == VISITS for p in attended)
            self.drop_meetings_of(
                {(p.dataset, p.record_id) for p in attended if p.dataset == VISITS}
                | self.cancelled_records
                | self.grouped_records,
                {p.key for p in attended if p.dataset == TRAVELS},
            )
            self.write_meetings(summit_for_key)
            if dry_run:
                transaction.set_rollback(True)
        return self.report
