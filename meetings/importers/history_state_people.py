"""Who is who in the Office of the Historian's records: the leaders already in the archive, the US office-holders,
and the person each name in a record means."""

import dataclasses
import datetime
from collections import Counter

from ..models import Country, ImportedRecord, Leader, Participation
from .history_state_records import record_date
from .names import Person, name_tokens

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


class PeopleResolver:
    """The people half of HistoryStateImport: expects ``index``, ``plans``, ``us_people`` and ``progress``."""

    def seed_existing_leaders(self):
        """Leaders already in the archive, with their years from the offices held when known, else from the
        meetings not imported from these datasets. Leaders known only from an earlier import are not seeded:
        the records are read afresh, as the first time, and each person found again takes back the leader
        that had its place in the same meetings (see ``reclaim_leaders``), so a second run changes nothing."""
        codes = dict(Country.objects.values_list("pk", "code"))
        imported = {
            meeting_id: (dataset, record_id, part)
            for dataset, record_id, part, meeting_id in ImportedRecord.objects.filter(created_meeting=True).values_list(
                "dataset", "record_id", "part", "meeting_id"
            )
        }
        dates, elsewhere = {}, set()
        self.previous_leaders = {}  # (record key, order) -> leader id
        for leader_id, meeting_id, date, order in Participation.objects.values_list(
            "leader_id", "meeting_id", "meeting__date", "order"
        ):
            if meeting_id in imported:
                self.previous_leaders[(imported[meeting_id], order)] = leader_id
                continue
            elsewhere.add(leader_id)
            if date:
                first, last = dates.get(leader_id, (date, date))
                dates[leader_id] = (min(first, date), max(last, date))
        seen_in_imports = set(self.previous_leaders.values())
        for leader in Leader.objects.all():
            if leader.pk in seen_in_imports and leader.pk not in elsewhere and not leader.took_office:
                continue
            first_met, last_met = dates.get(leader.pk, (None, None))
            person = Person.named(
                leader.name,
                codes[leader.country_id],
                leader.office,
                leader.took_office or first_met,
                leader.left_office or last_met or leader.took_office,
                leader_id=leader.pk,
                is_new=False,
            )
            for alias in leader.alias_list:
                person.add_alias(alias)
            person.original_aliases = set(person.aliases)
            person.original_office = leader.office
            self.index.add(person)

    def reclaim_leaders(self):
        """Give each new person the leader an earlier import made for it: the one most often in its places."""
        votes = Counter()
        for plan in self.plans:
            for order, (person, *_) in enumerate(plan.rows):
                leader_id = self.previous_leaders.get((plan.key, order))
                if leader_id is not None and person.is_new:
                    votes[(id(person), leader_id)] += 1
        people = {id(person): person for person in self.index.people}
        taken = {person.leader_id for person in self.index.people if person.leader_id}
        stored = {
            leader.pk: leader
            for leader in Leader.objects.filter(pk__in={leader_id for _, leader_id in votes}).only(
                "name", "aliases", "office"
            )
        }
        claimed = set()
        for (person_id, leader_id), _ in votes.most_common():
            if person_id in claimed or leader_id in taken:
                continue
            person, leader = people[person_id], stored[leader_id]
            person.leader_id, person.is_new = leader_id, False
            # The import made this leader: its name follows the records and the authority file.
            person.reclaimed, person.original_name = True, leader.name
            for alias in leader.alias_list:
                person.add_alias(alias)
            person.original_aliases, person.original_office = set(leader.alias_list), leader.office
            claimed.add(person_id)
            taken.add(leader_id)

    def us_person(self, name, office, took, left):
        # Exact names only: John Adams and John Quincy Adams were two Presidents.
        person = self.index.find(name, "US", took, exact=True)[0]
        if person is None:
            person = self.index.add(Person.named(name, "US", office, took, left))
        person.seen_on(took)
        person.seen_on(left)
        person.offices.add(office.lower())
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
        wanted = frozenset(name_tokens(surname)) if surname else None

        def named(person):
            return wanted is None or wanted <= person.tokens or any(wanted <= alias for alias in person.alias_tokens)

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

    def resolve_people(self):
        """Full names whose country is known first, then those of counterparts whose country is the trip's (they
        may be anybody already known), then lone surnames, which never change a person's years."""
        mentions = sorted(
            (mention for plan in self.plans for mention, _ in plan.mentions),
            key=lambda m: m.date or datetime.date.min,
        )
        curated = [m for m in mentions if m.curated]
        mentions = [m for m in mentions if not m.curated]
        full = [m for m in mentions if len(name_tokens(m.name)) >= 2]
        short = [m for m in mentions if len(name_tokens(m.name)) < 2]
        for mention in self.progress([m for m in full if not m.guessed], desc="Full names", unit="name"):
            self.resolve(mention)
        for mention in [m for m in full if m.guessed]:
            self.resolve(mention)
        merged = self.index.merge_variants()
        for mention in full:
            if mention.person is not None:
                mention.person = merged.get(id(mention.person), mention.person)
        # The curated full names, before lone surnames: their years then count for "President Bongo" (2002).
        for mention in [m for m in curated if len(name_tokens(m.name)) >= 2]:
            self.resolve_curated(mention)
        # A lone surname the trip's country does not know: first where the name is most often met, so that
        # "Chairman Arafat", met in Gaza and in Cairo, is one Palestinian leader.
        groups = {}
        for mention in short:
            groups.setdefault((mention.guessed, frozenset(name_tokens(mention.name))), []).append(mention)
        ordered = [m for m in short if not m.guessed]
        for (guessed, _), group in groups.items():
            if guessed:
                home = Counter(m.country for m in group).most_common(1)[0][0]
                ordered.extend(sorted(group, key=lambda m: m.country != home))
        left = [m for m in ordered if not self.resolve(m, create=False)]
        # Still unknown: the same surname in the same office met within two years and read as someone
        # ("Djukanovic", June 1999, is the "Djukanovic" of December 1999, Milo Djukanovic), else a new person.
        seen = {}
        for mention in ordered:
            if mention.person is not None and not mention.person.is_surname_only:
                key = (mention.country, frozenset(name_tokens(mention.name)))
                seen.setdefault(key, []).append(mention)
        for mention in left:
            nearby = [
                m.person
                for m in seen.get((mention.country, frozenset(name_tokens(mention.name))), [])
                if mention.date
                and m.date
                and abs((m.date - mention.date).days) <= self.index.SURNAME_AFTER_DAYS
                and m.person.held(mention.office)
            ]
            if nearby and all(person is nearby[0] for person in nearby):
                mention.person = nearby[0]
                continue
            self.resolve(mention)
        self.fold_lone_surnames()
        for mention in [m for m in curated if len(name_tokens(m.name)) < 2]:
            self.resolve_curated(mention)

    def resolve_curated(self, mention):
        """A name the curated table gives (``fixtures/history_state_people.csv``) is that person's, however many
        years lie between: "Foreign Minister Bouteflika" of 1973 is President Abdelaziz Bouteflika of 2001. So it
        is read once every other full name (or, for a lone surname, every other name) has made its people, as the
        person of that country known by that very name (the one closest in time when two share it, as the two
        Konstantinos Karamanlis do); else as any other name."""
        person = self.index.find_named(mention.name, mention.country, mention.date) if mention.country else None
        if person is None:
            return self.resolve(mention)
        self.widen(person, mention)
        person.add_alias(mention.name)
        mention.person = person
        return True

    @staticmethod
    def widen(person, mention):
        """The person was met on the mention's date, in its office (the latest office is the person's own)."""
        person.seen_on(mention.date)
        if mention.office:
            person.offices.add(mention.office.lower())
            if mention.date and (person.last is None or mention.date >= person.last):
                person.office = mention.office

    def fold_lone_surnames(self):
        """A lone surname met before its full name was ("Prime Minister Fayyad" in Jerusalem in March 2008, "Salam
        Fayyad" named from May) was made a person of its own, in the trip's country. Fold it into the one person
        known by a full name that every mention of it fits: same office, within the windows ``find`` uses
        (``find_anywhere``'s for a mention in another country), measured on the years of every mention that person
        had by the end; the mentions then take that person's country."""
        mentions = [mention for plan in self.plans for mention, _ in plan.mentions if mention.person is not None]
        spans = {}
        for mention in mentions:
            if mention.date:
                first, last = spans.get(id(mention.person), (mention.date, mention.date))
                spans[id(mention.person)] = (min(first, mention.date), max(last, mention.date))
        by_person = {}
        for mention in mentions:
            by_person.setdefault(id(mention.person), []).append(mention)
        spanned = {}

        def whole(person):
            if id(person) not in spanned:
                first, last = spans.get(id(person), (person.first, person.last))
                widened = dataclasses.replace(person)
                widened.seen_on(first)
                widened.seen_on(last)
                spanned[id(person)] = widened
            return spanned[id(person)]

        folded = set()
        for lone in [p for p in self.index.people if p.is_new and p.is_surname_only and id(p) in by_person]:
            targets = set()
            for mention in by_person[id(lone)]:
                fits = [
                    person
                    for person in self.index._by_token.get(lone.family, [])
                    if person is not lone
                    and not person.is_surname_only
                    and person.country != "US"
                    and lone.generation in ("", person.generation)
                    and (person.given if person.country in self.index.FAMILY_FIRST else person.family) == lone.family
                    and self.index.surname_names(lone, person)
                    and person.held(mention.office)
                    and self.index.surname_fits(
                        whole(person),
                        mention.date,
                        mention.office,
                        near=person.country not in self.index.countries(mention.country),
                    )
                ]
                targets.add(id(fits[0]) if len(fits) == 1 else None)
                if len(fits) == 1:
                    target = fits[0]
            if len(targets) != 1 or None in targets:
                continue
            for mention in by_person[id(lone)]:
                mention.person = target
                if target.country not in self.index.countries(mention.country):
                    mention.country = target.country
            target.add_alias(lone.name)
            folded.add(id(lone))
        if folded:
            self.index.people = [p for p in self.index.people if id(p) not in folded]

    def resolve(self, mention, *, create=True):
        """Find (or, with ``create``, add) the person a mention means, or note why not; False when left for
        later."""
        if not mention.country:
            mention.problem = "country unknown"
            return True
        lone = len(name_tokens(mention.name)) < 2
        person, problem, how = None, "", ""
        if mention.for_organisation:
            person = self.index.find_anywhere(mention.name, mention.date, among_several=True)
            how = "surname" if lone else "name"
        if person is None:
            person, problem, how = self.index.find(mention.name, mention.country, mention.date, office=mention.office)
        if problem:
            mention.problem = problem
            return True
        if person is None and mention.guessed:
            person = self.index.find_anywhere(
                mention.name, mention.date, among_several=mention.among_several, office=mention.office, strict=True
            )
            how = "surname" if lone else "name"
            if person is not None:
                mention.country = person.country
            elif lone and mention.at_summit and create:
                mention.problem = f"“{mention.name}” not found among the leaders known (lone surname at a summit)"
                return True
        if person is None:
            if not create:
                return False
            person = self.index.namesake(mention.name, mention.country, mention.date, mention.office) or self.index.add(
                Person.named(mention.name, mention.country, mention.office, mention.date)
            )
            how = "name"
        elif person.take_name(mention.name):
            self.index.add_tokens(person)
        if how == "name" or person.is_surname_only:
            # Only a full name widens a person's years and offices (or the lone surname of a person known by no
            # other): lone surnames would chain one Somoza to the next.
            self.widen(person, mention)
        mention.person = person
        return True
