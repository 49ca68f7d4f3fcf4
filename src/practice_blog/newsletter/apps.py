from django.apps import AppConfig, apps

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
            "practice_blog_newsletter.view_dispatch",
            "practice_blog_newsletter.add_dispatch",
            *model_permissions(
                "practice_blog_newsletter", "newslettersettings", ("change", "view")
            ),
        ],
    }

    def ready(self):
        from wagtail.signals import page_published

        from practice_blog.core import checks  # noqa: F401  (registers the checks)

        from . import checks as newsletter_checks  # noqa: F401

        page_published.connect(email_on_first_publish, dispatch_uid="practice_blog_newsletter")
        if apps.is_installed("anymail"):
            from anymail.signals import tracking

            from .bounces import on_anymail_tracking

            tracking.connect(on_anymail_tracking, dispatch_uid="practice_blog_newsletter")


def email_on_first_publish(sender, instance, **kwargs):
    """Wagtail's ``page_published``: an article's first time live creates its one dispatch."""
    from .sending import dispatch_on_first_publish

    dispatch_on_first_publish(instance)
