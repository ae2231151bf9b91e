"""Meetings and what belongs to them: participations, topics, sources and statements."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..links import slug_url
from ..markdown import render_markdown
from .base import EditVersion, check_slug_not_retired, remember_old_slug, unique_slug, web_url_validator
from .reference import CooperationArea, Country, Leader, Summit

# IMPORT_INDEXES — every index is written on every insert: an import of 150,000 meetings writes each of them about
# a million times. Left out (migration 0027), because another index already serves the same lookups or nothing
# looks rows up that way: the one-column indexes of a participation's meeting and country and of a topic link's
# meeting and topic (the two-column indexes begin with them); the editors' columns of a meeting (only ever shown);
# and on the history tables, every column but the row's id, the meeting and the history's own (history is read by
# meeting, by row and by date).


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Meeting.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Meeting.Status.DRAFT)

    def with_participants(self):
        """Meetings with their participations, each with its leader and country, in one more query."""
        return self.prefetch_related(
            models.Prefetch("participations", queryset=Participation.objects.select_related("leader", "country"))
        )

    def for_page(self):
        """Meetings with what their page shows, one query for each kind of part (participants with their leaders and
        countries, topics with their parents, sources), and in the meeting's own query its number of revisions and
        whether it has statements or corrections, which are read only when there are some (``statements_shown``): 6
        queries instead of 9 for a meeting with neither."""
        from .corrections import Correction

        revisions = Meeting.history.model.objects.filter(id=models.OuterRef("pk")).order_by().values("id")
        return (
            self.select_related("summit", "country")
            .with_participants()
            .prefetch_related(
                models.Prefetch("areas", queryset=CooperationArea.objects.select_related("parent")),
                "sources",
            )
            .annotate(
                revisions=Coalesce(models.Subquery(revisions.annotate(n=models.Count("*")).values("n")), 0),
                has_statements=models.Exists(Statement.objects.filter(meeting=models.OuterRef("pk"))),
                has_corrections=models.Exists(Correction.objects.filter(meeting=models.OuterRef("pk"))),
            )
        )

    def involving(self, country):
        """Meetings where a participant represented ``country`` (where it took place does not count)."""
        return self.filter(participations__country=country).distinct()

    def with_all(self, field, values):
        """Meetings where participants cover every one of ``values`` of the participation's ``field``
        (``country_id``, ``leader_id``, ``country__code``…): one grouped subquery whatever their number, never a
        join per value."""
        covering = _covering(field, values)
        return self if covering is None else self.filter(pk__in=covering)

    def neighbours(self, meeting, countries):
        """(previous, following): the published meetings where every one of ``countries`` (ids) took part, just
        before and just after ``meeting``'s date (the same day is neither), with their slug, title and date."""
        between = self.published().exclude(pk=meeting.pk).with_all("country_id", countries)
        if connections[self.db].vendor == "postgresql":
            return _neighbours_at_once(between, meeting.date)
        # SQLite walks the date index from the day on and stops at the first meeting of the covering list, which it
        # builds once for each query: 8 ms for both; in one statement it built it as a table and sorted it (11–45 ms).
        return (
            between.filter(date__lt=meeting.date).order_by("-date", "-id").only("slug", "title", "date").first(),
            between.filter(date__gt=meeting.date).order_by("date", "id").only("slug", "title", "date").first(),
        )

    def on_topic(self, area):
        """Meetings on ``area`` or on any of its sub-areas."""
        links = MeetingArea.objects.filter(Q(area=area) | Q(area__parent=area)).values("meeting_id")
        return self.filter(pk__in=links)  # a subquery: no join, no DISTINCT over the meetings


