"""The archive's data model: who met whom, when, where, on what, and on whose report."""

from .base import (
    OldSlug,
    SlugManager,
    country_code_validator,
    organisation_code_validator,
    remember_old_slug,
    split_lines,
    unique_slug,
    wikidata_validator,
)
from .corrections import Correction, CorrectionRequest
from .meeting import Meeting, MeetingArea, MeetingQuerySet, Participation, Source, Statement
from .people import LeaderIdentifier, Term
from .provenance import ImportedRecord
from .reference import CooperationArea, Country, Leader, Summit
from .state import ArchiveState, ExportLine, MeetingSearchIndex
from .submissions import FormSubmission

__all__ = [
    "ArchiveState",
    "CooperationArea",
    "Correction",
    "CorrectionRequest",
    "ExportLine",
    "Country",
    "FormSubmission",
    "ImportedRecord",
    "Leader",
    "LeaderIdentifier",
    "Meeting",
    "MeetingArea",
    "MeetingQuerySet",
    "MeetingSearchIndex",
    "OldSlug",
    "Participation",
    "SlugManager",
    "Source",
    "Statement",
    "Summit",
    "Term",
    "country_code_validator",
    "organisation_code_validator",
    "remember_old_slug",
    "split_lines",
    "unique_slug",
    "wikidata_validator",
]
