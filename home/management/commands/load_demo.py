"""Build a complete demo practice. Each app adds its own part in ``<app>/demo.py``."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string, module_has_submodule
from wagtail.models import Page


def demo_loaders():
    """``(app label, load function)`` for every installed app that ships a ``demo`` module,
    in INSTALLED_APPS order (home first, so later apps can rely on the home page)."""
    loaders = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "demo"):
            loaders.append((app_config.label, import_string(f"{app_config.name}.demo.load")))
    return loaders


def database_is_empty():
    """True before any demo or real content: only the page created by the migrations exists."""
    from home.models import PracticeSettings

    return not PracticeSettings.objects.exists() and not Page.objects.filter(depth__gt=2).exists()


class Command(BaseCommand):
    help = (
        "Create or refresh the demo practice (home page, practice details and every app's "
        "demo content). Safe to run again: it updates the same records instead of adding more."
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
        loaders = demo_loaders()
        for number, (label, load) in enumerate(loaders, start=1):
            self.stdout.write(f"[{number}/{len(loaders)}] {label}: loading demo content…")
            with transaction.atomic():
                summary = load(self.stdout)
            if summary:
                self.stdout.write(f"    {summary}")
        pages = Page.objects.filter(depth__gt=1).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {len(loaders)} apps, {pages} pages. Open http://127.0.0.1:8000/"
            )
        )
