"""Indexes an import writes for nothing (see IMPORT_INDEXES in models/meeting.py): dropped by name, the same on
SQLite and PostgreSQL. Only the indexes change: on SQLite, altering the fields themselves would rebuild the tables
(and meetings_meeting's rebuild would drop its full-text triggers)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (table, column, index name, also a varchar_pattern_ops twin on PostgreSQL)
DROPPED = [
    ("meetings_meeting", "created_by_id", "meetings_meeting_created_by_id_3eb9ef0c", False),
    ("meetings_meeting", "published_by_id", "meetings_meeting_published_by_id_c4d76a05", False),
    ("meetings_meeting", "updated_by_id", "meetings_meeting_updated_by_id_452aea20", False),
    ("meetings_historicalmeeting", "slug", "meetings_historicalmeeting_slug_1fd6e6a5", True),
    ("meetings_historicalmeeting", "kind", "meetings_historicalmeeting_kind_06ba39d1", True),
    ("meetings_historicalmeeting", "summit_id", "meetings_historicalmeeting_summit_id_03e9c707", False),
    ("meetings_historicalmeeting", "country_id", "meetings_historicalmeeting_country_id_afd0de79", False),
    ("meetings_historicalmeeting", "created_by_id", "meetings_historicalmeeting_created_by_id_f589053c", False),
    ("meetings_historicalmeeting", "published_by_id", "meetings_historicalmeeting_published_by_id_7e478efd", False),
    ("meetings_historicalmeeting", "updated_by_id", "meetings_historicalmeeting_updated_by_id_2c1a6958", False),
    ("meetings_historicalmeetingarea", "area_id", "meetings_historicalmeetingarea_area_id_565c0d0f", False),
    ("meetings_historicalparticipation", "country_id", "meetings_historicalparticipation_country_id_ecfb8686", False),
    ("meetings_historicalparticipation", "leader_id", "meetings_historicalparticipation_leader_id_93e5ffb2", False),
    ("meetings_meetingarea", "area_id", "meetings_meetingarea_area_id_a22dcf56", False),
    ("meetings_meetingarea", "meeting_id", "meetings_meetingarea_meeting_id_745ff7d9", False),
    ("meetings_participation", "country_id", "meetings_participation_country_id_b601461e", False),
    ("meetings_participation", "meeting_id", "meetings_participation_meeting_id_a853e4ec", False),
]


def drop(apps, schema_editor):
    for _table, _column, name, twin in DROPPED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")
        if twin:
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name + '_like')}")


def create(apps, schema_editor):
    qn = schema_editor.quote_name
    for table, column, name, twin in DROPPED:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {qn(name)} ON {qn(table)} ({qn(column)})")
        if twin and schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {qn(name + '_like')} ON {qn(table)} ({qn(column)} varchar_pattern_ops)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0026_names_in_scripts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop, create)],
            state_operations=[
                migrations.AlterField(
                    model_name="historicalmeeting",
                    name="country",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        help_text="Country where it took place (empty for a call).",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.country",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalmeeting",
                    name="created_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalmeeting",
                    name="kind",
                    field=models.CharField(
                        choices=[
                            ("bilateral", "Bilateral talks"),
                            ("multilateral", "Multilateral meeting"),
                            ("call", "Phone or video call"),
                            ("state_visit", "State visit"),
                            ("official_visit", "Official visit"),
                            ("working_visit", "Working visit"),
                            ("private_visit", "Private visit"),
                        ],
                        default="bilateral",
                        help_text="Kind of meeting.",
                        max_length=20,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalmeeting",
                    name="published_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalmeeting",
                    name="slug",
                    field=models.SlugField(
                        blank=True,
                        db_index=False,
                        help_text="Stable identifier used in the meeting's URL; filled from the title.",
                        max_length=200,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalmeeting",
                    name="summit",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        help_text='The summit on whose sidelines it took place ("on the sidelines of").',
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.summit",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalmeeting",
                    name="updated_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalmeetingarea",
                    name="area",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.cooperationarea",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalparticipation",
                    name="country",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        help_text="Country or organisation represented at the time (copied from the leader when left empty).",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.country",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalparticipation",
                    name="leader",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.leader",
                    ),
                ),
                migrations.AlterField(
                    model_name="meeting",
                    name="created_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="meeting",
                    name="published_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="meeting",
                    name="updated_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="meetingarea",
                    name="area",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="meeting_links",
                        to="meetings.cooperationarea",
                    ),
                ),
                migrations.AlterField(
                    model_name="meetingarea",
                    name="meeting",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="area_links",
                        to="meetings.meeting",
                    ),
                ),
                migrations.AlterField(
                    model_name="participation",
                    name="country",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="Country or organisation represented at the time (copied from the leader when left empty).",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="participations",
                        to="meetings.country",
                    ),
                ),
                migrations.AlterField(
                    model_name="participation",
                    name="meeting",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participations",
                        to="meetings.meeting",
                    ),
                ),
            ],
        ),
    ]
