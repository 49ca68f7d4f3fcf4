"""Replace Wagtail's placeholder root page with a HomePage, and set up the two staff groups."""

from django.db import migrations

from home.groups import EDITORS, PRACTICE_OWNERS, ensure_permission, grant_permissions

EDITOR_PAGE_ACTIONS = ["add", "change", "publish"]
OWNER_PAGE_ACTIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]
EDITOR_MEDIA_ACTIONS = ["add", "change", "choose"]
OWNER_MEDIA_ACTIONS = ["add", "change", "choose", "delete"]


def create_home_page(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("home", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    # Wagtail's own first migration leaves a plain "Welcome" page at depth 2.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Welcome",
        draft_title="Welcome",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


def grant_tree_permissions(apps, group_name, page_actions, media_actions):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group, _ = Group.objects.get_or_create(name=group_name)
    root_page = Page.objects.get(depth=1)
    for action in page_actions:
        permission = ensure_permission(apps, "wagtailcore", "page", f"{action}_page")
        GroupPagePermission.objects.get_or_create(
            group=group, page=root_page, permission=permission
        )
    root_collection = Collection.objects.get(depth=1)
    for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
        for action in media_actions:
            permission = ensure_permission(apps, app_label, model, f"{action}_{model}")
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


def create_groups(apps):
    admin_access = [("wagtailadmin", "admin", "access_admin")]
    grant_permissions(apps, EDITORS, admin_access)
    grant_tree_permissions(apps, EDITORS, EDITOR_PAGE_ACTIONS, EDITOR_MEDIA_ACTIONS)

    grant_permissions(
        apps,
        PRACTICE_OWNERS,
        admin_access
        + [
            ("home", "practicesettings", "change_practicesettings"),
            ("home", "practicesettings", "view_practicesettings"),
            ("wagtailredirects", "redirect", "add_redirect"),
            ("wagtailredirects", "redirect", "change_redirect"),
            ("wagtailredirects", "redirect", "delete_redirect"),
            ("auth", "user", "add_user"),
            ("auth", "user", "change_user"),
            ("auth", "user", "delete_user"),
        ],
    )
    grant_tree_permissions(apps, PRACTICE_OWNERS, OWNER_PAGE_ACTIONS, OWNER_MEDIA_ACTIONS)


def forwards(apps, schema_editor):
    create_home_page(apps)
    create_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
