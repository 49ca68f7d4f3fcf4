"""``/healthz`` (for load balancers) and ``/healthz/worker`` (for uptime monitors)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.utils import timezone

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_healthz_answers_200_without_a_cookie_a_cache_or_a_known_host(client):
    response = Client().get("/healthz", HTTP_HOST="10.0.0.7:8000")  # the balancer's own address
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert Client().get("/healthz/").status_code == 200


@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_is_not_redirected_to_https():
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/").status_code == 301  # every other address is


def test_healthz_answers_503_when_the_database_is_unreachable():
    with mock.patch(
        "practice_blog.core.health.connection.cursor",
        side_effect=OperationalError("could not connect to server"),
    ):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_healthz_ignores_the_worker(settings):
    settings.TASKS = DATABASE_TASKS  # and no heartbeat at all
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/healthz/worker").status_code == 503


# A real transaction: the worker takes SQLite's write lock with BEGIN EXCLUSIVE.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_healthz_worker_follows_the_heartbeat(settings):
    from django_tasks_db.models import DBTaskResult

    from practice_blog.core.tasks import worker_heartbeat

    settings.TASKS = DATABASE_TASKS
    response = Client().get("/healthz/worker")
    assert response.status_code == 503
    assert b"no worker heartbeat yet" in response.content

    worker_heartbeat.enqueue()  # queued by the tick: not yet run by any worker
    assert Client().get("/healthz/worker").status_code == 503

    from django.core.management import call_command

    call_command("db_worker", batch=True, interval=0, verbosity=0)
    response = Client().get("/healthz/worker")
    assert response.status_code == 200
    assert response.content.startswith(b"ok: worker heartbeat")

    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(minutes=4))
    stale = Client().get("/healthz/worker")
    assert stale.status_code == 503
    assert b"the task worker is not working" in stale.content
