from django.db import migrations

from meetings.roles import setup_roles


def forwards(apps, schema_editor):
    # The editors' groups (meetings/roles.py); `python manage.py setup_roles` does the same after a change.
    setup_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0013_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
