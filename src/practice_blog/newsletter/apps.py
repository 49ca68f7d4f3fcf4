from django.apps import AppConfig

from practice_blog.core.groups import PRACTICE_OWNERS, model_permissions


class NewsletterConfig(AppConfig):
    name = "practice_blog.newsletter"
    label = "practice_blog_newsletter"
    verbose_name = "Newsletter"
    default_auto_field = "django.db.models.BigAutoField"
    # Editors get nothing from this app: no subscriber data, no settings.
    staff_group_permissions = {
        PRACTICE_OWNERS: [
            "practice_blog_newsletter.view_subscriber",
            "practice_blog_newsletter.delete_subscriber",
            "practice_blog_newsletter.export_subscribers",
            "practice_blog_newsletter.view_outgoingemail",
            "practice_blog_newsletter.view_consenttext",
            *model_permissions(
                "practice_blog_newsletter", "newslettersettings", ("change", "view")
            ),
        ],
    }

    def ready(self):
        from practice_blog.core import checks  # noqa: F401  (registers the checks)
