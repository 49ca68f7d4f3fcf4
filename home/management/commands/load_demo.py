"""Build a complete demo practice from the parts listed in ``home.demo.PARTS``, or remove it."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string
from wagtail.models import Page

from home.demo import PARTS
from home.demo.records import record_demo
from practice_blog.newsletter.sending import automatic_emails_paused


def database_is_empty():
    """True before any demo or real content: no practice details and no page below the home."""
    from home.models import PracticeSettings

    return not PracticeSettings.objects.exists() and not Page.objects.filter(depth__gt=2).exists()


class Command(BaseCommand):
    help = (
        "Create or refresh the demo practice (home page, practice details, crisis help, "
        "articles, newsletter and feedback). Safe to run again: it updates the same records "
        "instead of adding more. With --remove, take the demo content away again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the site already has content (used by `make run`).",
        )
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Remove the demo content instead: list what will go, ask, then remove it. "
            "Anything you have edited is kept and listed.",
        )
        parser.add_argument(
            "--yes",
            "--no-input",
            action="store_true",
            dest="yes",
            help="With --remove: do not ask for confirmation.",
        )

    def handle(self, *args, if_empty=False, remove=False, yes=False, **options):
        if remove:
            return self.remove(yes)
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
        with transaction.atomic():
            recorded = record_demo()
        self.stdout.write(
            f"    recorded {recorded} demo items, so `load_demo --remove` can undo this"
        )
        pages = Page.objects.filter(depth__gt=1).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {len(PARTS)} parts, {pages} pages. Open "
                f"{settings.WAGTAILADMIN_BASE_URL}/"
            )
        )

    def remove(self, yes):
        from home.demo.removal import PlanChanged, plan_removal, remove_demo

        plan = plan_removal()
        if plan.is_empty:
            self.stdout.write("There is no demo content to remove.")
            return
        self.show_plan(plan)
        if not yes:
            if not self.stdin_is_interactive():
                raise CommandError("Nothing removed: confirm with --yes when not at a terminal.")
            answer = input("Remove the demo content listed above? Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                self.stdout.write("Nothing removed.")
                return
        try:
            done = remove_demo(
                progress=lambda line: self.stdout.write(f"  {line}"), expected=plan.token()
            )
        except PlanChanged:
            raise CommandError(
                "Nothing removed: the demo content changed while you were reading the list. "
                "Run the command again to see the new list."
            ) from None
        self.stdout.write(self.style.SUCCESS(done.summary()))

    def stdin_is_interactive(self):
        import sys

        return sys.stdin.isatty()

    def show_plan(self, plan):
        write = self.stdout.write
        if not plan.recorded:
            write(
                "This demo was made by an older load_demo that kept no record of it: it is "
                "recognised by its names, and anything someone has edited is kept."
            )
        write("Will be removed:")
        for kind, items in plan.removals_by_kind():
            write(f"  {kind} ({len(items)}):")
            for item in items:
                write(f"    - {item.label}")
        if plan.votes:
            write(
                f"  Answers to “Was this article helpful?”: {plan.votes} demo answers, "
                f"{plan.comments} of them with a reader's note"
            )
        if plan.reader_comments:
            write(f"  Reader comments: {plan.reader_comments} demo comments and their replies")
        if plan.tags:
            write(f"  Topics no longer used: {', '.join(plan.tags)}")
        if plan.reset:
            write("Kept, with the demo wording replaced by neutral wording:")
            for reset in plan.reset:
                write(f"  - {reset.label}: {', '.join(reset.field_labels)}")
                if reset.note:
                    write(f"    {reset.note}")
        for page in plan.kept_structure:
            write(f"Kept as it is: {page.title}")
        if plan.unsure:
            write("Kept because they may be yours now (check them yourself):")
            for item in plan.unsure:
                write(f"  - {item.kind_singular}: {item.label}. {item.reason}")
