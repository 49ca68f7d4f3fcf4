"""Settings with one plugin app and ``practice_blog.core`` only (``PRACTICE_BLOG_ALONE`` names
it), in a site without the demo's apps; used by ``test_apps_stand_alone.py``."""

import os

from website.settings.test import *  # noqa: F403
from website.settings.test import INSTALLED_APPS

ALONE = f"practice_blog.{os.environ['PRACTICE_BLOG_ALONE']}"
INSTALLED_APPS = [
    app
    for app in INSTALLED_APPS
    if app not in ("home", "website")
    and (not app.startswith("practice_blog.") or app in ("practice_blog.core", ALONE))
]
ROOT_URLCONF = "tests.core.urls_alone"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["PRACTICE_BLOG_ALONE_DB"],
    }
}
# A real site's queue (the test profile runs tasks inline and silences the warning about it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SILENCED_SYSTEM_CHECKS = []