def _neighbours_at_once(between, day):
    """PostgreSQL: Meeting.neighbours in one statement, the meetings of ``between`` found once for both sides (two
    queries found them twice: 16 ms of a meeting page, now 9)."""
    candidates, params = between.values("pk").query.get_compiler(using=between.db).as_sql()
    side = "SELECT m.id, m.slug, m.title, m.date, {n} AS side FROM meetings_meeting m JOIN c ON c.id = m.id"
    sql = f"""
        WITH c (id) AS MATERIALIZED ({candidates})
        SELECT * FROM ({side.format(n=0)} WHERE m.date < %s ORDER BY m.date DESC, m.id DESC LIMIT 1) earlier
        UNION ALL
        SELECT * FROM ({side.format(n=1)} WHERE m.date > %s ORDER BY m.date, m.id LIMIT 1) later"""  # noqa: S608
    found = {row.side: row for row in Meeting.objects.using(between.db).raw(sql, [*params, day, day])}
    return found.get(0), found.get(1)


def _covering(field, values):
    """The ids of the meetings whose participants cover every one of ``values`` of the participation's ``field``, as
    a subquery of participations (one grouped subquery whatever their number); None for no values."""
    values = list(dict.fromkeys(values))
    if not values:
        return None
    return (
        Participation.objects.filter(**{f"{field}__in": values})
        .values("meeting_id")
        .annotate(found=models.Count(field, distinct=True))
        .filter(found=len(values))
        .values("meeting_id")
    )


def place_of(city, country):
    """A place as people write it, from its city and its country's name (either may be empty)."""
    return ", ".join(part for part in (city, country) if part)


