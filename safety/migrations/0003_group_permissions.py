"""Practice owners manage crisis resources, safe-messaging rules and the crisis banner.
Editors may view (and so choose) resources and read the rules, but never change the banner."""

from django.db import migrations

from home.groups import EDITORS, PRACTICE_OWNERS, grant_permissions, model_permissions


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        PRACTICE_OWNERS,
        model_permissions("safety", "crisisresource")
        + model_permissions("safety", "safemessagingrule")
        + model_permissions("safety", "crisisbannersettings", actions=("change", "view")),
    )
    grant_permissions(
        apps,
        EDITORS,
        model_permissions("safety", "crisisresource", actions=("view",))
        + model_permissions("safety", "safemessagingrule", actions=("view",)),
    )


class Migration(migrations.Migration):
    dependencies = [("safety", "0002_seed_resources_rules_and_banner")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
