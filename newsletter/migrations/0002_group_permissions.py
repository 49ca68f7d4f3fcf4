"""Practice owners see, erase and export subscribers and edit the newsletter settings.

Editors get nothing from this app: no subscriber data, no settings.
"""

from django.db import migrations

from home.groups import PRACTICE_OWNERS, grant_permissions, model_permissions

OWNER_PERMISSIONS = [
    ("newsletter", "subscriber", "view_subscriber"),
    ("newsletter", "subscriber", "delete_subscriber"),
    ("newsletter", "subscriber", "export_subscribers"),
    ("newsletter", "outgoingemail", "view_outgoingemail"),
    *model_permissions("newsletter", "newslettersettings", ("change", "view")),
]


def forwards(apps, schema_editor):
    grant_permissions(apps, PRACTICE_OWNERS, OWNER_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("home", "0002_home_page_and_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
