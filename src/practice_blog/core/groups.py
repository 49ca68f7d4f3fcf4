"""The two staff groups a practice works with, set up by ``manage.py practice_blog_setup --groups``.

Practice owners can do everything (settings, subscribers, analytics); Editors write, edit and
publish articles but see no subscriber data and no settings. Each app declares what the
groups may do with its own models in its ``AppConfig.staff_group_permissions``; this module
adds the Wagtail permissions (pages, images, documents, users, redirects) and grants them.

Nothing here runs on its own: migrations never create or change groups, so installing the
plugin leaves a site's existing groups alone until someone runs the command.
"""

from django.apps import apps

PRACTICE_OWNERS = "Practice owners"
EDITORS = "Editors"

PAGE_ACTIONS = {
    EDITORS: ["add", "change", "publish"],
    PRACTICE_OWNERS: ["add", "change", "publish", "bulk_delete", "lock", "unlock"],
}
MEDIA_ACTIONS = {
    EDITORS: ["add", "change", "choose"],
    PRACTICE_OWNERS: ["add", "change", "choose", "delete"],
}
WAGTAIL_PERMISSIONS = {
    EDITORS: ["wagtailadmin.access_admin"],
    PRACTICE_OWNERS: [
        "wagtailadmin.access_admin",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
    ],
}


def model_permissions(app_label, model, actions=("add", "change", "delete", "view")):
    """The usual permissions of one model, as ``"app_label.action_model"`` names."""
    return [f"{app_label}.{action}_{model}" for action in actions]


def declared_permissions():
    """``{group name: [permission names]}`` from every installed app's AppConfig, leaving out
    permissions of apps the site does not have (e.g. no ``wagtail.contrib.redirects``)."""
    declared = {name: list(names) for name, names in WAGTAIL_PERMISSIONS.items()}
    for app_config in apps.get_app_configs():
        for group, names in getattr(app_config, "staff_group_permissions", {}).items():
            declared.setdefault(group, []).extend(names)
    labels = {app_config.label for app_config in apps.get_app_configs()}
    return {
        group: [name for name in names if name.split(".", 1)[0] in labels]
        for group, names in declared.items()
    }


def permission(name):
    from django.contrib.auth.models import Permission

    app_label, codename = name.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def set_up_groups():
    """Create the groups if needed and add their permissions; returns ``{group: count}``.

    Only ever adds: permissions a group already has, and anything else about it, stay. (Model
    imports are here because every AppConfig imports this module's names.)
    """
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    granted = {}
    for name, permission_names in declared_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [permission(permission_name) for permission_name in permission_names]
        group.permissions.add(*permissions)
        for action in PAGE_ACTIONS.get(name, []):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission(f"wagtailcore.{action}_page")
            )
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            for action in MEDIA_ACTIONS.get(name, []):
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(f"{app_label}.{action}_{model}"),
                )
        granted[name] = group.permissions.count()
    return granted
