"""The archive's data model: who met whom, when, where, on what, and on whose report."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from .markdown import render_markdown

# ISO 3166-1 alpha-2 (2 letters), ISO 3166-3 former states (4 letters), or an organisation ("X" + acronym).
country_code_validator = RegexValidator(
    r"^(?:[A-Z]{2}|[A-Z]{4}|X[A-Z]{2,7})$",
    "Use an ISO 3166-1 alpha-2 code (JP), an ISO 3166-3 code of a former state (SUHH), "
    "or X plus the acronym of an organisation (XEU).",
)
organisation_code_validator = RegexValidator(
    r"^X[A-Z]{2,7}$",
    "An organisation's code is X followed by its acronym (XEU, XNATO): ISO never assigns such codes.",
)
wikidata_validator = RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata id is Q followed by digits, e.g. Q1058.")


def remember_old_slug(instance):
    """When a saved object's slug changes, keep the old one so that its old URL redirects to the new."""
    if not instance.pk or not instance.slug:
        return
    old = type(instance)._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old and old != instance.slug:
        OldSlug.objects.update_or_create(model=instance._meta.model_name, slug=old, defaults={"object_id": instance.pk})


def split_lines(text):
    """The non-empty, stripped lines of a one-per-line text field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def unique_slug(model, text, *, instance_pk=None, max_length=200):
    """A slug for ``text`` not yet used by another row of ``model`` (adds -2, -3… when taken)."""
    base = slugify(text)[: max_length - 8].strip("-") or model._meta.model_name
    slug, n = base, 1
    others = model._default_manager.exclude(pk=instance_pk) if instance_pk else model._default_manager.all()
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class OldSlug(models.Model):
    """A slug an object used to have: its old URLs redirect permanently to the current one."""

    model = models.CharField(max_length=50, help_text="Which kind of object (meeting, leader, summit…).")
    slug = models.SlugField(max_length=200, help_text="The former slug.")
    object_id = models.BigIntegerField(help_text="The object it belongs to.")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["model", "slug"]
        constraints = [models.UniqueConstraint(fields=["model", "slug"], name="oldslug_unique")]

    def __str__(self):
        return f"{self.model}: {self.slug}"


class CountryManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class SlugManager(models.Manager):
    """Rows identified by their slug in fixtures (natural keys), so demo data never clashes with ids."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Country(models.Model):
    """A country, a former state, or an international organisation whose heads meet leaders."""

    code = models.CharField(
        max_length=8,
        unique=True,
        validators=[country_code_validator],
        help_text="ISO 3166-1 alpha-2 code in upper case (JP); ISO 3166-3 code for a former state (SUHH); "
        "X + acronym for an organisation (XEU). URLs use it in lower case.",
    )
    name = models.CharField(max_length=100, help_text="Everyday English name (Japan, South Korea).")
    aliases = models.TextField(
        blank=True,
        help_text="Names to recognise in text, one per line: demonyms and other forms (Japanese, Japan's).",
    )
    is_organisation = models.BooleanField(
        default=False, help_text="An international organisation (EU, UN, NATO…), not a state."
    )
    is_former = models.BooleanField(default=False, help_text="A state that no longer exists (USSR, Yugoslavia).")

    objects = CountryManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(condition=Q(code=Upper("code")), name="country_code_upper"),
            models.CheckConstraint(
                condition=Q(is_organisation=False) | Q(code__startswith="X"),
                name="country_organisation_code",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.code = (self.code or "").strip().upper()
        super().save(*args, **kwargs)

    def clean(self):
        self.code = (self.code or "").strip().upper()
        if self.is_organisation:
            try:
                organisation_code_validator(self.code)
            except ValidationError as error:
                raise ValidationError({"code": error.messages}) from None

    def natural_key(self):
        return (self.code,)

    def get_absolute_url(self):
        return reverse("country_detail", args=[self.code.lower()])

    @property
    def alias_list(self):
        return split_lines(self.aliases)


class Leader(models.Model):
    """A person who meets other leaders: head of state or government, minister, head of an organisation."""

    name = models.CharField(max_length=200, help_text="Full name as usually written in English (Narendra Modi).")
    slug = models.SlugField(max_length=200, unique=True, help_text="Stable identifier used in URLs and exports.")
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="leaders",
        help_text="Country or organisation the leader represents (or last represented).",
    )
    office = models.CharField(
        max_length=200, blank=True, help_text="Current or last office (Prime Minister). Past meetings keep their own."
    )
    took_office = models.DateField(null=True, blank=True, help_text="When the current or last office began.")
    left_office = models.DateField(null=True, blank=True, help_text="When it ended; empty while in office.")
    aliases = models.TextField(
        blank=True, help_text="Other names to recognise in text, one per line (Takaichi, Sanae Takaichi)."
    )
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[wikidata_validator],
        help_text="Wikidata item, Q followed by digits (optional).",
    )

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_office__isnull=True)
                | Q(took_office__isnull=True)
                | Q(left_office__gte=F("took_office")),
                name="leader_left_after_took_office",
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"], condition=~Q(wikidata_id=""), name="leader_wikidata_id_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.office}, {self.country})" if self.office else f"{self.name} ({self.country})"

    def clean(self):
        if self.took_office and self.left_office and self.left_office < self.took_office:
            raise ValidationError({"left_office": "A leader cannot leave office before taking it."})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Leader, self.name, instance_pk=self.pk)
        remember_old_slug(self)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("leader_detail", args=[self.slug])

    @property
    def alias_list(self):
        return split_lines(self.aliases)


