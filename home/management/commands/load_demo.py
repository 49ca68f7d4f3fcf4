"""Build a complete demo practice from the parts listed in ``home.demo.PARTS``."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string
from wagtail.models import Page

from home.demo import PARTS
from practice_blog.newsletter.sending import automatic_emails_paused


def database_is_empty():
    """True before any demo or real content: no practice details and no page below the home."""
    from home.models import PracticeSettings

    return not PracticeSettings.objects.exists() and not Page.objects.filter(depth__gt=2).exists()


class Command(BaseCommand):
    help = (
        "Create or refresh the demo practice (home page, practice details, crisis help, "
        "articles, newsletter and feedback). Safe to run again: it updates the same records "
        "instead of adding more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the site already has content (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and not database_is_empty():
            self.stdout.write("The site already has content; demo not loaded.")
            return
        for number, module in enumerate(PARTS, start=1):
            name = module.rsplit(".", 1)[-1]
            self.stdout.write(f"[{number}/{len(PARTS)}] {name}: loading demo content…")
            # Demo articles are not news to anyone: publishing them emails no one.
            with transaction.atomic(), automatic_emails_paused():
                summary = import_string(f"{module}.load")(self.stdout)
            if summary:
                self.stdout.write(f"    {summary}")
        pages = Page.objects.filter(depth__gt=1).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {len(PARTS)} parts, {pages} pages. Open http://127.0.0.1:8000/"
            )
        )
