"""Settings → Import a blog: upload the old blog's file, read the check's report, then import.

Everything needs ``practice_blog_importers.import_blog`` (Practice owners). The work runs on
the task queue (:mod:`.tasks`); these screens start it and show how far it has got. A GET only
shows; starting, importing and cancelling are POSTs.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_forms import ImportForm
from .importer import CREATED, SKIPPED, UPDATED, Report, ReportRow
from .models import ImportRun
from .records import SourceError
from .sources import SOURCES, sniff
from .tasks import DECISION_DAYS, check_import_task, import_task

IMPORT = "practice_blog_importers.import_blog"
RECENT_RUNS = 10
Status = ImportRun.Status


class ImportAdminView(WagtailAdminTemplateMixin, TemplateView):
    """Base of the import screens: the permission check and the classic header."""

    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return []


class ImportStartView(ImportAdminView):
    """The form, where to find each platform's file, and the imports started before."""

    template_name = "practice_blog/importers/admin/start.html"
    page_title = "Import a blog"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        context["sources"] = SOURCES
        context["runs"] = ImportRun.objects.select_related("blog", "created_by")[:RECENT_RUNS]
        return context

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        upload = data["source_file"]
        run = ImportRun(
            created_by=request.user,
            blog=data["blog"],
            source_name=upload.name[:500] if upload else data["feed_address"][:500],
            feed_address=data["feed_address"],
            fetch_pictures=data["fetch_pictures"],
            publish=data["publish"],
        )
        try:
            if upload:
                run.source_file.save(upload.name, upload, save=False)
                run.source_kind = sniff(run.source_file.path)
            if data["media_file"]:
                run.media_file.save(data["media_file"].name, data["media_file"], save=False)
            run.save()
        except SourceError as error:
            run.delete_files()
            form.add_error("source_file", str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except BaseException:
            run.delete_files()  # nothing uploaded stays behind a run that does not exist
            raise
        transaction.on_commit(lambda: check_import_task.enqueue(run.pk))
        return redirect("blog_import:run", run.pk)


class ImportRunView(ImportAdminView):
    """One import: its progress, the check's report and the button to import, or the result."""

    template_name = "practice_blog/importers/admin/run.html"
    page_title = "Import a blog"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        run = get_object_or_404(ImportRun.objects.select_related("blog"), pk=pk)
        report = report_of(run)
        context.update(
            run=run,
            report=report,
            counts=report.counts,
            outcomes={"created": CREATED, "updated": UPDATED, "skipped": SKIPPED},
            needing_a_look=len(report.needing_a_look),
            progress_url=reverse("blog_import:progress", args=[run.pk]),
            decision_days=DECISION_DAYS,
        )
        return context


class ImportProgressView(ImportAdminView):
    """How far an import has got, for the screen's script (the page itself works without)."""

    def get(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        return JsonResponse(
            {
                "status": run.status,
                "status_label": run.get_status_display(),
                "done": run.done_count,
                "total": run.total,
                "in_progress": run.in_progress,
            },
            headers={"Cache-Control": "no-store"},
        )


class ImportActionView(ImportAdminView):
    """Import what the check read, or cancel it (POST only)."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        with transaction.atomic():
            run = get_object_or_404(ImportRun.objects.select_for_update(), pk=pk)
            if run.status != Status.CHECKED:
                messages.warning(request, "This import is not waiting for you any more.")
                return redirect("blog_import:run", run.pk)
            if action == "import":
                run.status = Status.IMPORTING
                run.done_count = 0
                run.save(update_fields=["status", "done_count"])
                transaction.on_commit(lambda: import_task.enqueue(run.pk))
            elif action == "cancel":
                run.status = Status.CANCELLED
                run.delete_files()
                run.save(update_fields=["status", "source_file", "media_file"])
                messages.success(
                    request, "Cancelled: nothing was imported, and the file is deleted."
                )
                return redirect("blog_import:start")
            else:
                raise Http404
        return redirect("blog_import:run", run.pk)


class ImportReportView(ImportAdminView):
    """The report of a check or an import as a CSV file."""

    def get(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        if not run.rows:
            raise Http404
        name = f"import-report-{run.pk}{'-check' if run.status == Status.CHECKED else ''}.csv"
        return HttpResponse(
            report_of(run).csv(),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


def report_of(run):
    """The run's saved report, as the importer made it."""
    return Report(
        dry_run=run.status == Status.CHECKED,
        rows=[ReportRow(**row) for row in run.rows],
        notes=list(run.notes),
    )
