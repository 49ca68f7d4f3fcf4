from django.apps import AppConfig

from practice_blog.core.groups import PRACTICE_OWNERS


class FeedbackConfig(AppConfig):
    name = "practice_blog.feedback"
    label = "practice_blog_feedback"
    verbose_name = "Feedback"
    default_auto_field = "django.db.models.BigAutoField"
    staff_group_permissions = {
        PRACTICE_OWNERS: [
            "practice_blog_feedback.view_feedback",
            "practice_blog_feedback.export_feedback",
            "practice_blog_feedback.change_feedbacksettings",
        ],
    }

    def ready(self):
        from practice_blog.core import checks  # noqa: F401  (registers the checks)
