"""Test profile: fast hashing, mail kept in memory, uploads in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-any-real-deployment-0123456789"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="practice-blog-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tasks run inside the test that queues them; tests of the worker itself choose their backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# ... which practice_blog.W006 rightly warns about on a real site.
SILENCED_SYSTEM_CHECKS = ["practice_blog.W006"]
# The page cache moves on when a transaction commits, and most tests never commit: it is off
# here, and tests/blog/test_page_cache.py switches it on and commits its changes.
PRACTICE_BLOG = {**PRACTICE_BLOG, "NEWSLETTER_PER_SECOND": 0, "PAGE_CACHE": ""}  # noqa: F405
# The optional bounce and complaint webhooks, as a site with a mail provider has them.
INSTALLED_APPS = [*INSTALLED_APPS, "anymail"]  # noqa: F405
ANYMAIL = {"WEBHOOK_SECRET": "provider:test-webhook-secret"}

# A file-backed test database, so WAL mode and concurrent writers are tested for real
# (an in-memory SQLite database cannot use WAL).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        # One file per test run, so parallel runs on one machine never share a database.
        "NAME": str(Path(tempfile.gettempdir()) / f"practice-blog-test-{os.getpid()}.sqlite3")  # noqa: F405
    }
