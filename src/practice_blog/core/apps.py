from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What the other Practice Blog apps share. It has no models; installing it registers the
    system checks that name any setting, app or URL include a host site is missing."""

    name = "practice_blog.core"
    label = "practice_blog_core"
    verbose_name = "Practice Blog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
