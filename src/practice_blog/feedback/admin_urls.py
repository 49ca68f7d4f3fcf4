"""URLs of the feedback analytics screens, mounted under /admin/feedback/ by wagtail_hooks."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.OverviewView.as_view(), name="overview"),
    path("articles/", admin_views.ArticlesView.as_view(), name="articles"),
    path("articles/<int:page_id>/", admin_views.ArticleDetailView.as_view(), name="article"),
    path("needs-attention/", admin_views.NeedsAttentionView.as_view(), name="attention"),
    path(
        "comments/<int:pk>/<slug:action>/",
        admin_views.ModerateCommentView.as_view(),
        name="moderate",
    ),
    path("export/<slug:kind>.<slug:fmt>", admin_views.ExportView.as_view(), name="export"),
]
