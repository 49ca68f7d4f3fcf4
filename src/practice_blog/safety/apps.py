from django.apps import AppConfig

from practice_blog.core.groups import EDITORS, PRACTICE_OWNERS, model_permissions


class SafetyConfig(AppConfig):
    name = "practice_blog.safety"
    label = "practice_blog_safety"
    verbose_name = "Safety"
    default_auto_field = "django.db.models.BigAutoField"
    # Editors may view (and so choose) resources and read the rules, never change the banner.
    staff_group_permissions = {
        PRACTICE_OWNERS: [
            *model_permissions("practice_blog_safety", "crisisresource"),
            *model_permissions("practice_blog_safety", "safemessagingrule"),
            *model_permissions("practice_blog_safety", "crisisbannersettings", ("change", "view")),
        ],
        EDITORS: [
            "practice_blog_safety.view_crisisresource",
            "practice_blog_safety.view_safemessagingrule",
        ],
    }

    def ready(self):
        from practice_blog.core import checks  # noqa: F401  (registers the checks)
