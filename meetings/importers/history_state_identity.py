"""Who each person of the records is in the Office of the Historian's authority file of persons (people/).

The authority file names people in full ("Adenauer, Konrad"), lists the spellings its pages use — among them the
visits pages' own ("Chancellor Adenauer" on the page of Germany) — and gives VIAF ids and remarks stating offices
with years. Once the rules have read every record (history_state_people.py), each person is looked up there:

- a visitor named on the visits page of their country is that page's person (``by_visit``, read while planning);
- any other person is the one person of the file with that full name, or, for a lone surname, with that family
  name, whose remarks or visits pages place them in the same country and name the office the records give,
  alive in the years the records give;
- several people of the records that prove to be one person of the file become one leader.

The file is optional: without ``people/`` the import reads the records as before. What it cannot settle stays as
the records say, and the import report lists each leader still known by a surname alone with the reason.
"""

import datetime
import re
from collections import Counter

from ..models import LeaderIdentifier, Term
from .names import Person, office_parts, own_title, strip_accents, words_alike

# Offices a person holds one of at a time, whose confusion in a record is an error of the record: "President
# Modi" for the Prime Minister, "Prime Minister Lavrov" for the Foreign Minister.
EXCLUSIVE_OFFICES = {"president", "prime minister", "chancellor", "foreign minister", "royal", "vice president"}
# Words of the remarks that name an office, by the office_parts spelling of the records' offices.
OFFICE_WORDS = {
    "prime minister": ("prime minister", "premier", "chairman of the council of ministers", "head of government"),
    "foreign minister": ("foreign minister", "minister of foreign affairs", "minister for foreign affairs",
                         "foreign secretary", "secretary of state for foreign", "external affairs"),
    "royal": ("king", "queen", "emperor", "empress", "sultan", "emir", "amir", "shah", "prince", "princess",
              "grand duke", "grand duchess", "monarch", "crown prince"),
    "chairman": ("chairman", "chairperson"),
}  # fmt: skip
# An office the records give attested this many times in other records of the same years, against once in this
# one, makes this one an error of the record.
ATTESTED_AT_LEAST = 3
# How far from the years the file ties a person to a lone surname may still be that person.
ACTIVE_SLACK_YEARS = 12
# A lone surname, closer still: only a person the file knows in those very years.
SURNAME_SLACK_YEARS = 5
# Offices whose terms a leader's page lists: of state, government, diplomacy and international organisations.
LEADERS_OFFICE_RE = re.compile(
    r"\b(?:president|prime minister|premier|chancellor|minister|king|queen|emperor|empress|sultan|emir|amir|shah|"
    r"crown prince|regent|pope|secretary[- ]general|director[- ]general|governor[- ]general|head of (?:state|"
    r"government)|taoiseach|general secretary|first secretary|vice president|secretary of state|"
    # A chairman of a state's council, not of a party ("CDU Chairman"): Kosygin, Mao, the Presidium's.
    r"chairman of the (?:council|presidium|state|people|revolutionary|national|supreme|central|military))\b",
    re.I,
)
# Honorifics the file's names carry that English usage leaves out.
HONORIFIC_WORDS = {"pandit", "mrs", "mr", "dr", "sir", "sheikh", "shaikh", "lord", "lady", "his", "her", "haji", "mme"}
ATTESTED_WINDOW_YEARS = 2


def _plain(text):
    return strip_accents(text or "").lower()


def _words(name):
    return re.findall(r"[a-z0-9]+", _plain(name))


def _squash(name):
    """A name without case, accents, spaces or punctuation: "Boutros Boutros-Ghali" is "boutrosboutrosghali"."""
    return re.sub(r"[^a-z0-9]", "", _plain(name))


