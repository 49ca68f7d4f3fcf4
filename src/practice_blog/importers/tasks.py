"""The admin's imports run here, on the task queue: first a check (a dry run whose report the
owner reads), then, when they say so, the import itself. Tasks are given the run's id only;
the run row records the progress the admin screen shows."""

import dataclasses
import datetime
import logging
import tempfile

from django.core.files import File
from django.utils import timezone
from django_tasks import task

from practice_blog.blog.models import BlogIndexPage

from .models import ImportRun
from .records import SourceError
from .run import fetch_feed, open_source_at, run_import

logger = logging.getLogger(__name__)
Status = ImportRun.Status
#: A check nobody acted on is cancelled (and its file deleted) after this long.
DECISION_DAYS = 7
#: A check or import still "running" after this long was stopped by a restart or a crash.
STUCK_HOURS = 24


@task()
def check_import_task(run_id):
    """Read the uploaded file and do a dry run; the owner then sees its report."""
    return _perform(run_id, dry_run=True)


@task()
def import_task(run_id):
    """Import the articles the owner has seen checked."""
    return _perform(run_id, dry_run=False)


def _perform(run_id, *, dry_run):
    expected = Status.CHECKING if dry_run else Status.IMPORTING
    run = ImportRun.objects.filter(pk=run_id, status=expected).first()
    if run is None:
        return "nothing to do"
    rows = []  # what came in so far, for the report if the import stops

    def progress(number, row):
        rows.append(row)
        ImportRun.objects.filter(pk=run.pk).update(done_count=number)

    try:
        blog = BlogIndexPage.objects.filter(pk=run.blog_id).first()
        if blog is None:
            raise SourceError("The blog chosen for this import no longer exists.")
        if run.feed_address and not run.source_file:
            _fetch_feed_into(run)
        source = open_source_at(run.source_file.path, address=run.feed_address)
        total = source.count()
        ImportRun.objects.filter(pk=run.pk).update(
            source_kind=source.source_kind, total=total, done_count=0
        )
        report = run_import(
            source,
            blog,
            media=run.media_file.path if run.media_file else None,
            fetch_pictures=run.fetch_pictures,
            publish=run.publish,
            dry_run=dry_run,
            progress=progress,
        )
    except SourceError as error:
        run.rows = [] if dry_run else [dataclasses.asdict(row) for row in rows]
        _finish(run, Status.FAILED, error=f"{error} {_what_came_in(dry_run, len(rows))}")
        return "could not be read"
    except Exception:
        logger.exception("Import %s stopped", run.pk)
        run.rows = [] if dry_run else [dataclasses.asdict(row) for row in rows]
        _finish(
            run,
            Status.FAILED,
            error="This stopped because of an error on the server. "
            + _what_came_in(dry_run, len(rows)),
        )
        raise
    run.summary = report.summary()
    run.notes = report.notes
    run.rows = [dataclasses.asdict(row) for row in report.rows]
    _finish(run, Status.CHECKED if dry_run else Status.DONE)
    return run.summary


def _fetch_feed_into(run):
    with tempfile.TemporaryFile() as file:
        fetch_feed(run.feed_address, file)
        file.seek(0)
        run.source_file.save("feed.xml", File(file), save=False)
    ImportRun.objects.filter(pk=run.pk).update(source_file=run.source_file.name)


def _finish(run, status, error=""):
    run.status = status
    run.error = error
    if status != Status.CHECKED:
        run.finished_at = timezone.now()
        run.delete_files()  # exports hold readers' addresses: kept no longer than needed
    # Not the counts, which the progress updated in the database meanwhile.
    run.save(
        update_fields=[
            "status", "error", "finished_at", "summary", "notes", "rows", "source_file",
            "media_file",
        ]
    )  # fmt: skip


def expire_abandoned(now):
    """Cancel checks left undecided for :data:`DECISION_DAYS` and fail runs stuck for
    :data:`STUCK_HOURS`, deleting their files (exports hold readers' addresses); how many."""
    undecided = ImportRun.objects.filter(
        status=Status.CHECKED, created_at__lt=now - datetime.timedelta(days=DECISION_DAYS)
    )
    stuck = ImportRun.objects.filter(
        status__in=[Status.CHECKING, Status.IMPORTING],
        created_at__lt=now - datetime.timedelta(hours=STUCK_HOURS),
    )
    for run in undecided:
        _finish(run, Status.CANCELLED)
    for run in stuck:
        _finish(
            run,
            Status.FAILED,
            error=f"This stopped without finishing (the server was probably restarted). "
            f"{_what_came_in(run.status == Status.CHECKING, run.done_count)}",
        )
    return len(undecided), len(stuck)


def _what_came_in(dry_run, done):
    if dry_run or not done:
        return "Nothing was imported. Upload the file again to start again."
    return (
        f"The first {done} article{'s' if done != 1 else ''} were imported. Upload the file "
        "again to finish: those are updated, not doubled."
    )
