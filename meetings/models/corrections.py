"""Corrections: what the public suggests (an editors' inbox), and what editors publish as corrected."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .base import web_url_validator
from .meeting import Meeting


class CorrectionRequest(models.Model):
    """A visitor's report that something on a meeting's page is wrong. It changes nothing by itself: an editor reads
    it, corrects the meeting if right, and answers."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="correction_requests")
    text = models.TextField("what is wrong", help_text="What the visitor says is wrong, as they wrote it.")
    source_url = models.URLField(
        "source URL", max_length=500, blank=True, validators=[web_url_validator], help_text="Where it can be checked."
    )
    email = models.EmailField(blank=True, help_text="To answer the visitor (never shown publicly).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    reply = models.TextField(blank=True, help_text="The editor's answer or note.")
    created_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    sender = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="A keyed hash of the sender's address (never the address itself), to throttle senders.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "suggested correction"
        indexes = [models.Index(fields=["sender", "created_at"], name="correction_sender_recent")]

    def __str__(self):
        return f"{self.get_status_display()}: {self.meeting} ({self.created_at:%Y-%m-%d})"


class Correction(models.Model):
    """A correction of a fact on a published meeting, listed on its page ("Corrected on …: …")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="corrections")
    corrected_on = models.DateField(default=timezone.localdate, help_text="When the correction was made.")
    note = models.CharField(max_length=500, help_text="What was corrected, in one sentence for the public.")
    request = models.ForeignKey(
        CorrectionRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The visitor's suggestion it answers, if any.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["corrected_on", "id"]

    def __str__(self):
        return f"Corrected on {self.corrected_on:%Y-%m-%d}: {self.note}"
