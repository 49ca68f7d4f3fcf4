"""``manage.py import_blog SOURCE --into blog``: bring a WordPress, Blogger or feed blog over as
drafts, with its pictures from a media folder or zip, or from the old site."""

import zoneinfo
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from practice_blog.blog.models import BlogIndexPage
from practice_blog.importers.records import SourceError
from practice_blog.importers.run import is_address, opened_source, run_import


class Command(BaseCommand):
    help = (
        "Import the posts of a WordPress export (WordPress → Tools → Export), a Blogger backup "
        "(Settings → Back up content) or any RSS or Atom feed (a file or its address) into a "
        "blog on this site, as drafts. Importing the same file again updates the articles it "
        "made."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            metavar="SOURCE",
            help="The export or backup file (.xml), or a feed's address (https://…).",
        )
        parser.add_argument(
            "--into",
            required=True,
            metavar="BLOG",
            help="The blog to import into: its page id, or its address name (slug), e.g. blog.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything and write the report, but save nothing.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the articles that were published in WordPress (others stay drafts). "
            "Emails no subscriber.",
        )
        parser.add_argument(
            "--report",
            metavar="CSV",
            help="Where to write the report (default: import-report-<date>-<time>.csv here).",
        )
        parser.add_argument(
            "--media",
            metavar="FOLDER_OR_ZIP",
            help="The old site's pictures: a folder or a .zip of them (for WordPress, its "
            "wp-content/uploads folder). Pictures are matched by the end of their old address.",
        )
        parser.add_argument(
            "--fetch-pictures",
            action="store_true",
            help="Fetch pictures that are not in --media from the old site's own address (only "
            "from the host the export names, with size, type and time limits).",
        )
        parser.add_argument(
            "--time-zone",
            metavar="ZONE",
            help="The WordPress site's time zone, e.g. America/Chicago, for dates the export "
            "gives without one (drafts). Default: this site's TIME_ZONE.",
        )

    def handle(self, *args, path, into, dry_run, publish, report, time_zone, **options):
        blog = find_blog(into)
        zone = parse_time_zone(time_zone)
        report_path = Path(report or f"import-report-{timezone.localtime():%Y%m%d-%H%M%S}.csv")
        check_report_path(report_path, None if is_address(path) else Path(path))
        try:
            with opened_source(path, time_zone=zone) as source:
                self.import_source(source, blog, report_path, dry_run, publish, options)
        except SourceError as error:
            raise CommandError(f"{error} Nothing was imported.") from error

    def import_source(self, source, blog, report_path, dry_run, publish, options):
        total = source.count()  # reads the whole file first: a bad one changes nothing

        done = []

        def progress(number, row):
            done.append(number)
            flag = " (needs a safe-messaging look)" if row.needs_look else ""
            self.stdout.write(f"[{number}/{total}] {row.title}: {row.outcome}{flag}")
            if options["verbosity"] >= 2:
                for note in row.notes:
                    self.stdout.write(f"    {note}")

        try:
            result = run_import(
                source,
                blog,
                media=options["media"],
                fetch_pictures=options["fetch_pictures"],
                publish=publish,
                dry_run=dry_run,
                progress=progress,
            )
        except SourceError as error:
            if not done or dry_run:
                raise
            # The file changed while it was being imported.
            raise CommandError(
                f"{error} The articles listed above were imported; run the command again once "
                "the file is whole, and it will update them."
            ) from error
        for note in result.notes:
            self.stdout.write(note)
        report_path.write_bytes(result.csv())
        self.stdout.write(self.style.SUCCESS(f"{result.summary()}; report in {report_path}"))


MAX_ID = 2**63 - 1


def check_report_path(report_path, export_path):
    """Refuse a report that would overwrite the export or cannot be written, before anything
    is imported."""
    if export_path is not None and report_path.resolve() == export_path.resolve():
        raise CommandError("The report would overwrite the export; give --report another name.")
    if report_path.is_dir() or not report_path.resolve().parent.is_dir():
        raise CommandError(f"The report cannot be written to {report_path}: no such folder.")
    try:
        with report_path.open("ab"):
            pass
    except OSError as error:
        raise CommandError(
            f"The report cannot be written to {report_path}: {error.strerror}."
        ) from error


def find_blog(wanted):
    """The blog index with this page id or slug, or a :class:`CommandError` that lists them."""
    blogs = BlogIndexPage.objects.all()
    if wanted.isascii() and wanted.isdigit():
        found = list(blogs.filter(pk=int(wanted))) if int(wanted) <= MAX_ID else []
    else:
        found = list(blogs.filter(slug=wanted))
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(str(blog.pk) for blog in found)
        raise CommandError(
            f"Several blogs have the address name “{wanted}” (ids {ids}); use the id."
        )
    known = "; ".join(f"{blog.title} (id {blog.pk}, “{blog.slug}”)" for blog in blogs)
    raise CommandError(
        f"No blog has the id or address name “{wanted}”. "
        + (f"Blogs on this site: {known}." if known else "Add a blog page first.")
    )


def parse_time_zone(name):
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise CommandError(
            f"“{name}” is not a time zone name; use one like Europe/London or America/Chicago."
        ) from error
