"""The real task queue: signups only queue a task, and django-tasks-db's worker sends."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practice_blog.newsletter.models import Dispatch, Subscriber

from .conftest import SAME_ORIGIN
from .sending_helpers import make_readers, recipients

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_known_and_new_addresses_get_the_same_queries_task_and_bytes(
    visitor, form_data, settings, outbox
):
    from django_tasks import default_task_backend

    settings.TASKS = DUMMY_TASKS
    (known,) = make_readers(1, prefix="known")

    def post(address):
        default_task_backend.clear()
        with CaptureQueriesContext(connection) as queries:
            response = visitor.post(
                "/newsletter/signup/", form_data(email=address), headers=SAME_ORIGIN
            )
        (queued,) = default_task_backend.results
        sql = [query["sql"].replace(address, "ADDRESS") for query in queries]
        return response, sql, queued

    known_response, known_sql, known_task = post(known.email)
    new_response, new_sql, new_task = post("someone-new@example.org")

    assert known_response.status_code == new_response.status_code == 303
    assert known_response.content == new_response.content
    assert dict(known_response.items()) == dict(new_response.items())
    assert known_sql == new_sql
    assert known_task.task.name == new_task.task.name == "process_signup_task"
    assert sorted(known_task.kwargs) == sorted(new_task.kwargs)
    # Nothing happened yet in the request: no row written, no email sent.
    assert not Subscriber.objects.filter(email="someone-new@example.org").exists()
    assert outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_queues_the_send_and_the_database_worker_delivers_it(
    settings, make_article, outbox
):
    settings.TASKS = DATABASE_TASKS
    from django_tasks_db.models import DBTaskResult

    readers = make_readers(3)
    make_article()
    assert outbox == []  # the request only queued the work
    assert DBTaskResult.objects.filter(task_path__endswith="send_dispatch_task").count() == 1

    call_command("db_worker", batch=True, interval=0, stdout=io.StringIO())
    assert sorted(recipients(outbox)) == sorted(reader.email for reader in readers)
    assert Dispatch.objects.get().status == Dispatch.Status.SENT
