"""The archive's reference entities: countries, leaders, summits and fields of cooperation."""

import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..links import slug_url
from ..markdown import render_markdown
from .base import (
    EditVersion,
    OldSlug,
    SlugManager,
    check_slug_not_retired,
    country_code_validator,
    organisation_code_validator,
    remember_old_slug,
    split_lines,
    unique_slug,
    web_url_validator,
    wikidata_validator,
)


def year_span(first_day, last_day):
    """The years from one day to another: "2015", or "2019–2023"."""
    first, last = first_day.year, last_day.year
    return str(first) if first == last else f"{first}–{last}"


class CountryManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


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
        help_text="Names to recognise in text and to find it by, one per line: demonyms and other forms "
        "(Japanese, Japan's), the name in its own languages and scripts (日本).",
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
        return slug_url("country_detail", self.code.lower())

    @staticmethod
    def pair_url(code, other):
        """The page of two countries' meetings at its one address: the codes in alphabetical order (/countries/in/jp/;
        /countries/jp/in/ redirects there)."""
        return reverse("country_pair", args=sorted([code.lower(), other.lower()]))

    @property
    def alias_list(self):
        return split_lines(self.aliases)


class Leader(EditVersion):
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
        blank=True,
        help_text="Other names to recognise in text and to find the leader by, one per line: other spellings and "
        "scripts (Takaichi, Takaichi Sanae, 高市早苗).",
    )
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[wikidata_validator],
        help_text="Wikidata item, Q followed by digits (optional).",
    )

    history = HistoricalRecords(excluded_fields=["edit_version"])
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
        details = [part for part in (self.office, str(self.country)) if part]
        # The years the archive's meetings show, when a list asked for them (the type-ahead does): two namesakes
        # ("Konstantinos Karamanlis", uncle and nephew) are told apart.
        first, last = getattr(self, "first_year", None), getattr(self, "last_year", None)
        if first:
            details.append(str(first) if first == last else f"{first}–{last}")
        return f"{self.name} ({', '.join(details)})"

    def clean(self):
        check_slug_not_retired(self)
        if self.took_office and self.left_office and self.left_office < self.took_office:
            raise ValidationError({"left_office": "A leader cannot leave office before taking it."})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Leader, self.name, instance_pk=self.pk)
        remember_old_slug(self)
        super().save(*args, **kwargs)

    @transaction.atomic
    def merge(self, others, user=None):
        """Fold ``others`` — the same person entered more than once — into this leader, then delete them.

        Their participations and statements become this leader's (a meeting that had both keeps one), their names
        become aliases, their Wikidata id is kept, and their URLs redirect here. The meetings concerned are marked
        as changed by ``user``, so that a later run of an import leaves them as they are.
        Raises ValidationError when the leaders carry two different Wikidata ids (two people).
        """
        others = [other for other in others if other.pk != self.pk]
        ids = {leader.wikidata_id for leader in [self, *others] if leader.wikidata_id}
        if len(ids) > 1:
            raise ValidationError(f"These leaders have different Wikidata ids ({', '.join(sorted(ids))}): two people.")
        meetings = set()
        names = split_lines(self.aliases)
        for other in others:
            theirs = other.participations.all()
            meetings.update(theirs.values_list("meeting_id", flat=True))
            # A meeting that lists both keeps this leader's participation; the others move over as they are.
            theirs.filter(meeting__participations__leader=self).delete()
            theirs.update(leader=self)
            other.statements.update(leader=self)
            names += [name for name in [other.name, *split_lines(other.aliases)] if name != self.name]
            OldSlug.objects.update_or_create(model="leader", slug=other.slug, defaults={"object_id": self.pk})
            OldSlug.objects.filter(model="leader", object_id=other.pk).update(object_id=self.pk)
            other.delete()
        self.aliases = "\n".join(dict.fromkeys(names))
        self.wikidata_id = next(iter(ids), "")
        self.save()
        for meeting in apps.get_model("meetings", "Meeting").objects.filter(pk__in=meetings):
            meeting.updated_by = user
            meeting.save(update_fields=["updated_by", "updated_at"])

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return slug_url("leader_detail", self.slug)

    def offices_held(self):
        """[(office, country, years, how)]: the terms a source states, then each other office (and country) the
        published meetings attest, with the years of those meetings, oldest first."""
        attested = (
            self.participations.filter(meeting__status="published", meeting__date__isnull=False)
            .exclude(office="")
            .values("office", "country")
            .annotate(first=models.Min("meeting__date"), last=models.Max("meeting__date"))
        )
        countries = Country.objects.in_bulk({row["country"] for row in attested})
        return self.offices_from(
            list(self.terms.select_related("country")),
            [(row["office"], countries.get(row["country"]), row["first"], row["last"]) for row in attested],
        )

    @staticmethod
    def offices_from(terms, attested):
        """offices_held() from the leader's ``terms`` (with their countries) and the offices its published meetings
        attest, as (office, country, first day, last day): a leader page reads both with its timeline's rows."""
        rows = [(term.office, term.country, term.years, "stated", term.start or term.end) for term in terms]
        stated = {(office.lower(), country.pk if country else None) for office, country, *_ in rows}
        for office, country, first_day, last_day in sorted(attested, key=lambda row: (row[2], row[0])):
            if (office.lower(), country.pk if country else None) in stated:
                continue
            rows.append((office, country, year_span(first_day, last_day), "attested", first_day))
        rows.sort(key=lambda row: (row[4] is None, row[4] or datetime.date.min))
        return [row[:4] for row in rows]

    @property
    def alias_list(self):
        return split_lines(self.aliases)


