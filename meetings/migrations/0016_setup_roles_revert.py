from django.db import migrations

from meetings.roles import setup_roles


def forwards(apps, schema_editor):
    # The roles again, now that the permission to revert (revert_history) exists.
    setup_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0015_history")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
