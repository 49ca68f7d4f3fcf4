"""The importer in the Wagtail admin (Settings → Import a blog), and WordPress's old
``/?p=123`` links, which arrive at the home page where no redirect fires."""

from django.http import HttpResponsePermanentRedirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import IMPORT
from .models import ImportedItem
from .tasks import expire_abandoned


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("import-blog/", include("practice_blog.importers.admin_urls"))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(IMPORT)


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Import a blog", reverse("blog_import:start"), icon_name="download", order=900
    )


@hooks.register("practice_blog_tick")
def expire_abandoned_imports(now):
    """Uploads do not wait for ever: undecided checks are cancelled, stuck runs failed."""
    cancelled, failed = expire_abandoned(now)
    return f"imports: {cancelled} undecided check(s) cancelled, {failed} stuck import(s) ended"


@hooks.register("before_serve_page")
def old_wordpress_links(page, request, serve_args, serve_kwargs):
    """``/?p=123`` on a site's home page goes to the article imported from WordPress post 123
    (when it is published under that home page)."""
    number = request.GET.get("p", "")
    if not (number.isascii() and number.isdigit() and len(number) < 19):
        return None
    if not page.is_site_root():
        return None
    item = (
        ImportedItem.objects.filter(
            source_kind="wordpress",
            post_number=int(number),
            page__live=True,
            page__path__startswith=page.path,
        )
        .select_related("page")
        .order_by("-imported_at")
        .first()
    )
    if item is None:
        return None
    url = item.page.specific_deferred.get_url(request)
    return HttpResponsePermanentRedirect(url) if url else None
