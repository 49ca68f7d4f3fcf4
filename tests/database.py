"""Putting back the rows that data migrations made, for tests that flush the database.

Transactional tests (live server, browser) end with a flush. Django then reloads the rows
that data migrations made (site, home page, groups, crisis resources) from a copy it keeps on
the main thread's connection object. Once Playwright has run its event loop in this thread,
Django hands the thread another connection object without that copy and skips the reload, so
the next test would start from an empty database. ``restore_migrated_rows`` does the reload.
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, connections
from wagtail.models import Site

# Taken when this module is first imported (collection time), before any test runs.
MAIN_CONNECTION = connections["default"]


def restore_migrated_rows():
    """Reload the rows data migrations made, if a previous test's flush removed them."""
    saved = getattr(MAIN_CONNECTION, "_test_serialized_contents", None) or getattr(
        connection, "_test_serialized_contents", None
    )
    if saved is None or Site.objects.exists():
        return
    # Empty the tables again, without the content types and permissions that the flush's
    # post-migrate signal re-created, then load exactly what the migrations had made.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(saved)
    # The flush restarted PostgreSQL's id sequences and the reload gave rows explicit ids:
    # move each sequence past them, or the next new row would reuse id 1.
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    # With this, the flush after the test skips the post-migrate signal, as Django intends.
    connection._test_serialized_contents = saved
