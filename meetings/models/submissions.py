"""One add form, one object: the token each admin add form carries, claimed by the first post that sends it."""

from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """An add form's token (a hidden field), claimed by the first post that carries it. A second post of the same
    form (a double click, a reload, two posts at once) finds the claim and the object the first one made, and is
    answered with that object instead of a second one (``meetings/admin_submissions.py``)."""

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=100, help_text="app_label.model_name of the form's model.")
    object_id = models.CharField(max_length=50, blank=True, help_text="The object the first post made, once made.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.model} {self.object_id or '(not saved)'}"
