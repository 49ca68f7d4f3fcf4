"""Settings shared by every profile, driven by environment variables (see README)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from practice_blog.core.conf import DEFAULT_CONTENT_SECURITY_POLICY

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    """Read an environment variable; an empty value counts as unset."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The demo site's own apps, then the Practice Blog plugin (installed from src/).
    "website",
    "home",
    "practice_blog.core",
    "practice_blog.safety",
    "practice_blog.blog",
    "practice_blog.newsletter",
    "practice_blog.feedback",
    "practice_blog.comments",
    "practice_blog.importers",
    # Wagtail
    "wagtail_modeladmin",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # The task queue's database backend and its worker (manage.py db_worker)
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: /healthz and /healthz/worker answer before any redirect, Host check or session.
    "practice_blog.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Whole public pages from their own cache, before routing; then the caching headers, outside
    # the session and CSRF middleware, so they see any cookie or Vary those add.
    "practice_blog.core.page_cache.PageCacheMiddleware",
    "practice_blog.core.middleware.PublicCacheHeadersMiddleware",
    "practice_blog.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite file in the project folder unless DATABASE_URL says otherwise.
# SQLite gets WAL, immediate transactions and a busy timeout so that concurrent
# writers queue instead of failing with "database is locked" (checked by website.W001).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
    ),
}


def database_from_url(url):
    """Parse DATABASE_URL, adding the SQLite options when it names a SQLite file."""
    config = dj_database_url.parse(url, conn_max_age=int(env("CONN_MAX_AGE", "0")))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


DATABASES = {
    "default": database_from_url(env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default, Redis when REDIS_URL is set.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "practice-blog"),
        }
    }
    # Whole public pages (practice_blog.core.page_cache), shared by every worker and server.
    CACHES["pages"] = {
        **CACHES["default"],
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "practice-blog") + "-pages",
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "practice-blog-pages",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

# Email: printed to the console unless EMAIL_BACKEND or EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Practice Blog <blog@localhost>")
# A mail provider through django-anymail, e.g.
# ANYMAIL_BACKEND=anymail.backends.postmark.EmailBackend with ANYMAIL_POSTMARK_SERVER_TOKEN.
# ANYMAIL_WEBHOOK_SECRET ("user:password") protects its bounce and complaint webhooks at
# /anymail/<provider>/tracking/.
if env("ANYMAIL_BACKEND"):
    INSTALLED_APPS += ["anymail"]
    EMAIL_BACKEND = env("ANYMAIL_BACKEND")
    ANYMAIL = {
        key.removeprefix("ANYMAIL_"): value
        for key, value in os.environ.items()
        if key.startswith("ANYMAIL_") and key != "ANYMAIL_BACKEND" and value
    }
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Background tasks (django-tasks, used by Wagtail and the plugin): kept in the database and run
# by a worker (`manage.py db_worker`), which `make run` starts beside the web server. Sites
# with Redis can use django-tasks-rq instead (README, "Deployment").
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
if TASKS["default"]["BACKEND"].startswith("django_tasks_rq."):
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = env("STATIC_URL", "/static/")
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
# Let Django itself serve uploaded media (single-server installs without a proxy).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Practice Blog's settings (documented in practice_blog.core.conf; every key is optional).
# TRUSTED_PROXY_COUNT: how many reverse proxies append to X-Forwarded-For (0: none), used only
# to tell visitors apart for rate limits. PUBLIC_CACHE_SECONDS: how long browsers and shared
# caches may keep public pages. CONTENT_SECURITY_POLICY: sent with every page outside the
# admin; serving static files or uploads from another host (a CDN) means adding it here, and
# "off" turns the header off. No site may frame a public page, as X_FRAME_OPTIONS already says.
_csp = env("CONTENT_SECURITY_POLICY", DEFAULT_CONTENT_SECURITY_POLICY)
PRACTICE_BLOG = {
    "TRUSTED_PROXY_COUNT": int(env("TRUSTED_PROXY_COUNT", "0")),
    "PUBLIC_CACHE_SECONDS": int(env("PUBLIC_CACHE_SECONDS", "300")),
    "CONTENT_SECURITY_POLICY": "" if _csp == "off" else _csp,
    "PUBLIC_BASE_URL": env("PUBLIC_BASE_URL", ""),
    # Newsletter: the sending address on the domain your SPF/DKIM records cover (README,
    # "Email deliverability"), and how fast the worker sends.
    "NEWSLETTER_FROM_EMAIL": env("NEWSLETTER_FROM_EMAIL", ""),
    "NEWSLETTER_PER_SECOND": int(env("NEWSLETTER_PER_SECOND", "10")),
    # Backups (manage.py backup_site): where, how many, and the public key to encrypt them to.
    "BACKUP_DIR": env("BACKUP_DIR", ""),
    "BACKUP_KEEP": int(env("BACKUP_KEEP", "14")),
    "BACKUP_ENCRYPT_TO": env("BACKUP_ENCRYPT_TO", ""),
}

WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "Practice Blog")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database search (SQLite FTS5 or PostgreSQL), with a fix for stray double quotes.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "practice_blog.core.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp"}
# "Picture description" on the upload form too, as on every other screen.
WAGTAILIMAGES_IMAGE_FORM_BASE = "practice_blog.core.image_forms.PictureForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False  # never phone home
# Staff avatars default to Gravatar, which sends a hash of each email address to a third
# party from every admin page; staff can still upload their own picture.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_RECENT_EDITS_LIMIT = 5
# Wagtail's staff-only comments on drafts: owners took the speech bubble for reader comments.
# Set WAGTAILADMIN_COMMENTS_ENABLED=true to have them back (README, "Settings").
WAGTAILADMIN_COMMENTS_ENABLED = env_bool("WAGTAILADMIN_COMMENTS_ENABLED", False)
# Wagtail's default "Moderators approval" workflow sends pages to a Moderators group nobody is
# in: Editors and Practice owners publish themselves. WAGTAIL_WORKFLOW_ENABLED=true restores it.
WAGTAIL_WORKFLOW_ENABLED = env_bool("WAGTAIL_WORKFLOW_ENABLED", False)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
