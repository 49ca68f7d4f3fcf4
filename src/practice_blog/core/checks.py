"""System checks that name what a site must add for Practice Blog, with the exact line to add.

They run with ``manage.py check`` (and before ``runserver`` and ``migrate``). Each message
says which app needs the missing piece, so a site that installs only some of the apps is only
told about what those apps use.
"""

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Warning, register
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from .anonymous_posts import TIMESTAMP_MAX_AGE_SECONDS
from .conf import DEFAULTS, public_base_url

# What each of our apps needs installed beside it (Wagtail's own apps are needed by all of them).
REQUIRED_APPS = {
    "practice_blog.blog": [
        "practice_blog.safety",
        "practice_blog.feedback",
        "practice_blog.newsletter",
        "practice_blog.comments",
        "wagtail.contrib.routable_page",
        "taggit",
        "modelcluster",
    ],
    "practice_blog.feedback": ["wagtail.contrib.settings", "wagtail_modeladmin"],
    "practice_blog.newsletter": ["wagtail.contrib.settings", "wagtail_modeladmin"],
    "practice_blog.safety": ["wagtail.contrib.settings", "wagtail.snippets"],
    "practice_blog.comments": ["wagtail.contrib.settings"],
    "practice_blog.importers": ["practice_blog.blog", "wagtail.contrib.redirects"],
}

# Public addresses an app's forms post to, as ``(app, URL name)``.
REQUIRED_URLS = {
    "practice_blog.feedback": "practice_blog_feedback:vote",
    "practice_blog.newsletter": "practice_blog_newsletter:signup",
    "practice_blog.comments": "practice_blog_comments:post",
}

MIDDLEWARE = {
    "practice_blog.core.middleware.PublicCacheHeadersMiddleware": (
        "public pages are cached by browsers and shared caches, and pages with a form stay private"
    ),
    "practice_blog.core.middleware.ContentSecurityPolicyMiddleware": (
        "public pages carry a Content-Security-Policy header"
    ),
}

REQUEST_CONTEXT_PROCESSOR = "django.template.context_processors.request"

# Hosts that only ever stand in for the real one (`wagtail start` writes http://example.com).
PLACEHOLDER_HOSTS = {None, "", "example.com", "www.example.com"}


def installed_plugin_apps():
    return [name for name in REQUIRED_APPS if apps.is_installed(name)]


@register()
def check_required_apps(app_configs=None, **kwargs):
    """One error per missing app, naming every one of our apps that needs it."""
    needed_by = {}
    for app in installed_plugin_apps():
        for required in ["practice_blog.core", *REQUIRED_APPS[app]]:
            if not apps.is_installed(required):
                needed_by.setdefault(required, []).append(app)
    return [
        Error(
            f"{' and '.join(users)} need{'s' if len(users) == 1 else ''} {required!r} in "
            "INSTALLED_APPS.",
            hint=f'Add "{required}", to INSTALLED_APPS.',
            id="practice_blog.E001",
        )
        for required, users in needed_by.items()
    ]


def url_answers(url_name):
    """True when ``url_name`` has an address and that address reaches this view (it would not
    if Wagtail's catch-all page URLs came first)."""
    try:
        return resolve(reverse(url_name)).view_name == url_name
    except (NoReverseMatch, Resolver404):
        return False


@register("urls")
def check_url_includes(app_configs=None, **kwargs):
    messages = []
    for app, url_name in REQUIRED_URLS.items():
        if not apps.is_installed(app):
            continue
        if not url_answers(url_name):
            messages.append(
                Error(
                    f"{app} is installed but its public address ({url_name}) is not in the "
                    "site's URLs, or comes after Wagtail's page URLs, so its form cannot be "
                    "sent.",
                    hint='Add path("", include("practice_blog.urls")), to urlpatterns in '
                    f"{settings.ROOT_URLCONF}, before include(wagtail_urls).",
                    id="practice_blog.E002",
                )
            )
    return messages


@register()
def check_middleware(app_configs=None, **kwargs):
    if not installed_plugin_apps():
        return []
    middleware = list(getattr(settings, "MIDDLEWARE", []))
    return [
        Warning(
            f"{path} is not in MIDDLEWARE, so not all {purpose}.",
            hint=f'Add "{path}", to MIDDLEWARE, after '
            '"django.middleware.security.SecurityMiddleware".',
            id="practice_blog.W001",
        )
        for path, purpose in MIDDLEWARE.items()
        if path not in middleware
    ]


