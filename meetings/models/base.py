"""Shared pieces of the models: validators, slugs (and the slugs objects used to have)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.utils.text import slugify

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


# A web address a page may link to: http or https only (never javascript:, data:, ftp:…), whatever writes it.
web_url_validator = URLValidator(
    schemes=["http", "https"], message="Enter a web address starting with http:// or https://."
)


def is_web_url(value):
    """True for an address the public pages may link to (see the template filter ``web_url``)."""
    try:
        web_url_validator(str(value or ""))
    except ValidationError:
        return False
    return True


class EditVersion(models.Model):
    """Optimistic locking: every save counts one more version; the admin refuses a form opened on an older one
    (meetings/admin_locking.py), so that two editors never silently undo each other's changes."""

    edit_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="How many times the entry was saved (a stale form is refused)."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            self.edit_version = (self.edit_version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "edit_version"}
        super().save(*args, **kwargs)


def remember_old_slug(instance):
    """When a saved object's slug changes, keep the old one so that its old URL redirects to the new."""
    if not instance.pk or not instance.slug:
        return
    old = type(instance)._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old and old != instance.slug:
        OldSlug.objects.update_or_create(model=instance._meta.model_name, slug=old, defaults={"object_id": instance.pk})


def check_slug_not_retired(instance):
    """Refuse a slug another object of the same kind used to have: its old URLs must keep leading to that one."""
    retired = OldSlug.objects.filter(model=instance._meta.model_name, slug=instance.slug)
    if instance.slug and retired.exclude(object_id=instance.pk or 0).exists():
        raise ValidationError(
            {"slug": "Another entry used this slug before and its old links lead there: choose another one."}
        )


def split_lines(text):
    """The non-empty, stripped lines of a one-per-line text field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def unique_slug(model, text, *, instance_pk=None, max_length=200):
    """A slug for ``text`` not yet used by another row of ``model`` (adds -2, -3… when taken)."""
    base = slugify(text)[: max_length - 8].strip("-") or model._meta.model_name
    slug, n = base, 1
    others = model._default_manager.exclude(pk=instance_pk) if instance_pk else model._default_manager.all()
    retired = OldSlug.objects.filter(model=model._meta.model_name).exclude(object_id=instance_pk or 0)
    while others.filter(slug=slug).exists() or retired.filter(slug=slug).exists():
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


class SlugManager(models.Manager):
    """Rows identified by their slug in fixtures (natural keys), so demo data never clashes with ids."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
