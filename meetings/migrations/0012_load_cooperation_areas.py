from django.db import migrations

from meetings.cooperation_areas import load_areas


def forwards(apps, schema_editor):
    # The topic vocabulary (fixtures/cooperation_areas.csv), so that an archive without the demo has topics;
    # areas already in the archive are kept as editors left them.
    load_areas(apps.get_model("meetings", "CooperationArea"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0011_meeting_country_name")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
