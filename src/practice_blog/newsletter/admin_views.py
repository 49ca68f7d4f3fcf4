"""Admin views: the subscriber export (CSV or XLSX), behind its own permission and logged."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Site

from practice_blog.core.spreadsheets import logged_export

from . import export
from .models import NewsletterSettings

EXPORT_PERMISSION = "practice_blog_newsletter.export_subscribers"
EXPORT_ACTION = "newsletter.export"
FORMATS = ("csv", "xlsx")


@require_GET
def export_subscribers(request, file_format):
    """Download the active subscribers; only for staff with the export permission.

    Every export is written to Wagtail's audit log (who, when, format, how many rows).
    """
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    if file_format not in FORMATS:
        raise Http404
    subscribers = list(export.active_subscribers())
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    return logged_export(
        request,
        instance=NewsletterSettings.for_site(site),
        action=EXPORT_ACTION,
        title="Subscriber list",
        data={"count": len(subscribers)},
        file_format=file_format,
        headers=export.COLUMNS,
        rows=export.rows(subscribers),
        basename=f"subscribers-{timezone.now():%Y-%m-%d}",
        sheet_title="Active subscribers",
    )
