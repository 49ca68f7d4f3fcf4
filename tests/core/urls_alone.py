"""A site's URLs as the README shows them, for ``settings_alone``."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("", include("practice_blog.urls")),
    path("", include(wagtail_urls)),
]
