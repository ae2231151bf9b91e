"""Measuring the article assistant on a corpus of test reports (tests/data/reports/: NN-slug.txt, NN-slug.json).

Each JSON file gives the report's publication date and publisher and the expected answer; ``measure`` runs
``suggest`` on every report and counts what it found against what was expected."""

import dataclasses
import datetime
import json
import re
import unicodedata
from pathlib import Path

from .assistant import public_shape, suggest


def plain(name):
    """Without case, accents, and the Arabic article's spellings ("el-Sisi" is "al-Sisi")."""
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower().strip()
    return re.sub(r"\b(?:al|el|as|ad|ash)-", "", text)


def same_person(found, expected):
    """One person: the same name, or the same family name (the archive may write it fuller or shorter)."""
    found, expected = plain(found), plain(expected)
    return found == expected or found.split()[-1] == expected.split()[-1] or found in expected or expected in found


@dataclasses.dataclass
class Score:
    reports: int = 0
    expected_participants: int = 0
    found_participants: int = 0
    suggested_participants: int = 0
    false_participants: int = 0
    expected_countries: int = 0
    found_countries: int = 0
    summits_right: int = 0
    dates_right: int = 0
    kinds_right: int = 0
    places_right: int = 0
    misses: list = dataclasses.field(default_factory=list)

    def share(self, part, whole):
        return part / whole if whole else 1.0

    @property
    def figures(self):
        return {
            "participants found (recall)": self.share(self.found_participants, self.expected_participants),
            "false participants": self.share(self.false_participants, self.suggested_participants),
            "countries": self.share(self.found_countries, self.expected_countries),
            "summit": self.share(self.summits_right, self.reports),
            "date": self.share(self.dates_right, self.reports),
            "kind": self.share(self.kinds_right, self.reports),
            "place (city)": self.share(self.places_right, self.reports),
        }


def read_corpus(folder):
    for answer in sorted(Path(folder).glob("*.json")):
        text_file = answer.with_suffix(".txt")
        if text_file.exists():
            yield answer.stem, text_file.read_text(encoding="utf-8"), json.loads(answer.read_text(encoding="utf-8"))


def measure(folder):
    score = Score()
    for name, text, answer in read_corpus(folder):
        expected = answer["expected"]
        published = datetime.date.fromisoformat(answer["published"])
        result = public_shape(suggest(text, published, url=answer.get("url", ""), publisher=answer["publisher"]))
        taking_part = [p for p in result["participants"] if not p.get("uncertain")]
        score.reports += 1
        score.expected_participants += len(expected["participants"])
        score.suggested_participants += len(taking_part)
        for person in expected["participants"]:
            if any(same_person(p["name"], person["name"]) for p in taking_part):
                score.found_participants += 1
            else:
                score.misses.append(f"{name}: participant {person['name']} not found")
        for person in taking_part:
            if not any(same_person(person["name"], e["name"]) for e in expected["participants"]):
                score.false_participants += 1
                score.misses.append(f"{name}: {person['name']} is no participant")
        score.expected_countries += len(expected["countries"])
        found_countries = set(result["countries"])
        score.found_countries += len(set(expected["countries"]) & found_countries)
        for code in set(expected["countries"]) - found_countries:
            score.misses.append(f"{name}: country {code} not found")
        want, got = expected["summit"], result["summit"]
        if (want is None and got is None) or (want and got and want["series"] == got["series"]):
            score.summits_right += 1
        else:
            score.misses.append(f"{name}: summit {got and got['series']} for {want and want['series']}")
        if result["date"] == expected["date"]:
            score.dates_right += 1
        else:
            score.misses.append(f"{name}: date {result['date']} for {expected['date']}")
        if result["kind"] == expected["kind"]:
            score.kinds_right += 1
        else:
            score.misses.append(f"{name}: kind {result['kind']} for {expected['kind']}")
        if plain(result["city"]) == plain(expected["city"]):
            score.places_right += 1
        else:
            score.misses.append(f"{name}: city {result['city']!r} for {expected['city']!r}")
    return score
