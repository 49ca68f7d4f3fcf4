"""The newsletter's system check: its emails need a real task queue."""

from django.core.checks import Warning, register

from practice_blog.core.conf import task_backend_path

# Backends that run a task inside the request that queues it (or never run it at all).
IN_REQUEST_BACKENDS = {
    "",
    "django_tasks.backends.immediate.ImmediateBackend",
    "django_tasks.backends.dummy.DummyBackend",
}


@register()
def check_task_backend(app_configs=None, **kwargs):
    """On the immediate backend (a new Wagtail site's default) a signup would wait for SMTP,
    so its answer time would tell who is already on the list, and publishing an article would
    send to the whole list inside the request."""
    if task_backend_path() not in IN_REQUEST_BACKENDS:
        return []
    return [
        Warning(
            "The newsletter's emails need a task queue, but TASKS runs tasks inside the "
            "request (or not at all): signups would wait for the mail server, and publishing "
            "an article would send to the whole list before the page answers.",
            hint='Install django-tasks-db, add "django_tasks_db" to INSTALLED_APPS, set TASKS = '
            '{"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}} and run its worker '
            "(manage.py db_worker) and the minute tick (manage.py practice_blog_tick).",
            id="practice_blog.W006",
        )
    ]
