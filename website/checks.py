"""System checks for deployment settings that Django does not check itself."""

from django.conf import settings
from django.core.checks import Warning, register

SQLITE_ENGINE = "django.db.backends.sqlite3"


def sqlite_problems(config):
    """Return what is missing from a SQLite database config for safe concurrent writes."""
    options = config.get("OPTIONS", {})
    init_command = options.get("init_command", "").replace(" ", "").lower()
    problems = []
    if "journal_mode=wal" not in init_command:
        problems.append('WAL journal (init_command "PRAGMA journal_mode=WAL;")')
    if str(options.get("transaction_mode", "")).upper() != "IMMEDIATE":
        problems.append('immediate transactions (transaction_mode="IMMEDIATE")')
    if not options.get("timeout") and "busy_timeout" not in init_command:
        problems.append("a busy timeout (timeout=20)")
    return problems


@register("database")
def check_sqlite_concurrency(app_configs=None, **kwargs):
    """Warn when SQLite is configured so that concurrent writers can hit "database is locked"."""
    return sqlite_warnings(settings.DATABASES)


def sqlite_warnings(databases):
    """The website.W001 warnings for a ``DATABASES`` dict."""
    messages = []
    for alias, config in databases.items():
        if config.get("ENGINE") != SQLITE_ENGINE:
            continue
        problems = sqlite_problems(config)
        if problems:
            messages.append(
                Warning(
                    f"SQLite database '{alias}' is missing: {'; '.join(problems)}.",
                    hint="Use website.settings.base.SQLITE_OPTIONS in OPTIONS so that "
                    'concurrent writers wait instead of failing with "database is locked".',
                    id="website.W001",
                )
            )
    return messages
