from django.apps import AppConfig

from practice_blog.core.groups import EDITORS, PRACTICE_OWNERS, model_permissions

MODERATE = "practice_blog_comments.moderate_readercomment"
EXPORT = "practice_blog_comments.export_readercomment"


class CommentsConfig(AppConfig):
    name = "practice_blog.comments"
    label = "practice_blog_comments"
    verbose_name = "Reader comments"
    default_auto_field = "django.db.models.BigAutoField"
    # Editors moderate; Practice owners also change the settings, the lists staff edit (canned
    # replies, risk phrases), erase a reader's comments and export them.
    staff_group_permissions = {
        EDITORS: [MODERATE, "practice_blog_comments.view_cannedreply"],
        PRACTICE_OWNERS: [
            MODERATE,
            EXPORT,
            "practice_blog_comments.erase_readercomment",
            *model_permissions("practice_blog_comments", "cannedreply"),
            *model_permissions("practice_blog_comments", "riskphrase"),
            *model_permissions("practice_blog_comments", "commentsettings", ("change", "view")),
        ],
    }

    def ready(self):
        from practice_blog.core import checks  # noqa: F401  (registers the checks)
