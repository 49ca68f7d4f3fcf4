from django.apps import AppConfig


class BlogConfig(AppConfig):
    """The host site's own blog app, labelled ``blog`` like the Wagtail tutorial's."""

    name = "blog"
    default_auto_field = "django.db.models.BigAutoField"
