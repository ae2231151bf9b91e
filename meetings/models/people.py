"""What the archive knows of a leader beyond the meetings: identifiers in other databases and offices held."""

from django.db import models
from django.db.models import F, Q

from .base import web_url_validator
from .reference import Country, Leader


class LeaderIdentifier(models.Model):
    """A leader's identifier in another database (the Office of the Historian's persons, VIAF…)."""

    class Scheme(models.TextChoices):
        HISTORY_STATE = "hsg-person", "Office of the Historian person id"
        VIAF = "viaf", "VIAF"

    # Where an identifier can be looked up; a scheme without a stable public address has none.
    URLS = {Scheme.VIAF: "https://viaf.org/viaf/{}"}

    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(max_length=20, choices=Scheme.choices, help_text="The database the identifier is of.")
    value = models.CharField(max_length=50, help_text="The identifier in that database (100118; 34470968).")

    class Meta:
        ordering = ["leader", "scheme", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="leaderidentifier_unique_value"),
            models.UniqueConstraint(fields=["leader", "scheme"], name="leaderidentifier_one_per_scheme"),
        ]

    def __str__(self):
        return f"{self.get_scheme_display()} {self.value}"

    @property
    def url(self):
        pattern = self.URLS.get(self.scheme)
        return pattern.format(self.value) if pattern else ""


class Term(models.Model):
    """An office a leader held, with its years or dates exactly as precise as a source states them."""

    class Precision(models.TextChoices):
        YEAR = "year", "Year"
        DAY = "day", "Day"

    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="terms")
    office = models.CharField(max_length=200, help_text="The office as the source names it (Chancellor).")
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="terms",
        help_text="Country or organisation of the office, when known.",
    )
    start = models.DateField(
        null=True,
        blank=True,
        help_text="When the term began (1 January of the year when only "
        "the year is known); empty when the source gives no start.",
    )
    start_precision = models.CharField(max_length=4, choices=Precision.choices, default=Precision.YEAR)
    end = models.DateField(
        null=True, blank=True, help_text="When it ended, as precise as the source; empty when the source gives no end."
    )
    end_precision = models.CharField(max_length=4, choices=Precision.choices, default=Precision.YEAR)
    source = models.CharField(max_length=500, help_text="Where the term is stated, in the source's words.")
    source_url = models.URLField(
        max_length=500, blank=True, validators=[web_url_validator], help_text="Where the statement can be read."
    )

    class Meta:
        ordering = ["leader", F("start").asc(nulls_first=True), "office"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="term_end_after_start",
            ),
            models.CheckConstraint(condition=Q(start__isnull=False) | Q(end__isnull=False), name="term_has_a_date"),
        ]

    def __str__(self):
        return f"{self.office}, {self.years}"

    @staticmethod
    def _show(value, precision):
        if value is None:
            return ""
        return str(value.year) if precision == Term.Precision.YEAR else value.isoformat()

    @property
    def years(self):
        """ "1949–1963", "from 1970", "until 1963"."""
        start, end = self._show(self.start, self.start_precision), self._show(self.end, self.end_precision)
        if start and end:
            return start if start == end else f"{start}–{end}"
        return f"from {start}" if start else f"until {end}"

    def covers(self, date):
        """The date falls within the term, read at the term's precision (a year covers all its days)."""
        first = self.start.replace(month=1, day=1) if self.start and self.start_precision == "year" else self.start
        last = self.end.replace(month=12, day=31) if self.end and self.end_precision == "year" else self.end
        return (first is None or first <= date) and (last is None or date <= last)
