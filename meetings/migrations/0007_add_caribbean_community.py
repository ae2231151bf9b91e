from django.db import migrations

from meetings.countries import load_countries


def forwards(apps, schema_editor):
    # Adds the reference entries that are new since 0004: the Caribbean Community, whose Secretary-General the
    # Office of the Historian's records name ("CARICOM Secretary-General Irwin LaRocque", 2020).
    load_countries(apps.get_model("meetings", "Country"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_search_vector")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
