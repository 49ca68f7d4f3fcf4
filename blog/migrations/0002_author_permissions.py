"""Let Editors write and publish author bios, and Practice owners do everything with them."""

from django.db import migrations

from home.groups import EDITORS, PRACTICE_OWNERS, grant_permissions, model_permissions

EDITOR_ACTIONS = ("add", "change", "view", "publish")
OWNER_ACTIONS = ("add", "change", "delete", "view", "publish", "lock", "unlock")


def forwards(apps, schema_editor):
    grant_permissions(apps, EDITORS, model_permissions("blog", "author", EDITOR_ACTIONS))
    grant_permissions(apps, PRACTICE_OWNERS, model_permissions("blog", "author", OWNER_ACTIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("home", "0002_home_page_and_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
