# The countries' names in their own languages and scripts (meetings/data/names_in_scripts.csv), and every meeting's
# searched text written anew: it now ends with the countries' aliases and the variants that make accents, case and
# CJK word breaks not matter (meetings/search.py).

from django.db import migrations, models
from django.db.models import F


def add_names(apps, schema_editor):
    from meetings.data.names_in_scripts import add_country_names
    from meetings.search import refresh_search_text

    add_country_names(apps.get_model("meetings", "Country"))
    parts = [apps.get_model("meetings", name) for name in ("Meeting", "Participation", "Statement", "MeetingArea")]
    if refresh_search_text(parts[0].objects.values_list("pk", flat=True), models=parts):
        # The archive's cached counts and lists are keyed by its version (meetings/caching.py).
        apps.get_model("meetings", "ArchiveState").objects.update(version=F("version") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0025_edit_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="country",
            name="aliases",
            field=models.TextField(
                blank=True,
                help_text="Names to recognise in text and to find it by, one per line: demonyms and other forms "
                "(Japanese, Japan's), the name in its own languages and scripts (日本).",
            ),
        ),
        migrations.AlterField(
            model_name="historicalleader",
            name="aliases",
            field=models.TextField(
                blank=True,
                help_text="Other names to recognise in text and to find the leader by, one per line: other spellings "
                "and scripts (Takaichi, Takaichi Sanae, 高市早苗).",
            ),
        ),
        migrations.AlterField(
            model_name="leader",
            name="aliases",
            field=models.TextField(
                blank=True,
                help_text="Other names to recognise in text and to find the leader by, one per line: other spellings "
                "and scripts (Takaichi, Takaichi Sanae, 高市早苗).",
            ),
        ),
        migrations.RunPython(add_names, migrations.RunPython.noop),
    ]
