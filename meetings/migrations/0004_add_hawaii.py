from django.db import migrations

from meetings.countries import load_countries


def forwards(apps, schema_editor):
    # Adds the reference entries that are new since 0002 (Hawaii, for the Office of the Historian's records).
    load_countries(apps.get_model("meetings", "Country"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_import_provenance")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
