from django.db import migrations

from meetings.roles import setup_roles


def forwards(apps, schema_editor):
    # The roles again, for the corrections (an editors' inbox of suggestions, and published corrections).
    setup_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0017_corrections")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
