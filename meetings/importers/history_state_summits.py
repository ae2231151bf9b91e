"""Summits in the Office of the Historian's records: one plenary meeting per edition, with everyone the records
place there, and which meetings a summit belongs to.

A visit whose record is only attendance at a summit ("Attended the Summit of the Americas in Miami") is no
meeting with the President: its visitors are participants of the edition's plenary. The President's and the
Secretary's trips to a summit make them participants too. A bilateral meeting is "on the sidelines" of a summit
only when its date and place fit the edition.
"""

import re

from ..models import ImportedRecord, Meeting
from .names import own_title, strip_accents

SUMMITS = ImportedRecord.Dataset.HISTORY_STATE_SUMMITS
# Summits of which the United States is a member and the President the host when held there (the G8 at Denver, NATO
# at Chicago): the sitting President took part, whether or not a record of a trip says so (travels are abroad only).
HOSTED_BY_THE_PRESIDENT = {
    "g7", "g8", "g20", "nato", "apec", "nss", "quad", "americas", "us_africa", "us_asean", "pacific", "us_eu",
    "other",  # the conferences held in the United States: Trident (1943), White Sulphur Springs (1956)…
}  # fmt: skip
TRAVELS = ImportedRecord.Dataset.HISTORY_STATE_TRAVELS
PLENARY = "plenary"


def same_place(one, other):
    """Two ways of writing one city ("New York City", "New York", "Évian"/"Evian", "St. Petersburg"/"Saint
    Petersburg"); an unknown city fits any."""
    one, other = (re.sub(r"^st\.?\s+", "saint ", strip_accents(text or "").lower().strip()) for text in (one, other))
    return not one or not other or one.startswith(other) or other.startswith(one)


class SummitPlanner:
    """The summit half of HistoryStateImport: expects ``plans``, ``attendances``, ``us_holder`` and
    ``participation_problem``."""

    def summit_of(self, plan, summit_for_key):
        """The edition a meeting belongs to: the one its record names, when its place fits the edition's."""
        summit = summit_for_key.get(plan.summit_key)
        if summit is None or (plan.dataset != SUMMITS and not same_place(plan.city, summit.city)):
            return None
        return summit

    def plenary_plans(self, summit_for_key, plan_class):
        """One multilateral meeting per edition the records place people at: the visitors of the visits that
        attended it, the travellers of the trips to it and the counterparts they met on its sidelines, in the
        order of the records."""
        by_summit = {}

        def entry_of(summit):
            return by_summit.setdefault(summit.pk, {"summit": summit, "rows": [], "records": []})

        def add_counterparts(entry, plan):
            found = [(mention, at_time) for mention, at_time in plan.mentions if mention.person is not None]
            if not found:
                return  # a visitor the record does not name: the visit stays a draft that says so
            entry["records"].append((plan.date, plan.dataset, plan.record_id, plan.source))
            for mention, name_at_time in found:
                office = own_title(mention.country, mention.office or mention.person.office, plan.date)
                entry["rows"].append((plan.date, mention.person, office, mention.country, name_at_time))
            if not plan.attendance_only and plan.dataset != TRAVELS and self.summit_of(plan, summit_for_key):
                # "Met with President Bush at the UN General Assembly": the record places him there too.
                for person, office in plan.us_side:
                    entry["rows"].append((plan.date, person, office, "US", ""))

        for key, plan, traveller in self.attendances:
            summit = summit_for_key.get(key)
            if summit is None:
                continue
            if plan is not None:
                add_counterparts(entry_of(summit), plan)
            else:
                person, office, base = traveller
                entry = entry_of(summit)
                entry["records"].append((base["date"], base["dataset"], base["record_id"], base["source"]))
                entry["rows"].append((base["date"], person, office, "US", ""))
        for plan in self.plans:
            summit = self.summit_of(plan, summit_for_key) if plan.dataset == TRAVELS else None
            if summit is not None:
                add_counterparts(entry_of(summit), plan)
        plenaries = []
        for entry in by_summit.values():
            summit = entry["summit"]
            if summit.series in HOSTED_BY_THE_PRESIDENT and summit.host_country_id and summit.host_country.code == "US":
                host = self.us_holder("President", summit.start_date)
                if host is not None:
                    entry["rows"].insert(0, (summit.start_date, host, "President", "US", ""))
                    entry["host"] = host
            plan = plan_class(
                dataset=SUMMITS,
                record_id=f"{summit.series}-{summit.start_date.isoformat()}",
                part=PLENARY,
                date=summit.start_date,
                end_date=summit.end_date if summit.end_date != summit.start_date else None,
                kind=Meeting.Kind.MULTILATERAL,
                city=summit.city,
                country=summit.host_country.code if summit.host_country_id else "",
                note="",
                record_created=None,
                record_modified=None,
            )
            plan.summit_key = (PLENARY, summit.pk)
            summit_for_key[plan.summit_key] = summit
            records = sorted(dict.fromkeys(entry["records"]), key=lambda r: (r[0] is None, r[0], r[1], r[2]))
            plan.source, plan.more_sources = records[0][3], [source for *_, source in records[1:]]
            listed = ", ".join(f"{dataset.removeprefix('hs-')} {record_id}" for _, dataset, record_id, _ in records)
            host = (
                f", and the President of the United States, its host ({entry['host'].name})" if "host" in entry else ""
            )
            plan.note = (
                f"Everyone the Office of the Historian's records place at {summit.name} (records: {listed}){host}; "
                "they need not all have met each other."
            )
            seen = set()
            # The host first, then everyone in the order of the records.
            ordered = sorted(entry["rows"], key=lambda r: (r[1] is not entry.get("host"), r[0] or summit.start_date))
            for _date, person, office, code, name_at_time in ordered:
                if id(person) in seen:
                    continue
                seen.add(id(person))
                person.used = True
                problem = self.participation_problem(person, office, summit.start_date, self.attested)
                if problem:
                    plan.problems.append(problem)
                plan.rows.append((person, office, code, name_at_time))
            if len(plan.rows) < 2:
                # The records place one person there (a President's trip): kept for editors, not published.
                plan.problems.append("the records place only one participant at the summit")
            elif all(code == "US" for _, _, code, _ in plan.rows):
                plan.problems.append("the records place only the U.S. side at the summit")
            plenaries.append(plan)
        return plenaries
