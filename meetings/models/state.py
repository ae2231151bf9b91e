"""The archive's version: one row, bumped by every change to what the public sees."""

from django.db import models


class ArchiveState(models.Model):
    """A counter every write to the public archive bumps in its own transaction (meetings/caching.py), so that
    whoever sees the new version sees the new data: the key of every cached count, facet and chart, and of the
    public pages' ETag and Last-Modified."""

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"version {self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class SearchMatch(models.Lookup):
    """``field__match=<FTS5 query>``: SQLite's full-text MATCH on the FTS5 index (meetings/search.py)."""

    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SearchText(models.TextField):
    pass


SearchText.register_lookup(SearchMatch)


class MeetingSearchIndex(models.Model):
    """SQLite only: the FTS5 index of every meeting's searched text (an external-content table over
    ``meetings_meeting.search_text``, kept in step by triggers; created by migration 0021 and meetings/search.py).
    Not a table Django creates or writes: a way to join it in queries (``search_index__text__match``)."""

    meeting = models.OneToOneField(
        "meetings.Meeting", primary_key=True, db_column="rowid", on_delete=models.DO_NOTHING,
        related_name="search_index",
    )  # fmt: skip
    text = SearchText(db_column="search_text")

    class Meta:
        managed = False
        db_table = "meetings_meeting_fts"

    def __str__(self):
        return f"search index of meeting {self.pk}"


class ExportLine(models.Model):
    """A meeting's text in one export layout, as the export writes it, kept until the archive or the recipe changes
    (meetings/export_lines.py). Derived data, like the search index: never edited, refilled by any export that finds
    it stale, and lost with nothing lost."""

    layout = models.CharField(max_length=16)
    # No database constraint: PostgreSQL checks one at COMMIT, which for an export comes after its last row, and in
    # its REPEATABLE READ transaction a meeting deleted meanwhile would fail the download there. Django still deletes
    # a meeting's lines with it; a line left by a raw delete is never read (exports read the lines of their meetings).
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    # The archive's version (ArchiveState) the text was made at, and a digest of the SQL that made it.
    version = models.BigIntegerField()
    recipe = models.CharField(max_length=16)
    text = models.TextField()

    class Meta:
        # Not unique: PostgreSQL stores lines inside an export's REPEATABLE READ transaction, where an insert meeting a
        # row another export committed meanwhile would fail the download; two such exports may store the same line
        # twice (the same text: same version, same recipe), which the reading statement takes once.
        indexes = [models.Index(fields=["layout", "meeting"], name="exportline_layout_meeting")]

    def __str__(self):
        return f"{self.layout} line of meeting {self.meeting_id}"
