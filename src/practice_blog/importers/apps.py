from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "practice_blog.importers"
    label = "practice_blog_importers"
    verbose_name = "Importers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from practice_blog.core import checks  # noqa: F401  (registers the checks)
