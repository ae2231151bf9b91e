"""PostgreSQL only: a stored generated tsvector over search_text, with a GIN index.

The column is not a model field (Django must never write a generated column); filters.py queries it. On other
databases the search reads search_text directly.
"""

from django.db import migrations

ADD = """
ALTER TABLE meetings_meeting ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('english', coalesce(search_text, ''))) STORED;
CREATE INDEX meeting_search_vector_idx ON meetings_meeting USING gin (search_vector);
"""
DROP = """
DROP INDEX IF EXISTS meeting_search_vector_idx;
ALTER TABLE meetings_meeting DROP COLUMN IF EXISTS search_vector;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


def fill_search_text(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Participation = apps.get_model("meetings", "Participation")
    names = {}
    for meeting_id, name in Participation.objects.values_list("meeting_id", "leader__name").order_by("order", "id"):
        names.setdefault(meeting_id, []).append(name)
    batch = []
    for meeting in Meeting.objects.only("id", "title", "summary", "report"):
        parts = [meeting.title, meeting.summary, meeting.report, " ".join(names.get(meeting.pk, []))]
        meeting.search_text = "\n".join(p for p in parts if p)
        batch.append(meeting)
    Meeting.objects.bulk_update(batch, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_search_and_old_slugs")]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(forwards, backwards),
    ]
