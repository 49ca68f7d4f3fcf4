"""Addresses of the reader comment screens, mounted at /admin/reader-comments/ (namespace
``reader_comments``) by wagtail_hooks. The canned replies and risk phrases have their own
viewsets under the same prefix."""

from django.urls import path, re_path

from . import admin_views

app_name = "reader_comments"
LIST_KEYS = "|".join(admin_views.NAV_ORDER)

urlpatterns = [
    path("", admin_views.CommentListView.as_view(), name="list"),
    re_path(rf"^(?P<status>{LIST_KEYS})/$", admin_views.CommentListView.as_view(), name="list"),
    path("export/", admin_views.ExportView.as_view(), name="export"),
    path("erase/", admin_views.EraseView.as_view(), name="erase"),
    path("<int:pk>/", admin_views.CommentDetailView.as_view(), name="detail"),
    path("<int:pk>/<slug:action>/", admin_views.ModerateView.as_view(), name="moderate"),
]
