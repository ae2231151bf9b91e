from django.db import migrations

from meetings.summit_editions import load_summit_editions


def forwards(apps, schema_editor):
    # Every edition of the series the archive follows, from the first to 2025 (fixtures/summit_editions.csv);
    # editions already in the archive are kept as editors left them.
    load_summit_editions(apps.get_model("meetings", "Summit"), apps.get_model("meetings", "Country"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_leader_identifiers_terms")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
