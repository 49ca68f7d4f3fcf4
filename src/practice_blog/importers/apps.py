from django.apps import AppConfig

from practice_blog.core.groups import PRACTICE_OWNERS


class ImportersConfig(AppConfig):
    name = "practice_blog.importers"
    label = "practice_blog_importers"
    verbose_name = "Importers"
    default_auto_field = "django.db.models.BigAutoField"
    # Importing changes many pages at once, adds pictures and redirects: Practice owners only.
    staff_group_permissions = {PRACTICE_OWNERS: ["practice_blog_importers.import_blog"]}

    def ready(self):
        from practice_blog.core import checks  # noqa: F401  (registers the checks)
