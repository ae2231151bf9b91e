"""Writing the planned import of the Office of the Historian's records: leaders, summits, meetings, in bulk.

Only what changed is written again: a second run over the same data touches no meeting, participation or source.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from ..data.names_in_scripts import apply_names
from ..history import record_bulk
from ..maintenance import after_bulk_write
from ..models import Country, ImportedRecord, Leader, LeaderIdentifier, Meeting, Participation, Source, Summit, Term
from .history_state_identity import HONORIFIC_WORDS
from .history_state_summits import same_place
from .names import office_parts, own_title
from .summits import group_editions, read_reference_editions

PUBLISHER = "U.S. Department of State, Office of the Historian"
# Offices whose holders are known by one name: monarchs ("royal" in office_parts), popes, patriarchs.
REGNAL = {"royal", "grand duke", "grand duchess", "regent"}
RELIGIOUS_RE = re.compile(r"\b(?:pope|patriarch|archbishop|catholicos)\b", re.I)
VISITS = ImportedRecord.Dataset.HISTORY_STATE_VISITS
SUMMITS = ImportedRecord.Dataset.HISTORY_STATE_SUMMITS
# What the history says of the rows this import writes in bulk (meetings/history.py record_bulk).
HISTORY_REASON = "Import of the Office of the Historian's records"


@dataclass
class Report:
    visits_read: int = 0
    trips_read: int = 0
    cancelled: int = 0
    named_counterparts: int = 0
    unnamed_counterparts: int = 0
    meetings_created: int = 0
    meetings_updated: int = 0
    meetings_unchanged: int = 0
    meetings_kept: int = 0
    meetings_attached: int = 0
    published: int = 0
    drafts: Counter = field(default_factory=Counter)
    leaders_created: int = 0
    leaders: int = 0
    summits_created: int = 0
    summits_by_series: Counter = field(default_factory=Counter)
    published_visits: int = 0
    published_counterparts: int = 0
    plenaries: int = 0
    attendance_visits: int = 0
    # [(leader name, country, meetings, reason)]: leaders still known by a surname alone.
    surnames: list = field(default_factory=list)
    regnal: int = 0
    events: int = 0
    duplicate_trips: int = 0
    event_visits: int = 0
    # Leaders given names in other scripts and spellings (meetings/data/names_in_scripts.csv).
    other_names: int = 0

    def lines(self):
        def share(part, whole):
            return f"{100 * part / whole:.1f} %" if whole else "n/a"

        yield (
            f"Records read: {self.visits_read} visits, {self.trips_read} trip legs; {self.cancelled} cancelled or "
            f"postponed (no meeting); {self.duplicate_trips} trip legs listed twice (read once)."
        )
        meetings = self.visits_read - self.attendance_visits
        yield (
            f"Visits that were meetings (not only attendance at a summit): {meetings}; published with every "
            f"participant identified: {self.published_visits} ({share(self.published_visits, meetings)})."
        )
        if self.events:
            yield (
                f"Events several visitors attended together, each one meeting named after it: {self.events}, "
                f"for {self.event_visits} visits (counted above with their event's meeting)."
            )
        named, published = self.named_counterparts, self.published_counterparts
        clauses = named + self.unnamed_counterparts
        yield (
            f"Named counterparts in 'Met with' clauses: {named}; published with every participant "
            f"identified: {published} ({share(published, named)})."
            f" Counterparts named only by office (drafts): {self.unnamed_counterparts};"
            f" all counterparts: {published} of {clauses} published ({share(published, clauses)})."
        )
        yield (
            f"Meetings: {self.meetings_created} created, {self.meetings_updated} updated, "
            f"{self.meetings_unchanged} unchanged, "
            f"{self.meetings_kept} left as they are (changed by editors, or entered before the import), "
            f"{self.meetings_attached} matched to meetings already in the archive; "
            f"{self.published} published, {sum(self.drafts.values())} held as drafts."
        )
        for reason, count in self.drafts.most_common():
            yield f"  draft: {reason}: {count}"
        yield (
            f"Summit plenaries: {self.plenaries} published (one per edition, everyone the records place there); "
            f"{self.attendance_visits} visits were attendance at a summit only, not a meeting with the President."
        )
        yield (
            f"Leaders: {self.leaders} taking part, {self.leaders_created} created, {self.other_names} given names "
            f"in other scripts and spellings. Summits created: {self.summits_created}."
        )
        if self.leaders:
            yield (
                f"Leaders taking part known by a surname alone: {len(self.surnames)} "
                f"({share(len(self.surnames), self.leaders)}; monarchs and popes known by the one name they reign "
                f"by are not counted: {self.regnal}):"
            )
            for name, country, meetings, reason in sorted(self.surnames):
                yield f"  {name} ({country}, {meetings} meeting{'s' if meetings != 1 else ''}): {reason}"
        if self.summits_by_series:
            yield "Summit editions by series: " + ", ".join(
                f"{series} {count}" for series, count in sorted(self.summits_by_series.items())
            )


VISIT_KINDS = {
    Meeting.Kind.STATE_VISIT,
    Meeting.Kind.OFFICIAL_VISIT,
    Meeting.Kind.WORKING_VISIT,
    Meeting.Kind.PRIVATE_VISIT,
}


def edition_slug(series, city, year):
    """A summit edition's slug, alike for the reference table's and the import's: "g20-johannesburg-2025"."""
    return slugify(f"{series} {city} {year}")[:190]


