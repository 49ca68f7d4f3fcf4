"""Public URLs of the feedback app (included under ``/feedback/`` by ``website/urls.py``)."""

from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [path("vote/", views.vote, name="vote")]
