"""Background tasks every Practice Blog app shares: the worker's heartbeat."""

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

HEARTBEAT_CACHE_KEY = "practice_blog:worker-heartbeat"


@task()
def worker_heartbeat():
    """Queued by the minute tick; running it proves a worker is taking tasks off the queue."""
    now = timezone.now()
    cache.set(HEARTBEAT_CACHE_KEY, now.isoformat(), timeout=None)
    return now.isoformat()