def free_slug(base, used):
    """``base``, or ``base-2``, ``base-3``… whichever is not in ``used`` yet (and is then taken)."""
    slug, n = base, 1
    while slug in used:
        n += 1
        slug = f"{base}-{n}"
    used.add(slug)
    return slug


# People whose whole name is one word: the Indonesian Presidents Sukarno and Suharto, as was usual in Java.
KNOWN_BY_ONE_NAME = {"Sukarno", "Suharto"}


def is_one_word(name):
    """A name of one word but for styles: "Castiella", "Ellemann-Jensen", "Lord Tweedsmuir" (not "Amir Peretz")."""
    return len([word for word in name.split() if word.lower().strip(".") not in HONORIFIC_WORDS]) < 2


class MeetingWriter:
    """The writing half of HistoryStateImport: expects ``plans``, ``index``, ``summit_mentions`` and ``report``."""

    @staticmethod
    def reread(model, pks):
        """Rows as stored after a bulk update of some of their fields (for their history)."""
        batches = (pks[start : start + 500] for start in range(0, len(pks), 500))
        return [row for batch in batches for row in model.objects.filter(pk__in=batch)]

    def write_leaders(self):
        country_ids = dict(Country.objects.values_list("code", "pk"))
        used_slugs = set(Leader.objects.values_list("slug", flat=True))
        new, changed = [], []
        mentioned = Counter(id(m.person) for plan in self.plans for m, _ in plan.mentions if m.person is not None)
        for person in self.index.people:
            if not getattr(person, "used", False):
                continue
            self.report.leaders += 1
            if is_one_word(person.name) and person.country != "US" and person.name not in KNOWN_BY_ONE_NAME:
                if any(office_parts(office) & REGNAL or RELIGIOUS_RE.search(office) for office in person.offices):
                    self.report.regnal += 1  # "Akihito", "Elizabeth II": the name a monarch or pope reigns by
                else:
                    reason = getattr(self, "unidentified", {}).get(id(person), "no entry of the authority file fits")
                    self.report.surnames.append((person.name, person.country, mentioned[id(person)], reason))
            if person.is_new:
                slug = free_slug(slugify(person.name)[:190] or "leader", used_slugs)
                leader = Leader(
                    name=person.name,
                    slug=slug,
                    country_id=country_ids[person.country],
                    office=own_title(person.country, person.office, person.last),
                    aliases="\n".join(sorted(person.aliases)),
                )
                person.leader = leader
                new.append(leader)
            else:
                renamed = getattr(person, "reclaimed", False) and person.name != person.original_name
                aliases = person.aliases - {person.name} if renamed else person.aliases
                if renamed or aliases != person.original_aliases or (not person.original_office and person.office):
                    leader = Leader(pk=person.leader_id)
                    leader.name = person.name if renamed else person.original_name
                    leader.aliases = "\n".join(sorted(aliases))
                    leader.office = person.original_office or person.office
                    changed.append((leader, renamed))
        Leader.objects.bulk_create(new, batch_size=500)
        Leader.objects.bulk_update([leader for leader, _ in changed], ["aliases", "office"], batch_size=500)
        Leader.objects.bulk_update([leader for leader, renamed in changed if renamed], ["name"], batch_size=500)
        record_bulk(Leader, new, "+", HISTORY_REASON)
        record_bulk(Leader, self.reread(Leader, [leader.pk for leader, _ in changed]), "~", HISTORY_REASON)
        for person in self.index.people:
            if getattr(person, "leader", None) is not None:
                person.leader_id = person.leader.pk
        self.report.leaders_created = len(new)
        self.write_terms_and_identifiers(country_ids)
        # Once leaders and their identifiers are written: the file finds leaders by identifier, else by name.
        self.report.other_names = len(apply_names().leaders)

    def write_terms_and_identifiers(self, country_ids):
        """The authority file's identifiers and the stated terms of every leader taking part, rewritten only where
        they changed; a leader an editor entered keeps its terms, and gains only identifiers it lacks."""
        people = [p for p in self.index.people if getattr(p, "used", False) and p.leader_id]
        managed = {p.leader_id for p in people if getattr(p, "leader", None) is not None or getattr(p, "reclaimed", 0)}
        ids = [p.leader_id for p in people]
        have_ids, have_terms = {}, {}
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            for leader_id, scheme, value in LeaderIdentifier.objects.filter(leader_id__in=batch).values_list(
                "leader_id", "scheme", "value"
            ):
                have_ids.setdefault(leader_id, set()).add((scheme, value))
            for term in Term.objects.filter(leader_id__in=batch).order_by("pk"):
                have_terms.setdefault(term.leader_id, []).append(self.term_key(term, term.country_id))
        taken = {(s, v): leader for s, v, leader in LeaderIdentifier.objects.values_list("scheme", "value", "leader")}
        new_ids, new_terms, stale_ids, stale_terms = [], [], [], []
        for person in people:
            wanted = {
                (scheme, value)
                for scheme, value in getattr(person, "identifiers", [])
                if taken.get((scheme, value), person.leader_id) == person.leader_id
            }
            have = have_ids.get(person.leader_id, set())
            if person.leader_id in managed:
                if wanted != have:
                    stale_ids.append(person.leader_id)
                    new_ids += [LeaderIdentifier(leader_id=person.leader_id, scheme=s, value=v) for s, v in wanted]
            else:
                schemes = {scheme for scheme, _ in have}
                new_ids += [
                    LeaderIdentifier(leader_id=person.leader_id, scheme=s, value=v)
                    for s, v in wanted - have
                    if s not in schemes
                ]
            if person.leader_id not in managed:
                continue
            terms = []
            for term in getattr(person, "terms", []):
                term.leader_id = person.leader_id
                term.country_id = country_ids.get(getattr(term, "country_code", None))
                terms.append(term)
            if [self.term_key(t, t.country_id) for t in terms] != have_terms.get(person.leader_id, []):
                stale_terms.append(person.leader_id)
                new_terms += terms
        for start in range(0, max(len(stale_ids), len(stale_terms)), 500):
            LeaderIdentifier.objects.filter(leader_id__in=stale_ids[start : start + 500]).delete()
            Term.objects.filter(leader_id__in=stale_terms[start : start + 500]).delete()
        LeaderIdentifier.objects.bulk_create(new_ids, batch_size=1000)
        Term.objects.bulk_create(new_terms, batch_size=1000)

    @staticmethod
    def term_key(term, country_id):
        return (
            term.office,
            country_id,
            term.start,
            term.start_precision,
            term.end,
            term.end_precision,
            term.source,
            term.source_url,
        )

    def write_summits(self):
        editions = group_editions(self.summit_mentions, read_reference_editions())
        country_ids = dict(Country.objects.values_list("code", "pk"))
        existing = list(Summit.objects.select_related("host_country"))
        used_slugs = {s.slug for s in existing}
        summit_for_key, new = {}, []
        for edition in editions:
            start, end = edition.start, edition.end
            # The summit of the archive for these days: the same days (an edition of the reference table), else
            # the nearest within three days.
            near = [
                s
                for s in existing
                if s.series == edition.series
                and s.start_date - datetime.timedelta(days=3) <= end
                and start <= s.end_date + datetime.timedelta(days=3)
            ]
            match = min(
                near, key=lambda s: abs((s.start_date - start).days) + abs((s.end_date - end).days), default=None
            )
            if match is None:
                slug = free_slug(edition_slug(edition.series, edition.city, start.year), used_slugs)
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
        record_bulk(Summit, new, "+", HISTORY_REASON)
        self.report.summits_created = len(new)
        return summit_for_key

    def participants_of(self, plan):
        """[(person, office, country_code, country_name_at_time)] in order; problems noted on the plan."""
        rows = []
        for mention, name_at_time in plan.mentions:
            if mention.person is None:
                plan.problems.append(mention.problem or f"“{mention.name}” not identified")
                continue
            at_time = name_at_time if mention.country == plan.country or plan.dataset == VISITS else ""
            # A counterpart of another country than the trip's: its name of the time (Abbas met in Jerusalem).
            at_time = at_time or self.countries.name_at(mention.country, plan.date)
            office = mention.office or mention.person.office
            # A title a country gives an office its own name: Britain's Foreign Minister is the Foreign Secretary.
            office = own_title(mention.country, office, plan.date)
            problem = self.participation_problem(mention.person, office, plan.date, self.attested)
            if problem:
                plan.problems.append(problem)
            rows.append((mention.person, office, mention.country, at_time))
        for person, office in plan.us_side:
            rows.append((person, office, "US", ""))
        unique, seen = [], set()
        for row in rows:
            if id(row[0]) not in seen:
                seen.add(id(row[0]))
                unique.append(row)
                row[0].used = True
        return unique

    def title_of(self, plan, rows, summit=None):
        if plan.dataset == SUMMITS and summit is not None:
            return summit.name
        if plan.event:
            return f"{plan.event} ({plan.date.year})" if plan.date else plan.event
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
        return f"{names[0] if names else 'US envoy'} meets {plan.unnamed or 'a counterpart'}"

    def meeting_fields(self, plan, summit, country_ids):
        rows = plan.rows
        if len(rows) < 2 and not plan.problems:
            plan.problems.append("fewer than two participants")
        reason = "; ".join(dict.fromkeys(plan.problems))[:300]
        title = self.title_of(plan, rows, summit)[:300]
        return reason, {
            "title": title,
            "date": plan.date,
            "end_date": plan.end_date,
            "kind": plan.kind,
            "summit_id": summit.pk if summit else None,
            "city": (plan.city or self.sidelines_city(plan, summit))[:100],
            "country_id": country_ids.get(plan.country),
            "country_name": (plan.country_name or self.countries.name_at(plan.country, plan.date))[:100],
            "summary": "",
            "report": f"The Office of the Historian's record: “{plan.note}”" if plan.note else "",
            "status": Meeting.Status.DRAFT if reason else Meeting.Status.PUBLISHED,
            "review_reason": reason,
        }

    @staticmethod
    def sidelines_city(plan, summit):
        """The summit's city for a meeting on its sidelines that names no other place: a visit's, or a trip's whose
        places include it and whose sentence names no other ("at Castel Gandolfo" during the Genoa summit, travels
        2389, is not in Genoa)."""
        if summit is None or not summit.city or plan.kind in VISIT_KINDS:
            return ""  # a state visit's meeting is the host's, not the summit's (Pertini in Rome, travels 2905)
        if plan.dataset == VISITS or any(same_place(place, summit.city) for place in plan.summit_places):
            return summit.city
        return ""

    def count(self, plan, reason):
        if reason:
            self.report.drafts[re.sub(r"“[^”]*”", "…", reason.split(";")[0])] += 1
            return
        self.report.published += 1
        if plan.dataset == SUMMITS:
            self.report.plenaries += 1
        elif plan.dataset == VISITS:
            self.report.published_visits += 1 + plan.merged
        elif plan.is_named_counterpart:
            self.report.published_counterparts += 1

    def drop_meetings_of(self, records, parts=()):
        """Records that make no meeting of their own — visits that were only attendance at a summit (their visitors
        are in the plenary), cancelled visits and trips — and parts of records (a trip's conference at a summit,
        which is the summit's plenary) lose the meeting an earlier import made of them, unless an editor changed
        it. ``records``: {(dataset, record id)}; ``parts``: {(dataset, record id, part)}."""
        parts = set(parts)
        ids = {record_id for _, record_id in records} | {record_id for _, record_id, _ in parts}
        stale = [
            meeting_id
            for dataset, record_id, part, meeting_id in ImportedRecord.objects.filter(
                record_id__in=ids,
                created_meeting=True,
                meeting__updated_by__isnull=True,
                meeting__created_by__isnull=True,
            ).values_list("dataset", "record_id", "part", "meeting_id")
            if (dataset, record_id) in records or (dataset, record_id, part) in parts
        ]
        for start in range(0, len(stale), 500):
            Meeting.objects.filter(pk__in=stale[start : start + 500]).delete()  # recorded by the library itself

    def write_meetings(self, summit_for_key):
        country_ids = dict(Country.objects.values_list("code", "pk"))
        origins = {(o.dataset, o.record_id, o.part): o for o in ImportedRecord.objects.select_related("meeting")}
        used_slugs = set(Meeting.objects.exclude(slug="").values_list("slug", flat=True))
        existing_by_date = self.meetings_by_date()
        now = timezone.now()
        to_create, to_update, new_origins, updated_origins = [], [], [], []
        rows_for = {}
        names = []
        for plan in self.progress(self.plans, desc="Meetings", unit="meeting"):
            summit = None if plan.summit_apart else self.summit_of(plan, summit_for_key)
            reason, fields = self.meeting_fields(plan, summit, country_ids)
            names = list(fields)
            self.count(plan, reason)
            origin = origins.get(plan.key)
            if origin is not None:
                meeting = origin.meeting
                if (origin.record_created, origin.record_modified) != (plan.record_created, plan.record_modified):
                    origin.record_created, origin.record_modified = plan.record_created, plan.record_modified
                    updated_origins.append(origin)
                if not origin.created_meeting or meeting.updated_by_id or meeting.created_by_id:
                    self.report.meetings_kept += 1
                    continue
                rows_for[meeting.pk] = (meeting, plan.rows, plan)
                if all(getattr(meeting, name) == value for name, value in fields.items()):
                    self.report.meetings_unchanged += 1
                    continue
                for name, value in fields.items():
                    setattr(meeting, name, value)
                if meeting.status == Meeting.Status.PUBLISHED and meeting.published_at is None:
                    meeting.published_at = now
                meeting.updated_at = now
                to_update.append(meeting)
                self.report.meetings_updated += 1
                continue
            twin = self.find_twin(existing_by_date, plan, plan.rows)
            if twin is not None:
                new_origins.append(self.origin(twin, plan, created_meeting=False))
                self.report.meetings_attached += 1
                continue
            slug = free_slug(slugify(f"{fields['title']} {plan.date or ''}")[:190] or "meeting", used_slugs)
            meeting = Meeting(slug=slug, published_at=now if not reason else None, **fields)
            to_create.append((meeting, plan))
            self.report.meetings_created += 1
        Meeting.objects.bulk_create([meeting for meeting, _ in to_create], batch_size=500)
        if to_update:
            Meeting.objects.bulk_update(to_update, [*names, "published_at", "updated_at"], batch_size=500)
        record_bulk(Meeting, [meeting for meeting, _ in to_create], "+", HISTORY_REASON, when=now)
        record_bulk(Meeting, to_update, "~", HISTORY_REASON, when=now)
        for meeting, plan in to_create:
            rows_for[meeting.pk] = (meeting, plan.rows, plan)
            new_origins.append(self.origin(meeting, plan))
        ImportedRecord.objects.bulk_create(new_origins, batch_size=500)
        ImportedRecord.objects.bulk_update(updated_origins, ["record_created", "record_modified"], batch_size=500)
        self.write_participants_and_sources(rows_for.values(), country_ids)
        after_bulk_write(list(rows_for))  # the searched text, the archive's version, planner statistics

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
        """Participations and the source of each imported meeting, rewritten only where they changed."""
        entries = list(entries)
        wanted_people, wanted_sources = {}, {}
        for meeting, rows, plan in entries:
            wanted_people[meeting.pk] = [
                (person.leader_id, country_ids[code], (office or "")[:200], (at_time or "")[:100], order)
                for order, (person, office, code, at_time) in enumerate(rows)
            ]
            wanted_sources[meeting.pk] = [
                (PUBLISHER, title[:300], url) for title, url in dict.fromkeys([plan.source, *plan.more_sources])
            ]
        have_people, have_sources = {}, {}
        ids = list(wanted_people)
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            for row in (
                Participation.objects.filter(meeting_id__in=batch)
                .order_by("order", "pk")
                .values_list("meeting_id", "leader_id", "country_id", "office", "country_name", "order")
            ):
                have_people.setdefault(row[0], []).append(row[1:])
            for row in (
                Source.objects.filter(meeting_id__in=batch)
                .order_by("pk")
                .values_list("meeting_id", "publisher", "title", "url")
            ):
                have_sources.setdefault(row[0], []).append(row[1:])
        people_changed = [pk for pk in ids if have_people.get(pk, []) != wanted_people[pk]]
        sources_changed = [pk for pk in ids if have_sources.get(pk, []) != wanted_sources[pk]]
        for start in range(0, max(len(people_changed), len(sources_changed)), 500):
            # Deletes send signals row by row: the history records them itself.
            Participation.objects.filter(meeting_id__in=people_changed[start : start + 500]).delete()
            Source.objects.filter(meeting_id__in=sources_changed[start : start + 500]).delete()
        participations = Participation.objects.bulk_create(
            [
                Participation(
                    meeting_id=pk,
                    leader_id=leader,
                    country_id=country,
                    office=office,
                    country_name=at_time,
                    order=order,
                )
                for pk in people_changed
                for leader, country, office, at_time, order in wanted_people[pk]
            ],
            batch_size=1000,
        )
        sources = Source.objects.bulk_create(
            [
                Source(meeting_id=pk, publisher=publisher, title=title, url=url)
                for pk in sources_changed
                for publisher, title, url in wanted_sources[pk]
            ],
            batch_size=1000,
        )
        record_bulk(Participation, participations, "+", HISTORY_REASON)
        record_bulk(Source, sources, "+", HISTORY_REASON)
