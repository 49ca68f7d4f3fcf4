"""Addresses of Settings → Import a blog, mounted at /admin/import-blog/ (namespace
``blog_import``) by wagtail_hooks."""

from django.urls import path

from . import admin_views

app_name = "blog_import"

urlpatterns = [
    path("", admin_views.ImportStartView.as_view(), name="start"),
    path("<int:pk>/", admin_views.ImportRunView.as_view(), name="run"),
    path("<int:pk>/progress/", admin_views.ImportProgressView.as_view(), name="progress"),
    path("<int:pk>/report.csv", admin_views.ImportReportView.as_view(), name="report"),
    path("<int:pk>/<slug:action>/", admin_views.ImportActionView.as_view(), name="action"),
]
