"""``/healthz`` and ``/healthz/worker``: what a load balancer and an uptime monitor ask.

Answered by :class:`HealthCheckMiddleware`, first in ``MIDDLEWARE``, before anything else runs:
no page lookup, no cache, no session or cookie, no HTTPS redirect and no ``Host`` check (a load
balancer asks by IP address). ``/healthz`` says whether this process can answer pages: the
database answers a query. It never looks at the worker, so a stuck worker cannot take the site,
and its crisis help, out of a load balancer's rotation. ``/healthz/worker`` says whether the task
worker took the minute tick's heartbeat off the queue recently.
"""

from datetime import timedelta

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils import timezone

from .tasks import last_heartbeat

# The tick queues a heartbeat each minute; three missed minutes mean the worker is not working.
HEARTBEAT_MAX_AGE = timedelta(minutes=3)


def answer(status, text):
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def database_health():
    try:
        with connection.cursor() as cursor:
            # A real table: on SQLite "SELECT 1" succeeds even with the database file gone.
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return answer(503, f"database unavailable: {type(error).__name__}")
    return answer(200, "ok")


def worker_health():
    try:
        beat = last_heartbeat()
    except DatabaseError as error:
        return answer(503, f"database unavailable: {type(error).__name__}")
    if beat is None:
        return answer(503, "no worker heartbeat yet: is the task worker running, and the tick?")
    age = timezone.now() - beat
    seconds = int(age.total_seconds())
    if age > HEARTBEAT_MAX_AGE:
        return answer(503, f"worker heartbeat is {seconds} s old: the task worker is not working")
    return answer(200, f"ok: worker heartbeat {seconds} s ago")


CHECKS = {"/healthz": database_health, "/healthz/worker": worker_health}


class HealthCheckMiddleware:
    """Answer the two health addresses before any other middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check = CHECKS.get(request.path_info.rstrip("/"))
        if check is not None and request.method in ("GET", "HEAD"):
            return check()
        return self.get_response(request)
