"""The history of archive entries (django-simple-history): a meeting reverted with its parts, and the counts the
public page shows. One place for the rule "a meeting is its row and its participants, statements, sources and
topics"."""

from django.db import transaction
from django.utils import timezone

from .models import Meeting, MeetingArea, Participation, Source, Statement

# The parts of a meeting, restored with it; in the order that keeps foreign keys valid (statements cite sources).
PARTS = [Participation, Source, MeetingArea, Statement]


def parts_as_of(model, meeting_id, moment):
    """The rows of ``model`` that belonged to the meeting at ``moment``, as historical records (latest per row)."""
    records = model.history.filter(meeting_id=meeting_id, history_date__lte=moment).order_by("id", "-history_date")
    latest = {}
    for record in records:
        latest.setdefault(record.id, record)
    return [record for record in latest.values() if record.history_type != "-"]


@transaction.atomic
def restore_parts(meeting, moment, user=None):
    """Give ``meeting`` back the participants, sources, topics and statements it had at ``moment``: rows added
    since are deleted, rows deleted or changed since come back as they were. Each change is itself recorded.
    Returns what could not come back (a part whose leader or topic is gone)."""
    skipped = []
    for model in reversed(PARTS):  # statements first: they may cite a source that goes
        wanted = {record.id for record in parts_as_of(model, meeting.pk, moment)}
        # A row no history knows (written in bulk, by an import) is kept: its past is unknown.
        recorded = set(model.history.filter(meeting_id=meeting.pk).values_list("id", flat=True))
        for row in model.objects.filter(meeting=meeting, pk__in=recorded).exclude(pk__in=wanted):
            row._history_user = user
            row.delete()
    for model in PARTS:
        for record in parts_as_of(model, meeting.pk, moment):
            instance = record.instance
            gone = gone_reference(instance)
            if gone:
                skipped.append(f"{model._meta.verbose_name} {record.id} ({gone})")
                continue
            instance._history_user = user
            instance.save()
    meeting.refresh_search_text()
    return skipped


def gone_reference(instance):
    """What a part to restore refers to that no longer exists (a leader merged away, a topic deleted), or ''."""
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.name != "meeting":
            value = getattr(instance, field.attname)
            if value is not None and not field.related_model.objects.filter(pk=value).exists():
                return f"its {field.name} {value} is gone"
    return ""


def record_bulk(model, objects, change, reason, user=None, when=None):
    """History rows for objects an import created ("+") or changed ("~", the objects as saved) in bulk:
    bulk_create and bulk_update send no signals, so django-simple-history sees nothing. (A queryset's delete does
    send them, one per row, and is recorded by the library itself.) Objects without a primary key are left out."""
    objects = [obj for obj in objects if obj.pk is not None]
    if objects:
        model.history.bulk_history_create(
            objects, batch_size=1000, update=change == "~", default_user=user, default_change_reason=reason,
            default_date=when or timezone.now(),
        )  # fmt: skip


def revisions(meeting):
    """How many times the meeting (its row) was saved: the public page's "N revisions"."""
    return meeting.history.count()


__all__ = ["Meeting", "parts_as_of", "record_bulk", "restore_parts", "revisions"]
