from django.apps import AppConfig

from practice_blog.core.groups import PRACTICE_OWNERS


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and practice details"
    default_auto_field = "django.db.models.BigAutoField"
    # Used by ``manage.py practice_blog_setup --groups``, which the demo site runs.
    staff_group_permissions = {
        PRACTICE_OWNERS: ["home.change_practicesettings", "home.view_practicesettings"],
    }
