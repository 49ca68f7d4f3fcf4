"""``manage.py restore_site ARCHIVE``: put a backup back into an empty database and media folder.

Every member is checked against the manifest's checksums before anything changes, and the row
counts are checked after the database is back. A database or media folder that is not empty
is refused unless ``--force`` is given.
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.log_actions import log
from wagtail.models import Site

from practice_blog.core.backups import BackupError, restore_backup

RESTORE_ACTION = "practice_blog.restore"


class Command(BaseCommand):
    help = "Restore a backup_site archive into an empty database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive that backup_site wrote.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database and media folder that are not empty.",
        )
        parser.add_argument("--identity", help="The age identity file, for an .age archive.")

    def handle(self, *args, archive, force=False, identity=None, **options):
        self.stdout.write(f"Checking {archive}…")

        def progress(done, total):
            if done == total or done % 100 == 0:
                self.stdout.write(f"[{done}/{total}] media files")

        try:
            result = restore_backup(archive, force=force, identity=identity, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is not None:
            log(instance=site, action=RESTORE_ACTION, data={"archive": str(archive)})
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {result.created_at}: {result.rows} rows in "
                f"{result.tables} tables, {result.media_files} media files."
            )
        )