class IdentityResolver:
    """The authority half of HistoryStateImport: expects ``authority`` (a PeopleAuthority or None), ``countries``,
    ``index``, ``plans``, ``report`` and ``us_people``."""

    # Reading ----------------------------------------------------------------------------------

    # Per entry of the file, what several lookups read again: its countries, its own forms.
    _countries: dict
    _own_forms: dict

    def by_visit(self, country_slug, text, date=None):
        """The authority file's person a visits page names so ("Chancellor Adenauer" on the page of Germany); when
        that entry bears only part of a name ("Ruiz Cortines", a page's own entry), the one other entry of the file
        that bears it whole, in the same country and years ("Adolfo Ruiz Cortines")."""
        if self.authority is None or not text:
            return None
        entry = self.authority.by_visit(country_slug, text)
        if entry is None or date is None:
            return entry
        words = set(_words(entry.name))
        generation = Person.named(entry.name, "", "").generation
        fuller = [
            other
            for other in self.authority.with_surname(entry.name.split()[-1])
            if other.id != entry.id
            and words < set(_words(other.name))
            # Not the son: "President Bourguiba" (visit 2431) is not Habib Bourguiba Jr.
            and Person.named(other.name, "", "").generation == generation
            and self.authority_countries(other) & self.authority_countries(entry)
            and self.alive(other, date, date)
            and self.near_active_years(other, date)
        ]
        return fuller[0] if len(fuller) == 1 else entry

    def names_entry(self, name, entry):
        """A visitor's name (lone surname or full) can be the entry's: its words are the file's forms' words, or a
        full name the rules read as one of the file's."""
        probe = Person.named(name, "", "")
        if not probe.tokens:
            return False
        forms = self.own_forms(entry)
        if probe.is_surname_only:
            return any(probe.tokens <= form.tokens for form in forms)
        return any(
            probe.key == form.key or probe.same_person_as(form) or probe.spelled_like(form)
            for form in forms
            if form.tokens
        )

    def own_forms(self, entry):
        """The file's names of its person, read as the rules read names (once per entry): the file lists under King
        Hamad the "Sheikh Haya Rashed al-Khalifa" met on the same page."""
        if entry.id not in self._own_forms:
            preferred = Person.named(entry.name, "", "")
            self._own_forms[entry.id] = [preferred] + [
                form
                for form in (Person.named(text, "", "") for text in entry.forms)
                if form.tokens
                and (
                    preferred.is_surname_only
                    or form.is_surname_only
                    or words_alike(form.given, preferred.given)
                    or form.same_person_as(preferred)
                )
            ]
        return self._own_forms[entry.id]

    def near_active_years(self, entry, date):
        """The date lies within twelve years of the years the file ties the person to (or the file gives none)."""
        span = self.active_years(entry)
        return span is None or span[0] - ACTIVE_SLACK_YEARS <= date.year <= span[1] + ACTIVE_SLACK_YEARS

    def authority_countries(self, entry):
        """The archive's codes of the countries the file places a person in: its visits pages, then the countries
        its remarks name (once per entry)."""
        if entry.id not in self._countries:
            codes = set(self.authority_countries_by_page(entry))
            for text in [*entry.visit_remarks, *entry.remarks, *(term.country for term in entry.terms)]:
                code = self.countries.in_text(text)
                if code:
                    codes.add(code)
            self._countries[entry.id] = codes
        return self._countries[entry.id]

    def names_office(self, entry, offices):
        """The file's remarks name one of the offices the records give the person (or they give none)."""
        wanted = set()
        for office in offices:
            wanted |= office_parts(office)
        if not wanted:
            return True
        text = _plain(" ".join([*entry.remarks, *(term.office for term in entry.terms)]))
        for part in wanted:
            words = OFFICE_WORDS.get(part, (part,))
            if any(re.search(rf"\b{re.escape(word)}\b", text) for word in words):
                return True
        return False

    @staticmethod
    def alive(entry, first, last):
        """Nothing in the file's years rules out a person met between ``first`` and ``last``."""
        if first is None:
            return True
        if entry.death_year and entry.death_year < first.year:
            return False
        return not (entry.birth_year and last and entry.birth_year > last.year - 15)

    @staticmethod
    def active_years(entry):
        """(first, last) of the years the file ties the person to — terms stated, years of visits — or None."""
        years = [year for term in entry.terms for year in (term.start_year, term.end_year) if year]
        for remark in entry.visit_remarks:
            years += [int(year) for year in re.findall(r"\b(1[89]\d\d|20\d\d)\b", remark)]
        return (min(years), max(years)) if years else None

    def fits(self, entry, person, first, last, offices):
        related = set(self.index.countries(person.country))
        if not (
            self.authority_countries(entry) & related
            and self.alive(entry, first, last)
            and self.names_office(entry, offices)
        ):
            return False
        # A lone surname is the file's person only near the years the file knows them in: "Prime Minister
        # Hatoyama" of 1956 is Ichiro, not Yukio (2009), "President Alessandri" of 1934 Arturo, not Jorge.
        if not person.is_surname_only or first is None:
            return True
        # With no years in the file, a lone surname is nobody in particular; with years, only one near them
        # ("Foreign Minister Kozyrev" of 1993 is not the Soviet diplomat of 1945–76 the file knows).
        span = self.active_years(entry)
        return (
            span is not None
            and span[0] - SURNAME_SLACK_YEARS <= first.year <= last.year <= span[1] + SURNAME_SLACK_YEARS
        )

    def look_up(self, person, first, last, offices):
        """(entry, reason): the one person of the file this person of the records is, or None and why not."""
        if person.is_surname_only:
            found = self.authority.with_surname(person.name)
        else:
            found = {}
            for name in [person.name, *sorted(person.aliases)]:
                if len(name.split()) > 1:
                    for entry in self.authority.named(name):
                        found[entry.id] = entry
            found = list(found.values())
        fitting = [entry for entry in found if self.fits(entry, person, first, last, offices)]
        if not fitting and len(found) == 1 and len(person.tokens) >= 3 and self.alive(found[0], first, last):
            # A name of three words or more that the file gives one person is that person, in whatever country
            # the records meet them: Boutros Boutros-Ghali, Egypt's minister, then the UN's Secretary-General.
            fitting = found
        if len(fitting) > 1:
            # Of several, the one a visits page of the person's country names.
            paged = [e for e in fitting if person.country in self.authority_countries_by_page(e)]
            fitting = paged if len(paged) == 1 else fitting
        if len(fitting) == 1:
            return fitting[0], ""
        if not fitting:
            return (
                None,
                "not in the authority file"
                if not found
                else "no person of the file fits its country, office and years",
            )
        names = ", ".join(sorted(entry.name for entry in fitting)[:4])
        return None, f"several persons of the authority file fit ({names})"

    def authority_countries_by_page(self, entry):
        return {code for slug, _ in entry.visit_names if (code := self.countries.resolve(slug, "")[0])}

    # Resolving --------------------------------------------------------------------------------

    def identify_people(self):
        """Give every person of the records their entry in the authority file, fold people that prove to be one,
        and take the file's full name. Sets ``person.authority`` and ``self.unidentified`` {id(person): reason}."""
        self.unidentified = {}
        mentions = [mention for plan in self.plans for mention, _ in plan.mentions if mention.person is not None]
        by_person, hits = {}, {}
        for mention in mentions:
            by_person.setdefault(id(mention.person), []).append(mention)
            if getattr(mention, "authority", None) is not None:
                hits.setdefault(id(mention.person), Counter())[mention.authority.id] += 1
        people = {id(m.person): m.person for m in mentions}
        if self.authority is None:
            for key, person in people.items():
                if person.is_surname_only:
                    self.unidentified[key] = "no authority file (people/) beside the records"
            return
        for key, person in people.items():
            person.authority = None
            if person.country == "US":
                continue  # the US side is known from the Presidents' and Secretaries' files
            if key in hits:
                person.authority = self.authority.get(hits[key].most_common(1)[0][0])
                continue
            dates = [m.date for m in by_person[key] if m.date]
            offices = {m.office for m in by_person[key] if m.office}
            entry, reason = self.look_up(person, min(dates, default=None), max(dates, default=None), offices)
            person.authority = entry
            if entry is None and person.is_surname_only:
                self.unidentified[key] = reason
        self.fold_same_entries(people, by_person)
        # A name the curated table gives is the editors' reading ("Suharto"): the file adds its forms and ids, not
        # its name (an honorific aside: "Sheikh Sabah al-Ahmed…" takes the file's "Sabah Al-Ahmad Al-Jaber Al-Sabah").
        curated = {}
        for mention in mentions:
            words = mention.name.split()
            if mention.curated and words and words[0].lower().strip(".") not in HONORIFIC_WORDS:
                curated.setdefault(id(mention.person), Counter())[mention.name] += 1
        for person in self.index.people:
            entry = getattr(person, "authority", None)
            if entry is not None and person.is_new:
                names = curated.get(id(person))
                self.take_authority_name(person, entry, names.most_common(1)[0][0] if names else "")
        for mention in mentions:
            if mention.written:
                mention.person.add_alias(mention.written)
        self.most_written_names(mentions, curated)

    @staticmethod
    def most_written_names(mentions, curated):
        """A person neither the file nor the curated table names takes the full name most of its records write:
        "Philip Hammond" of six records, not the "Phillp Hammond" of the first one read."""
        written = {}
        for mention in mentions:
            person = mention.person
            named_by_rules = person.is_new and getattr(person, "authority", None) is None and id(person) not in curated
            if named_by_rules and len(mention.name.split()) > 1:
                written.setdefault(id(person), (person, Counter()))[1][mention.name] += 1
        for person, names in written.values():
            (name, count), *rest = names.most_common()
            if name != person.name and count > 1 and (not rest or count > rest[0][1]):
                old = person.name
                named = Person.named(name, person.country, person.office)
                if named.is_surname_only or named.key != person.key and not named.spelled_like(person):
                    continue  # another full name than the person's (a fuller one is kept)
                person.name = named.name
                person.add_alias(old)
                person.aliases.discard(person.name)

    def fold_same_entries(self, people, by_person):
        """People of the records with one entry of the file are one person ("Gul" and "Abdullah Gul", Eduard
        Shevardnadze of the U.S.S.R. and of Georgia): the one known longest keeps the others' mentions, its
        country being that of the latest mention."""
        groups = {}
        for person in people.values():
            entry = getattr(person, "authority", None)
            if entry is not None:
                groups.setdefault(entry.id, []).append(person)
        gone = set()
        for group in groups.values():
            if len(group) < 2:
                continue
            span = self.active_years(group[0].authority)

            def distance(person, span=span):
                if span is None or person.first is None:
                    return 0
                return max(span[0] - person.last.year, person.first.year - span[1], 0)

            group.sort(key=lambda p: (p.is_new, p.is_surname_only, distance(p), -len(by_person[id(p)])))
            kept = group[0]
            for other in group[1:]:
                apart = set(self.index.countries(kept.country)) & {other.country}
                if not (other.is_surname_only or kept.is_surname_only) and (apart or not self.one_name(kept, other)):
                    # Two full names the rules kept apart in one country (the two Konstantinos Karamanlis, a
                    # generation apart), or that are not one name (Hamad bin Isa and Haya Rashed al-Khalifa): the
                    # file's person is the one nearest its years; the other stays who the records say.
                    other.authority = None
                    continue
                for mention in by_person[id(other)]:
                    mention.person = kept
                by_person[id(kept)].extend(by_person.pop(id(other)))
                kept.add_alias(other.name)
                for alias in other.aliases:
                    kept.add_alias(alias)
                kept.seen_on(other.first)
                kept.seen_on(other.last)
                kept.offices |= other.offices
                if kept.is_new and other.last and (kept.last is None or other.last >= kept.last):
                    kept.country, kept.office = other.country, other.office or kept.office
                self.unidentified.pop(id(other), None)
                gone.add(id(other))
            latest = max(by_person[id(kept)], key=lambda m: m.date or datetime.date.min)
            if kept.is_new:
                kept.country = latest.country or kept.country
        self.index.drop(gone)

    @staticmethod
    def english_name(entry, own=""):
        """The name to show for a person of the file whom the records call ``own`` (a full name, or ''): the
        file's preferred name ("Mao Zedong" for the records' "Mao Tse-tung"), written as the records write it when
        it differs only in case or punctuation ("Boutros Boutros-Ghali") or when the records' shorter form is one
        of the file's ("Xanana Gusmao"); when the preferred name has letters outside Western European alphabets
        or an honorific ("Andreĭ Andreevich Gromyko", "Pandit Jawaharlal Nehru"), the records' name if the file
        knows it, else the file's plainest other form."""

        def plain(name):
            words = name.split()
            return (
                len(words) > 1
                and all(ord(char) < 256 for char in name)
                and not any(word.lower().strip(".") in HONORIFIC_WORDS for word in words[:-1])
            )

        # An honorific of the records' is no part of the name: "Haji Hassanal Bolkiah".
        while own and len(own.split()) > 2 and own.split()[0].lower().strip(".") in HONORIFIC_WORDS:
            own = own.split(maxsplit=1)[1]
        if own and (_squash(own) == _squash(entry.name) or sorted(_words(own)) == sorted(_words(entry.name))):
            if own.replace("-", " ") == entry.name.replace("-", " ") and "-" in entry.name.split()[0]:
                return entry.name  # the hyphen of a given name, which the records drop at times: "Jean-Claude"
            return own  # the same name written otherwise, or in another order ("Mobutu Sese Seko")
        # The records' own form when the file knows it and it is no longer than the preferred name: "Xanana
        # Gusmao" rather than "Jose Alexander Gusmao", but "Mao Zedong" rather than "Mao Tse-tung".
        # Only a form whose every word the preferred name (or its nickname) bears: a page's misspelling ("Moncel
        # Marzouki") is among the file's forms too.
        bears = set(_words(entry.name)) | set(_words(entry.sort_name))
        known = (
            own
            and plain(own)
            and any(_squash(own) == _squash(form) for form in entry.forms)
            and set(_words(own)) <= bears
        )
        if known and (not plain(entry.name) or len(own.split()) < len(entry.name.split())):
            return own
        if plain(entry.name):
            return entry.name
        if own and plain(own):
            return own  # the records' own full name, plainer than the file's
        # The shortest form without initials, as English usually writes a name, of those bearing the preferred
        # name's first word: the file's forms may include another person's name met on the same page.
        first = _words(entry.name)[:1]
        forms = sorted(
            (form for form in entry.forms if plain(form) and first and first[0] in _words(form)),
            key=lambda n: (any(len(w.strip(".")) == 1 for w in n.split()), len(n.split()), n),
        )
        return forms[0] if forms else own or entry.name

    @staticmethod
    def one_name(one, other):
        """Two full names of the records that can be one person's: one within the other, spelled alike, or an alias
        of the other."""
        return (
            one.same_person_as(other)
            or one.spelled_like(other)
            or one.key in other.alias_tokens
            or other.key in one.alias_tokens
        )

    def take_authority_name(self, person, entry, curated=""):
        """The file's full name becomes the leader's (a ``curated`` name the editors gave wins); the records' forms
        and the file's other forms, aliases."""
        # The records' writing of the file's preferred name, when they have it ("Charles de Gaulle", not "De").
        written = [n for n in [person.name, *sorted(person.aliases)] if len(n.split()) > 1]
        # Case and punctuation only, the same words: not "Hassan al Bolkiah" for "Hassanal Bolkiah".
        same = [
            n
            for n in written
            if _squash(n) == _squash(entry.name) and n != entry.name and len(_words(n)) == len(_words(entry.name))
        ]
        name = curated or self.english_name(entry, (same or ["" if person.is_surname_only else person.name])[0])
        for form in [entry.name, *entry.forms]:
            person.add_alias(form)
        if name != person.name:
            old = person.name
            named = Person.named(name, person.country, person.office)
            person.name, person.tokens, person.given, person.family = (
                named.name,
                named.tokens,
                named.given,
                named.family,
            )
            person.is_patronymic, person.generation = named.is_patronymic, named.generation
            person.add_alias(old)
        person.aliases.discard(person.name)

    # Checking ---------------------------------------------------------------------------------

    def attested_offices(self):
        """{id(person): [(date, office parts)]} of every mention, to tell a record's slip from a change of office."""
        attested = {}
        for plan in self.plans:
            for mention, _ in plan.mentions:
                if mention.person is not None and mention.date and mention.office:
                    office = own_title(mention.country, mention.office, mention.date)  # Spain's "President"
                    attested.setdefault(id(mention.person), []).append((mention.date, office_parts(office)))
        return attested

    def participation_problem(self, person, office, date, attested):
        """Why a participation contradicts what is known of the person (a review reason), or ''."""
        if date is None:
            return ""
        entry = getattr(person, "authority", None)
        if entry is not None and entry.death_year and date.year > entry.death_year:
            return f"“{person.name}” had died ({entry.death_year}, authority file) before this date"
        parts = office_parts(office) & EXCLUSIVE_OFFICES
        if not parts or "former" in (office or "").lower():
            return ""
        # Only a term with both ends counts: "from 1965" says when an office began, not that it lasted.
        for term in [t for t in getattr(person, "terms", []) if t.start and t.end]:
            term_parts = office_parts(term.office) & EXCLUSIVE_OFFICES
            if (
                term_parts
                and not term_parts & parts
                and self.within(term, date)
                and not self.holds_also(person, parts, date)
            ):
                return f"“{office}” contradicts the stated term “{term.office}, {term.years}”"
        near = [
            (day, held)
            for day, held in attested.get(id(person), [])
            if abs(day.year - date.year) <= ATTESTED_WINDOW_YEARS and held & EXCLUSIVE_OFFICES
        ]
        same = sum(1 for _, held in near if held & parts)
        others = Counter(frozenset(held & EXCLUSIVE_OFFICES) for _, held in near if not held & parts)
        if same > 1 or not others:
            return ""
        usual, count = others.most_common(1)[0]
        # Attested before and after: a slip of the record, not a change of office (Putin, President until 2008,
        # then Prime Minister).
        days = [day for day, held in near if frozenset(held & EXCLUSIVE_OFFICES) == usual]
        if count >= ATTESTED_AT_LEAST and min(days) < date < max(days):
            usual = " / ".join(sorted(usual))
            return f"“{office}” contradicts the office other records give “{person.name}” in these years ({usual})"
        return ""

    @staticmethod
    def within(term, date):
        """Inside the term, away from its ends: a term stated by years may have begun or ended in any month of them
        (McMahon, Foreign Minister "1969–1971", was Prime Minister from March 1971)."""
        first = term.start.year + 1 if term.start_precision == Term.Precision.YEAR else None
        last = term.end.year - 1 if term.end_precision == Term.Precision.YEAR else None
        if first is not None or last is not None:
            return (first is None or first <= date.year) and (last is None or date.year <= last) and term.covers(date)
        return term.covers(date)

    @staticmethod
    def holds_also(person, parts, date):
        return any(office_parts(t.office) & parts and t.covers(date) for t in getattr(person, "terms", []))

    # Terms and identifiers ----------------------------------------------------------------------

    @staticmethod
    def leaders_terms(terms):
        """The file's terms of the offices the archive is about (not "head of the CDU"), less a term stated only
        by its start or its end when another statement gives the same office with both ("Chancellor from 1949"
        beside "Chancellor, 1949–1963")."""
        terms = [t for t in terms if (t.start_year or t.end_year) and LEADERS_OFFICE_RE.search(t.office)]
        closed = [t for t in terms if t.start_year and t.end_year]

        def covered(term):
            year = term.start_year or term.end_year
            return any(c.office.lower() == term.office.lower() and c.start_year <= year <= c.end_year for c in closed)

        return [t for t in terms if (t.start_year and t.end_year) or not covered(t)]

    def gather_terms(self):
        """``person.terms`` (unsaved Terms) and ``person.identifiers`` [(scheme, value)]: the offices the authority
        file states with years, and the Presidents' terms (the Office's presidents file and
        fixtures/us_presidents.csv)."""
        for person in self.index.people:
            person.terms, person.identifiers = [], []
            entry = getattr(person, "authority", None)
            if entry is None:
                continue
            person.identifiers.append((LeaderIdentifier.Scheme.HISTORY_STATE, entry.id))
            if entry.viaf:
                person.identifiers.append((LeaderIdentifier.Scheme.VIAF, entry.viaf))
            seen = set()
            for stated in self.leaders_terms(entry.terms):
                # The same term stated by several volumes, or in other words ("Foreign Minister", "Minister of
                # Foreign Affairs"), is one.
                office = stated.office.replace("Defence", "Defense")
                key = (office_parts(office) or office, stated.start_year, stated.end_year)
                if key in seen:
                    continue
                seen.add(key)
                person.terms.append(
                    Term(
                        office=stated.office[:200],
                        start=datetime.date(stated.start_year, 1, 1) if stated.start_year else None,
                        end=datetime.date(stated.end_year, 12, 31) if stated.end_year else None,
                        source=f"Office of the Historian, person {entry.id}: “{stated.text}”"[:500],
                        source_url=stated.source_url[:500],
                    )
                )
                # "of the Federal Republic": a remark that names no country we know means the person's own.
                found = self.countries.in_text(stated.country) if stated.country else None
                person.terms[-1].country_code = found or person.country
        for office, person, took, left in self.us_people:
            if office != "President" or took is None:
                continue
            if not hasattr(person, "terms"):
                person.terms, person.identifiers = [], []
            term = Term(
                office="President of the United States",
                start=took,
                start_precision=Term.Precision.DAY,
                # seed_us_people gives a sitting President today's date as the end: the term is open.
                end=left if left and left < datetime.date.today() else None,
                end_precision=Term.Precision.DAY,
                source="U.S. Office of the Historian's presidents file, completed from fixtures/us_presidents.csv",
            )
            term.country_code = "US"
            person.terms.append(term)
