"""The public addresses of every installed Practice Blog app, for one line in a site's urls.py::

    path("", include("practice_blog.urls")),

placed before Wagtail's own ``include(wagtail_urls)``. Apps that are not installed add nothing.
"""

from django.apps import apps
from django.urls import include, path

urlpatterns = []
if apps.is_installed("practice_blog.feedback"):
    urlpatterns.append(path("feedback/", include("practice_blog.feedback.urls")))
if apps.is_installed("practice_blog.newsletter"):
    urlpatterns.append(path("newsletter/", include("practice_blog.newsletter.urls")))
if apps.is_installed("practice_blog.comments"):
    urlpatterns.append(path("comments/", include("practice_blog.comments.urls")))
