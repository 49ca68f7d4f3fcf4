"""Set up what Practice Blog offers but never does by itself."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from practice_blog.core.groups import EDITORS, PRACTICE_OWNERS, set_up_groups


class Command(BaseCommand):
    help = (
        f'Create the "{PRACTICE_OWNERS}" and "{EDITORS}" staff groups if they do not exist and '
        "give them the permissions of every installed Practice Blog app (owners: everything; "
        "editors: pages, pictures and author bios, no subscribers or settings). It only adds "
        "permissions and can be run again after installing another app."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--groups", action="store_true", help="Create the staff groups and permissions."
        )

    def handle(self, *args, groups=False, **options):
        if not groups:
            raise CommandError("Say what to set up: --groups (the staff groups).")
        with transaction.atomic():
            granted = set_up_groups()
        summary = ", ".join(f"{name}: {count} permissions" for name, count in granted.items())
        self.stdout.write(self.style.SUCCESS(f"Staff groups ready. {summary}."))
