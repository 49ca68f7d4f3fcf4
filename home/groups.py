"""The two staff groups and a helper that apps' data migrations use to grant permissions.

Practice owners can do everything (settings, subscribers, analytics); Editors write, edit
and publish articles but see no subscriber data and no settings. Each app grants its own
permissions from its own data migration with :func:`grant_permissions`, so adding an app
never means editing another app's migration.
"""

PRACTICE_OWNERS = "Practice owners"
EDITORS = "Editors"


def ensure_permission(apps, app_label, model, codename, name=None):
    """Return a permission, creating it (and its content type) if migrations run before
    Django's post-migrate signal has created it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": name or codename.replace("_", " ").capitalize()},
    )
    return permission


def grant_permissions(apps, group_name, permissions):
    """Give ``group_name`` each ``(app_label, model, codename)`` permission."""
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, model, codename in permissions:
        group.permissions.add(ensure_permission(apps, app_label, model, codename))


def model_permissions(app_label, model, actions=("add", "change", "delete", "view")):
    """The usual Django permissions of one model, as ``grant_permissions`` expects them."""
    return [(app_label, model, f"{action}_{model}") for action in actions]
