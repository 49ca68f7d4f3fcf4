"""The real task queue: signups only queue a task, and django-tasks-db's worker sends."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practice_blog.newsletter.models import Dispatch, Subscriber

from .conftest import SAME_ORIGIN
from .sending_helpers import make_readers, recipients

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def query_shapes(queries):
    """The SQL run, with every literal blanked (ids, times and addresses differ by design)."""
    return [LITERALS.sub("?", query["sql"]) for query in queries]


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
        return response, query_shapes(queries), queued

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


@pytest.mark.django_db
def test_on_the_database_queue_both_addresses_write_one_task_row_and_nothing_else(
    visitor, form_data, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    (known,) = make_readers(1, prefix="known")

    def post(address):
        with CaptureQueriesContext(connection) as queries:
            response = visitor.post(
                "/newsletter/signup/", form_data(email=address), headers=SAME_ORIGIN
            )
        return response, query_shapes(queries)

    known_response, known_sql = post(known.email)
    new_response, new_sql = post("someone-new@example.org")
    assert known_response.content == new_response.content
    assert known_sql == new_sql
    writes = [sql for sql in new_sql if sql.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) == 1 and "django_tasks_database" in writes[0]
    assert DBTaskResult.objects.filter(task_path__endswith="process_signup_task").count() == 2
    assert not Subscriber.objects.filter(email="someone-new@example.org").exists()


# A real transaction: the worker takes SQLite's write lock with BEGIN EXCLUSIVE.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_queues_the_send_and_the_database_worker_delivers_it(
    settings, make_article, outbox
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS

    readers = make_readers(3)
    make_article()
    assert outbox == []  # the request only queued the work
    assert DBTaskResult.objects.filter(task_path__endswith="send_dispatch_task").count() == 1

    call_command("db_worker", batch=True, interval=0, stdout=io.StringIO())
    assert sorted(recipients(outbox)) == sorted(reader.email for reader in readers)
    assert Dispatch.objects.get().status == Dispatch.Status.SENT
