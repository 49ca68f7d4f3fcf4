"""Keep a database made before Practice Blog became one package, and let `make run` start fresh.

Version 0.1 kept its apps at the top level (labels ``blog``, ``feedback``, ``newsletter`` and
``safety``). Their migrations started again under the new ``practice_blog_*`` labels, so an old
database cannot be migrated forward. This command renames such a SQLite file (never deletes
it) and says where it went; any other database is left alone.
"""

import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

OLD_LABELS = ("blog", "feedback", "newsletter", "safety")


def made_by_old_layout(path):
    """True if the SQLite file at ``path`` has migrations recorded under the old labels."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT COUNT(*) FROM django_migrations WHERE app IN (?, ?, ?, ?)", OLD_LABELS
        ).fetchone()
    except sqlite3.DatabaseError:
        return False  # no migrations table yet: a new or foreign file, not ours to move
    finally:
        connection.close()
    return rows[0] > 0


class Command(BaseCommand):
    help = (
        "If the SQLite database was made by Practice Blog 0.1 (apps outside the practice_blog "
        "package), rename it to <name>.old-layout-<time> so a fresh one can be built. "
        "Nothing is deleted."
    )

    def handle(self, *args, **options):
        config = settings.DATABASES["default"]
        if config["ENGINE"] != "django.db.backends.sqlite3":
            return
        path = Path(config["NAME"])
        if not path.exists() or not made_by_old_layout(path):
            return
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.name}.old-layout-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{path}{suffix}")
            if part.exists():
                part.rename(f"{target}{suffix}")
        self.stdout.write(
            self.style.WARNING(
                f"Your database was made by an older Practice Blog layout and cannot be "
                f"migrated. It is kept, unchanged, as {target.name}; a fresh demo site is "
                "being built."
            )
        )
