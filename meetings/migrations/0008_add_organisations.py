from django.db import migrations

from meetings.countries import load_countries


def forwards(apps, schema_editor):
    # Adds the international organisations whose heads the Office of the Historian's records name, new since 0007.
    load_countries(apps.get_model("meetings", "Country"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_add_caribbean_community")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
