"""Create or update the editors' groups ("Editors", "Chief editors") with their permissions (meetings/roles.py)."""

from django.core.management.base import BaseCommand

from meetings.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the groups Editors and Chief editors with the permissions of their roles."

    def handle(self, *args, **options):
        for name, count in setup_roles().items():
            self.stdout.write(f"{name}: {count} permissions")
