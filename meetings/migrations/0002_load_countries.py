from django.db import migrations

from meetings.countries import load_countries


def forwards(apps, schema_editor):
    load_countries(apps.get_model("meetings", "Country"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