class Summit(models.Model):
    """One edition of a summit or conference (the 2025 G20 Johannesburg summit), where leaders meet on the sidelines."""

    class Series(models.TextChoices):
        G20 = "g20", "G20"
        G7 = "g7", "G7"
        G8 = "g8", "G8"
        BRICS = "brics", "BRICS"
        ASEAN = "asean", "ASEAN"
        EAS = "eas", "East Asia Summit"
        APEC = "apec", "APEC"
        UNGA = "unga", "UN General Assembly"
        NATO = "nato", "NATO"
        QUAD = "quad", "Quad"
        SCO = "sco", "Shanghai Cooperation Organisation"
        COP = "cop", "UN Climate Change Conference (COP)"
        NSS = "nss", "Nuclear Security Summit"
        EU = "eu", "European Council / EU summit"
        AU = "au", "African Union"
        CHOGM = "chogm", "Commonwealth Heads of Government"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, help_text="Name of this edition (G20 Johannesburg Summit 2025).")
    slug = models.SlugField(max_length=200, unique=True, help_text="Stable identifier used in URLs and exports.")
    series = models.CharField(
        max_length=10, choices=Series.choices, default=Series.OTHER, db_index=True, help_text="The recurring series."
    )
    host_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="summits_hosted",
        help_text="Country that hosted this edition.",
    )
    city = models.CharField(max_length=100, blank=True, help_text="Host city.")
    start_date = models.DateField(help_text="First day of the summit.")
    end_date = models.DateField(help_text="Last day (the same as the first for a one-day summit).")
    website = models.URLField(blank=True, help_text="Official website, if any.")
    description = models.TextField(blank=True, help_text="Markdown.")

    objects = SlugManager()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="summit_end_after_start"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A summit cannot end before it starts."})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Summit, self.name, instance_pk=self.pk)
        remember_old_slug(self)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("summit_detail", args=[self.slug])

    @property
    def description_html(self):
        return render_markdown(self.description)


class CooperationArea(models.Model):
    """A field of cooperation (a topic), in two levels: Technology › Artificial intelligence."""

    name = models.CharField(max_length=100, help_text="Name of the field of cooperation.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Stable identifier used in URLs and exports.")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The broader area this one belongs to (top-level areas have none).",
    )
    description = models.TextField(blank=True, help_text="What the area covers.")
    keywords = models.TextField(
        blank=True, help_text="Words and phrases to recognise the area in text, one per line (AI, chips)."
    )

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "cooperation area"
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="cooperationarea_not_own_parent"),
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def clean(self):
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                raise ValidationError({"parent": "An area cannot be its own parent."})
            if self.parent.parent_id:
                raise ValidationError({"parent": "Areas have two levels: choose a top-level area as parent."})
            if self.pk and self.children.exists():
                raise ValidationError({"parent": "This area has sub-areas, so it must stay top-level."})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(CooperationArea, self.name, instance_pk=self.pk, max_length=100)
        remember_old_slug(self)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("topic_detail", args=[self.slug])

    @property
    def keyword_list(self):
        return split_lines(self.keywords)


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Meeting.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Meeting.Status.DRAFT)

    def involving(self, country):
        """Meetings where a participant represented ``country`` (where it took place does not count)."""
        return self.filter(participations__country=country).distinct()

    def on_topic(self, area):
        """Meetings on ``area`` or on any of its sub-areas."""
        return self.filter(Q(areas=area) | Q(areas__parent=area)).distinct()


