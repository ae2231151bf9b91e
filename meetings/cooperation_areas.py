"""The topic vocabulary (fixtures/cooperation_areas.csv): areas of cooperation in two levels, with the keywords
that recognise them in text. A migration loads it, so an archive without the demo has its topics too."""

import csv
from pathlib import Path

AREAS_CSV = Path(__file__).resolve().parent.parent / "fixtures" / "cooperation_areas.csv"


def read_areas(path=AREAS_CSV):
    """[{slug, name, parent, description, keywords}] in the table's order (parents before their children);
    keywords one per line, as the model stores them."""
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            {
                **row,
                "keywords": "\n".join(word.strip() for word in row["keywords"].split(";") if word.strip()),
            }
            for row in csv.DictReader(handle)
        ]


def load_areas(area_model, rows=None):
    """Add the areas the archive lacks (by slug); an area already there keeps what editors wrote, gaining only
    keywords or a description it lacks. Returns the number added."""
    rows = read_areas() if rows is None else rows
    by_slug = {area.slug: area for area in area_model.objects.all()}
    added = 0
    for row in rows:
        area = by_slug.get(row["slug"])
        if area is None:
            area = area_model.objects.create(
                slug=row["slug"],
                name=row["name"],
                parent=by_slug.get(row["parent"]) if row["parent"] else None,
                description=row["description"],
                keywords=row["keywords"],
            )
            by_slug[area.slug] = area
            added += 1
        elif not area.keywords or not area.description:
            area.keywords = area.keywords or row["keywords"]
            area.description = area.description or row["description"]
            area.save(update_fields=["keywords", "description"])
    return added
