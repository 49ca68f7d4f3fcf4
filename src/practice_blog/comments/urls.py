"""Public comment addresses, mounted at ``/comments/`` by ``practice_blog.urls``. None of these
pages belongs in a search engine; the comments themselves are on their articles."""

from django.urls import path

from practice_blog.core.robots import noindex

from . import views

app_name = "practice_blog_comments"

urlpatterns = [
    path("post/", noindex(views.post_comment), name="post"),
    path("received/<slug:state>/", noindex(views.received), name="received"),
    path("confirm/<str:token>/", noindex(views.confirm), name="confirm"),
    path("reply/<int:comment_id>/", noindex(views.reply), name="reply"),
    path("policy/", views.policy, name="policy"),
]
