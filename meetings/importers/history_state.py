"""Import the US Office of the Historian's public-domain (CC0) datasets of visits and travels.

Two datasets, read from a folder holding ``visits/`` and ``travels/`` as published on GitHub
(HistoryAtState/visits, HistoryAtState/travels):

- *Visits by foreign leaders*: one meeting per visit, between the visitor(s) and the sitting President (or
  the Vice President or Secretary of State the description names).
- *Travels of the President and the Secretary of State*: one meeting per counterpart named in the remarks
  ("Met with Prime Minister Narendra Modi"), in the trip's country and city.

Everything is planned in memory first (people, summits, meetings) and written in bulk in one transaction.
Each meeting keeps its record as provenance (ImportedRecord), so a second run updates and never duplicates.
Records that cannot be read completely become drafts with the reason in ``Meeting.review_reason``.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.text import slugify

from ..models import Country, ImportedRecord, Leader, Meeting, Participation, Source, Summit
from .history_state_records import (
    US_OFFICIAL_RE,
    US_REFERENCE_RE,
    CountryResolver,
    kind_from_text,
    met_with_items,
    parse_item,
    read_presidents,
    read_travels,
    read_visits,
    record_date,
    split_visitors,
)
from .names import (
    GROUP_WORDS,
    Person,
    PersonIndex,
    key_tokens,
    looks_like_name,
    name_tokens,
    split_title,
)
from .summits import SummitMention, city_from_text, find_summit_series, group_editions, normalise_series

PUBLISHER = "U.S. Department of State, Office of the Historian"
DATASET_PAGES = {
    ImportedRecord.Dataset.HISTORY_STATE_VISITS: (
        "Visits by Foreign Leaders and Heads of State",
        "http://history.state.gov/departmenthistory/visits",
    ),
    ImportedRecord.Dataset.HISTORY_STATE_TRAVELS: (
        "Foreign Travels of the President and Secretary of State",
        "http://history.state.gov/departmenthistory/travels",
    ),
}
VISITS = ImportedRecord.Dataset.HISTORY_STATE_VISITS
TRAVELS = ImportedRecord.Dataset.HISTORY_STATE_TRAVELS

# Vice Presidents the visit descriptions can name ("Met with Vice President Gore."); the presidents file
# covers the Presidents, the travels files the Secretaries of State.
VICE_PRESIDENTS = [
    ("George H.W. Bush", "1981-01-20", "1989-01-20"),
    ("Dan Quayle", "1989-01-20", "1993-01-20"),
    ("Al Gore", "1993-01-20", "2001-01-20"),
    ("Dick Cheney", "2001-01-20", "2009-01-20"),
    ("Joseph R. Biden", "2009-01-20", "2017-01-20"),
    ("Mike Pence", "2017-01-20", "2021-01-20"),
    ("Kamala Harris", "2021-01-20", "2025-01-20"),
]


@dataclass
class Mention:
    """A person named by a record, to be resolved to one Person."""

    office: str
    name: str
    country: str
    date: datetime.date
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
    mentions: list = field(default_factory=list)  # [(Mention, country_name_at_time)]
    summit_key: object = None
    problems: list = field(default_factory=list)

    @property
    def key(self):
        return (self.dataset, self.record_id, self.part)


@dataclass
class Report:
    visits_read: int = 0
    trips_read: int = 0
    named_counterparts: int = 0
    unnamed_counterparts: int = 0
    meetings_created: int = 0
    meetings_updated: int = 0
    meetings_kept: int = 0
    meetings_attached: int = 0
    published: int = 0
    drafts: Counter = field(default_factory=Counter)
    leaders_created: int = 0
    summits_created: int = 0
    summits_by_series: Counter = field(default_factory=Counter)
    published_visits: int = 0
    published_counterparts: int = 0

    def lines(self):
        def share(part, whole):
            return f"{100 * part / whole:.1f} %" if whole else "n/a"

        yield f"Records read: {self.visits_read} visits, {self.trips_read} trip legs."
        yield (
            f"Visits published with every participant identified: {self.published_visits} of {self.visits_read} "
            f"({share(self.published_visits, self.visits_read)})."
        )
        named, published = self.named_counterparts, self.published_counterparts
        yield (
            f"Named counterparts in 'Met with' clauses: {named}; published with every participant "
            f"identified: {published} ({share(published, named)})."
            f" Counterparts named only by office (drafts): {self.unnamed_counterparts}."
        )
        yield (
            f"Meetings: {self.meetings_created} created, {self.meetings_updated} updated, "
            f"{self.meetings_kept} left as they are (changed by editors, or entered before the import), "
            f"{self.meetings_attached} matched to meetings already in the archive; "
            f"{self.published} published, {sum(self.drafts.values())} held as drafts."
        )
        for reason, count in self.drafts.most_common():
            yield f"  draft: {reason}: {count}"
        yield f"Leaders created: {self.leaders_created}. Summits created: {self.summits_created}."
        if self.summits_by_series:
            yield "Summit editions by series: " + ", ".join(
                f"{series} {count}" for series, count in sorted(self.summits_by_series.items())
            )


# --- The import ---------------------------------------------------------------------------------


def free_slug(base, used):
    """``base``, or ``base-2``, ``base-3``… whichever is not in ``used`` yet (and is then taken)."""
    slug, n = base, 1
    while slug in used:
        n += 1
        slug = f"{base}-{n}"
    used.add(slug)
    return slug


class HistoryStateImport:
    def __init__(self, folder, *, progress=None):
        self.folder = Path(folder)
        self.progress = progress or (lambda iterable, **kwargs: iterable)
        self.report = Report()
        self.countries = CountryResolver()
        self.index = PersonIndex()
        self.us_people = []  # (office, Person) of US Presidents, Vice Presidents and Secretaries of State
        self.plans = []
        self.summit_mentions = []

    # People ------------------------------------------------------------------------------------

    def seed_existing_leaders(self):
        codes = dict(Country.objects.values_list("pk", "code"))
        # A leader's years: from the offices held when known, else from the meetings already in the archive.
        leaders = Leader.objects.annotate(first_met=Min("meetings__date"), last_met=Max("meetings__date"))
        for leader in leaders:
            person = Person.named(
                leader.name,
                codes[leader.country_id],
                leader.office,
                leader.took_office or leader.first_met,
                leader.left_office or leader.last_met or leader.took_office,
                leader_id=leader.pk,
                is_new=False,
            )
            for alias in leader.alias_list:
                person.add_alias(alias)
            person.original_aliases = set(person.aliases)
            person.original_office = leader.office
            self.index.add(person)

    def us_person(self, name, office, took, left):
        # Exact names only: John Adams and John Quincy Adams were two Presidents.
        person, _ = self.index.find(name, "US", took, exact=True)
        if person is None:
            person = self.index.add(Person.named(name, "US", office, took, left))
        person.seen_on(took)
        person.seen_on(left)
        if office == "President" or not person.office:
            person.office = office
        self.us_people.append((office, person, took, left))
        return person

    def seed_us_people(self, presidents, trips):
        for name, took, left in presidents:
            self.us_person(name, "President", took, left or datetime.date.today())
        for name, took, left in VICE_PRESIDENTS:
            self.us_person(name, "Vice President", record_date(took), record_date(left))
        spans = {}
        for trip in trips:
            if trip["role"] == "secretary" and trip["start"]:
                first, last = spans.get(trip["name"], (trip["start"], trip["start"]))
                spans[trip["name"]] = (min(first, trip["start"]), max(last, trip["end"] or trip["start"]))
        for name, (first, last) in spans.items():
            self.us_person(name, "Secretary of State", first, last)

    def us_holder(self, office, date, surname=None):
        """The US President / Vice President / Secretary of State in office on ``date`` (by surname if given)."""
        slack = datetime.timedelta(days=400 if surname else 0)
        wanted = key_tokens(name_tokens(surname)) if surname else None

        def named(person):
            return wanted is None or wanted <= person.tokens or wanted in person.alias_tokens

        holders = [
            person
            for held, person, took, left in self.us_people
            if held == office and took and took - slack <= date <= (left or date) + slack and named(person)
        ]
        if office == "President" and surname is None:
            holders = [
                person
                for held, person, took, left in self.us_people
                if held == office and took and took <= date and (left is None or date < left)
            ] or holders
        return holders[-1] if holders else None

    # Records -----------------------------------------------------------------------------------

    def plan_visit(self, visit):
        self.report.visits_read += 1
        code, name_at_time = self.countries.resolve(visit["from_id"], visit["from"])
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
        )
        if plan.date is None:
            plan.problems.append("no date in the record")
        if code is None:
            plan.problems.append(f"unknown country “{visit['from']}”")
        for text in split_visitors(visit["visitor"]):
            office, name = split_title(text)
            if not looks_like_name(name):
                plan.problems.append(f"visitor not named: “{text}”")
                continue
            plan.mentions.append((Mention(office, name, code or "", plan.date), name_at_time))
        if not plan.mentions and not any(p.startswith("visitor") for p in plan.problems):
            plan.problems.append("no visitor in the record")
        series = find_summit_series(visit["description"])
        plan.kind = kind_from_text(visit["description"], Meeting.Kind.MULTILATERAL if series else plan.kind)
        if series and plan.date:
            city = city_from_text(visit["description"]) if series != "unga" else "New York"
            self.add_summit_mention(series, plan, visit["start"], visit["end"], "US", city)
        # The US side: the sitting President, unless the description names the Vice President or Secretary.
        us_side = []
        if plan.date:
            named = [(m.group("office"), m.group("name")) for m in US_REFERENCE_RE.finditer(visit["description"])]
            for office, surname in named:
                holder = self.us_holder(office, plan.date, surname)
                if holder:
                    us_side.append((holder, office))
                else:
                    plan.problems.append(f"{office} {surname} not identified")
            mentions_president = re.search(
                r"\bPresident\s+(?!of\b)[A-Z]", visit["description"].replace("Vice President", "")
            )
            if not named or mentions_president:
                president = self.us_holder("President", plan.date)
                if president:
                    us_side.insert(0, (president, "President"))
                else:
                    plan.problems.append("no US President found for the date")
        plan.us_side = us_side
        self.plans.append(plan)

    def plan_trip(self, trip):
        self.report.trips_read += 1
        code, name_at_time = self.countries.resolve(trip["country_id"], trip["country"])
        series = find_summit_series(trip["remarks"])
        city = trip["locale"].split(",")[0].strip()
        base = {
            "dataset": TRAVELS,
            "record_id": trip["id"],
            "date": trip["start"],
            "end_date": trip["end"] if trip["end"] and trip["end"] != trip["start"] else None,
            "city": city,
            "country": code or "",
            "note": trip["remarks"],
            "record_created": trip["created"],
            "record_modified": trip["modified"],
        }
        if series and trip["start"] and code:
            self.add_summit_mention(series, base, trip["start"], trip["end"], code, city)
        office = "President" if trip["role"] == "president" else "Secretary of State"
        traveller = self.us_holder(office, trip["start"], trip["name"]) if trip["start"] else None
        kind = kind_from_text(trip["remarks"], Meeting.Kind.BILATERAL)
        seen_parts = set()
        for item in met_with_items(trip["remarks"]):
            parsed = parse_item(item, self.countries)
            if parsed is None or GROUP_WORDS.search(item):
                continue
            item_office, name, hint = parsed
            if US_OFFICIAL_RE.search(item) or hint == "US":
                continue
            if (
                name
                and item_office in {"President", "Vice President"}
                and self.us_holder(item_office, trip["start"], name)
            ):
                continue  # the traveller's own President, not a counterpart
            part = slugify(item)[:200] or "counterpart"
            if part in seen_parts:
                continue
            seen_parts.add(part)
            plan = Plan(part=part, kind=kind, **base)
            plan.us_side = [(traveller, office)] if traveller else []
            if traveller is None:
                plan.problems.append(f"traveller “{trip['name']}” not identified")
            if plan.date is None:
                plan.problems.append("no date in the record")
            country = hint or code
            if not country:
                plan.problems.append(f"unknown country “{trip['country']}”")
            if name and looks_like_name(name):
                self.report.named_counterparts += 1
                at_time = name_at_time if country == code else ""
                plan.mentions.append((Mention(item_office, name, country or "", plan.date), at_time))
            else:
                self.report.unnamed_counterparts += 1
                plan.problems.append("counterpart named only by office")
                plan.unnamed = item
            plan.summit_key = base.get("summit_key")
            self.plans.append(plan)

    def add_summit_mention(self, series, holder, start, end, host, city):
        key = (
            (holder.dataset, holder.record_id) if isinstance(holder, Plan) else (holder["dataset"], holder["record_id"])
        )
        series = normalise_series(series, start)
        self.summit_mentions.append(SummitMention(series, start, end or start, host, city, key))
        if isinstance(holder, Plan):
            holder.summit_key = key
        else:
            holder["summit_key"] = key

    # Resolution --------------------------------------------------------------------------------

    def resolve_people(self):
        mentions = [mention for plan in self.plans for mention, _ in plan.mentions]
        # Full names first, so that a lone surname finds the full name of the same person.
        full = sorted(
            (m for m in mentions if len(key_tokens(name_tokens(m.name))) >= 2),
            key=lambda m: m.date or datetime.date.min,
        )
        short = sorted(
            (m for m in mentions if len(key_tokens(name_tokens(m.name))) < 2), key=lambda m: m.date or datetime.date.min
        )
        for mention in self.progress(full, desc="Full names", unit="name"):
            self.resolve(mention, create=True)
        # Lone surnames: attach those near a known person's years first, again and again, since every match
        # widens that person's years ("De Gaulle" 1961 joins Charles de Gaulle 1969, then "De Gaulle" 1959 can).
        pending = short
        while pending:
            left = [m for m in pending if not self.resolve(m, create=False)]
            if len(left) == len(pending):
                break
            pending = left
        for mention in pending:
            self.resolve(mention, create=True)

    def resolve(self, mention, *, create):
        """Find (or, with ``create``, add) the person a mention means; False when left for later."""
        if not mention.country:
            mention.problem = "country unknown"
            return True
        person, problem = self.index.find(mention.name, mention.country, mention.date, office=mention.office)
        if problem:
            mention.problem = problem
            return True
        if person is None:
            if not create:
                return False
            person = self.index.namesake(mention.name, mention.country, mention.date) or self.index.add(
                Person.named(mention.name, mention.country, mention.office, mention.date)
            )
        else:
            if person.take_name(mention.name):
                self.index.add_tokens(person)
            if mention.office and mention.date and (person.last is None or mention.date >= person.last):
                person.office = mention.office
        person.seen_on(mention.date)
        mention.person = person
        return True

    # Writing -----------------------------------------------------------------------------------

    def write_leaders(self):
        country_ids = dict(Country.objects.values_list("code", "pk"))
        used_slugs = set(Leader.objects.values_list("slug", flat=True))
        new, changed = [], []
        for person in self.index.people:
            if not getattr(person, "used", False):
                continue
            if person.is_new:
                slug = free_slug(slugify(person.name)[:190] or "leader", used_slugs)
                leader = Leader(
                    name=person.name,
                    slug=slug,
                    country_id=country_ids[person.country],
                    office=person.office,
                    aliases="\n".join(sorted(person.aliases)),
                )
                person.leader = leader
                new.append(leader)
            elif person.aliases != person.original_aliases or (not person.original_office and person.office):
                leader = Leader(pk=person.leader_id)
                leader.aliases = "\n".join(sorted(person.aliases))
                leader.office = person.original_office or person.office
                changed.append(leader)
        Leader.objects.bulk_create(new, batch_size=500)
        Leader.objects.bulk_update(changed, ["aliases", "office"], batch_size=500)
        for person in self.index.people:
            if getattr(person, "leader", None) is not None:
                person.leader_id = person.leader.pk
        self.report.leaders_created = len(new)

    def write_summits(self):
        editions = group_editions(self.summit_mentions)
        country_ids = dict(Country.objects.values_list("code", "pk"))
        existing = list(Summit.objects.all())
        used_slugs = {s.slug for s in existing}
        summit_for_key, new = {}, []
        for edition in editions:
            start, end = edition.start, edition.end
            match = next(
                (
                    s
                    for s in existing
                    if s.series == edition.series
                    and s.start_date - datetime.timedelta(days=3) <= end
                    and start <= s.end_date + datetime.timedelta(days=3)
                ),
                None,
            )
            if match is None:
                slug = free_slug(slugify(f"{edition.series} {edition.city} {start.year}")[:190], used_slugs)
                match = Summit(
                    name=edition.name,
                    slug=slug,
                    series=edition.series,
                    host_country_id=country_ids.get(edition.host),
                    city=edition.city,
                    start_date=start,
                    end_date=max(end, start),
                    description="Created from the U.S. Office of the Historian's records of those who attended.",
                )
                new.append(match)
                existing.append(match)
                self.report.summits_by_series[edition.series] += 1
            for mention in edition.mentions:
                summit_for_key[mention.key] = match
        Summit.objects.bulk_create(new, batch_size=500)
        self.report.summits_created = len(new)
        return summit_for_key

    def participants_of(self, plan):
        """[(leader_id, office, country_code, country_name_at_time)] in order; problems noted on the plan."""
        rows = []
        for mention, name_at_time in plan.mentions:
            if mention.person is None:
                plan.problems.append(mention.problem or f"“{mention.name}” not identified")
                continue
            rows.append((mention.person, mention.office or mention.person.office, mention.country, name_at_time))
        for person, office in getattr(plan, "us_side", []):
            rows.append((person, office, "US", ""))
        unique, seen = [], set()
        for row in rows:
            identity = row[0].leader_id or id(row[0])
            if identity not in seen:
                seen.add(identity)
                unique.append(row)
                row[0].used = True
        return unique

    def title_of(self, plan, rows):
        names = [person.name for person, *_ in rows]
        if plan.dataset == VISITS:
            visitors = [person.name for person, _, code, _ in rows if code != "US"] or ["A visitor"]
            hosts = [person.name for person, _, code, _ in rows if code == "US"]
            subject = " and ".join(visitors)
            verb = "meet" if len(visitors) > 1 else "meets"
            return f"{subject} {verb} {' and '.join(hosts)}" if hosts else f"{subject} visits the United States"
        if len(names) >= 2:
            place = f" in {plan.city}" if plan.city else ""
            return f"{names[-1]} meets {names[0]}{place}"
        counterpart = getattr(plan, "unnamed", "a counterpart")
        return f"{names[0] if names else 'US envoy'} meets {counterpart}"

    def run(self, *, dry_run=False):
        visits = list(read_visits(self.folder)) if (self.folder / "visits").exists() else []
        trips = list(read_travels(self.folder)) if (self.folder / "travels").exists() else []
        if not visits and not trips:
            raise FileNotFoundError(f"No visits/ or travels/ data under {self.folder}")
        self.seed_existing_leaders()
        self.seed_us_people(read_presidents(self.folder), trips)
        for visit in self.progress(visits, desc="Visits", unit="record"):
            self.plan_visit(visit)
        for trip in self.progress(trips, desc="Travels", unit="record"):
            self.plan_trip(trip)
        self.resolve_people()
        with transaction.atomic():
            for plan in self.plans:
                plan.rows = self.participants_of(plan)
            self.write_leaders()
            summit_for_key = self.write_summits()
            self.write_meetings(summit_for_key)
            if dry_run:
                transaction.set_rollback(True)
        return self.report

    def write_meetings(self, summit_for_key):
        country_ids = dict(Country.objects.values_list("code", "pk"))
        origins = {(o.dataset, o.record_id, o.part): o for o in ImportedRecord.objects.select_related("meeting")}
        used_slugs = set(Meeting.objects.exclude(slug="").values_list("slug", flat=True))
        existing_by_date = self.meetings_by_date()
        now = timezone.now()
        to_create, to_update, new_origins, updated_origins = [], [], [], []
        rows_for = {}
        for plan in self.progress(self.plans, desc="Meetings", unit="meeting"):
            rows = plan.rows
            if len(rows) < 2 and not plan.problems:
                plan.problems.append("fewer than two participants")
            reason = "; ".join(dict.fromkeys(plan.problems))[:300]
            summit = summit_for_key.get(plan.summit_key)
            title = self.title_of(plan, rows)[:300]
            fields = {
                "title": title,
                "date": plan.date,
                "end_date": plan.end_date,
                "kind": plan.kind,
                "summit_id": summit.pk if summit else None,
                "city": plan.city[:100],
                "country_id": country_ids.get(plan.country),
                "summary": "",
                "report": f"The Office of the Historian's record: “{plan.note}”" if plan.note else "",
                "search_text": Meeting.build_search_text(title, "", plan.note, [person.name for person, *_ in rows]),
                "status": Meeting.Status.DRAFT if reason else Meeting.Status.PUBLISHED,
                "review_reason": reason,
            }
            if reason:
                self.report.drafts[re.sub(r"“[^”]*”", "…", reason.split(";")[0])] += 1
            else:
                self.report.published += 1
                if plan.dataset == VISITS:
                    self.report.published_visits += 1
                else:
                    self.report.published_counterparts += 1
            origin = origins.get(plan.key)
            if origin is not None:
                meeting = origin.meeting
                origin.record_created, origin.record_modified = plan.record_created, plan.record_modified
                updated_origins.append(origin)
                if not origin.created_meeting or meeting.updated_by_id or meeting.created_by_id:
                    self.report.meetings_kept += 1
                    continue
                for name, value in fields.items():
                    setattr(meeting, name, value)
                if meeting.status == Meeting.Status.PUBLISHED and meeting.published_at is None:
                    meeting.published_at = now
                meeting.updated_at = now
                to_update.append(meeting)
                rows_for[id(meeting)] = (meeting, rows, plan)
                self.report.meetings_updated += 1
                continue
            twin = self.find_twin(existing_by_date, plan, rows)
            if twin is not None:
                new_origins.append(self.origin(twin, plan, created_meeting=False))
                self.report.meetings_attached += 1
                continue
            slug = free_slug(slugify(f"{title} {plan.date or ''}")[:190] or "meeting", used_slugs)
            meeting = Meeting(slug=slug, published_at=now if not reason else None, **fields)
            to_create.append(meeting)
            rows_for[id(meeting)] = (meeting, rows, plan)
            self.report.meetings_created += 1
        Meeting.objects.bulk_create(to_create, batch_size=500)
        Meeting.objects.bulk_update(
            to_update, [*fields, "published_at", "updated_at"], batch_size=500
        ) if to_update else None
        for meeting in to_create:
            new_origins.append(self.origin(meeting, rows_for[id(meeting)][2]))
        ImportedRecord.objects.bulk_create(new_origins, batch_size=500)
        ImportedRecord.objects.bulk_update(updated_origins, ["record_created", "record_modified"], batch_size=500)
        self.write_participants_and_sources(rows_for.values(), country_ids)

    def origin(self, meeting, plan, *, created_meeting=True):
        return ImportedRecord(
            meeting=meeting,
            created_meeting=created_meeting,
            dataset=plan.dataset,
            record_id=plan.record_id,
            part=plan.part,
            record_created=plan.record_created,
            record_modified=plan.record_modified,
        )

    def meetings_by_date(self):
        """Meetings not imported from these datasets, by date, with their leaders: to avoid twins."""
        by_date = {}
        links = Participation.objects.filter(meeting__imported_records__isnull=True).values_list(
            "meeting_id", "meeting__date", "meeting__end_date", "leader_id"
        )
        meetings = {}
        for meeting_id, date, end_date, leader_id in links:
            entry = meetings.setdefault(meeting_id, (date, end_date, set()))
            entry[2].add(leader_id)
        for meeting_id, (date, end_date, leaders) in meetings.items():
            if date is None:
                continue
            day = date
            while day <= (end_date or date):
                by_date.setdefault(day, []).append((meeting_id, leaders))
                day += datetime.timedelta(days=1)
        return by_date

    @staticmethod
    def find_twin(by_date, plan, rows):
        if plan.date is None or len(rows) < 2:
            return None
        wanted = {person.leader_id for person, *_ in rows}
        day = plan.date
        while day <= (plan.end_date or plan.date):
            for meeting_id, leaders in by_date.get(day, []):
                if wanted <= leaders:
                    return Meeting(pk=meeting_id)
            day += datetime.timedelta(days=1)
        return None

    def write_participants_and_sources(self, entries, country_ids):
        entries = list(entries)
        meeting_ids = [meeting.pk for meeting, _, _ in entries]
        for start in range(0, len(meeting_ids), 500):
            batch = meeting_ids[start : start + 500]
            Participation.objects.filter(meeting_id__in=batch).delete()
            Source.objects.filter(meeting_id__in=batch).delete()
        participations, sources = [], []
        for meeting, rows, plan in entries:
            seen = set()
            for order, (person, office, code, name_at_time) in enumerate(rows):
                if person.leader_id in seen:
                    continue
                seen.add(person.leader_id)
                participations.append(
                    Participation(
                        meeting_id=meeting.pk,
                        leader_id=person.leader_id,
                        country_id=country_ids[code],
                        office=(office or "")[:200],
                        country_name=(name_at_time or "")[:100],
                        order=order,
                    )
                )
            title, url = DATASET_PAGES[plan.dataset]
            sources.append(
                Source(meeting_id=meeting.pk, publisher=PUBLISHER, title=f"{title} (record {plan.record_id})", url=url)
            )
        Participation.objects.bulk_create(participations, batch_size=1000)
        Source.objects.bulk_create(sources, batch_size=1000)