@register("templates")
def check_context_processor(app_configs=None, **kwargs):
    if not installed_plugin_apps():
        return []
    for engine in getattr(settings, "TEMPLATES", []):
        if engine.get("BACKEND") != "django.template.backends.django.DjangoTemplates":
            continue
        if REQUEST_CONTEXT_PROCESSOR in engine.get("OPTIONS", {}).get("context_processors", []):
            return []
    return [
        Error(
            "The banner, the widget and the signup form read the request from the template "
            f"context, but {REQUEST_CONTEXT_PROCESSOR!r} is not a context processor.",
            hint=f'Add "{REQUEST_CONTEXT_PROCESSOR}", to TEMPLATES[0]["OPTIONS"]'
            '["context_processors"].',
            id="practice_blog.E003",
        )
    ]


@register()
def check_public_base_url(app_configs=None, **kwargs):
    """Newsletter and comment confirmation emails link to the public site: say so when that
    address is a placeholder."""
    emailing = [
        name for name in ("newsletter", "comments") if apps.is_installed(f"practice_blog.{name}")
    ]
    if not emailing:
        return []
    base = public_base_url()
    if urlsplit(base).hostname not in PLACEHOLDER_HOSTS:
        return []
    return [
        Warning(
            f"{' and '.join(emailing).capitalize()} emails would link to "
            f"{base or 'no address'!r}, not to your public site.",
            hint='Set PRACTICE_BLOG = {"PUBLIC_BASE_URL": "https://your-site.example"} (or '
            "WAGTAILADMIN_BASE_URL) in your settings.",
            id="practice_blog.W002",
        )
    ]


# Cache backends whose counters live in one process, or are not incremented atomically.
PER_PROCESS_OR_NON_ATOMIC_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "kept separately by each worker process",
    "django.core.cache.backends.filebased.FileBasedCache": "not counted atomically",
    "django.core.cache.backends.db.DatabaseCache": "not counted atomically",
    "django.core.cache.backends.dummy.DummyCache": "never counted at all",
}


@register(deploy=True)
def check_rate_limit_cache(app_configs=None, **kwargs):
    """``check --deploy``: rate limits need one shared cache with atomic counters."""
    public_forms = {"practice_blog.feedback", "practice_blog.newsletter", "practice_blog.comments"}
    if not public_forms & set(installed_plugin_apps()):
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    problem = PER_PROCESS_OR_NON_ATOMIC_CACHES.get(backend)
    if problem is None:
        return []
    return [
        Warning(
            f"The vote, signup and comment rate limits live in the default cache ({backend}), "
            f"where they are {problem}: with several workers a client gets several times the "
            "limit.",
            hint="Use Redis (django.core.cache.backends.redis.RedisCache) or Memcached as the "
            "default cache; the demo site does this when REDIS_URL is set, e.g. "
            "REDIS_URL=redis://127.0.0.1:6379/0.",
            id="practice_blog.W003",
        )
    ]


@register()
def check_practice_blog_setting(app_configs=None, **kwargs):
    """``PRACTICE_BLOG``: a misspelt key would be silently ignored, a value of the wrong type
    would fail on the first vote; both are named here instead."""
    configured = getattr(settings, "PRACTICE_BLOG", None)
    if configured is None:
        return []
    if not isinstance(configured, dict):
        return [
            Error(
                "PRACTICE_BLOG must be a dict.",
                hint="PRACTICE_BLOG = {} (every key is optional).",
                id="practice_blog.E004",
            )
        ]
    messages = []
    for key, value in configured.items():
        if key not in DEFAULTS:
            messages.append(
                Warning(
                    f"PRACTICE_BLOG has an unknown key {key!r}; it is ignored.",
                    hint=f"The keys are: {', '.join(DEFAULTS)}.",
                    id="practice_blog.W004",
                )
            )
            continue
        expected = type(DEFAULTS[key])
        problem = None
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            problem = f"must be {expected.__name__}, not {type(value).__name__} ({value!r})"
        elif isinstance(value, int) and not isinstance(value, bool) and value < 0:
            problem = f"cannot be negative ({value})"
        if problem:
            messages.append(
                Error(
                    f"PRACTICE_BLOG[{key!r}] {problem}.",
                    hint=f"For example: {key!r}: {DEFAULTS[key]!r}.",
                    id="practice_blog.E004",
                )
            )
        elif (
            key in ("PUBLIC_CACHE_SECONDS", "PAGE_CACHE_SECONDS")
            and value >= TIMESTAMP_MAX_AGE_SECONDS
        ):
            messages.append(
                Warning(
                    f"PRACTICE_BLOG[{key!r}] is {value}: a cached page could "
                    "outlive its forms, whose timestamps expire after "
                    f"{TIMESTAMP_MAX_AGE_SECONDS} seconds.",
                    hint="Keep public pages cached for less than 48 hours.",
                    id="practice_blog.W005",
                )
            )
    return messages
