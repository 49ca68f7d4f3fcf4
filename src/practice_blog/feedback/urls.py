"""Public URLs of the feedback app (included under ``/feedback/`` by ``practice_blog.urls``)."""

from django.urls import path

from practice_blog.core.robots import noindex

from . import views

app_name = "practice_blog_feedback"

urlpatterns = [path("vote/", noindex(views.vote), name="vote")]
