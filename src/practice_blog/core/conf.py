"""Practice Blog's settings: one ``PRACTICE_BLOG`` dict in the site's settings, where every key is
optional. A key that is missing takes its default here, so no setting can crash a page::

    PRACTICE_BLOG = {
        "TRUSTED_PROXY_COUNT": 1,       # reverse proxies that append to X-Forwarded-For
        "PUBLIC_CACHE_SECONDS": 300,    # how long a CDN with purges keeps public pages
    "PAGE_CACHE": "pages",          # the CACHES alias holding whole pages (missing: off)
    "PAGE_CACHE_SECONDS": 6 * 3600, # the longest a cached page is kept
        "CONTENT_SECURITY_POLICY": "",  # "" sends no header (e.g. the host sends its own)
        "PUBLIC_BASE_URL": "https://www.example.org",  # for links in emails
        "NEWSLETTER_SENDING": True,     # email new articles to subscribers (False: never)
        "NEWSLETTER_FROM_EMAIL": "news@mail.example.org",  # on the domain SPF/DKIM cover
        "NEWSLETTER_BATCH_SIZE": 100,   # emails per SMTP connection
        "NEWSLETTER_PER_SECOND": 10,    # the most emails sent per second (0: no limit)
        "NEWSLETTER_LEASE_SECONDS": 600,  # a batch left this long by a dead worker is retried
        "BACKUP_DIR": "/var/backups/practice-blog",  # where backup_site writes archives
        "BACKUP_KEEP": 14,              # archives kept (0: all)
        "BACKUP_ENCRYPT_TO": "age1…",   # encrypt archives to this age or GnuPG public key
        "IMPORT_DIR": "/var/lib/practice-blog/imports",  # uploads waiting to be imported
    }
"""

from django.conf import settings

# The site's own files only, plus the privacy-mode video players a reader chooses to load.
DEFAULT_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; "
    "frame-src https://www.youtube-nocookie.com https://player.vimeo.com; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

DEFAULTS = {
    # 0: visitors connect directly; N: the address the outermost of N trusted proxies saw.
    "TRUSTED_PROXY_COUNT": 0,
    # s-maxage for shared caches, sent only when a CDN purge backend is configured.
    "PUBLIC_CACHE_SECONDS": 300,
    # The page cache (core.page_cache): the CACHES alias (off when not in CACHES), how long an
    # entry lives (less than the 48 hours a form's signed timestamp is accepted), the query
    # parameters a cached address may carry (others bypass the cache) and the largest page kept.
    "PAGE_CACHE": "pages",
    "PAGE_CACHE_SECONDS": 6 * 3600,
    "PAGE_CACHE_QUERY_PARAMETERS": ["page", "q"],
    "PAGE_CACHE_MAX_BYTES": 1024 * 1024,
    "CONTENT_SECURITY_POLICY": DEFAULT_CONTENT_SECURITY_POLICY,
    # Where links in emails point; empty falls back to WAGTAILADMIN_BASE_URL.
    "PUBLIC_BASE_URL": "",
    "NEWSLETTER_SENDING": True,
    # Empty: DEFAULT_FROM_EMAIL. The sender's name comes from the newsletter settings.
    "NEWSLETTER_FROM_EMAIL": "",
    "NEWSLETTER_BATCH_SIZE": 100,
    "NEWSLETTER_PER_SECOND": 10,
    "NEWSLETTER_LEASE_SECONDS": 600,
    # Backups (manage.py backup_site): the folder (empty: ~/practice-blog-backups), how many
    # archives to keep (0: all), and a public key to encrypt them to (age1… or a GnuPG key).
    "BACKUP_DIR": "",
    "BACKUP_KEEP": 14,
    "BACKUP_ENCRYPT_TO": "",
    # Files uploaded to Import a blog wait here, out of the public media, until their import
    # ends (empty: ~/practice-blog-imports). Worker and web server must both see the folder.
    "IMPORT_DIR": "",
}


def setting(name):
    """The value of one ``PRACTICE_BLOG`` key, or its documented default."""
    configured = getattr(settings, "PRACTICE_BLOG", None) or {}
    return configured.get(name, DEFAULTS[name])


def public_base_url():
    """The public site's address for links that leave the site (emails), without a trailing /."""
    base = setting("PUBLIC_BASE_URL") or getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return base.rstrip("/")


def task_backend_path():
    """The dotted path of the default django-tasks backend ("" when TASKS does not say)."""
    return (getattr(settings, "TASKS", None) or {}).get("default", {}).get("BACKEND", "")


def uses_database_tasks():
    """True when the default task backend is django-tasks-db's (tasks are rows we can read)."""
    from django.apps import apps

    return apps.is_installed("django_tasks_db") and task_backend_path().startswith(
        "django_tasks_db."
    )
