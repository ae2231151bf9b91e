"""The reference list of countries, former states and organisations (fixtures/countries.csv)."""

import csv
from pathlib import Path

COUNTRIES_CSV = Path(__file__).resolve().parent.parent / "fixtures" / "countries.csv"


def read_countries(path=COUNTRIES_CSV):
    """Rows of the reference CSV as dicts ready for Country(**row); aliases one per line."""
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield {
                "code": row["code"].strip().upper(),
                "name": row["name"].strip(),
                "aliases": "\n".join(a.strip() for a in row["aliases"].split("|") if a.strip()),
                "is_organisation": row["is_organisation"] == "1",
                "is_former": row["is_former"] == "1",
            }


def load_countries(country_model, path=COUNTRIES_CSV):
    """Add the reference entries that are missing; entries editors already have are left as they are."""
    existing = set(country_model.objects.values_list("code", flat=True))
    new = [country_model(**row) for row in read_countries(path) if row["code"] not in existing]
    country_model.objects.bulk_create(new)
    return len(new)
