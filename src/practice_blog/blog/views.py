"""Site-wide views the blog provides: robots.txt."""

from contextlib import suppress

from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET


def admin_path():
    """Where Wagtail's admin lives on this site (``/admin/`` on most)."""
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return "/admin/"


@require_GET
def robots_txt(request):
    """robots.txt: crawlers may read every public page but not the admin; names the sitemap
    when the site has one (a URL named ``sitemap``)."""
    lines = ["User-agent: *", f"Disallow: {admin_path()}"]
    with suppress(NoReverseMatch):
        lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
