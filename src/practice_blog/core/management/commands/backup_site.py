"""``manage.py backup_site [--to FOLDER]``: the database and the uploads in one dated archive.

Run it nightly from cron (README, "Backups"). It is safe while the site runs: the database is
copied in one consistent step. Each backup is written to the audit log.
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.log_actions import log
from wagtail.models import Site

from practice_blog.core.backups import BackupError, create_backup

BACKUP_ACTION = "practice_blog.backup"


class Command(BaseCommand):
    help = "Back up the database and the uploaded media into one archive with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            dest="folder",
            help="Folder for the archive (default: PRACTICE_BLOG['BACKUP_DIR'], else "
            "~/practice-blog-backups).",
        )

    def handle(self, *args, folder=None, **options):
        self.stdout.write("Copying the database…")

        def progress(done, total):
            if done == total or done % 100 == 0:
                self.stdout.write(f"[{done}/{total}] media files")

        try:
            result = create_backup(folder, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is not None:  # the audit log files entries under the site
            log(
                instance=site,
                action=BACKUP_ACTION,
                data={
                    "archive": result.archive.name,
                    "rows": result.rows,
                    "media_files": result.media_files,
                },
            )
        for path in result.removed:
            self.stdout.write(f"Removed an old archive: {path.name}")
        megabytes = result.archive.stat().st_size / 1_000_000
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {result.archive} ({megabytes:.1f} MB; {result.rows} rows in "
                f"{result.tables} tables, {result.media_files} media files)."
            )
        )
