"""The editors' roles: two groups with the permissions of their work, made by ``setup_roles`` (a migration runs it,
and ``python manage.py setup_roles`` again after a change). Users are managed by administrators (superusers)."""

from django.contrib.auth.management import create_permissions

APP = "meetings"
# The archive's models, by their model names.
ARCHIVE_MODELS = [
    "meeting", "participation", "statement", "source", "meetingarea", "leader", "leaderidentifier", "term",
    "country", "summit", "cooperationarea", "importedrecord", "oldslug", "correctionrequest", "correction",
]  # fmt: skip
# What an editor may delete: the parts of a meeting, never the reference lists (leaders, countries, summits, topics).
EDITOR_DELETES = ["statement", "source", "participation", "meetingarea", "term", "leaderidentifier", "correction"]
EDITORS, CHIEF_EDITORS = "Editors", "Chief editors"


def role_permissions(permission_model, content_type_model):
    """{group name: [Permission]} as the roles define them."""
    types = {ct.model: ct for ct in content_type_model.objects.filter(app_label=APP, model__in=ARCHIVE_MODELS)}
    perms = {
        (p.content_type_id, p.codename): p for p in permission_model.objects.filter(content_type__in=types.values())
    }

    def perm(action, model):
        return perms.get((types[model].pk, f"{action}_{model}")) if model in types else None

    editors = [perm(action, model) for model in types for action in ("add", "change", "view")]
    editors += [perm("delete", model) for model in EDITOR_DELETES]
    editors.append(perm("publish", "meeting"))
    chiefs = editors + [perm("delete", model) for model in types]
    chiefs += [p for p in perms.values() if p.codename.startswith("revert_")]
    return {EDITORS: [p for p in editors if p], CHIEF_EDITORS: list(dict.fromkeys(p for p in chiefs if p))}


def setup_roles(apps=None):
    """Create or update the two groups; returns {group name: number of permissions}."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    # Permissions are created after migrations run: make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    counts = {}
    for name, permissions in role_permissions(permission_model, content_type_model).items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