class MeetingManager(models.Manager.from_queryset(MeetingQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Meeting(models.Model):
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
        help_text="Title, summary, report and participants' names, kept for the public search.",
    )
    review_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why this draft needs an editor (set by imports that could not read a record completely).",
    )
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the meeting was first published.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the entry was created.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When the entry was last changed.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = MeetingManager()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["status", "-date"], name="meeting_status_date_idx"),
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
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug and self.title.strip():
            self.slug = unique_slug(Meeting, self.title, instance_pk=self.pk)
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        remember_old_slug(self)
        names = list(self.participants.values_list("name", flat=True)) if self.pk else []
        self.search_text = self.build_search_text(self.title, self.summary, self.report, names)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("meeting_detail", args=[self.slug])

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

    @staticmethod
    def build_search_text(title, summary, report, names):
        return "\n".join(part for part in [title, summary, report, " ".join(names)] if part)

    def refresh_search_text(self):
        """Store the text the public search reads (after participants change)."""
        names = [p.leader.name for p in self.participations.select_related("leader")]
        self.search_text = self.build_search_text(self.title, self.summary, self.report, names)
        Meeting.objects.filter(pk=self.pk).update(search_text=self.search_text)

    @property
    def place(self):
        """Where it took place, as people write it: "Johannesburg, South Africa"."""
        return ", ".join(part for part in (self.city, self.country.name if self.country_id else "") if part)

    @property
    def report_html(self):
        return render_markdown(self.report)


class ParticipationManager(models.Manager):
    def get_by_natural_key(self, meeting_slug, leader_slug):
        return self.get(meeting__slug=meeting_slug, leader__slug=leader_slug)


class Participation(models.Model):
    """A leader's part in a meeting, with the country and office they held at the time."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    leader = models.ForeignKey(Leader, on_delete=models.PROTECT, related_name="participations")
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="participations",
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

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="area_links")
    area = models.ForeignKey(CooperationArea, on_delete=models.PROTECT, related_name="meeting_links")

    class Meta:
        ordering = ["meeting", "area"]
        constraints = [models.UniqueConstraint(fields=["meeting", "area"], name="meetingarea_unique")]
        indexes = [models.Index(fields=["area", "meeting"], name="meetingarea_area_idx")]

    def __str__(self):
        return f"{self.meeting} – {self.area}"


class ImportedRecord(models.Model):
    """Provenance: the record of an outside dataset that a meeting was imported from (re-imports update it)."""

    class Dataset(models.TextChoices):
        HISTORY_STATE_VISITS = "hs-visits", "Office of the Historian: visits by foreign leaders"
        HISTORY_STATE_TRAVELS = "hs-travels", "Office of the Historian: travels of the President and Secretary"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="imported_records")
    dataset = models.CharField(max_length=20, choices=Dataset.choices, help_text="Dataset the record comes from.")
    record_id = models.CharField(max_length=50, help_text="The record's id in that dataset.")
    part = models.CharField(
        max_length=200, blank=True, help_text="Which meeting of the record, when one record holds several."
    )
    created_meeting = models.BooleanField(
        default=True,
        help_text="The import created the meeting (and may update it); otherwise the record was matched to a "
        "meeting already in the archive, which imports leave as it is.",
    )
    record_created = models.DateTimeField(null=True, blank=True, help_text="Creation stamp in the dataset.")
    record_modified = models.DateTimeField(null=True, blank=True, help_text="Last-modified stamp in the dataset.")
    imported_at = models.DateTimeField(auto_now=True, help_text="When this archive last imported the record.")

    class Meta:
        ordering = ["dataset", "record_id", "part"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "record_id", "part"], name="importedrecord_unique_record"),
        ]

    def __str__(self):
        return f"{self.get_dataset_display()} #{self.record_id}{f' ({self.part})' if self.part else ''}"


class Source(models.Model):
    """A published account of a meeting: a news report, an official readout, a dataset record."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sources")
    publisher = models.CharField(max_length=200, help_text="Outlet or publisher (ANI, Ministry of External Affairs).")
    title = models.CharField(max_length=300, blank=True, help_text="Title of the article or page, as published.")
    url = models.URLField("URL", max_length=500, blank=True, help_text="Where it can be read (optional).")
    published_on = models.DateField(null=True, blank=True, help_text="Date of publication (optional).")

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self):
        parts = [self.publisher, self.title and f"“{self.title}”", self.published_on and self.published_on.isoformat()]
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

    class Meta:
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        who = self.leader.name if self.leader_id else "Joint"
        return f"{who}: {self.text[:60]}"

    def clean(self):
        if self.source_id and self.meeting_id and self.source.meeting_id != self.meeting_id:
            raise ValidationError({"source": "Choose a source of this meeting."})
