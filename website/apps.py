from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The project package; registered only so its deployment checks run."""

    name = "website"
    verbose_name = "Website configuration"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
