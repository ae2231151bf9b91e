"""One add form, one object, however often it is sent.

Every admin add form carries a token (a hidden field, ``templates/admin/change_form.html``). The first post that
sends it claims it (a row of ``FormSubmission`` with a unique token) inside the transaction that saves the object;
a second post of the same form (a double click on Save, a reload, two posts at the same moment) finds the claim,
waiting on the database's unique index for the first to finish if need be, and is answered with the object the
first one made and one message, never a second object or a "slug already used" error."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from .models import FormSubmission

FIELD = "_submission"
KEPT_FOR = datetime.timedelta(days=2)


def posted_token(request):
    try:
        return uuid.UUID(str(request.POST.get(FIELD, "")))
    except ValueError:
        return None


def claim(token, user, label):
    """None when this post is the first to send the token (or the first ones saved nothing); otherwise the claim
    of the post that saved an object."""
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user=user, model=label)
        return None
    except IntegrityError:
        earlier = FormSubmission.objects.filter(token=token, model=label).first()
        return earlier if earlier is not None and earlier.object_id else None


class OneObjectPerAddForm:
    """A ModelAdmin mixin: the add form's token, claimed by the first post; later posts get its object."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if add:
            token = posted_token(request) if request.method == "POST" else None
            context["submission_token"] = token or uuid.uuid4()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _changeform_view(self, request, object_id, form_url, extra_context):
        # Called by changeform_view inside its transaction: the claim and the save commit together.
        token = posted_token(request) if request.method == "POST" and object_id is None else None
        if token is not None:
            earlier = claim(token, request.user, self.opts.label_lower)
            if earlier is not None:
                return self.response_sent_twice(request, earlier)
            request.submission_token = token
        return super()._changeform_view(request, object_id, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        token = getattr(request, "submission_token", None)
        if token is not None:
            FormSubmission.objects.filter(token=token).update(object_id=str(obj.pk))
            FormSubmission.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
        return super().response_add(request, obj, post_url_continue)

    def response_sent_twice(self, request, earlier):
        obj = self.model._default_manager.filter(pk=earlier.object_id).first()
        if obj is None:
            messages.warning(request, "This form was already sent, and what it saved has since been deleted.")
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        if IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj)  # the popup's usual answer: the opener selects the object
        for _ in messages.get_messages(request):
            pass  # the first post's "was added" not shown as well: one message
        messages.info(request, f"“{obj}” was already saved (the form was sent twice); here it is.")
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        )