class SummitQuerySet(models.QuerySet):
    def public(self):
        """Editions the public may see: with a published meeting, or with no meeting at all (an edition of the
        reference table, fixtures/summit_editions.csv); never one known only from drafts."""
        meetings = apps.get_model("meetings", "Meeting").objects.filter(summit=models.OuterRef("pk"))
        return self.filter(Exists(meetings.filter(status="published")) | ~Exists(meetings))


class Summit(EditVersion):
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
        AMERICAS = "americas", "Summit of the Americas"
        US_AFRICA = "us_africa", "U.S.–Africa Leaders Summit"
        US_ASEAN = "us_asean", "U.S.–ASEAN Summit"
        US_EU = "us_eu", "U.S.–EU Summit"
        PACIFIC = "pacific", "U.S.–Pacific Islands Summit"
        OSCE = "osce", "CSCE/OSCE Summit"
        UN_SUMMIT = "un_summit", "UN summit (Millennium Summit…)"
        OTHER = "other", "Other conferences of leaders"

    # The names and abbreviations reports use for each series, as whole words (the article assistant reads them).
    SERIES_NAMES = {
        "g20": ["G20", "G-20", "Group of 20", "Group of Twenty", "G20 Leaders' Summit"],
        "g7": ["G7", "G-7", "Group of Seven"],
        "g8": ["G8", "G-8", "Group of Eight"],
        "brics": ["BRICS"],
        "asean": ["ASEAN summit", "ASEAN Summit", "ASEAN meetings", "Association of Southeast Asian Nations summit"],
        "eas": ["East Asia Summit"],
        "apec": ["APEC", "Asia-Pacific Economic Cooperation"],
        "unga": ["UN General Assembly", "U.N. General Assembly", "United Nations General Assembly", "UNGA"],
        "nato": ["NATO summit", "NATO Summit", "NATO leaders"],
        "quad": ["Quad", "Quadrilateral Security Dialogue"],
        "sco": ["SCO", "Shanghai Cooperation Organisation", "Shanghai Cooperation Organization"],
        "cop": ["COP", "UN climate conference", "UN Climate Change Conference", "climate summit"],
        "nss": ["Nuclear Security Summit"],
        "eu": ["European Council", "EU summit", "EU leaders' summit"],
        "au": ["African Union summit", "AU summit"],
        "chogm": ["CHOGM", "Commonwealth Heads of Government Meeting", "Commonwealth summit"],
        "americas": ["Summit of the Americas"],
        "us_africa": ["U.S.-Africa Leaders Summit", "US-Africa Leaders Summit"],
        "us_asean": ["U.S.-ASEAN Summit", "US-ASEAN Summit", "ASEAN-U.S. Summit"],
        "us_eu": ["U.S.-EU Summit", "EU-US summit", "EU-U.S. summit"],
        "pacific": ["Pacific Islands Forum", "U.S.-Pacific Island Country Summit"],
        "osce": ["OSCE summit"],
        "un_summit": ["UN summit", "Millennium Summit"],
        "other": ["trilateral summit", "Trilateral Summit", "three-way summit"],
    }

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
    website = models.URLField(blank=True, validators=[web_url_validator], help_text="Official website, if any.")
    description = models.TextField(blank=True, help_text="Markdown.")

    history = HistoricalRecords(excluded_fields=["edit_version"])
    objects = SlugManager.from_queryset(SummitQuerySet)()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="summit_end_after_start"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check_slug_not_retired(self)
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
        return slug_url("summit_detail", self.slug)

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
        check_slug_not_retired(self)
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
        return slug_url("topic_detail", self.slug)

    @property
    def keyword_list(self):
        return split_lines(self.keywords)
