"""Telling which person a name in a record means: the people found so far, by country and by name."""

from .names import Person


class PersonIndex:
    """Finds the one person a mention refers to, or says it is ambiguous.

    A full name matches a person of the same country (or of the state it succeeded or was succeeded by) active
    within twenty years of the date, with the same words (in any order: "Kishida Fumio" is "Fumio Kishida"), an
    alias, or a name one holds within the other (see Person.same_person_as); failing that, a person active within
    six years whose name is spelled nearly alike (Person.spelled_like). A lone surname ("President Jiang")
    matches a person of that country with that name active within ten years of the date (twenty for a person
    known by that surname alone, sixty for a monarch, four when that person never held the office); when
    several were, the one known by a full name, then the one closest in time, and if that is a tie, nobody.
    """

    WINDOW_DAYS = 365 * 20
    # The same full name a generation apart is two people (the two Bjarni Benediktssons, the two Konstantinos
    # Karamanlis); a career with a long gap in the records is one (Suleiman Demirel, 1969 and 1992).
    FULL_NAME_WINDOW_DAYS = 365 * 25
    # Monarchs reign for decades: "King Sihanouk" in 1955 and in 1995 is one man.
    MONARCHS = {"king", "queen", "emperor", "empress", "sultan", "emir", "amir", "grand duke", "grand duchess", "shah",
                "prince", "princess", "crown prince"}  # fmt: skip
    MONARCH_WINDOW_DAYS = 365 * 60
    SPELLING_WINDOW_DAYS = 365 * 6
    # A lone surname is the person of that full name only within ten years: "President Somoza" of 1952 is not
    # Anastasio Somoza Debayle, first named in 1967, but the "President Somoza" of 1939.
    SURNAME_TO_NAME_WINDOW_DAYS = 365 * 10
    # A lone surname in another office is someone else sooner: "President Traore" (to 1991) is not
    # "Foreign Minister Traore" (1996), while "Foreign Minister Obuchi" (1997) is "Prime Minister Obuchi" (1999).
    OTHER_OFFICE_WINDOW_DAYS = 365 * 4

    def __init__(self, related=None):
        self.people = []
        self.related = related or {}
        self._by_country_token = {}
        self._by_country = {}
        self._by_token = {}

    def add(self, person):
        self.people.append(person)
        self._by_country.setdefault(person.country, []).append(person)
        self.add_tokens(person)
        return person

    def add_tokens(self, person):
        for token in person.tokens.union(*person.alias_tokens):
            if token[0] in "#^":
                continue
            for bucket in (
                self._by_country_token.setdefault((person.country, token), []),
                self._by_token.setdefault(token, []),
            ):
                if person not in bucket:
                    bucket.append(person)

    def countries(self, country):
        return [country, *self.related.get(country, ())]

    def _candidates(self, country, tokens, *, related=True):
        seen = {}
        for code in self.countries(country) if related else [country]:
            for token in tokens:
                for person in self._by_country_token.get((code, token), []):
                    seen[id(person)] = person
        return list(seen.values())

    @staticmethod
    def _distance_days(person, date):
        if person.first is None or date is None or person.first <= date <= person.last:
            return 0
        return min(abs((date - person.first).days), abs((date - person.last).days))

    @staticmethod
    def gap_days(first, second):
        """Days between two people's known years (0 when they overlap)."""
        if None in (first.first, second.first) or (first.first <= second.last and second.first <= first.last):
            return 0
        return min(abs((first.first - second.last).days), abs((second.first - first.last).days))

    def merge_variants(self):
        """Join people read as two because their names came in an unlucky order ("Mohammed Zarif" before "Javad
        Zarif" before "Mohammed Javad Zarif"), with the rules ``find`` uses; a leader already in the archive
        absorbs a new person, never the reverse. Returns {id(absorbed): kept}."""
        merged = {}
        for people in self._by_country.values():
            full = [p for p in people if not p.is_surname_only]
            for i, first in enumerate(full):
                for second in full[i + 1 :]:
                    if id(first) in merged or id(second) in merged or not (first.is_new or second.is_new):
                        continue
                    gap = self.gap_days(first, second)
                    if not any(
                        (gap <= self.WINDOW_DAYS and one.same_person_as(other))
                        or (gap <= self.SPELLING_WINDOW_DAYS and one.spelled_like(other))
                        for one in first.forms()
                        for other in second.forms()
                    ):
                        continue
                    kept, gone = (first, second) if not first.is_new or second.is_new else (second, first)
                    for name in [gone.name, *sorted(gone.aliases)]:
                        if kept.is_new:
                            kept.take_name(name)
                        else:
                            kept.add_alias(name)
                    kept.seen_on(gone.first)
                    kept.seen_on(gone.last)
                    kept.offices |= gone.offices
                    merged[id(gone)] = kept
        if merged:
            self.people = [p for p in self.people if id(p) not in merged]
            for index in (self._by_country_token, self._by_token, self._by_country):
                for key, bucket in index.items():
                    index[key] = [p for p in bucket if id(p) not in merged]
            for person in self.people:
                self.add_tokens(person)
        return merged

    def _near(self, people, date, days):
        return [p for p in people if self._distance_days(p, date) <= days]

    def _closest(self, people, date, name):
        """The one of several people closest in time to ``date``; a tie is ambiguous."""
        people = sorted(people, key=lambda p: self._distance_days(p, date))
        if len(people) == 1 or self._distance_days(people[0], date) < self._distance_days(people[1], date):
            return people[0], ""
        return None, f"“{name}” could be several people"

    def namesake(self, name, country, date, office=""):
        """A person known only by this same surname, within twenty years whatever the office: with no full name
        to tell them apart, "Premier Spaak" (1948) and "Foreign Minister Spaak" (1964) are read as one."""
        probe = Person.named(name, country, "")
        found = [
            p
            for p in self._near(self._candidates(country, probe.tokens, related=False), date, self.WINDOW_DAYS)
            if p.is_surname_only and p.tokens == probe.tokens
        ]
        found = found or [
            p
            for p in self._candidates(country, probe.tokens, related=False)
            if p.is_surname_only
            and p.tokens == probe.tokens
            and self._distance_days(p, date) <= self._surname_window(p, office)
        ]
        return self._closest(found, date, name)[0] if found else None

    def find(self, name, country, date, *, exact=False, office=""):
        """(person or None, problem or '', how): the person this mention means (``exact``: same words only);
        ``how`` is "name" for a full-name match and "surname" for a lone surname's."""
        probe = Person.named(name, country, "")
        if not probe.tokens:
            return None, "no name", ""
        if not probe.is_surname_only:
            person, problem = self._find_full(probe, self._candidates(country, probe.tokens), date, exact=exact)
            if person is None and not problem and not exact:
                spelled = [
                    p
                    for code in self.countries(country)
                    for p in self._by_country.get(code, [])
                    if not p.is_surname_only and probe.spelled_like(p)
                ]
                spelled = self._near(spelled, date, self.SPELLING_WINDOW_DAYS)
                if spelled:
                    person, problem = self._closest(spelled, date, name)
            return person, problem, "name" if person else ""
        candidates = [
            p
            for p in self._candidates(country, probe.tokens)
            if probe.generation in ("", p.generation)
            # In "Abdullah II ibn Al Hussein" only "Abdullah" names him.
            and (not p.is_patronymic or p.given in probe.tokens)
            and self._distance_days(p, date) <= self._surname_window(p, office)
        ]
        if not candidates:
            return None, "", ""
        # Prefer someone known by a full name.
        person, problem = self._closest([p for p in candidates if not p.is_surname_only] or candidates, date, name)
        return person, problem, "surname" if person else ""

    def _surname_window(self, person, office):
        if not person.held(office):
            return self.OTHER_OFFICE_WINDOW_DAYS
        if office and office.lower() in self.MONARCHS:
            return self.MONARCH_WINDOW_DAYS
        return self.WINDOW_DAYS if person.is_surname_only else self.SURNAME_TO_NAME_WINDOW_DAYS

    def _find_full(self, probe, candidates, date, *, exact=False):
        candidates = self._near([p for p in candidates if not p.is_surname_only], date, self.FULL_NAME_WINDOW_DAYS)
        same = [p for p in candidates if p.key == probe.key or probe.key in p.alias_tokens]
        near = same or ([] if exact else [p for p in candidates if probe.same_person_as(p)])
        return self._closest(near, date, probe.name) if near else (None, "")

    def find_anywhere(self, name, date, *, among_several=False):
        """The one person of any country a name means, when only one fits: for a counterpart whose country the
        record does not give ("Met with Chancellor Merkel" in Italy). A lone surname must be that of one person
        known by a full name, or, when the record names several counterparts ("Met with President Mubarak and
        Chairman Arafat"), of one person known by that surname."""
        probe = Person.named(name, "", "")
        if not probe.tokens:
            return None
        by_token = list({id(p): p for token in probe.tokens for p in self._by_token.get(token, [])}.values())
        by_token = self._near([p for p in by_token if probe.generation in ("", p.generation)], date, self.WINDOW_DAYS)
        if probe.is_surname_only:
            found = [
                p
                for p in by_token
                if not p.is_surname_only
                and (p.family == probe.family or any(a == probe.key for a in p.alias_tokens))
                and (not p.is_patronymic or p.given == probe.family)
            ]
            if not found and among_several:
                found = [p for p in by_token if p.tokens == probe.tokens]
        else:
            found = [p for p in by_token if not p.is_surname_only]
            same = [p for p in found if p.key == probe.key or probe.key in p.alias_tokens]
            found = same or [p for p in found if probe.same_person_as(p)]
        return found[0] if len(found) == 1 else None
