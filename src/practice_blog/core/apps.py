from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What the other Practice Blog apps share: the system checks that name any setting, app or
    URL include a host site is missing, and the page cache (its one model is the version of
    public content)."""

    name = "practice_blog.core"
    label = "practice_blog_core"
    verbose_name = "Practice Blog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
        from .page_cache import connect_signals

        connect_signals()
