from django.db import migrations

from meetings.countries import load_countries


def forwards(apps, schema_editor):
    # Adds the international organisations new since 0007, whose heads the Office of the Historian's records name
    # or may name ("IAEA Director General Grossi", "UN High Commissioner for Refugees Filippo Grandi", "EC Chairman
    # Poos"): the IAEA, UNHCR, UNICEF, OPEC, the OAU, the European Communities, the Council of Europe, the WFP, the
    # ICRC, UNESCO, the UNDP, the IOM, Interpol and the tribunals for the former Yugoslavia and for Rwanda.
    load_countries(apps.get_model("meetings", "Country"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_add_caribbean_community")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
