"""Where imported meetings come from."""

from django.db import models

from .meeting import Meeting


class ImportedRecord(models.Model):
    """Provenance: the record of an outside dataset that a meeting was imported from (re-imports update it)."""

    class Dataset(models.TextChoices):
        HISTORY_STATE_VISITS = "hs-visits", "Office of the Historian: visits by foreign leaders"
        HISTORY_STATE_TRAVELS = "hs-travels", "Office of the Historian: travels of the President and Secretary"
        HISTORY_STATE_SUMMITS = "hs-summits", "Office of the Historian: everyone its records place at a summit"

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