class MeetingManager(models.Manager.from_queryset(MeetingQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def _editor():
    """Who created, last changed or published a meeting: shown, never looked up (so no index: IMPORT_INDEXES)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,
    )


class Meeting(EditVersion):
    """A meeting between leaders: talks, a call, a visit, often on the sidelines of a summit."""

    class Kind(models.TextChoices):
        BILATERAL = "bilateral", "Bilateral talks"
        MULTILATERAL = "multilateral", "Multilateral meeting"
        CALL = "call", "Phone or video call"
        STATE_VISIT = "state_visit", "State visit"
        OFFICIAL_VISIT = "official_visit", "Official visit"
        WORKING_VISIT = "working_visit", "Working visit"
        PRIVATE_VISIT = "private_visit", "Private visit"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=300, blank=True, help_text="Headline of the meeting (required to publish).")
    slug = models.SlugField(
        max_length=200, blank=True, help_text="Stable identifier used in the meeting's URL; filled from the title."
    )
    date = models.DateField(null=True, blank=True, help_text="Day the meeting took place, or began (ISO 8601).")
    end_date = models.DateField(null=True, blank=True, help_text="Last day, for a meeting or visit over several days.")
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.BILATERAL, db_index=True, help_text="Kind of meeting."
    )
    summit = models.ForeignKey(
        Summit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text='The summit on whose sidelines it took place ("on the sidelines of").',
    )
    city = models.CharField(max_length=100, blank=True, help_text="City where it took place.")
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_hosted",
        help_text="Country where it took place (empty for a call).",
    )
    country_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="The place's country name as used at the time, when it differed (Turkey before 2022, Zaire).",
    )
    participants = models.ManyToManyField(
        Leader, through="Participation", related_name="meetings", help_text="Leaders who took part."
    )
    areas = models.ManyToManyField(
        CooperationArea,
        through="MeetingArea",
        blank=True,
        related_name="meetings",
        help_text="Fields of cooperation discussed or agreed.",
    )
    summary = models.TextField(blank=True, help_text="One or two sentences of plain text: what was agreed.")
    report = models.TextField(blank=True, help_text="The full account, in Markdown.")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, help_text="Only published meetings are public."
    )
    search_text = models.TextField(
        blank=True,
        editable=False,
        help_text="What the public search finds the meeting by (meetings/search.py): kept by the archive itself.",
    )
    review_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why this draft needs an editor (set by imports that could not read a record completely).",
    )
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the meeting was first published.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the entry was created.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When the entry was last changed.")
    created_by = _editor()
    updated_by = _editor()
    published_by = _editor()

    objects = MeetingManager()
    # Every change, who and when, field by field (django-simple-history); the search text is derived, not kept.
    # History is looked up by the meeting's id and by date, not by these fields (see IMPORT_INDEXES).
    history = HistoricalRecords(
        excluded_fields=["search_text", "edit_version"],
        no_db_index=["slug", "kind", "summit", "country", "created_by", "updated_by", "published_by"],
    )

    class Meta:
        ordering = ["-date", "-id"]
        permissions = [
            ("publish_meeting", "Can publish and unpublish meetings"),
            ("revert_history", "Can revert archive entries to an earlier version"),
        ]
        indexes = [
            # The public list, newest or oldest first, any page deep (read forwards or backwards); the feed.
            models.Index(fields=["status", "date", "id"], name="meeting_status_date_id_idx"),
            models.Index(fields=["status", "published_at", "id"], name="meeting_status_published_idx"),
            models.Index(fields=["date"], name="meeting_date_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["slug"], condition=~Q(slug=""), name="meeting_slug_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="meeting_end_after_start",
            ),
            # What the database can check of the publishing rule; participants and sources are checked
            # by publishing_problems(), which the admin and publish() use.
            models.CheckConstraint(
                condition=Q(status="draft")
                | (~Q(title="") & ~Q(slug="") & Q(date__isnull=False) & Q(published_at__isnull=False)),
                name="meeting_published_complete",
            ),
        ]

    def __str__(self):
        return self.title or f"Untitled draft #{self.pk}"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def clean(self):
        errors = {}
        if self.date and self.end_date and self.end_date < self.date:
            errors["end_date"] = "The meeting cannot end before it begins."
        if self.end_date and not self.date:
            errors["date"] = "Give the first day when there is a last day."
        if self.status == self.Status.PUBLISHED:
            if not self.title.strip():
                errors["title"] = "A published meeting needs a title."
            if not self.date:
                errors["date"] = "A published meeting needs a date."
        if self.slug and Meeting.objects.exclude(pk=self.pk).filter(slug=self.slug).exists():
            errors["slug"] = "Another meeting already uses this slug."
        else:
            try:
                check_slug_not_retired(self)
            except ValidationError as error:
                errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug and self.title.strip():
            self.slug = unique_slug(Meeting, self.title, instance_pk=self.pk)
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        remember_old_slug(self)
        super().save(*args, **kwargs)  # the searched text follows (meetings/signals.py)

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return slug_url("meeting_detail", self.slug)

    def publishing_problems(self, *, participant_count=None, source_count=None):
        """Why this meeting cannot be published yet (an empty list when it can).

        The counts default to what is stored; the admin passes the counts of the forms being saved.
        """
        problems = []
        if not self.title.strip():
            problems.append("it needs a title")
        if not self.date:
            problems.append("it needs a date")
        if participant_count is None:
            participant_count = self.participations.count() if self.pk else 0
        if participant_count < 2:
            problems.append("it needs at least two participants")
        if source_count is None:
            source_count = self.sources.count() if self.pk else 0
        if source_count < 1:
            problems.append("it needs at least one source")
        return problems

    def publish(self, user=None):
        """Publish the meeting, or raise ValidationError saying what is missing."""
        problems = self.publishing_problems()
        if problems:
            raise ValidationError(f"“{self}” cannot be published: {'; '.join(problems)}.")
        self.status = self.Status.PUBLISHED
        if user is not None:
            self.published_by = self.updated_by = user
        self.save()

    def refresh_search_text(self):
        """Store the text the public search reads (meetings/search.py)."""
        from ..search import refresh_search_text

        refresh_search_text([self.pk])

    @property
    def place(self):
        """Where it took place, as people write it: "Johannesburg, South Africa"."""
        return place_of(self.city, self.country_label)

    @property
    def country_label(self):
        """The place's country as it was named at the time of the meeting (empty for none)."""
        return self.country_name or (self.country.name if self.country_id else "")

    @property
    def report_html(self):
        return render_markdown(self.report)

    def statements_shown(self):
        """The statements with their leaders and sources, in one query, or none read when the meeting was fetched
        with ``has_statements`` False (MeetingQuerySet.for_page)."""
        if not getattr(self, "has_statements", True):
            return []
        return list(self.statements.select_related("leader", "source"))


class ParticipationManager(models.Manager):
    def get_by_natural_key(self, meeting_slug, leader_slug):
        return self.get(meeting__slug=meeting_slug, leader__slug=leader_slug)


class Participation(models.Model):
    """A leader's part in a meeting, with the country and office they held at the time."""

    # Found through participation_unique_leader, which begins with the meeting (see IMPORT_INDEXES).
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations", db_index=False)
    leader = models.ForeignKey(Leader, on_delete=models.PROTECT, related_name="participations")
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="participations",
        db_index=False,  # participation_country_idx begins with it
        blank=True,
        help_text="Country or organisation represented at the time (copied from the leader when left empty).",
    )
    country_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="The country's name as used at the time, when it differed (Ceylon, U.S.S.R.).",
    )
    office = models.CharField(
        max_length=200,
        blank=True,
        help_text="Office held at the time of the meeting (copied from the leader when left empty).",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in the list of participants.")

    objects = ParticipationManager()
    history = HistoricalRecords(no_db_index=["leader", "country"])

    class Meta:
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "leader"], name="participation_unique_leader"),
        ]
        indexes = [models.Index(fields=["country", "meeting"], name="participation_country_idx")]

    def __str__(self):
        return f"{self.leader.name}, {self.office}" if self.office else self.leader.name

    def natural_key(self):
        return (self.meeting.slug, self.leader.slug)

    natural_key.dependencies = ["meetings.meeting", "meetings.leader"]

    def fill_from_leader(self):
        """Copy the leader's country and office when none were given: the record of the time."""
        if self.leader_id:
            if not self.country_id:
                self.country_id = self.leader.country_id
            if not self.office:
                self.office = self.leader.office

    def save(self, *args, **kwargs):
        self.fill_from_leader()
        super().save(*args, **kwargs)

    @property
    def country_label(self):
        return self.country_name or self.country.name


