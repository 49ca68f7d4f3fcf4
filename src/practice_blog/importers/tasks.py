"""The admin's imports run here, on the task queue: first a check (a dry run whose report the
owner reads), then, when they say so, the import itself. Tasks are given the run's id only;
the run row records the progress the admin screen shows."""

import dataclasses
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
            progress=lambda number, row: ImportRun.objects.filter(pk=run.pk).update(
                done_count=number
            ),
        )
    except SourceError as error:
        _finish(
            run, Status.FAILED, error=f"{error} Nothing was imported." if dry_run else str(error)
        )
        return "could not be read"
    except Exception:
        logger.exception("Import %s stopped", run.pk)
        _finish(
            run,
            Status.FAILED,
            error="The import stopped because of an error on the server. Articles already "
            "imported are kept; starting the import again updates them.",
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
