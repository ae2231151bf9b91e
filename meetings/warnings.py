"""Warnings before saving: likely mistakes an editor confirms with one tick ("Save anyway"). Publishing rules stay
hard errors (Meeting.publishing_problems); these only ask to look again. One function per form."""

import datetime
import difflib

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .importers.names import name_tokens
from .models import Leader, Meeting, Term

DUPLICATE_DAYS = 3


def meeting_warnings(meeting, leader_ids, speaker_ids):
    """Why this meeting may be a mistake: [message (safe HTML)]. ``meeting`` is the unsaved instance from the form,
    ``leader_ids`` its participants, ``speaker_ids`` the leaders its statements name."""
    warnings = []
    leaders = {leader.pk: leader for leader in Leader.objects.filter(pk__in=leader_ids)}
    if meeting.date and len(leaders) >= 2:
        window = datetime.timedelta(days=DUPLICATE_DAYS)
        near = Meeting.objects.filter(date__range=(meeting.date - window, meeting.date + window)).exclude(pk=meeting.pk)
        for other in near.prefetch_related("participations"):
            if {p.leader_id for p in other.participations.all()} == set(leaders):
                url = reverse("admin:meetings_meeting_change", args=[other.pk])
                warnings.append(
                    format_html(
                        "A meeting of the same participants within {} days is already in the archive: "
                        '<a href="{}">{}</a> ({}).',
                        DUPLICATE_DAYS,
                        url,
                        other,
                        other.date,
                    )  # fmt: skip
                )
    if meeting.date:
        terms = {}
        for term in Term.objects.filter(leader_id__in=leaders):
            terms.setdefault(term.leader_id, []).append(term)
        for leader_id, held in terms.items():
            if not any(term.covers(meeting.date) for term in held):
                listed = "; ".join(f"{t.office} {t.years}" for t in held)
                warnings.append(
                    format_html("{}'s known terms ({}) do not cover {}.", leaders[leader_id].name, listed, meeting.date)
                )
    summit = meeting.summit
    if summit is not None and meeting.date:
        slack = datetime.timedelta(days=1)
        if not summit.start_date - slack <= meeting.date <= summit.end_date + slack:
            warnings.append(
                format_html(
                    "The date {} is outside {} ({} to {}).", meeting.date, summit, summit.start_date, summit.end_date
                )
            )
    if summit is not None and meeting.city and summit.city and meeting.city.lower() != summit.city.lower():
        warnings.append(format_html("The city {} is not {}'s ({}).", meeting.city, summit, summit.city))
    outsiders = [pk for pk in speaker_ids if pk and pk not in leaders]
    for leader in Leader.objects.filter(pk__in=outsiders):
        warnings.append(format_html("A statement is by {}, who is not a participant.", leader.name))
    return warnings


def leader_warnings(leader):
    """Leaders already in the archive who may be the same person: the same or a near name in the same country."""
    if not leader.name or not leader.country_id:
        return []
    tokens = set(name_tokens(leader.name))
    similar = []
    for other in Leader.objects.filter(country_id=leader.country_id).exclude(pk=leader.pk).only("name", "slug"):
        other_tokens = set(name_tokens(other.name))
        close = difflib.SequenceMatcher(None, leader.name.lower(), other.name.lower()).ratio() >= 0.85
        if close or (
            tokens
            and other_tokens
            and (tokens <= other_tokens or other_tokens <= tokens)
            and len(tokens & other_tokens) >= 2
        ):
            similar.append(other)
    if not similar:
        return []
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse("admin:meetings_leader_change", args=[o.pk]), o.name) for o in similar[:5]),
    )
    return [format_html("This may be a leader already in the archive: {}.", links)]
