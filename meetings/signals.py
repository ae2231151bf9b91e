"""What every write to the archive sets in motion, whatever wrote it (the admin, a shell, ``loaddata``'s raw saves):
the searched text of the meetings it touches (meetings/search.py) and a new version of the archive, which its
cached counts and the pages' ETags are keyed by (meetings/caching.py).

Writes in bulk send no signals: the imports and generators call ``refresh_search_text`` and ``bump`` themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .caching import bump
from .models import (
    CooperationArea,
    Correction,
    Country,
    Leader,
    LeaderIdentifier,
    Meeting,
    MeetingArea,
    Participation,
    Source,
    Statement,
    Summit,
    Term,
)
from .search import refresh_search_text

# Models whose rows belong to one meeting, and whose text that meeting is found by.
MEETING_PARTS = (Participation, Statement, MeetingArea)
# Models whose names meetings are found by (a renamed leader finds their meetings under the new name).
NAMED = {
    Leader: "participations__leader",
    Country: "participations__country",
    Summit: "summit",
    CooperationArea: "areas",
}
# Everything else the public pages show.
SHOWN = (Source, Term, LeaderIdentifier, Correction)


def meeting_saved(sender, instance, raw=False, **kwargs):
    refresh_search_text([instance.pk])
    bump()


def part_changed(sender, instance, origin=None, **kwargs):
    # A part deleted with its meeting (a cascade) leaves no meeting to refresh.
    with_meeting = isinstance(origin, Meeting) or getattr(origin, "model", None) is Meeting
    if instance.meeting_id and not with_meeting:
        refresh_search_text([instance.meeting_id])
    bump()


def name_changed(sender, instance, created=False, raw=False, **kwargs):
    if not created and not raw:
        ids = Meeting.objects.filter(**{NAMED[sender]: instance.pk}).values_list("pk", flat=True)
        refresh_search_text(list(ids))
    bump()


def shown_changed(sender, **kwargs):
    bump()


def topics_set(sender, instance, action, pk_set=None, **kwargs):
    """A meeting's topics set from either side: ``meeting.areas.add(area)`` or ``area.meetings.add(meeting)``."""
    if isinstance(instance, Meeting):
        meetings = [instance.pk]
    elif action == "pre_clear":  # the area's meetings, before they go
        instance._cleared_meetings = list(Meeting.objects.filter(areas=instance).values_list("pk", flat=True))
        return
    else:
        meetings = list(pk_set or getattr(instance, "_cleared_meetings", []))
    if action in ("post_add", "post_remove", "post_clear"):
        refresh_search_text(meetings)
        bump()


def connect():
    post_save.connect(meeting_saved, sender=Meeting, dispatch_uid="meeting_saved")
    post_delete.connect(shown_changed, sender=Meeting, dispatch_uid="meeting_deleted")
    for model in MEETING_PARTS:
        post_save.connect(part_changed, sender=model, dispatch_uid=f"{model.__name__}_saved")
        post_delete.connect(part_changed, sender=model, dispatch_uid=f"{model.__name__}_deleted")
    for model in NAMED:
        post_save.connect(name_changed, sender=model, dispatch_uid=f"{model.__name__}_named")
        post_delete.connect(shown_changed, sender=model, dispatch_uid=f"{model.__name__}_gone")
    for model in SHOWN:
        post_save.connect(shown_changed, sender=model, dispatch_uid=f"{model.__name__}_shown")
        post_delete.connect(shown_changed, sender=model, dispatch_uid=f"{model.__name__}_unshown")
    m2m_changed.connect(topics_set, sender=Meeting.areas.through, dispatch_uid="meeting_topics_set")
