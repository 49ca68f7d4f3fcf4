"""Give Practice owners the feedback analytics, export and settings permissions."""

from django.db import migrations

from home.groups import PRACTICE_OWNERS, ensure_permission, grant_permissions

PERMISSIONS = [
    ("feedback", "helpfulvote", "view_feedback", "Can view feedback analytics"),
    ("feedback", "helpfulvote", "export_feedback", "Can export feedback"),
    ("feedback", "feedbacksettings", "change_feedbacksettings", "Can change Article feedback"),
]


def forwards(apps, schema_editor):
    # Create each permission with its real name first (Django's post-migrate signal would only
    # run later and would not rename it), then grant it.
    for app_label, model, codename, name in PERMISSIONS:
        ensure_permission(apps, app_label, model, codename, name)
    grant_permissions(apps, PRACTICE_OWNERS, [p[:3] for p in PERMISSIONS])


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("home", "0002_home_page_and_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
