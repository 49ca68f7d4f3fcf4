"""Background tasks every Practice Blog app shares: the worker's heartbeat."""

from datetime import datetime

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from .conf import uses_database_tasks

HEARTBEAT_CACHE_KEY = "practice_blog:worker-heartbeat"


@task()
def worker_heartbeat():
    """Queued by the minute tick; running it proves a worker is taking tasks off the queue."""
    now = timezone.now()
    cache.set(HEARTBEAT_CACHE_KEY, now.isoformat(), timeout=None)
    return now.isoformat()


def last_heartbeat():
    """When a worker last ran the heartbeat, as every process can see it, or ``None``.

    On django-tasks-db the queue itself records it (the finished task, in the database every
    process shares); on other backends the shared cache (Redis) does.
    """
    if uses_database_tasks():
        from django_tasks_db.models import DBTaskResult

        return (
            DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path, status="SUCCESSFUL")
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
    value = cache.get(HEARTBEAT_CACHE_KEY)
    return datetime.fromisoformat(value) if value else None
