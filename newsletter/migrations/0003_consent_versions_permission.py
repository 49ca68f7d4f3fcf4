"""Practice owners may list the consent versions (read-only, like subscribers)."""

from django.db import migrations

from home.groups import PRACTICE_OWNERS, grant_permissions


def forwards(apps, schema_editor):
    grant_permissions(apps, PRACTICE_OWNERS, [("newsletter", "consenttext", "view_consenttext")])


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0002_group_permissions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
