from django.apps import AppConfig

from practice_blog.core.groups import EDITORS, PRACTICE_OWNERS, model_permissions


class BlogConfig(AppConfig):
    name = "practice_blog.blog"
    label = "practice_blog_blog"
    verbose_name = "Blog"
    default_auto_field = "django.db.models.BigAutoField"
    staff_group_permissions = {
        EDITORS: model_permissions(
            "practice_blog_blog", "author", ("add", "change", "view", "publish")
        ),
        PRACTICE_OWNERS: model_permissions(
            "practice_blog_blog",
            "author",
            ("add", "change", "delete", "view", "publish", "lock", "unlock"),
        ),
    }

    def ready(self):
        from practice_blog.core import checks  # noqa: F401  (registers the checks)
