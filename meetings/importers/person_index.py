"""Telling which person a name in a record means: the people found so far, by country and by name."""

import datetime

from .names import Person, office_parts, words_alike


class PersonIndex:
    """Finds the one person a mention refers to, or says it is ambiguous.

    A full name matches a person of the same country (or of the state it succeeded or was succeeded by) active
    within twenty years of the date, with the same words (in any order: "Kishida Fumio" is "Fumio Kishida"), an
    alias, or a name one holds within the other (see Person.same_person_as; with another first name, only within
    two years: President Ziaur Rahman of 1980 is not Khaleda Ziaur Rahman of 1992); failing that, a person active
    within six years whose name is spelled nearly alike (Person.spelled_like). A lone surname ("President Jiang")
    matches a person of that country known by a full name in the same office within ten years of the years of that
    full name (sixty for a monarch; for a dynasty's name, from six months before to two years after), or a person
    known by that surname alone in the same office within ten years; never by a dynasty's name alone ("Emir
    al-Sabah"). When several fit, the one known by a full name, then the one closest in time, and if that is a
    tie, nobody.
    """

    WINDOW_DAYS = 365 * 20
    # The same full name a generation apart is two people (the two Bjarni Benediktssons, the two Konstantinos
    # Karamanlis); a career with a long gap in the records is one (Suleiman Demirel, 1969 and 1992).
    FULL_NAME_WINDOW_DAYS = 365 * 25
    # Monarchs reign for decades: "King Sihanouk" in 1955 and in 1995 is one man.
    MONARCHS = {"king", "queen", "emperor", "empress", "sultan", "emir", "amir", "grand duke", "grand duchess", "shah",
                "prince", "princess", "crown prince"}  # fmt: skip
    MONARCH_WINDOW_DAYS = 365 * 60
    HEIRS = {"crown prince", "crown princess", "heir apparent"}
    SPELLING_WINDOW_DAYS = 365 * 6
    # A lone surname is the person of that full name within ten years of the years that full name is known, in
    # the same office: "Foreign Minister Kono" (2000) is not Taro Kono (Foreign Minister 2017-19) but his father,
    # "Foreign Minister Singh" (2002) not Prime Minister Manmohan Singh.
    SURNAME_TO_NAME_WINDOW_DAYS = 365 * 10
    OTHER_OFFICE_WINDOW_DAYS = 365
    # Met abroad, or a dynasty's name ("President Assad" in 1999 was Hafez, not Bashar, named in 2000): only from
    # six months before to two years after.
    SURNAME_BEFORE_DAYS = 180
    SURNAME_AFTER_DAYS = 365 * 2
    # Family names shared by a ruling house: a lone one tells no member from another (a plain fact of history).
    # Countries whose names put the family name first: "Foreign Minister Li" is a Li, not Wang Li.
    FAMILY_FIRST = {"CN", "TW", "KR", "KP"}
    DYNASTIES = {"assad", "sabah", "thani", "saud", "khalifa", "nahyan", "maktoum", "qasimi", "nuaimi", "said"}
    # Mentions of one lone surname in one office, with no full name to tell them apart, are read as one person
    # within ten years ("Prime Minister Churchill", 1945 and 1954); in another office they are kept apart.
    SURNAME_ONLY_WINDOW_DAYS = 365 * 10

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
                    forms = [(one, other) for one in first.forms() for other in second.forms()]
                    if any(one.conflicts_with(other) for one, other in forms) or not any(
                        (gap <= self.WINDOW_DAYS and self.same_person(one, other, gap))
                        or (gap <= self.SPELLING_WINDOW_DAYS and one.spelled_like(other))
                        for one, other in forms
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
        self.drop(merged)
        return merged

    def drop(self, gone):
        """Forget the people whose ids are in ``gone`` (folded into others), and index the others' names anew."""
        if not gone:
            return
        self.people = [p for p in self.people if id(p) not in gone]
        for index in (self._by_country_token, self._by_token, self._by_country):
            for key, bucket in index.items():
                index[key] = [p for p in bucket if id(p) not in gone]
        for person in self.people:
            self.add_tokens(person)

    def same_person(self, one, other, gap):
        """Person.same_person_as, with another first name ("Ziaur Rahman" in "Khaleda Ziaur Rahman") only for
        names met within two years of each other."""
        if not one.same_person_as(other):
            return False
        if min(len(one.tokens), len(other.tokens)) < 3 and one.family in self.DYNASTIES:
            return gap <= self.SURNAME_AFTER_DAYS  # "Nasser al-Sabah" of 2008 is not Nasser Sabah al-Ahmed of 2020
        return words_alike(one.given, other.given) or gap <= self.SURNAME_AFTER_DAYS

    def _near(self, people, date, days):
        return [p for p in people if self._distance_days(p, date) <= days]

    def _closest(self, people, date, name):
        """The one of several people closest in time to ``date``; a tie is ambiguous."""
        people = sorted(people, key=lambda p: self._distance_days(p, date))
        if len(people) == 1 or self._distance_days(people[0], date) < self._distance_days(people[1], date):
            return people[0], ""
        return None, f"“{name}” could be several people"

    def namesake(self, name, country, date, office=""):
        """A person known only by this same surname, in the same office within three years (a monarch within
        sixty)."""
        probe = Person.named(name, country, "")
        found = [
            p
            for p in self._candidates(country, probe.tokens, related=False)
            if p.is_surname_only and p.tokens == probe.tokens and self.surname_fits(p, date, office)
        ]
        return self._closest(found, date, name)[0] if found else None

    def find_named(self, name, country, date):
        """The person of this country (or a related one) known by exactly this name or alias, at any time; of
        several, the one closest in time to ``date``; None for none or a tie."""
        probe = Person.named(name, country, "")
        if not probe.tokens:
            return None
        same = [p for p in self._candidates(country, probe.tokens) if p.key == probe.key or probe.key in p.alias_tokens]
        return self._closest(same, date, name)[0] if same else None

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
            and self.surname_names(probe, p)
            and self.surname_fits(p, date, office)
        ]
        if not candidates:
            return None, "", ""
        # Prefer someone known by a full name.
        person, problem = self._closest([p for p in candidates if not p.is_surname_only] or candidates, date, name)
        return person, problem, "surname" if person else ""

    @staticmethod
    def surname_names(probe, person):
        """A lone name can stand for this person: in "Abdullah II ibn Al Hussein" only "Abdullah" names him, and a
        dynasty's name ("al-Sabah", "al-Thani") names nobody in particular."""
        if person.country in PersonIndex.FAMILY_FIRST and not person.is_surname_only:
            return person.given in probe.tokens
        if not person.is_patronymic:
            return True
        return person.given in probe.tokens and person.family not in probe.tokens

    def surname_fits(self, person, date, office, *, near=False):
        """A lone surname in ``office`` on ``date`` can be this person: same office, and near the years known
        (``near``: closer still, for a person of another country). In another office, only within a year
        outside the years known in theirs: "Foreign Minister Christodoulides" (2022) became President (2023),
        while "Foreign Minister Singh" (2002) was not Prime Minister Manmohan Singh (from 2004)."""
        if person.first is None or date is None:
            return person.held(office)
        if not person.held(office):
            distance = self._distance_days(person, date)
            return not (near or person.is_surname_only) and 0 < distance <= self.OTHER_OFFICE_WINDOW_DAYS
        royal = "royal" in office_parts(office)
        if (
            royal
            and person.offices
            and date < person.first
            and person.offices <= self.HEIRS
            and office.lower() not in self.HEIRS
        ):
            return False  # an heir becomes the monarch, never the reverse: King Hussein is not his grandson's name
        if person.family in self.DYNASTIES:
            near = True
        elif person.is_surname_only:
            window = self.MONARCH_WINDOW_DAYS if royal else self.SURNAME_ONLY_WINDOW_DAYS
            return self._distance_days(person, date) <= window
        if royal and not near:
            return self._distance_days(person, date) <= self.MONARCH_WINDOW_DAYS
        if near:
            before, after = self.SURNAME_BEFORE_DAYS, self.SURNAME_AFTER_DAYS
        else:
            before = after = self.SURNAME_TO_NAME_WINDOW_DAYS
        return person.first - datetime.timedelta(days=before) <= date <= person.last + datetime.timedelta(days=after)

    def _find_full(self, probe, candidates, date, *, exact=False):
        candidates = self._near([p for p in candidates if not p.is_surname_only], date, self.FULL_NAME_WINDOW_DAYS)
        same = [p for p in candidates if p.key == probe.key or probe.key in p.alias_tokens]
        near = same or (
            [] if exact else [p for p in candidates if self.same_person(probe, p, self._distance_days(p, date))]
        )
        return self._closest(near, date, probe.name) if near else (None, "")

    # Offices a country has one of: "President Gomez" met in Cuba is Cuba's President unless a nationality or a
    # full name known elsewhere says otherwise.
    NATIONAL_OFFICES = {"president", "prime minister", "chancellor", "royal", "foreign minister"}

    def find_anywhere(self, name, date, *, among_several=False, office="", strict=False):
        """The one person of any country a name means, when only one fits: for a counterpart whose country the
        record does not give ("Met with Chancellor Merkel" in Italy). A lone surname must be that of one person
        known by a full name, or, when the record names several counterparts ("Met with President Mubarak and
        Chairman Arafat"), of one person known by that surname.

        ``strict`` (a counterpart met abroad whom the host country does not know): a full name must be the same
        words, or hold the other with the same first and last words (not "Mahmood Ali" for "Mahamoud Ali
        Youssouf"); a lone surname must be in the office that person held, near the years known (not
        "Generalissimo Franco" in 1975 for Itamar Franco, President of Brazil in 1992-94); and a national office
        ("President Gomez") is never matched to a person known by that surname alone."""
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
                and (
                    (p.given if p.country in self.FAMILY_FIRST else p.family) == probe.family
                    or any(a == probe.key for a in p.alias_tokens)
                )
                and (not p.is_patronymic or p.given == probe.family)
            ]
            national = bool(office_parts(office) & self.NATIONAL_OFFICES)
            if not found and among_several and not (strict and national):
                found = [p for p in by_token if p.tokens == probe.tokens]
            if strict:
                found = [p for p in found if self.surname_fits(p, date, office, near=True)]
        else:
            found = [p for p in by_token if not p.is_surname_only]
            same = [p for p in found if p.key == probe.key or probe.key in p.alias_tokens]
            found = same or [
                p
                for p in found
                if self.same_person(probe, p, self._distance_days(p, date))
                and not (strict and (p.given, p.family) != (probe.given, probe.family))
            ]
        return found[0] if len(found) == 1 else None
