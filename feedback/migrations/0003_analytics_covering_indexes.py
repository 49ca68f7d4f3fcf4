"""Covering indexes for the feedback analytics (read-only speed-up, no model change).

The analytics screens aggregate the daily rollups by page, by day and by reason. With an index
that holds every column a query needs, SQLite and PostgreSQL read the index alone instead of
looking up each of hundreds of thousands of rows (the benchmark in bench/README.md: seconds
become tens of milliseconds). Plain SQL so the models (owned by the widget) stay as they are;
``makemigrations --check`` is unaffected because the migration state does not change.
"""

from django.db import migrations

INDEXES = {
    "feedback_cover_page_day": (
        "feedback_dailypagefeedback",
        ("page_id", "day", "helpful", "not_helpful"),
    ),
    "feedback_cover_day_page": (
        "feedback_dailypagefeedback",
        ("day", "page_id", "helpful", "not_helpful"),
    ),
    "feedback_cover_reason_page": (
        "feedback_dailyreasonfeedback",
        ("page_id", "reason", "day", "count"),
    ),
    "feedback_cover_reason_day": (
        "feedback_dailyreasonfeedback",
        ("day", "page_id", "reason", "count"),
    ),
}


def quoted(columns):
    return ", ".join(f'"{column}"' for column in columns)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_practice_owner_permissions")]

    operations = [
        migrations.RunSQL(
            sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({quoted(columns)})',
            reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
        )
        for name, (table, columns) in INDEXES.items()
    ]
