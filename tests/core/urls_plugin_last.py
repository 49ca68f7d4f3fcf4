"""A site's URLs with ``practice_blog.urls`` after Wagtail's catch-all (for the check test)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [
    path("", include(wagtail_urls)),
    path("", include("practice_blog.urls")),
]
