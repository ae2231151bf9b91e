"""Suggest a correction: the public form on every published meeting (``<meeting URL>correct/``).

It only ever adds a row to the editors' inbox (CorrectionRequest): nothing on the meeting changes by itself. A
hidden field catches robots (a filled one is thanked and dropped), and each address may send a few an hour:
counted in the database (a keyed hash of the address on each suggestion), so the limit holds across every process
and server, and behind a reverse proxy it counts the client's address, not the proxy's (meetings/clients.py)."""

import datetime

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .clients import address_key
from .models import CorrectionRequest, Meeting

PER_HOUR = 5


class CorrectionForm(forms.ModelForm):
    # A field people do not see (hidden by CSS and aria-hidden): robots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")

    class Meta:
        model = CorrectionRequest
        fields = ["text", "source_url", "email"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6, "maxlength": 4000})}
        labels = {"text": "What is wrong?", "source_url": "A source that shows it (optional)",
                  "email": "Your e-mail, if you want an answer (optional, never shown)"}  # fmt: skip

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 10:
            raise forms.ValidationError("Please say in a sentence what is wrong.")
        if len(text) > 4000:
            raise forms.ValidationError("Please keep it under 4,000 characters.")
        return text


@require_http_methods(["GET", "HEAD", "POST"])
def suggest_correction(request, slug):
    meeting = get_object_or_404(Meeting.objects.published(), slug=slug)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST":
        sender = address_key(request)
        hour_ago = timezone.now() - datetime.timedelta(hours=1)
        if CorrectionRequest.objects.filter(sender=sender, created_at__gte=hour_ago).count() >= PER_HOUR:
            return render(
                request, "meetings/meeting_correct.html", {"meeting": meeting, "form": form, "throttled": True},
                status=429,
            )  # fmt: skip
        if form.is_valid():
            if not form.cleaned_data["website"]:
                form.instance.meeting = meeting
                form.instance.sender = sender
                form.save()
            return render(request, "meetings/meeting_correct.html", {"meeting": meeting, "thanks": True})
    return render(request, "meetings/meeting_correct.html", {"meeting": meeting, "form": form})