class MeetingArea(models.Model):
    """Links a meeting to a field of cooperation; an area in use cannot be deleted."""

    # Both found through the two-column indexes below, which begin with them (see IMPORT_INDEXES).
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="area_links", db_index=False)
    area = models.ForeignKey(CooperationArea, on_delete=models.PROTECT, related_name="meeting_links", db_index=False)

    history = HistoricalRecords(no_db_index=["area"])

    class Meta:
        ordering = ["meeting", "area"]
        constraints = [models.UniqueConstraint(fields=["meeting", "area"], name="meetingarea_unique")]
        indexes = [models.Index(fields=["area", "meeting"], name="meetingarea_area_idx")]

    def __str__(self):
        return f"{self.meeting} – {self.area}"


class Source(models.Model):
    """A published account of a meeting: a news report, an official readout, a dataset record."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sources")
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="Outlet or publisher (ANI, Ministry of External Affairs); empty when unknown.",
    )
    title = models.CharField(max_length=300, blank=True, help_text="Title of the article or page, as published.")
    url = models.URLField(
        "URL", max_length=500, blank=True, validators=[web_url_validator], help_text="Where it can be read (optional)."
    )
    published_on = models.DateField(null=True, blank=True, help_text="Date of publication (optional).")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self):
        parts = [
            self.publisher or "publisher unknown",
            self.title and f"“{self.title}”",
            self.published_on and self.published_on.isoformat(),
        ]
        return ", ".join(p for p in parts if p)


class Statement(models.Model):
    """Who said what at a meeting: a direct quote or a paraphrase, attributed to a leader."""

    class Kind(models.TextChoices):
        QUOTE = "quote", "Direct quote"
        PARAPHRASE = "paraphrase", "Paraphrase"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="statements")
    leader = models.ForeignKey(
        Leader,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text="Who said it; leave empty for a joint position of all participants.",
    )
    text = models.TextField(help_text="The words, exactly as reported for a quote; in the archive's words otherwise.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PARAPHRASE)
    source = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        help_text="The source (of this meeting) that reports it.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in the list of statements.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        who = self.leader.name if self.leader_id else "Joint"
        return f"{who}: {self.text[:60]}"

    def clean(self):
        if self.source_id and self.meeting_id and self.source.meeting_id != self.meeting_id:
            raise ValidationError({"source": "Choose a source of this meeting."})
